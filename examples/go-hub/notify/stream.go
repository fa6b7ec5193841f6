package notify

import (
	"encoding/json"
	"sync"
	"time"
)

// entry is one element of a user's stream: a notification or a state change.
type entry struct {
	seq   int64
	at    time.Time     // for age-based eviction
	n     *Notification // a notification, with its current flags...
	state *stateFrame   // ...or a state change, as first sent
	lost  int           // userState.lost when the state entry was made
}

// userState is one user's stream and open sockets. Every field is guarded by
// mu: assigning a seq, appending and queueing to the sockets happen as one
// step, so each socket receives the stream in seq order (§3.5).
type userState struct {
	mu     sync.Mutex
	epoch  string
	seq    int64                    // highest seq assigned (0: none yet)
	floor  int64                    // highest seq no longer held (0: none dropped)
	stream []*entry                 // held entries, ascending seq
	byID   map[string]*Notification // held notifications, by id
	lost   int                      // unread notifications dropped by prune so far
	conns  map[*conn]struct{}
}

func newUserState(epoch string) *userState {
	return &userState{epoch: epoch, byID: map[string]*Notification{}, conns: map[*conn]struct{}{}}
}

// prune drops entries that are too many or too old. Caller holds u.mu.
// (An unread notification dropped here leaves the count without a frame:
// keep the inbox longer than this in production, §13.9.)
func (u *userState) prune(now time.Time) {
	drop := 0
	for drop < len(u.stream) && (len(u.stream)-drop > MaxBuffered || now.Sub(u.stream[drop].at) > MaxAge) {
		e := u.stream[drop]
		u.floor = e.seq
		if e.n != nil {
			delete(u.byID, e.n.ID)
			if !e.n.Read && !e.n.Archived {
				u.lost++
			}
		}
		drop++
	}
	if drop > 0 {
		u.stream = append([]*entry(nil), u.stream[drop:]...)
	}
}

// add appends an entry that has the next seq and queues its frame to every
// socket of the user. Caller holds u.mu.
func (u *userState) add(e *entry, frame []byte) {
	u.seq = e.seq
	u.stream = append(u.stream, e)
	for c := range u.conns {
		c.enqueue(outFrame{seq: e.seq, data: frame})
	}
}

// unread counts the held notifications with seq ≤ upTo that are neither
// read nor archived. Caller holds u.mu.
func (u *userState) unread(upTo int64) int {
	count := 0
	for _, e := range u.stream {
		if e.seq > upTo {
			break
		}
		if e.n != nil && !e.n.Read && !e.n.Archived {
			count++
		}
	}
	return count
}

// since returns the frames of the held entries with seq > after, in seq
// order. Notifications carry their current flags; a state entry's count
// leaves out the unread notifications dropped since it was made, so that a
// replay from the floor ends at the count held now (§13.2). Caller holds u.mu.
func (u *userState) since(after int64) []outFrame {
	var out []outFrame
	for _, e := range u.stream {
		if e.seq <= after {
			continue
		}
		var data []byte
		if e.n != nil {
			data, _ = json.Marshal(e.n) // its data was encoded at publish: cannot fail
		} else {
			f := *e.state
			f.Unread -= u.lost - e.lost
			if f.Unread < 0 {
				f.Unread = 0
			}
			data, _ = json.Marshal(f)
		}
		out = append(out, outFrame{seq: e.seq, data: data})
	}
	return out
}
