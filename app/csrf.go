package app

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
)

// CSRFField is the hidden form field carrying the CSRF token; htmx sends
// the same token in the CSRFHeader header (set on <body> with hx-headers).
const (
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

func newCSRFToken() string { return RandomSecret(32) }

// errCSRF is a state-changing request that did not prove it came from one
// of our pages.
var errCSRF = db.Errorf(db.ErrForbidden,
	"This form has expired or did not come from Shortlist. Reload the page and try again.")

// errCrossOrigin is a state-changing request sent by another site.
var errCrossOrigin = db.Errorf(db.ErrForbidden,
	"This request came from another site and was refused. Reload the page and try again.")

// safeMethod reports whether a request must not change state.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions || m == http.MethodTrace
}

// csrf protects session-authenticated pages: every state-changing request
// must come from our own origin (Sec-Fetch-Site, Origin or Referer) and
// carry the session's CSRF token. The JSON API is not behind it: it
// authenticates with bearer tokens, which a browser never sends on its own.
func (s *server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if !s.sameOrigin(r) {
			s.error(w, r, errCrossOrigin)
			return
		}
		st := sessionFrom(r.Context())
		want, _ := st.sess.Values[keyCSRF].(string)
		got := r.Header.Get(CSRFHeader)
		if got == "" {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			got = r.PostFormValue(CSRFField)
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.error(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin checks where a state-changing request came from. Browsers send
// Sec-Fetch-Site and Origin on such requests; older ones at least a
// Referer. A request with none of them is not from a browser page (so not
// a CSRF vector) and is left to the token check.
func (s *server) sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "cross-site", "same-site":
		return false
	}
	src := r.Header.Get("Origin")
	if src == "" || src == "null" {
		src = r.Header.Get("Referer")
	}
	if src == "" {
		return r.Header.Get("Origin") != "null"
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if s.cfg.BaseURL != "" {
		if b, err := url.Parse(s.cfg.BaseURL); err == nil && strings.EqualFold(u.Scheme, b.Scheme) && strings.EqualFold(u.Host, b.Host) {
			return true
		}
	}
	return false
}
