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

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/views"
)

// statusError is an error that knows its HTTP status and a message safe to
// show (authentication, authorization, throttling).
type statusError struct {
	Status int
	Msg    string
}

func (e *statusError) Error() string { return e.Msg }

// Errors of authentication and authorization.
var (
	errUnauthorized = &statusError{Status: http.StatusUnauthorized, Msg: "Log in to continue."}
	errForbidden    = &statusError{Status: http.StatusForbidden, Msg: "Only an owner of this Shortlist can open this page. Ask an owner if you need something changed here."}
	errNoToken      = &statusError{Status: http.StatusUnauthorized, Msg: "missing API token: send Authorization: Bearer slt_..."}
	errBadToken     = &statusError{Status: http.StatusUnauthorized, Msg: "invalid or revoked API token"}
	errNotFound     = &statusError{Status: http.StatusNotFound, Msg: "There is nothing here. Check the address, or go back and try again."}
	errMethod       = &statusError{Status: http.StatusMethodNotAllowed, Msg: "This address does not accept that method."}
)

// errorStatus maps an error to its HTTP status and the message a user may
// see. This is the one place that decides; handlers only pass errors on.
// Messages of internal errors are never shown.
func errorStatus(err error) (int, string) {
	var se *statusError
	switch {
	case errors.As(err, &se):
		return se.Status, se.Msg
	case errors.Is(err, db.ErrNotFound):
		return http.StatusNotFound, "We could not find that. It may have been removed from Greenhouse."
	case errors.Is(err, ErrInvalid):
		return http.StatusBadRequest, userMessage(err, ErrInvalid)
	case errors.Is(err, form.ErrInvalid):
		return http.StatusBadRequest, userMessage(err, form.ErrInvalid)
	case errors.Is(err, db.ErrConflict):
		return http.StatusConflict, userMessage(err, db.ErrConflict)
	case errors.Is(err, search.ErrNeedsRebuild):
		return http.StatusServiceUnavailable, "The search index is being rebuilt after an upgrade. Try again in a minute."
	case errors.Is(err, ErrNotConnected):
		return http.StatusConflict, "Greenhouse is not connected. An owner can connect it under My Company."
	}
	return http.StatusInternalServerError, "Internal error."
}

// userMessage extracts the human part of an error wrapped as
// "pkg: what happened: sentinel" or "sentinel: what to do".
func userMessage(err, sentinel error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, sentinel.Error()+": ")
	msg = strings.TrimSuffix(msg, ": "+sentinel.Error())
	if i := strings.LastIndex(msg, "db: "); i >= 0 {
		msg = msg[i+len("db: "):]
	}
	if msg == "" {
		return sentinel.Error()
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
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
