package notify

// What a server written from the protocol document tends to get wrong, and
// this one does not: null members, refusals before the upgrade, state frames
// of 500 ids, a hello with a null after, and texts for new events.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket" // formerly nhooyr.io/websocket: see hub.go
)

func TestNoNullWhereAValueIsExpected(t *testing.T) {
	hub, srv := startHub(t)
	c, w := dial(t, srv, freshHello) // a user with nothing yet: every count is 0
	if !strings.Contains(w.raw, `"seq":0`) || !strings.Contains(w.raw, `"unread":0`) || strings.Contains(w.raw, "reset") {
		t.Fatalf("welcome of a new user: %s", w.raw)
	}
	var nilMap map[string]any
	var nilStruct *struct{ A int }
	for i, data := range []any{nil, nilMap, nilStruct, json.RawMessage("null")} {
		publish(t, hub, Message{ID: fmt.Sprint("n", i), Event: EventStockLow, Data: data})
		if f := c.next(); !strings.Contains(f.raw, `"data":{}`) || strings.Contains(f.raw, "title") {
			t.Fatalf("data %#v: %s", data, f.raw)
		}
	}
	c.send(`{"type":"history","id":"h","before":1,"limit":10}`)
	if f := c.next(); !strings.Contains(f.raw, `"items":[]`) {
		t.Fatalf("empty page: %s", f.raw)
	}
	c.send(`{"type":"archive","ids":["n0","n1","n2","n3"]}`)
	c.expectState("archive", []string{"n0", "n1", "n2", "n3"}, 5, 0) // assertNoNull checked every frame
}

func TestRefusalsAfterTheUpgrade(t *testing.T) {
	var lookups atomic.Int32
	hub := NewHub(func(r *http.Request) (string, error) {
		lookups.Add(1)
		return testAuth(r)
	}, "admin.tokoku.co.id", "*.staging.tokoku.co.id")
	srv := httptest.NewServer(hub)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	origin := func(o string) http.Header { return http.Header{"Origin": {o}} }

	for _, tc := range []struct {
		name   string
		query  string
		header http.Header
		want   websocket.StatusCode
	}{
		{"another site", "user=ana", origin("https://evil.example"), 4403},
		{"a sandboxed frame", "user=ana", origin("null"), 4403},
		{"a look-alike host", "user=ana", origin("https://admin.tokoku.co.id.evil.example"), 4403},
		{"no session", "", nil, 4401},
		{"not an admin", "user=viewer", nil, 4403},
		{"session store down", "user=flaky", nil, websocket.StatusTryAgainLater},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Dial succeeding means the upgrade happened (101): a browser then sees the close code.
			c := open(t, wsURL(srv, tc.query), tc.header)
			if got := c.closeCode(); got != tc.want {
				t.Fatalf("close code %d, want %d", got, tc.want)
			}
		})
	}
	if n := lookups.Load(); n != 3 {
		t.Errorf("sessions looked up %d times, want 3: a refused Origin must not reach Authenticate", n)
	}

	for _, o := range []string{"https://admin.tokoku.co.id", "https://ADMIN.tokoku.co.id", "https://a.staging.tokoku.co.id", "http://" + host} {
		c := open(t, wsURL(srv, "user=ana"), origin(o))
		c.send(freshHello)
		if f := c.next(); f.Type != "welcome" {
			t.Fatalf("origin %s: %s", o, f.raw)
		}
	}
}

func TestStateFramesOf500IDs(t *testing.T) {
	hub, srv := startHub(t)
	ids := make([]string, MaxStateIDs+1)
	for i := range ids {
		// As long as ids may be: the frame of 500 is about 100 KB.
		ids[i] = fmt.Sprintf("order.created:%0*d", MaxIDLength-len("order.created:"), i)
		publish(t, hub, Message{ID: ids[i], Event: EventOrderCreated})
	}
	c, _ := dial(t, srv, freshHello)
	frame := func(ids []string) string {
		b, _ := json.Marshal(map[string]any{"type": "read", "ids": ids})
		return string(b)
	}
	c.send(frame(ids[:MaxStateIDs]))
	f := c.next()
	if f.Type != "read" || len(f.IDs) != MaxStateIDs || *f.Seq != 502 || *f.Unread != 1 {
		t.Fatalf("read of 500 ids: type %s, %d ids, seq %v, unread %v", f.Type, len(f.IDs), f.Seq, f.Unread)
	}
	c.send(frame(ids)) // 501: more than a client ever sends, ignored whole
	c.send(frame(ids[MaxStateIDs:]))
	c.expectState("read", ids[MaxStateIDs:], 503, 0) // the socket lives on; no seq was used
}

func TestHelloWithANullIsNoCursor(t *testing.T) {
	hub, srv := startHub(t)
	for i := 1; i <= 3; i++ {
		publish(t, hub, Message{Event: EventStockLow})
	}
	for _, hello := range []string{
		`{"type":"hello","v":1,"epoch":"` + hub.epoch + `","after":null}`,
		`{"type":"hello","v":1,"epoch":"another-epoch","after":null}`, // not "another epoch": no cursor
		`{"type":"hello","v":1,"epoch":null,"after":2}`,
		`{"type":"hello","v":1,"epoch":"` + hub.epoch + `"}`,
		`{"type":"hello","v":2,"epoch":null,"after":null,"future":true}`,
	} {
		c, w := dial(t, srv, hello)
		if w.Reset || *w.Seq != hub.user("ana").seq {
			t.Fatalf("%s: welcome %s", hello, w.raw)
		}
		// No replay: the next frame is the live one.
		r := publish(t, hub, Message{Event: EventStockLow})
		if f := c.next(); f.Type != "notification" || *f.Seq != r.Seq {
			t.Fatalf("%s: want live seq %d first, got %s", hello, r.Seq, f.raw)
		}
	}
}

func TestPublishCarriesTitleAndBody(t *testing.T) {
	hub, srv := startHub(t)
	c, _ := dial(t, srv, freshHello)
	at := time.Date(2026, 11, 25, 10, 15, 42, 120e6, time.FixedZone("WIB", 7*3600))
	r := publish(t, hub, Message{ID: "voucher.redeemed:V-1", Event: "voucher.redeemed", At: at,
		Data: map[string]any{"voucher": "V-1"}, Title: "🎟️ Voucher Redeemed", Body: "Voucher V-1 was redeemed"})
	f := c.next()
	if f.Title != "🎟️ Voucher Redeemed" || f.Body != "Voucher V-1 was redeemed" || !strings.Contains(f.raw, `"at":"2026-11-25T03:15:42.120Z"`) {
		t.Fatalf("new event: %s", f.raw)
	}
	if again := publish(t, hub, Message{ID: r.ID, Event: "voucher.redeemed"}); !again.Duplicate || again.Seq != 0 {
		t.Fatalf("retried publish: %+v", again)
	}
	if r := publish(t, hub, Message{Event: EventStockLow}); r.Seq != 2 || r.ID == "" {
		t.Fatalf("a duplicate must not use a seq: %+v", r)
	}
}

func TestPublishRefusesWhatTheWidgetWouldDrop(t *testing.T) {
	hub, _ := startHub(t)
	deep := map[string]any{"v": 1}
	for i := 1; i < MaxDataDepth; i++ {
		deep = map[string]any{"v": deep} // MaxDataDepth levels: fine
	}
	wide := map[string]any{"list": make([]int, MaxDataMembers-1)} // 1 + 999 members: fine
	for _, ok := range []any{deep, wide, struct{ Code string }{"X"}} {
		if _, err := hub.Publish("ana", Message{Event: "e", Data: ok}); err != nil {
			t.Fatalf("%T within limits: %v", ok, err)
		}
	}
	for _, tc := range []struct {
		user string
		m    Message
		want error
	}{
		{"", Message{Event: "e"}, ErrNoUser},
		{"ana", Message{}, ErrNoEvent},
		{"ana", Message{Event: "e", ID: strings.Repeat("x", MaxIDLength+1)}, ErrIDTooLong},
		{"ana", Message{Event: "e", Data: []int{1}}, ErrDataNotObject},
		{"ana", Message{Event: "e", Data: "text"}, ErrDataNotObject},
		{"ana", Message{Event: "e", Data: map[string]any{"v": deep}}, ErrDataTooBig},
		{"ana", Message{Event: "e", Data: map[string]any{"list": make([]int, MaxDataMembers)}}, ErrDataTooBig},
		{"ana", Message{Event: "e", Body: strings.Repeat("x", MaxNotificationBytes)}, ErrTooLarge},
	} {
		if _, err := hub.Publish(tc.user, tc.m); err != tc.want {
			t.Errorf("%+v: got %v, want %v", tc.m, err, tc.want)
		}
	}
	if seq := hub.user("ana").seq; seq != 3 {
		t.Fatalf("refused messages used seqs: %d", seq)
	}
}

func TestHistoryPageStaysSmall(t *testing.T) {
	hub, srv := startHub(t)
	big := strings.Repeat("x", MaxNotificationBytes-1024)
	for i := 0; i < 5; i++ {
		publish(t, hub, Message{Event: EventStockLow, Body: big})
	}
	c, _ := dial(t, srv, freshHello)
	c.send(`{"type":"history","id":"h","before":null,"limit":50}`)
	f := c.next()
	if len(f.raw) > maxPageBytes || len(f.Items) == 0 || !*f.More {
		t.Fatalf("page of %d bytes, %d items, more %v", len(f.raw), len(f.Items), *f.More)
	}
	c.send(fmt.Sprintf(`{"type":"history","id":"h2","before":%d,"limit":50}`, *f.Items[len(f.Items)-1].Seq))
	rest := c.next()
	if len(f.Items)+len(rest.Items) != 5 || *rest.More {
		t.Fatalf("second page: %d items, more %v", len(rest.Items), *rest.More)
	}
}

func TestCloseSaysGoingAway(t *testing.T) {
	hub, srv := startHub(t)
	c, _ := dial(t, srv, freshHello)
	waiting := open(t, wsURL(srv, "user=ana"), nil) // upgraded, hello not sent yet
	closed := make(chan struct{})
	go func() { hub.Close(); close(closed) }()
	if got := c.closeCode(); got != websocket.StatusGoingAway {
		t.Fatalf("close code %d, want 1001", got)
	}
	// Its hello comes after Close (or Close already ended it): it ends too, at most after its welcome.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	waiting.ws.Write(ctx, websocket.MessageText, []byte(freshHello))
	cancel()
	for {
		f, err := waiting.read(5 * time.Second)
		if err != nil {
			if got := websocket.CloseStatus(err); got != websocket.StatusGoingAway {
				t.Fatalf("late socket: close code %d, want 1001 (%v)", got, err)
			}
			break
		}
		if f.Type != "welcome" {
			t.Fatalf("late socket: %s", f.raw)
		}
	}
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
}

func TestHeartbeat(t *testing.T) {
	hub, srv := startHub(t)
	hub.Heartbeat = 300 * time.Millisecond
	c, w := dial(t, srv, freshHello)
	if !strings.Contains(w.raw, `"heartbeatMs":300`) {
		t.Fatalf("welcome: %s", w.raw)
	}
	// Pings keep coming on the fixed cadence while the client answers...
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, b, err := c.ws.Read(ctx)
		cancel()
		if err != nil || string(b) != `{"type":"ping"}` {
			t.Fatalf("ping %d: %s %v", i, b, err)
		}
		c.send(`{"type":"pong"}`)
	}
	// ...and a client that goes silent is closed after about 2 × heartbeat (generous bound: a busy machine).
	silent := time.Now()
	if _, err := c.read(10 * time.Second); err == nil || time.Since(silent) > 5*time.Second {
		t.Fatalf("silent socket still open after %v: %v", time.Since(silent), err)
	}
}
