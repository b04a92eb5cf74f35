package app

import (
	"fmt"
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// sessionRevokeOthers ends every session of the user but the one in use.
func (s *server) sessionRevokeOthers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.DB.DeleteSessions(ctx, currentAccount(ctx).ID, currentSessionID(ctx))
	if err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, fmt.Sprintf("Logged out %d other %s.", n, pluralWord(int(n), "session", "sessions")))
	s.redirect(w, r, "/account#sessions-h")
}
