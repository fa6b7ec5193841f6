package notify

// The inbox extension over real sockets: welcome with features and unread,
// history pages, state frames echoed to every socket of the user, replay of
// state entries, archived notifications left out of history.

import (
	"reflect"
	"strconv"
	"testing"
)

const freshHello = `{"type":"hello","v":1,"epoch":null,"after":null}`

func TestInbox(t *testing.T) {
	hub, srv := startHub(t)
	for _, id := range []string{"a1", "a2", "a3"} {
		publish(t, hub, Message{ID: id, Event: EventOrderCreated, Data: map[string]any{"orderCode": id}})
	}

	c1, w := dial(t, srv, freshHello)
	if !reflect.DeepEqual(w.Features, []string{"history", "state"}) || *w.Seq != 3 || w.Unread == nil || *w.Unread != 3 {
		t.Fatalf("welcome: %s", w.raw)
	}
	epoch := hub.epoch
	c2, _ := dial(t, srv, freshHello)

	// History: newest first, limit, more, before.
	c1.send(`{"type":"history","id":"h1","before":null,"limit":2}`)
	c1.expectPage("h1", []int64{3, 2}, true)
	c1.send(`{"type":"history","id":"h2","before":2,"limit":50}`)
	c1.expectPage("h2", []int64{1}, false)
	c1.send(`{"type":"history","id":"h3","before":1,"limit":50}`)
	c1.expectPage("h3", []int64{}, false)

	// A state frame: only the ids that changed, one seq, to every socket.
	c1.send(`{"type":"read","ids":["a2","zz"]}`)
	c1.expectState("read", []string{"a2"}, 4, 2)
	c2.expectState("read", []string{"a2"}, 4, 2)
	c1.send(`{"type":"read","ids":["a2"]}`) // no change: no frame, no seq
	c2.send(`{"type":"archive","ids":["a1"]}`)
	c1.expectState("archive", []string{"a1"}, 5, 1)
	c2.expectState("archive", []string{"a1"}, 5, 1)
	c1.send(`{"type":"unread","ids":["a1"]}`) // archived: ignored
	c1.send(`{"type":"read","ids":["a3"]}`)
	c1.expectState("read", []string{"a3"}, 6, 0) // "unread":0 is sent
	c2.expectState("read", []string{"a3"}, 6, 0)

	// Archived left out of history; read flags in the page.
	c2.send(`{"type":"history","id":"h4","before":null,"limit":50}`)
	items := c2.expectPage("h4", []int64{3, 2}, false)
	if !items[0].Read || !items[1].Read {
		t.Fatalf("read flags: %+v", items)
	}

	// Resume: state entries are replayed; the count is the welcome's.
	c3, w := dial(t, srv, `{"type":"hello","v":1,"epoch":"`+epoch+`","after":3}`)
	if *w.Seq != 6 || *w.Unread != 0 || w.Reset {
		t.Fatalf("resume welcome: %s", w.raw)
	}
	c3.expectState("read", []string{"a2"}, 4, 2)
	c3.expectState("archive", []string{"a1"}, 5, 1)
	c3.expectState("read", []string{"a3"}, 6, 0)

	// Another epoch: welcome at the floor, every entry replayed with current flags.
	c4, w := dial(t, srv, `{"type":"hello","v":1,"epoch":"old","after":99}`)
	if *w.Seq != 0 || *w.Unread != 0 {
		t.Fatalf("other-epoch welcome: %s", w.raw)
	}
	if f := c4.next(); *f.Seq != 1 || !f.Archived {
		t.Fatalf("replayed a1: %s", f.raw)
	}
	if f := c4.next(); *f.Seq != 2 || !f.Read || f.Archived {
		t.Fatalf("replayed a2: %s", f.raw)
	}
	if f := c4.next(); *f.Seq != 3 || !f.Read {
		t.Fatalf("replayed a3: %s", f.raw)
	}
	c4.expectState("read", []string{"a2"}, 4, 2)

	// A live notification follows on every socket with the next seq.
	publish(t, hub, Message{ID: "a7", Event: EventStockLow})
	if f := c1.next(); f.Type != "notification" || *f.Seq != 7 {
		t.Fatalf("live: %s", f.raw)
	}

	// A same-epoch hello with a null after is "no cursor": no replay.
	c5, w := dial(t, srv, `{"type":"hello","v":1,"epoch":"`+epoch+`","after":null}`)
	if *w.Seq != 7 || *w.Unread != 1 {
		t.Fatalf("no-cursor welcome: %s", w.raw)
	}
	c5.send(`{"type":"history","id":"h5","before":null,"limit":0}`) // clamped to 1
	c5.expectPage("h5", []int64{7}, true)
	c5.send(`{"type":"history","id":"h6","before":null,"limit":null}`) // absent: the default page
	c5.expectPage("h6", []int64{7, 3, 2}, false)
}

// The client's count rules of §13.4, replayed from the floor after the stream
// dropped an unread notification: the badge ends at the server's count.
func TestReplayCountAfterDrop(t *testing.T) {
	hub, srv := startHub(t)
	for i := 1; i < MaxBuffered; i++ {
		publish(t, hub, Message{ID: "b" + strconv.Itoa(i), Event: EventStockLow})
	}
	c1, _ := dial(t, srv, freshHello)
	c1.send(`{"type":"read","ids":["b999"]}`)
	c1.expectState("read", []string{"b999"}, 1000, 998)
	publish(t, hub, Message{ID: "b1001", Event: EventStockLow}) // 1001 entries: b1 (unread) is dropped

	c, w := dial(t, srv, `{"type":"hello","v":1,"epoch":"other","after":5}`)
	if *w.Seq != 1 || *w.Unread != 0 {
		t.Fatalf("welcome: %s", w.raw)
	}
	count := *w.Unread
	for seq := int64(2); seq <= 1001; seq++ {
		f := c.next()
		if *f.Seq != seq {
			t.Fatalf("seq %d: %s", seq, f.raw)
		}
		switch {
		case f.Type == "notification" && !f.Read && !f.Archived:
			count++
		case f.Type == "read":
			count = *f.Unread
		}
	}
	if count != 998 { // b2..b998 and b1001
		t.Fatalf("count %d, want 998", count)
	}
}
