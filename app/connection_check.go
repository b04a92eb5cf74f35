package app

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// connectionCheck tries the posted Greenhouse credentials without saving
// them.
func (s *server) connectionCheck(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	g, err := s.connectionForm(ctx, r)
	if err == nil {
		err = s.TestConnection(ctx, g)
	}
	if err != nil {
		s.connectionFailed(w, r, "The connection test failed", err)
		return
	}
	flash(r, views.FlashSuccess, "The connection works. Press Save to use it.")
	s.redirect(w, r, "/company#greenhouse-h")
}

// connectionFailed tells the owner why Greenhouse refused: their input
// (db.ErrInvalid) or Greenhouse's answer, which is theirs to see.
func (s *server) connectionFailed(w http.ResponseWriter, r *http.Request, what string, err error) {
	if errors.Is(err, db.ErrInvalid) {
		_, msg := errorStatus(err)
		flash(r, views.FlashError, what+": "+msg)
	} else {
		if status, _ := errorStatus(err); status >= 500 {
			s.log.Warn("greenhouse connection failed", slog.Any("error", err))
		}
		flash(r, views.FlashError, what+": "+err.Error())
	}
	s.redirect(w, r, "/company#greenhouse-h")
}
