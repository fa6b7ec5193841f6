package notify

import (
	"encoding/json"
	"time"
)

// applyState records a client's read, unread or archive frame (§13.5). The
// ids that actually change become one stream entry with the next seq and the
// new unread count, sent to every socket of the user, the sender included. A
// frame of up to MaxStateIDs ids is taken whole; the widget never sends more,
// and a larger one is ignored.
func (h *Hub) applyState(from *conn, typ string, ids []string) {
	if len(ids) == 0 || len(ids) > MaxStateIDs {
		return
	}
	now := time.Now().UTC()
	u := h.user(from.userID)
	u.mu.Lock()
	defer u.mu.Unlock()
	changed := []string{}
	for _, id := range ids {
		n := u.byID[id]
		if n == nil || n.Archived {
			continue // not held, or out of the inbox (there is no unarchive)
		}
		switch {
		case typ == "read" && !n.Read:
			n.Read = true
		case typ == "unread" && n.Read:
			n.Read = false
		case typ == "archive":
			n.Archived = true
		default:
			continue // already in that state, or a repeat of an id
		}
		changed = append(changed, id)
	}
	if len(changed) == 0 {
		return // nothing changed: no frame, no seq
	}
	f := stateFrame{Type: typ, IDs: changed, Seq: u.seq + 1, Unread: u.unread(u.seq)}
	frame, _ := json.Marshal(f) // strings and ints only: cannot fail
	u.add(&entry{seq: f.Seq, at: now, state: &f, lost: u.lost}, frame)
	u.prune(now)
}
