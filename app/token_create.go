package app

import (
	"errors"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// tokenCreate makes a personal API token and shows it, this once.
func (s *server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if rs := []rune(name); len(rs) > 100 {
		name = string(rs[:100])
	}
	tok, t, err := s.CreateToken(r.Context(), currentAccount(r.Context()).Email, name)
	if errors.Is(err, db.ErrInvalid) {
		_, msg := errorStatus(err)
		flash(r, views.FlashError, msg)
		s.redirect(w, r, "/account")
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Rendered, not redirected: the token must not travel in a URL or a
	// cookie.
	s.renderAccount(w, r, http.StatusOK, tok, t.Name)
}
