package app

import (
	"errors"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// userCreate adds a user with an initial password.
func (s *server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	f := r.PostForm
	acct, err := s.AddUser(r.Context(), strings.TrimSpace(f.Get("email")), f.Get("name"), f.Get("role"), f.Get("password"))
	if errors.Is(err, db.ErrInvalid) || errors.Is(err, db.ErrConflict) {
		_, msg := errorStatus(err)
		flash(r, views.FlashError, "User not added: "+msg)
		s.redirect(w, r, "/company#users-h")
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Added "+acct.Email+" as "+acct.Role+".")
	s.redirect(w, r, "/company#users-h")
}
