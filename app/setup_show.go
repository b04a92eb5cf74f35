package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// errSetupToken is a setup visit without the link from the log.
var errSetupToken = db.Errorf(db.ErrForbidden,
	"First-run setup needs the one-time link printed in the server's log when it started (…/setup?token=…). Open that link.")

// setupShow shows the form that creates the first owner, to whoever holds
// the one-time token from the log. Once an account exists it is gone.
func (s *server) setupShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if tok, err := s.setupToken(ctx); err != nil {
		s.error(w, r, err)
		return
	} else if tok == "" {
		s.redirect(w, r, "/login")
		return
	}
	token := r.URL.Query().Get("token")
	ok, err := s.checkSetupToken(ctx, token)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !ok {
		s.error(w, r, errSetupToken)
		return
	}
	s.render(w, r, http.StatusOK, views.SetupPage(s.layout(w, r, "Set up", ""), views.SetupProps{Token: token, MinPassword: MinPasswordLength}))
}
