package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/shop/notify"
)

func TestPublishHook(t *testing.T) {
	hook := publishHook(notify.NewHub(nil))
	post := func(method, body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		hook.ServeHTTP(w, httptest.NewRequest(method, "/publish", strings.NewReader(body)))
		return w
	}
	for _, tc := range []struct {
		method, body string
		status       int
		answer       string
	}{
		{"POST", `{"user":"conformance","event":"order.created","data":{"orderCode":"A"},"id":"x1"}`, 200, `{"id":"x1","seq":1}`},
		{"POST", `{"user":"conformance","event":"order.created","id":"x1"}`, 200, `{"id":"x1","duplicate":true}`},
		{"POST", `{"user":"conformance","event":"voucher.redeemed","data":null,"title":"T","body":"B"}`, 200, `"seq":2`},
		{"GET", ``, 405, ""},
		{"POST", `{"user":`, 400, ""},
		{"POST", `{"event":"order.created"}`, 400, "no user"},
		{"POST", `{"user":"u","event":"order.created","data":[1]}`, 400, "not a JSON object"},
	} {
		w := post(tc.method, tc.body)
		if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.answer) {
			t.Errorf("%s %s: %d %s", tc.method, tc.body, w.Code, w.Body)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	store := newSessionStore()
	for _, spec := range []string{"s1=admin-1", "s2=bob:viewer"} {
		if err := store.add(spec); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"s3", "=u", "s3=", "s3=u:"} {
		if store.add(bad) == nil {
			t.Errorf("-session %q accepted", bad)
		}
	}
	auth := authenticate(store)
	for _, tc := range []struct {
		url, cookie string
		user        string
		err         error
	}{
		{"/ws?token=s1", "", "admin-1", nil},
		{"/ws", "s1", "admin-1", nil},
		{"/ws?token=s1", "s2", "", notify.ErrForbidden}, // the cookie wins
		{"/ws?token=nope", "", "", notify.ErrUnauthenticated},
		{"/ws", "", "", notify.ErrUnauthenticated},
	} {
		r := httptest.NewRequest("GET", tc.url, nil)
		if tc.cookie != "" {
			r.AddCookie(&http.Cookie{Name: "session", Value: tc.cookie})
		}
		if user, err := auth(r); user != tc.user || !errors.Is(err, tc.err) {
			t.Errorf("%s cookie %q: %q %v", tc.url, tc.cookie, user, err)
		}
	}
	if got := strings.Join(store.adminIDs(), ","); got != "admin-1" {
		t.Errorf("admins %q", got)
	}
}
