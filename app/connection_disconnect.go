package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// connectionDisconnect forgets the saved Greenhouse credentials, after the
// owner confirmed.
func (s *server) connectionDisconnect(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	if r.PostForm.Get("confirm") != "yes" {
		flash(r, views.FlashError, "Tick “Yes, disconnect Greenhouse” to confirm.")
		s.redirect(w, r, "/company#greenhouse-h")
		return
	}
	if err := s.Disconnect(r.Context()); err != nil {
		s.connectionFailed(w, r, "Not disconnected", err)
		return
	}
	flash(r, views.FlashSuccess, "Greenhouse is disconnected. Synced data stays until you remove it.")
	s.redirect(w, r, "/company#greenhouse-h")
}
