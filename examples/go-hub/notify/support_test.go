package notify

// A raw protocol client over real sockets (httptest on 127.0.0.1) for the
// package's tests. Every frame it reads is checked for null members.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket" // formerly nhooyr.io/websocket: see hub.go
)

type frame struct {
	Type     string   `json:"type"`
	Seq      *int64   `json:"seq"`
	Unread   *int     `json:"unread"`
	Features []string `json:"features"`
	Reset    bool     `json:"reset"`
	ID       string   `json:"id"`
	IDs      []string `json:"ids"`
	Items    []frame  `json:"items"`
	More     *bool    `json:"more"`
	Read     bool     `json:"read"`
	Archived bool     `json:"archived"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Event    string   `json:"event"`
	raw      string
}

// Sessions of the test hub's Authenticate, by ?user=: everyone else is a
// user of that name.
var errStoreDown = errors.New("session store down")

func testAuth(r *http.Request) (string, error) {
	switch user := r.URL.Query().Get("user"); user {
	case "":
		return "", ErrUnauthenticated
	case "viewer":
		return "", ErrForbidden
	case "flaky":
		return "", errStoreDown
	default:
		return user, nil
	}
}

func startHub(t *testing.T, origins ...string) (*Hub, *httptest.Server) {
	t.Helper()
	hub := NewHub(testAuth, origins...)
	srv := httptest.NewServer(hub)
	t.Cleanup(srv.Close)
	return hub, srv
}

func wsURL(srv *httptest.Server, query string) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/?" + query
}

type client struct {
	t  *testing.T
	ws *websocket.Conn
}

// open upgrades a socket without saying hello.
func open(t *testing.T, url string, header http.Header) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(1 << 20) // the library's default, 32 KiB, is below a page or a 500-id echo
	c := &client{t, ws}
	t.Cleanup(func() { ws.Close(websocket.StatusNormalClosure, "") })
	return c
}

// dial opens a socket as user ana, says hello and returns the welcome.
func dial(t *testing.T, srv *httptest.Server, hello string) (*client, frame) {
	t.Helper()
	c := open(t, wsURL(srv, "user=ana"), nil)
	c.send(hello)
	w := c.next()
	if w.Type != "welcome" {
		t.Fatalf("want welcome, got %s", w.raw)
	}
	return c, w
}

func (c *client) send(s string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatal(err)
	}
}

// read returns the next frame other than ping, or the error that ended the socket.
func (c *client) read(timeout time.Duration) (frame, error) {
	c.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		_, b, err := c.ws.Read(ctx)
		cancel()
		if err != nil {
			return frame{}, err
		}
		assertNoNull(c.t, b)
		var f frame
		if err := json.Unmarshal(b, &f); err != nil {
			c.t.Fatal(err)
		}
		f.raw = string(b)
		if f.Type != "ping" {
			return f, nil
		}
	}
}

func (c *client) next() frame {
	c.t.Helper()
	f, err := c.read(5 * time.Second)
	if err != nil {
		c.t.Fatal(err)
	}
	return f
}

// closeCode waits for the server to end the socket and returns its close code.
func (c *client) closeCode() websocket.StatusCode {
	c.t.Helper()
	f, err := c.read(5 * time.Second)
	if err == nil {
		c.t.Fatalf("want the socket closed, got %s", f.raw)
	}
	return websocket.CloseStatus(err)
}

// assertNoNull fails on a null member of a frame or of a history item: a
// server sends no null where the protocol expects a value (§12). Inside data
// anything the publisher put there goes.
func assertNoNull(t *testing.T, b []byte) {
	t.Helper()
	var members map[string]any
	if err := json.Unmarshal(b, &members); err != nil {
		t.Fatalf("not a JSON object: %s", b)
	}
	check := func(where string, m map[string]any) {
		for k, v := range m {
			if v == nil {
				t.Errorf("%s member %q is null: %s", where, k, b)
			}
		}
	}
	check("frame", members)
	items, _ := members["items"].([]any)
	for _, it := range items {
		item, _ := it.(map[string]any)
		check("history item", item)
	}
}

func (c *client) expectState(typ string, ids []string, seq int64, unread int) {
	c.t.Helper()
	f := c.next()
	if f.Type != typ || strings.Join(f.IDs, ",") != strings.Join(ids, ",") || f.Seq == nil || *f.Seq != seq ||
		f.Unread == nil || *f.Unread != unread {
		c.t.Fatalf("want %s %v seq %d unread %d, got %s", typ, ids, seq, unread, f.raw)
	}
}

func seqs(items []frame) []int64 {
	out := []int64{}
	for _, it := range items {
		out = append(out, *it.Seq)
	}
	return out
}

func (c *client) expectPage(id string, want []int64, more bool) []frame {
	c.t.Helper()
	f := c.next()
	got := seqs(f.Items)
	if f.Type != "history" || f.ID != id || f.More == nil || *f.More != more || !equalSeqs(got, want) {
		c.t.Fatalf("want page %s %v more=%v, got %s", id, want, more, f.raw)
	}
	return f.Items
}

func equalSeqs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// publish sends a notification to ana and fails the test on an error.
func publish(t *testing.T, hub *Hub, m Message) Receipt {
	t.Helper()
	r, err := hub.Publish("ana", m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
