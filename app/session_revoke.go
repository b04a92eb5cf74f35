package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// sessionRevoke ends one of the user's other sessions (from the Account
// page). The session in use is ended by logging out.
func (s *server) sessionRevoke(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "sessionID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if id == currentSessionID(ctx) {
		s.error(w, r, invalid("this is the session you are using: log out to end it"))
		return
	}
	// Only the user's own sessions match; another user's id is not found.
	if err := s.DB.DeleteSession(ctx, currentAccount(ctx).ID, id); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Session ended: that browser must log in again.")
	s.redirect(w, r, "/account#sessions-h")
}
