#!/bin/sh
# Builds, vets and tests the Go reference implementation of docs/PROTOCOL.md §11 as a backend
# team would copy it: each "### 11.N `path`" section's first go block becomes that file of a
# GOPATH tree, built offline against Debian's golang-nhooyr-websocket-dev (nhooyr.io/websocket is
# github.com/coder/websocket under its former import path, same API). The hub's own test,
# scripts/protocol-go/inbox_test.go, runs against it.
# Usage: scripts/check-protocol-go.sh [path/to/PROTOCOL.md]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
DOC=${1:-$here/../docs/PROTOCOL.md}
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
PKG=$ROOT/src/example.com/shop
mkdir -p "$PKG/notify" "$PKG/sessions"

awk -v dir="$PKG" '
  /^## 11\./ { in11 = 1; next }
  /^## 12\./ { in11 = 0 }
  !in11 { next }
  /^### 11\.[0-9]+ `[^`]+`/ { match($0, /`[^`]+`/); path = substr($0, RSTART + 1, RLENGTH - 2); want = 1; next }
  /^```go$/ && want { out = dir "/" path; printf "" > out; inblock = 1; want = 0; next }
  /^```$/ && inblock { inblock = 0; close(out); next }
  inblock { print > out }
' "$DOC"
ls "$PKG/notify/hub.go" "$PKG/notify/conn.go" "$PKG/notify/events.go" "$PKG/main.go" >/dev/null

sed -i 's#"github.com/coder/websocket"#"nhooyr.io/websocket"#' "$PKG"/notify/*.go

# Stand-in for the host's session store that main.go imports.
cat > "$PKG/sessions/sessions.go" <<'GO'
package sessions

import (
	"context"
	"errors"
)

var ErrNotFound = errors.New("session not found")

type User struct{ ID, Role string }

func Lookup(ctx context.Context, token string) (User, error) { return User{}, ErrNotFound }
GO

cp "$here/protocol-go/inbox_test.go" "$PKG/notify/"

export GO111MODULE=off GOPATH="$ROOT:/usr/share/gocode" GOPROXY=off GOFLAGS= GOCACHE="$ROOT/.cache"
cd "$PKG"
unformatted=$(gofmt -l notify/hub.go notify/conn.go notify/events.go main.go)
if [ -n "$unformatted" ]; then
  echo "gofmt: not formatted: $unformatted"
  gofmt -d $unformatted
  exit 1
fi
go build ./...
go vet ./...
go test -count=1 ./notify/
echo "docs/PROTOCOL.md §11: builds, vets and passes its test"
