package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// accountShow is the Account page: password, sessions and personal API
// tokens.
func (s *server) accountShow(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, "", "")
}

// renderAccount renders the Account page, with a token just created.
func (s *server) renderAccount(w http.ResponseWriter, r *http.Request, status int, newToken, newTokenName string) {
	acct := currentAccount(r.Context())
	tokens, err := s.DB.APITokens(r.Context(), acct.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	now := s.now()
	idle, max := s.cfg.sessionLimits()
	sessions, err := s.DB.Sessions(r.Context(), acct.ID, now.Add(-idle), now.Add(-max))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := views.AccountProps{Account: *acct, Tokens: tokens, MinPassword: MinPasswordLength, NewToken: newToken, NewTokenName: newTokenName,
		Sessions: sessions, CurrentSession: currentSessionID(r.Context())}
	s.render(w, r, status, views.AccountPage(s.layout(w, r, "Account", "account"), p))
}
