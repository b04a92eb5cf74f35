package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// sessionDestroy logs out.
func (s *server) sessionDestroy(w http.ResponseWriter, r *http.Request) {
	st := sessionFrom(r.Context())
	st.logout()
	st.addFlash(views.FlashInfo, "You are logged out.")
	s.redirect(w, r, "/login")
}
