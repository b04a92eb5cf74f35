package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// sessionDestroy logs out: the session row is deleted, so a copy of the
// cookie stops working too.
func (s *server) sessionDestroy(w http.ResponseWriter, r *http.Request) {
	if err := s.endSession(r); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashInfo, "You are logged out.")
	s.redirect(w, r, "/login")
}
