package notify

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	// github.com/coder/websocket is the library formerly published as
	// nhooyr.io/websocket, same API: with nhooyr.io/websocket v1.8.7 or later
	// only this import line changes (scripts/check-protocol-go.sh rewrites it
	// to build offline against Debian's golang-nhooyr-websocket-dev).
	"github.com/coder/websocket"
)

// Hub keeps, per user, the stream (notifications and state changes in seq
// order) and the open sockets, in memory (§9.1). It is the http.Handler of
// the WebSocket endpoint.
type Hub struct {
	// Authenticate names the admin behind an upgrade request, or returns
	// ErrUnauthenticated (close 4401), ErrForbidden (4403) or any other error
	// for a transient failure such as a session store that is down (1013).
	Authenticate func(r *http.Request) (userID string, err error)
	// OriginPatterns lists the dashboard's hosts (path.Match patterns, e.g.
	// "admin.tokoku.co.id"); the endpoint's own host is always allowed, and so
	// are requests without an Origin header (not from a browser). With cookie
	// authentication this check is what stops other sites from opening the
	// stream in a logged-in admin's browser.
	OriginPatterns []string
	// Heartbeat is the ping cadence, advertised in welcome; a socket silent for
	// twice as long is closed (§4). The protocol allows 1 s to 5 min.
	Heartbeat time.Duration

	epoch  string
	mu     sync.Mutex
	users  map[string]*userState
	open   sync.WaitGroup // running sockets, for Close
	closed atomic.Bool    // set by Close, before it ends the sockets
}

// NewHub returns a hub with a fresh epoch: nothing is persisted, so every
// start is a new numbering and clients resync (§3.1).
func NewHub(auth func(*http.Request) (string, error), origins ...string) *Hub {
	return &Hub{Authenticate: auth, OriginPatterns: origins, Heartbeat: DefaultHeartbeat,
		epoch: randomID(), users: map[string]*userState{}}
}

func (h *Hub) user(id string) *userState {
	h.mu.Lock()
	defer h.mu.Unlock()
	u := h.users[id]
	if u == nil {
		u = newUserState(h.epoch)
		h.users[id] = u
	}
	return u
}

// attach answers a hello. Deciding the welcome (with its unread count), taking
// the replay and registering the socket happen under one lock: an entry added
// meanwhile lands either in the replay or in the socket's queue, never in
// both, never in neither (§3.5).
func (h *Hub) attach(c *conn, hello clientFrame) (welcomeFrame, []outFrame) {
	u := h.user(c.userID)
	u.mu.Lock()
	defer u.mu.Unlock()
	u.prune(time.Now())
	w := welcomeFrame{Type: "welcome", V: 1, Epoch: u.epoch, Seq: u.seq, HeartbeatMs: int(h.Heartbeat / time.Millisecond),
		Features: Features}
	var replay []outFrame
	switch {
	case hello.Epoch == nil || *hello.Epoch == "" || hello.After == nil:
		// No cursor: a null in either member means the client has none, whatever
		// the other says. Plain welcome, no replay.
	case *hello.Epoch != u.epoch:
		// Another epoch: this server restarted. Start the client at the floor and
		// hand over what was added since, so the restart loses only what came before it.
		w.Seq = u.floor
		replay = u.since(u.floor)
	case *hello.After < u.floor || *hello.After > u.seq:
		w.Reset = true // gap older than the stream we hold, or client ahead of us
	default:
		replay = u.since(*hello.After)
	}
	w.Unread = u.unread(w.Seq)
	u.conns[c] = struct{}{}
	if h.closed.Load() {
		// Close has been here already, or is about to be: either way this socket ends too.
		c.kill(websocket.StatusGoingAway, "server restarting")
	}
	return w, replay
}

func (h *Hub) detach(c *conn) {
	u := h.user(c.userID)
	u.mu.Lock()
	delete(u.conns, c)
	u.mu.Unlock()
}

// Close ends every socket with 1001 (going away) and waits for them; call it
// on SIGTERM after http.Server.Shutdown (which leaves upgraded connections alone).
func (h *Hub) Close() {
	h.closed.Store(true)
	h.mu.Lock()
	for _, u := range h.users {
		u.mu.Lock()
		for c := range u.conns {
			c.kill(websocket.StatusGoingAway, "server restarting")
		}
		u.mu.Unlock()
	}
	h.mu.Unlock()
	h.open.Wait()
}

func randomID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
