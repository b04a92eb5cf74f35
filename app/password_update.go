package app

import (
	"errors"
	"net/http"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/views"
)

// passwordUpdate changes the user's own password after checking the
// current one. Other sessions of the account end; this one continues.
func (s *server) passwordUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	acct := currentAccount(ctx)
	if bcrypt.CompareHashAndPassword([]byte(acct.PasswordHash), []byte(r.PostForm.Get("current_password"))) != nil {
		flash(r, views.FlashError, "Password not changed: the current password is wrong.")
		s.redirect(w, r, "/account")
		return
	}
	err := s.SetPassword(ctx, acct.ID, r.PostForm.Get("new_password"))
	if errors.Is(err, ErrInvalid) {
		_, msg := errorStatus(err)
		flash(r, views.FlashError, "Password not changed: "+msg)
		s.redirect(w, r, "/account")
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	updated, err := s.DB.Account(ctx, acct.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.login(r, updated)
	flash(r, views.FlashSuccess, "Password changed. Your other sessions are logged out.")
	s.redirect(w, r, "/account")
}
