package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// The JSON API (/api/v1) serves scripts. It authenticates only with
// personal API tokens (Authorization: Bearer slt_...), never with the
// session cookie, so it needs no CSRF protection. Lists are bare JSON
// arrays; errors are {"error": "..."}.

type apiAccountKey struct{}

// requireToken authenticates an API request by its bearer token.
func (s *server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shortlist"`)
			s.error(w, r, errNoToken)
			return
		}
		acct, tokenID, err := s.DB.AccountByTokenHash(r.Context(), hashToken(tok))
		if errors.Is(err, db.ErrNotFound) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shortlist", error="invalid_token"`)
			s.error(w, r, errBadToken)
			return
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		// Recording use is best effort: a failure must not refuse the
		// request, but it is logged.
		if err := s.DB.TouchAPIToken(r.Context(), tokenID); err != nil {
			s.log.Warn("record API token use", slog.Int64("token_id", tokenID), slog.Any("error", err))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), apiAccountKey{}, &acct)))
	})
}

// bearerToken is the token of an "Authorization: Bearer <token>" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	tok = strings.TrimSpace(tok)
	return tok, ok && strings.EqualFold(scheme, "Bearer") && tok != ""
}

// apiTime renders a time for the API: RFC 3339 in UTC, or null.
func apiTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// apiString is a string or null when empty.
func apiString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
