package app

import (
	"errors"
	"net/http"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// passwordUpdate changes the user's own password after checking the
// current one. Every session of the account ends; this one is re-issued
// with a new token, so the user stays logged in here only.
func (s *server) passwordUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	acct := currentAccount(ctx)
	if err := s.checkCurrentPassword(acct.ID, acct.PasswordHash, r.PostForm.Get("current_password")); err != nil {
		if errors.Is(err, errWrongPassword) {
			flash(r, views.FlashError, "Password not changed: the current password is wrong.")
			s.redirect(w, r, "/account")
			return
		}
		s.error(w, r, err)
		return
	}
	err := s.SetPassword(ctx, acct.ID, r.PostForm.Get("new_password"))
	if errors.Is(err, db.ErrInvalid) {
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
	if err := s.startSession(r, updated); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Password changed. Your other sessions are logged out.")
	s.redirect(w, r, "/account")
}

// errWrongPassword is a current password that does not match.
var errWrongPassword = errors.New("wrong current password")

// checkCurrentPassword checks a user's current password before a change
// to their credentials. Failures are throttled per account, so a session
// left open (or stolen) cannot be used to guess the password; while
// throttled even the right password is refused with 429.
func (s *server) checkCurrentPassword(accountID int64, hash, password string) error {
	key, now := passwordCheckKey(accountID), s.now()
	if wait := s.throttle.wait(now, key, passwordCheckFailures); wait > 0 {
		return db.Errorf(db.ErrThrottled, "Too many wrong current passwords, %s.", retryIn(wait))
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		s.throttle.fail(now, key)
		return errWrongPassword
	}
	s.throttle.reset(key)
	return nil
}
