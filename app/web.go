package app

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"

	"github.com/shortlist-hq/shortlist/views"
)

// server holds what the web handlers need beyond the App: the session
// store, the first-run setup token, the login throttle. Every page and
// action handler is a method on it (one file per page or action). Handler
// builds one; it is not part of App so that App stays about storage, sync
// and search.
type server struct {
	*App

	// now is the clock for sessions and throttling; tests replace it.
	// Session rows are stamped with it too, so one clock decides expiry.
	now func() time.Time

	storeMu sync.Mutex
	store   *sessions.CookieStore // nil until loaded from settings

	setup setupState
	// throttle counts failed logins and current-password checks.
	throttle *throttle

	// dummyHash is compared against when a login names no account, so an
	// unknown email costs as much as a wrong password.
	dummyHash []byte
}

// maxFormBytes bounds request bodies of forms.
const maxFormBytes = 1 << 20

func newServer(a *App) *server {
	s := &server{
		App:      a,
		now:      time.Now,
		throttle: newThrottle(loginWindow),
	}
	h, err := hashPassword(RandomSecret(16))
	if err != nil {
		a.log.Error("login: prepare dummy hash", slog.Any("error", err))
	}
	s.dummyHash = []byte(h)
	// Announce first-run setup at start rather than at the first visit, so
	// whoever starts the server sees where to go.
	if _, err := s.setupToken(context.Background()); err != nil {
		a.log.Error("first-run setup check failed", slog.Any("error", err))
	}
	s.purgeSessions(context.Background())
	return s
}

// baseURL is where this server is reached: the configured public URL, else
// derived from the request.
func (s *server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r != nil && isHTTPS(r) {
		scheme = "https"
	}
	host := s.cfg.Addr
	if r != nil && r.Host != "" {
		host = r.Host
	}
	return scheme + "://" + host
}

// secureCookies reports whether cookies must be marked Secure: the request
// came over HTTPS (directly, or through a trusted proxy that says so), or
// the public URL is https.
func (s *server) secureCookies(r *http.Request) bool {
	return isHTTPS(r) || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

// isHTMX reports whether the request was made by htmx to swap a fragment
// (not to restore a page from history, which needs the whole page).
func isHTMX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// layout gathers what every page's frame shows.
func (s *server) layout(w http.ResponseWriter, r *http.Request, title, nav string) views.Layout {
	l := views.Layout{Title: title, Nav: nav}
	st := sessionFrom(r.Context())
	if st == nil {
		return l
	}
	l.CSRFToken = st.csrfToken()
	if acct := st.account; acct != nil {
		l.User = &views.User{ID: acct.ID, Name: acct.Name, Email: acct.Email, Owner: isOwner(acct)}
	}
	// A fragment has no place for flash messages: keep them for the next
	// whole page.
	if !isHTMX(r) {
		l.Flashes = st.takeFlashes()
	}
	return l
}

// render writes a page, or only the fragments named when htmx asked for a
// part of it. The output is buffered so a failed render becomes an error
// page instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component, fragments ...any) {
	var buf bytes.Buffer
	var err error
	if len(fragments) > 0 && isHTMX(r) {
		err = templ.RenderFragments(r.Context(), &buf, c, fragments...)
	} else {
		err = c.Render(r.Context(), &buf)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.saveSession(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// Pages and their fragments share URLs.
	w.Header().Add("Vary", "HX-Request")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// redirect answers a form post with See Other (post, redirect, get), after
// saving the session (flash messages ride on it).
func (s *server) redirect(w http.ResponseWriter, r *http.Request, to string) {
	if err := s.saveSession(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath returns p when it is a path on this site (for "next" and
// "back" parameters); anything else becomes fallback.
func localPath(p, fallback string) string {
	u, err := url.Parse(p)
	if err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, `\`) {
		return fallback
	}
	return u.RequestURI()
}

// parseForm reads a form body of bounded size.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return invalid("the form could not be read")
	}
	return nil
}
