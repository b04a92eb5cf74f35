package app

import (
	"errors"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// setupCreate creates the first owner and logs them in; the setup token
// stops working.
func (s *server) setupCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	s.setup.createMu.Lock()
	defer s.setup.createMu.Unlock()
	if tok, err := s.setupToken(ctx); err != nil {
		s.error(w, r, err)
		return
	} else if tok == "" {
		s.redirect(w, r, "/login")
		return
	}
	token := r.PostForm.Get("token")
	ok, err := s.checkSetupToken(ctx, token)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !ok {
		s.error(w, r, errSetupToken)
		return
	}
	email, name := strings.TrimSpace(r.PostForm.Get("email")), strings.TrimSpace(r.PostForm.Get("name"))
	acct, err := s.AddUser(ctx, email, name, db.RoleOwner, r.PostForm.Get("password"))
	if errors.Is(err, db.ErrInvalid) {
		_, msg := errorStatus(err)
		s.render(w, r, http.StatusBadRequest, views.SetupPage(s.layout(w, r, "Set up", ""),
			views.SetupProps{Token: token, Email: email, Name: name, Error: msg, MinPassword: MinPasswordLength}))
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.finishSetup()
	if err := s.login(r, acct); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Welcome! Connect Greenhouse below to sync your candidates.")
	s.redirect(w, r, "/company")
}
