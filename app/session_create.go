package app

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// sessionCreate logs a user in. Attempts are throttled per client address
// and account (see throttle.go); an unknown email costs a bcrypt comparison
// like a wrong password, so timing does not tell which emails have
// accounts.
func (s *server) sessionCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	next := localPath(r.PostForm.Get("next"), "")
	fail := func(status int, msg string) {
		s.render(w, r, status, views.LoginPage(s.layout(w, r, "Log in", ""), views.LoginProps{Email: email, Next: next, Error: msg}))
	}

	keys := newLoginKeys(clientIP(r), email)
	now := s.now()
	if wait := s.throttle.loginWait(now, keys); wait > 0 {
		fail(http.StatusTooManyRequests, tooManyAttempts(wait))
		return
	}

	acct, err := s.DB.AccountByEmail(ctx, email)
	switch {
	case errors.Is(err, db.ErrNotFound):
		_ = bcrypt.CompareHashAndPassword(s.dummyHash, []byte(password))
	case err != nil:
		s.error(w, r, err)
		return
	}
	if acct.ID == 0 || bcrypt.CompareHashAndPassword([]byte(acct.PasswordHash), []byte(password)) != nil {
		s.throttle.loginFailed(now, keys)
		fail(http.StatusUnauthorized, "Wrong email or password.")
		return
	}
	if acct.Disabled {
		fail(http.StatusForbidden, "This account is disabled. Ask an owner of this Shortlist to enable it.")
		return
	}
	s.throttle.loginSucceeded(keys)
	if err := s.login(r, acct); err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, localPath(next, "/jobs"))
}

// tooManyAttempts tells a throttled user how long to wait.
func tooManyAttempts(wait time.Duration) string {
	return "Too many attempts, " + retryIn(wait) + "."
}

// retryIn says how long to wait, in whole minutes.
func retryIn(wait time.Duration) string {
	mins := int(math.Ceil(wait.Minutes()))
	return fmt.Sprintf("try again in %d %s", mins, pluralWord(mins, "minute", "minutes"))
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
