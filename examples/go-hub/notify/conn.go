package notify

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket" // formerly nhooyr.io/websocket: see hub.go
)

// Errors for Hub.Authenticate to return; the hub closes the socket with the
// matching code after the upgrade, and the widget stops retrying.
var (
	ErrUnauthenticated = errors.New("not authenticated") // close 4401
	ErrForbidden       = errors.New("forbidden")         // close 4403
)

// Close codes of the protocol (§6).
const (
	CloseUnauthenticated websocket.StatusCode = 4401
	CloseForbidden       websocket.StatusCode = 4403
)

const (
	helloTimeout = 10 * time.Second
	writeTimeout = 10 * time.Second
)

type outFrame struct {
	seq  int64 // 0 for frames outside the stream (ping, history)
	data []byte
}

// conn is one open socket (one browser tab) of one user.
type conn struct {
	userID string
	send   chan outFrame // live entries and history answers, queued under the user's lock
	once   sync.Once
	dead   chan struct{} // closed by kill
	code   websocket.StatusCode
	reason string
}

// enqueue never blocks: it runs under the user's lock. A socket too slow to
// keep up is closed; its client reconnects and resumes from its cursor.
func (c *conn) enqueue(f outFrame) {
	select {
	case c.send <- f:
	default:
		c.kill(websocket.StatusTryAgainLater, "too slow")
	}
}

func (c *conn) kill(code websocket.StatusCode, reason string) {
	c.once.Do(func() { c.code, c.reason = code, reason; close(c.dead) })
}

// refusal is why a request may not open the stream: a close code and reason.
type refusal struct {
	code   websocket.StatusCode
	reason string
}

// admit decides whether an upgraded request may open the stream: the Origin
// first (a cross-site page must not even cause a session lookup), then
// Authenticate.
func (h *Hub) admit(r *http.Request) (string, *refusal) {
	if !originAllowed(r, h.OriginPatterns) {
		return "", &refusal{CloseForbidden, "origin not allowed"}
	}
	userID, err := h.Authenticate(r)
	switch {
	case errors.Is(err, ErrUnauthenticated):
		return "", &refusal{CloseUnauthenticated, "not authenticated"}
	case errors.Is(err, ErrForbidden):
		return "", &refusal{CloseForbidden, "forbidden"}
	case err != nil: // e.g. the session store is down: transient, let the client retry
		return "", &refusal{websocket.StatusTryAgainLater, "try again later"}
	case userID == "":
		return "", &refusal{CloseUnauthenticated, "not authenticated"}
	}
	return userID, nil
}

// originAllowed: no Origin header (not a browser), the endpoint's own host,
// or a host matching one of the patterns (case-insensitive path.Match).
func originAllowed(r *http.Request, patterns []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" { // "null" (sandboxed frame, file:) included
		return false
	}
	host := strings.ToLower(u.Host)
	if host == strings.ToLower(r.Host) {
		return true
	}
	for _, p := range patterns {
		if ok, _ := path.Match(strings.ToLower(p), host); ok {
			return true
		}
	}
	return false
}

// ServeHTTP runs one socket: upgrade, admission, hello, then welcome, replay
// and live frames until either side ends it.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// admit checks the Origin below. The library's own check would answer a
		// mismatch with HTTP 403 before the upgrade, which the browser reports
		// as a network failure (close 1006): the widget would retry forever
		// instead of stopping with lonceng-auth-error.
		InsecureSkipVerify: true,
		// Frames are small; deflate would cost memory and CPU on every socket.
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		return // not a WebSocket request: Accept has answered with an HTTP error
	}
	userID, refused := h.admit(r)
	if refused != nil {
		// Refused after the upgrade, with a close code the client can read.
		ws.Close(refused.code, refused.reason)
		return
	}
	if h.closed.Load() {
		ws.Close(websocket.StatusGoingAway, "server restarting")
		return
	}
	h.open.Add(1)
	defer h.open.Done()
	ws.SetReadLimit(maxClientFrameBytes)
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()

	hello, ok := readHello(ctx, ws)
	if !ok {
		ws.Close(websocket.StatusPolicyViolation, "expected hello")
		return
	}
	c := &conn{userID: userID, send: make(chan outFrame, sendQueueLen), dead: make(chan struct{})}
	welcome, replay := h.attach(c, hello)
	defer h.detach(c)

	done := make(chan struct{})
	go func() {
		defer close(done)
		defer cancel() // a failed write ends the reader too
		c.writeLoop(ctx, ws, welcome, replay, h.Heartbeat)
	}()
	h.readLoop(ctx, ws, c)
	cancel()
	<-done
	ws.Close(websocket.StatusNormalClosure, "") // no-op if already closed
}

// readHello waits for the client's first frame, which must be a hello.
func readHello(ctx context.Context, ws *websocket.Conn) (clientFrame, bool) {
	ctx, cancel := context.WithTimeout(ctx, helloTimeout)
	defer cancel()
	typ, b, err := ws.Read(ctx)
	var hello clientFrame
	if err != nil || typ != websocket.MessageText || json.Unmarshal(b, &hello) != nil || hello.Type != "hello" {
		return clientFrame{}, false
	}
	return hello, true
}

// writeLoop is the socket's only writer: welcome, replay, then queued frames
// and pings on a fixed cadence.
func (c *conn) writeLoop(ctx context.Context, ws *websocket.Conn, w welcomeFrame, replay []outFrame, heartbeat time.Duration) error {
	write := func(b []byte) error {
		wctx, cancel := context.WithTimeout(ctx, writeTimeout)
		defer cancel()
		return ws.Write(wctx, websocket.MessageText, b)
	}
	b, _ := json.Marshal(w)
	if err := write(b); err != nil {
		return err
	}
	var last int64 // highest seq written on this socket
	for _, f := range replay {
		if err := write(f.data); err != nil {
			return err
		}
		last = f.seq
	}
	ticker := time.NewTicker(heartbeat) // fixed cadence, whatever else is sent
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.dead:
			return ws.Close(c.code, c.reason)
		case <-ticker.C:
			if err := write(pingFrame); err != nil {
				return err
			}
		case f := <-c.send:
			if f.seq != 0 && f.seq <= last {
				continue // already sent in the replay
			}
			if err := write(f.data); err != nil {
				return err
			}
			if f.seq != 0 {
				last = f.seq
			}
		}
	}
}

// readLoop handles pong, state frames and history requests. Any frame is a
// sign of life; 2 × heartbeat of silence ends the socket (the library closes
// it when the read times out). What cannot be parsed is ignored (§7).
func (h *Hub) readLoop(ctx context.Context, ws *websocket.Conn, c *conn) {
	for {
		rctx, cancel := context.WithTimeout(ctx, 2*h.Heartbeat)
		typ, b, err := ws.Read(rctx)
		cancel()
		if err != nil {
			return
		}
		var f clientFrame
		if typ != websocket.MessageText || json.Unmarshal(b, &f) != nil {
			continue
		}
		switch f.Type {
		case "pong": // nothing to do: the read itself was the sign of life
		case "read", "unread", "archive":
			h.applyState(c, f.Type, f.IDs)
		case "history":
			h.history(c, f)
		}
	}
}
