package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/a-h/templ"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/views"
)

// Errors of authentication, authorization and routing, with the message
// shown to the user.
var (
	errUnauthorized = db.Errorf(db.ErrUnauthorized, "Log in to continue.")
	errForbidden    = db.Errorf(db.ErrForbidden, "Only an owner of this Shortlist can open this page. Ask an owner if you need something changed here.")
	errNoToken      = db.Errorf(db.ErrUnauthorized, "missing API token: send Authorization: Bearer slt_...")
	errBadToken     = db.Errorf(db.ErrUnauthorized, "invalid or revoked API token")
	errNotFound     = db.Errorf(db.ErrNotFound, "There is nothing here. Check the address, or go back and try again.")
	errMethod       = db.Errorf(errMethodNotAllowed, "This address does not accept that method.")
)

// errMethodNotAllowed is the code of a request whose method a route does
// not take.
var errMethodNotAllowed = errors.New("method not allowed")

// statuses maps error codes to HTTP statuses.
var statuses = map[error]int{
	db.ErrNotFound:      http.StatusNotFound,
	db.ErrConflict:      http.StatusConflict,
	db.ErrInvalid:       http.StatusBadRequest,
	db.ErrUnauthorized:  http.StatusUnauthorized,
	db.ErrForbidden:     http.StatusForbidden,
	db.ErrThrottled:     http.StatusTooManyRequests,
	errMethodNotAllowed: http.StatusMethodNotAllowed,
}

// errorStatus maps an error to its HTTP status and the message a user may
// see. This is the one place that decides; handlers only pass errors on.
// Only the safe message of a *db.Error is ever shown; messages of other
// errors are not.
func errorStatus(err error) (int, string) {
	var e *db.Error
	if errors.As(err, &e) {
		if status, ok := statuses[e.Code]; ok {
			msg, _ := db.SafeMessage(e)
			return status, msg
		}
	}
	switch {
	case errors.Is(err, db.ErrNotFound):
		return http.StatusNotFound, "We could not find that. It may have been removed from Greenhouse."
	case errors.Is(err, search.ErrNeedsRebuild):
		return http.StatusServiceUnavailable, "The search index is being rebuilt after an upgrade. Try again in a minute."
	case errors.Is(err, ErrNotConnected):
		return http.StatusConflict, "Greenhouse is not connected. An owner can connect it under My Company."
	}
	for code, status := range statuses {
		if errors.Is(err, code) {
			return status, http.StatusText(status) + "."
		}
	}
	return http.StatusInternalServerError, "Internal error."
}

// error answers a request that failed: JSON for the API, an error fragment
// for htmx, an error page otherwise. Internal errors are logged with the
// request; a request whose client went away gets nothing.
func (s *server) error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return
	}
	status, msg := errorStatus(err)
	if status >= 500 {
		s.log.Error("request failed", slog.Any("error", err),
			slog.Group("request", slog.String("method", r.Method), slog.String("uri", r.URL.RequestURI())),
			slog.String("client_ip", r.RemoteAddr))
	}
	if status == http.StatusUnauthorized && !isAPI(r) {
		// A page that needs a login sends the browser to log in, and back.
		next := r.URL.RequestURI()
		if !safeMethod(r.Method) || isHTMX(r) {
			next = "/"
			if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && strings.HasPrefix(u.Path, "/") {
				next = u.RequestURI()
			}
		}
		s.redirect(w, r, "/login?next="+url.QueryEscape(next))
		return
	}
	switch {
	case isAPI(r):
		s.writeJSON(w, status, map[string]string{"error": msg})
	case r.Header.Get("HX-Request") == "true":
		s.writeHTML(w, r, status, views.ErrorFragment(views.ErrorProps{Status: status, Message: msg}))
	default:
		l := s.layout(w, r, http.StatusText(status), "")
		s.writeHTML(w, r, status, views.ErrorPage(l, views.ErrorProps{Status: status, Message: msg}))
	}
}

// writeHTML renders c without going through error again on failure.
func (s *server) writeHTML(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.Error("render error page", slog.Any("error", err))
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	_ = s.saveSession(w, r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// writeJSON writes v as the JSON response.
func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.log.Error("encode JSON answer", slog.Any("error", err))
		http.Error(w, `{"error":"Internal error."}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
