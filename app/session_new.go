package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// sessionNew shows the login form.
func (s *server) sessionNew(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"), "")
	if currentAccount(r.Context()) != nil {
		s.redirect(w, r, localPath(next, "/jobs"))
		return
	}
	if tok, err := s.setupToken(r.Context()); err != nil {
		s.error(w, r, err)
		return
	} else if tok != "" {
		s.redirect(w, r, "/setup")
		return
	}
	s.render(w, r, http.StatusOK, views.LoginPage(s.layout(w, r, "Log in", ""), views.LoginProps{Next: next}))
}
