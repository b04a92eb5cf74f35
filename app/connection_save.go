package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// connectionSave tests and saves the posted Greenhouse credentials, and
// connects with them.
func (s *server) connectionSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	g, err := s.connectionForm(ctx, r)
	if err == nil {
		err = s.SaveConnection(ctx, g)
	}
	if err != nil {
		s.connectionFailed(w, r, "Not saved", err)
		return
	}
	conn, err := s.Connection(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Connected to Greenhouse (Harvest "+conn.Version+"). Press Sync now to pull your candidates.")
	s.redirect(w, r, "/company#greenhouse-h")
}
