package notify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Message is one notification to publish to one user (§2.2, §8).
type Message struct {
	// ID names the notification for good. Derive it from what happened, e.g.
	// "order.created:ORD-20261125-0042", so that a retried publish (a webhook
	// delivered twice) is dropped as a duplicate. Empty: a random id.
	ID string
	// Event is the event name, e.g. EventOrderCreated.
	Event string
	// Data holds the event's fields: a map, a struct, or a json.RawMessage that
	// encodes as a JSON object. nil sends {}.
	Data any
	// Title and Body, when set, are shown instead of the widget's own texts for
	// the event (which follow the admin's language). An event the widget does
	// not know should come with both.
	Title, Body string
	// At is when the event happened; zero means now.
	At time.Time
}

// Receipt tells what Publish did.
type Receipt struct {
	ID        string `json:"id"`                  // the notification's id (a random one when the message had none)
	Seq       int64  `json:"seq,omitempty"`       // its place in the user's stream; 0 when it was a duplicate
	Duplicate bool   `json:"duplicate,omitempty"` // the user already has this id: nothing was sent
}

// Errors of Publish: the message was not sent and consumed no seq.
var (
	ErrNoUser        = errors.New("notify: no user")
	ErrNoEvent       = errors.New("notify: no event")
	ErrIDTooLong     = fmt.Errorf("notify: id longer than %d bytes", MaxIDLength)
	ErrDataNotObject = errors.New("notify: data is not a JSON object")
	ErrDataTooBig    = fmt.Errorf("notify: data nests deeper than %d levels or holds more than %d members", MaxDataDepth, MaxDataMembers)
	ErrTooLarge      = fmt.Errorf("notify: notification larger than %d bytes", MaxNotificationBytes)
)

// Publish sends a notification to every open socket of the user and keeps it
// for replay and history. Seq, stream and fan-out share the user's lock, so
// every socket receives the user's stream in seq order. A message whose id
// the user already has is a duplicate: nothing is sent, and no error.
func (h *Hub) Publish(userID string, m Message) (Receipt, error) {
	data, err := encodeData(m.Data)
	if err != nil {
		return Receipt{}, err
	}
	return h.publish(userID, m, data)
}

// publish is Publish with the data encoded already, so that a message for
// every admin holds one copy of it.
func (h *Hub) publish(userID string, m Message, data json.RawMessage) (Receipt, error) {
	if userID == "" {
		return Receipt{}, ErrNoUser
	}
	if m.Event == "" {
		return Receipt{}, ErrNoEvent
	}
	if len(m.ID) > MaxIDLength {
		return Receipt{}, ErrIDTooLong
	}
	if m.ID == "" {
		m.ID = randomID()
	}
	at := m.At
	if at.IsZero() {
		at = time.Now()
	}
	now := time.Now().UTC()

	u := h.user(userID)
	u.mu.Lock()
	defer u.mu.Unlock()
	if _, dup := u.byID[m.ID]; dup {
		return Receipt{ID: m.ID, Duplicate: true}, nil
	}
	n := &Notification{Type: "notification", ID: m.ID, Seq: u.seq + 1, Event: m.Event,
		At: at.UTC().Format(isoMillis), Data: data, Title: m.Title, Body: m.Body}
	frame, err := json.Marshal(n)
	if err != nil {
		return Receipt{}, err // nothing assigned: no gap in seq
	}
	if len(frame) > MaxNotificationBytes {
		return Receipt{}, ErrTooLarge
	}
	u.byID[n.ID] = n
	u.add(&entry{seq: n.Seq, at: now, n: n}, frame)
	u.prune(now)
	return Receipt{ID: n.ID, Seq: n.Seq}, nil
}

// encodeData encodes a message's data once, so that a caller changing its map
// afterwards changes nothing that was sent, and checks it against the limits
// the widget enforces (§7): a notification past them would be dropped there.
func encodeData(data any) (json.RawMessage, error) {
	if data == nil {
		return json.RawMessage(`{}`), nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(b, []byte("null")) { // a nil map or pointer
		return json.RawMessage(`{}`), nil
	}
	var value any
	if err := json.Unmarshal(b, &value); err != nil {
		return nil, err
	}
	if _, ok := value.(map[string]any); !ok {
		return nil, ErrDataNotObject
	}
	members := 0
	if !withinLimits(value, 1, &members) {
		return nil, ErrDataTooBig
	}
	return b, nil
}

// withinLimits walks a decoded JSON value the way the widget does: objects and
// arrays count as one level each, their members and elements add up across
// the whole value.
func withinLimits(value any, depth int, members *int) bool {
	var children []any
	switch v := value.(type) {
	case map[string]any:
		for _, child := range v {
			children = append(children, child)
		}
	case []any:
		children = v
	default:
		return true
	}
	if depth > MaxDataDepth {
		return false
	}
	*members += len(children)
	if *members > MaxDataMembers {
		return false
	}
	for _, child := range children {
		if !withinLimits(child, depth+1, members) {
			return false
		}
	}
	return true
}
