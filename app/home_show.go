package app

import "net/http"

// home sends each visitor where they start: first-run setup when nobody
// has an account yet, the login page when logged out, Jobs otherwise.
func (s *server) home(w http.ResponseWriter, r *http.Request) {
	tok, err := s.setupToken(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	switch {
	case tok != "":
		s.redirect(w, r, "/setup")
	case currentAccount(r.Context()) == nil:
		s.redirect(w, r, "/login")
	default:
		s.redirect(w, r, "/jobs")
	}
}
