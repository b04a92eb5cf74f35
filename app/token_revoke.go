package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// tokenRevoke revokes one of the user's API tokens.
func (s *server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "tokenID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.DB.RevokeAPIToken(r.Context(), currentAccount(r.Context()).ID, id); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Token revoked. Scripts using it now get 401.")
	s.redirect(w, r, "/account")
}
