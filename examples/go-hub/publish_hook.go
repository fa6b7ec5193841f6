package main

import (
	"encoding/json"
	"errors"
	"net/http"

	"example.com/shop/notify"
)

// publishRequest is the body of POST /publish, the conformance checker's way
// to make the server publish (CONTRACT.md, "Conformance checker").
type publishRequest struct {
	User  string          `json:"user"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
	ID    string          `json:"id"`
	Title string          `json:"title"`
	Body  string          `json:"body"`
}

const maxPublishBytes = 256 << 10

// publishHook publishes what it is posted, as it is: it is a test hook, open
// to whoever reaches it, so main serves it only when asked to.
func publishHook(hub *notify.Hub) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		var req publishRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPublishBytes))
		if err := dec.Decode(&req); err != nil {
			http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
			return
		}
		m := notify.Message{ID: req.ID, Event: req.Event, Title: req.Title, Body: req.Body}
		if len(req.Data) > 0 {
			m.Data = req.Data // null, as absent, becomes {}
		}
		receipt, err := hub.Publish(req.User, m)
		if err != nil {
			status := http.StatusBadRequest
			if !isMessageError(err) {
				status = http.StatusInternalServerError
			}
			http.Error(w, err.Error(), status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(receipt)
	})
}

// isMessageError tells the errors that are the message's fault.
func isMessageError(err error) bool {
	for _, e := range []error{notify.ErrNoUser, notify.ErrNoEvent, notify.ErrIDTooLong,
		notify.ErrDataNotObject, notify.ErrDataTooBig, notify.ErrTooLarge} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
