package notify

import "encoding/json"

// history answers a history request (§13.6): the user's unarchived
// notifications with seq < before (from the newest when before is null),
// newest first, at most limit, cut short with more: true before the page
// grows past maxPageBytes. The page is queued under the user's lock, behind
// every entry already queued to this socket, so its items and read flags are
// those of the stream the socket has been sent.
func (h *Hub) history(c *conn, req clientFrame) {
	limit := DefaultPage
	switch {
	case req.Limit == nil: // absent or null
	case *req.Limit < 1:
		limit = 1
	case *req.Limit > MaxPage:
		limit = MaxPage
	default:
		limit = *req.Limit
	}
	u := h.user(c.userID)
	u.mu.Lock()
	defer u.mu.Unlock()
	page := historyFrame{Type: "history", ID: req.ID, Items: []json.RawMessage{}}
	size := 0
	for i := len(u.stream) - 1; i >= 0; i-- {
		n := u.stream[i].n
		if n == nil || n.Archived || (req.Before != nil && n.Seq >= *req.Before) {
			continue
		}
		if len(page.Items) == limit {
			page.More = true
			break
		}
		item, err := json.Marshal(n)
		if err != nil {
			continue // its data was encoded at publish: does not happen
		}
		if len(page.Items) > 0 && size+len(item) > maxPageBytes {
			page.More = true
			break
		}
		page.Items = append(page.Items, item)
		size += len(item) + 1
	}
	frame, err := json.Marshal(page)
	if err != nil {
		return
	}
	c.enqueue(outFrame{data: frame})
}
