// Package notify is the server side of the lonceng wire protocol v1 with the
// inbox extension (docs/PROTOCOL.md): per-user streams of notifications and
// state changes, resume after reconnects, heartbeat, history pages, and the
// seed shop's twelve Notify* functions.
package notify

import (
	"encoding/json"
	"time"
)

// Protocol limits and cadences (docs/PROTOCOL.md §4, §7, §13.7).
const (
	DefaultHeartbeat     = 25 * time.Second // ping cadence, advertised in welcome (Hub.Heartbeat)
	MaxBuffered          = 1000             // stream entries held per user, by count...
	MaxAge               = 24 * time.Hour   // ...and by age
	MaxPage              = 100              // history items per answer, at most
	DefaultPage          = 50               // history items when a request names no limit
	MaxStateIDs          = 500              // ids per client state frame, at most
	MaxIDLength          = 200              // bytes of a notification id
	MaxDataDepth         = 8                // nesting of data; data itself is level 1
	MaxDataMembers       = 1000             // members and array elements of data, in all
	MaxNotificationBytes = 64 << 10         // one notification frame, encoded

	maxPageBytes        = 192 << 10 // a history page is cut short (more: true) past this
	maxClientFrameBytes = 256 << 10 // largest client frame read
	sendQueueLen        = 256       // live frames waiting per connection
	isoMillis           = "2006-01-02T15:04:05.000Z07:00"
)

// Features is what welcome advertises (§13.1).
var Features = []string{"history", "state"}

// clientFrame is any client frame; members its type does not use stay zero.
// A JSON null leaves a member at its zero value, which is how null comes to
// mean "absent" (§2): pointers tell a null or missing member from 0.
type clientFrame struct {
	Type   string   `json:"type"`
	V      int      `json:"v"`
	Epoch  *string  `json:"epoch"`  // hello
	After  *int64   `json:"after"`  // hello
	IDs    []string `json:"ids"`    // read, unread, archive
	ID     string   `json:"id"`     // history
	Before *int64   `json:"before"` // history; nil: from the newest
	Limit  *int     `json:"limit"`  // history; nil: DefaultPage
}

// Server frames. No member is a pointer: a nil pointer without omitempty
// would go out as "member":null. Optional members whose zero value means
// "absent" (heartbeatMs, reset, seq of a notification, title...) are
// omitempty; counts whose zero is a real value (unread) are plain ints that
// are always sent.

type welcomeFrame struct {
	Type        string   `json:"type"` // "welcome"
	V           int      `json:"v"`    // 1
	Epoch       string   `json:"epoch"`
	Seq         int64    `json:"seq"` // 0 is a value: always sent
	HeartbeatMs int      `json:"heartbeatMs,omitempty"`
	Reset       bool     `json:"reset,omitempty"`
	Features    []string `json:"features,omitempty"`
	Unread      int      `json:"unread"` // always sent: 0 is a count, not "absent"
}

// Notification is the "notification" frame, live, replayed and in history pages.
type Notification struct {
	Type     string          `json:"type"` // "notification"
	ID       string          `json:"id"`
	Seq      int64           `json:"seq,omitempty"` // ≥ 1 for every notification of a stream
	Event    string          `json:"event"`
	At       string          `json:"at"`
	Data     json.RawMessage `json:"data"` // a JSON object, encoded once at publish
	Title    string          `json:"title,omitempty"`
	Body     string          `json:"body,omitempty"`
	Read     bool            `json:"read,omitempty"`
	Archived bool            `json:"archived,omitempty"` // only ever true on replay
}

// stateFrame is a server "read", "unread" or "archive" frame: one entry of
// the user's stream (§13.3).
type stateFrame struct {
	Type   string   `json:"type"`
	IDs    []string `json:"ids"` // the ids that changed, never empty
	Seq    int64    `json:"seq"`
	Unread int      `json:"unread"` // the user's count after the change
}

type historyFrame struct {
	Type  string            `json:"type"`  // "history"
	ID    string            `json:"id"`    // the request's id
	Items []json.RawMessage `json:"items"` // encoded notifications; never nil: [] rather than null
	More  bool              `json:"more"`
}

var pingFrame = []byte(`{"type":"ping"}`)
