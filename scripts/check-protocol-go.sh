#!/bin/sh
# Builds, vets, gofmt-checks and tests the Go reference hub of docs/PROTOCOL.md §11,
# examples/go-hub, offline in GOPATH mode against Debian's golang-nhooyr-websocket-dev.
# The example imports github.com/coder/websocket (what a module build uses); this copies it into
# a temporary GOPATH and rewrites that import to nhooyr.io/websocket, the same library under its
# former path, which is what Debian ships.
# Usage: scripts/check-protocol-go.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SRC=$here/../examples/go-hub
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT

unformatted=$(gofmt -l "$SRC")
if [ -n "$unformatted" ]; then
  echo "gofmt: not formatted: $unformatted"
  gofmt -d "$SRC"
  exit 1
fi

PKG=$ROOT/src/example.com/shop
mkdir -p "$PKG"
cp -R "$SRC"/. "$PKG"/
find "$PKG" -name '*.go' -exec sed -i 's#"github.com/coder/websocket"#"nhooyr.io/websocket"#' {} +

export GO111MODULE=off GOPATH="$ROOT:/usr/share/gocode" GOPROXY=off GOFLAGS= GOCACHE="$ROOT/.cache"
cd "$PKG"
go build -o "$ROOT/shop" .
go vet ./...
go test -count=1 ./...
echo "examples/go-hub: gofmt-clean, builds, vets and passes its tests"
