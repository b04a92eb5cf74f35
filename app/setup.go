package app

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"strings"
	"sync"
)

// setupState is the one-time token that guards first-run setup. It exists
// only while there is no account; it lives in memory, so a restart prints a
// new one.
type setupState struct {
	mu    sync.Mutex
	token string
	done  bool // an account exists: setup is over for good
	// createMu serializes setup submissions, so two cannot both create "the
	// first" owner.
	createMu sync.Mutex
}

// setupToken returns the setup token, generating and logging it the first
// time, or "" once any account exists.
func (s *server) setupToken(ctx context.Context) (string, error) {
	s.setup.mu.Lock()
	defer s.setup.mu.Unlock()
	if s.setup.done {
		return "", nil
	}
	n, err := s.DB.CountAccounts(ctx)
	if err != nil {
		return "", err
	}
	if n > 0 {
		s.setup.done, s.setup.token = true, ""
		return "", nil
	}
	if s.setup.token == "" {
		s.setup.token = RandomSecret(24)
		link := s.setupBase() + "/setup?token=" + s.setup.token
		s.log.Info("first-run setup: open "+link, slog.String("url", link))
	}
	return s.setup.token, nil
}

// setupBase is the address the setup link in the log starts with.
func (s *server) setupBase() string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	addr := s.cfg.Addr
	if strings.HasPrefix(addr, ":") {
		addr = "localhost" + addr
	}
	return "http://" + addr
}

// checkSetupToken reports whether tok is the current setup token.
func (s *server) checkSetupToken(ctx context.Context, tok string) (bool, error) {
	want, err := s.setupToken(ctx)
	if err != nil || want == "" {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1, nil
}

// finishSetup ends setup: the token stops working.
func (s *server) finishSetup() {
	s.setup.mu.Lock()
	s.setup.done, s.setup.token = true, ""
	s.setup.mu.Unlock()
}
