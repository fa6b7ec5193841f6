package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"example.com/shop/notify"
)

// session is what the shop's session store knows about a logged-in user.
type session struct{ UserID, Role string }

var errNoSession = errors.New("session not found")

// sessionStore stands in for the shop's session store (a table, Redis...):
// replace it with the real lookup. Its sessions come from -session flags.
type sessionStore struct {
	mu      sync.RWMutex
	byToken map[string]session
}

func newSessionStore() *sessionStore { return &sessionStore{byToken: map[string]session{}} }

// add takes "TOKEN=USER" or "TOKEN=USER:ROLE".
func (s *sessionStore) add(spec string) error {
	token, who, ok := strings.Cut(spec, "=")
	user, role, hasRole := strings.Cut(who, ":")
	if !ok || token == "" || user == "" || (hasRole && role == "") {
		return fmt.Errorf("want TOKEN=USER or TOKEN=USER:ROLE, got %q", spec)
	}
	if !hasRole {
		role = "admin"
	}
	s.mu.Lock()
	s.byToken[token] = session{UserID: user, Role: role}
	s.mu.Unlock()
	return nil
}

// Lookup returns the session of a token, or errNoSession. A real store can
// also fail for a while (it is down): that error reaches the client as 1013.
func (s *sessionStore) Lookup(_ context.Context, token string) (session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if sess, ok := s.byToken[token]; ok {
		return sess, nil
	}
	return session{}, errNoSession
}

// adminIDs lists who receives the shop's events: replace it with a cached
// SELECT id FROM users WHERE role = 'admin'.
func (s *sessionStore) adminIDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[string]bool{}
	ids := []string{}
	for _, sess := range s.byToken {
		if sess.Role == "admin" && !seen[sess.UserID] {
			seen[sess.UserID] = true
			ids = append(ids, sess.UserID)
		}
	}
	sort.Strings(ids)
	return ids
}

// authenticate resolves the upgrade request to an admin: the dashboard's
// session cookie, or a token in the URL (?token=..., for a socket opened from
// another origin; keep such tokens short-lived, they end up in access logs).
// The hub has checked the Origin already, and turns the errors into close
// codes after the upgrade.
func authenticate(store *sessionStore) func(*http.Request) (string, error) {
	return func(r *http.Request) (string, error) {
		token := r.URL.Query().Get("token")
		if cookie, err := r.Cookie("session"); err == nil {
			token = cookie.Value
		}
		if token == "" {
			return "", notify.ErrUnauthenticated
		}
		sess, err := store.Lookup(r.Context(), token)
		switch {
		case errors.Is(err, errNoSession):
			return "", notify.ErrUnauthenticated // expired or logged out: 4401
		case err != nil:
			return "", err // store unavailable: transient, 1013
		case sess.Role != "admin":
			return "", notify.ErrForbidden // 4403
		}
		return sess.UserID, nil
	}
}
