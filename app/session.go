package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/sessions"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// SettingSessionKeys holds the cookie signing and encryption keys,
// generated on first use. Deleting the setting (and restarting) logs
// everyone out.
const SettingSessionKeys = "session.keys"

// sessionCookie is the session cookie's name.
const sessionCookie = "shortlist_session"

// A login session lives in two places. The sessions table holds who is
// logged in, since when and from where, so the server can end a session
// (logout, password change, an owner disabling the account) and a copied
// cookie stops working. The cookie, encrypted and authenticated with the
// session keys, carries that row's random token and two things that belong
// to the browser rather than the login: the CSRF token and flash messages.
// Keeping those in the cookie means a visitor who is not logged in (the
// login form needs a CSRF token) costs no database row, and a flash costs
// no write. The CSRF token is replaced at every login and dropped at
// logout, and is worthless without a live session row anyway.
const (
	keyToken = "sid"   // the session token; absent when logged out
	keyCSRF  = "csrf"  // the CSRF token
	keyFlash = "flash" // JSON []views.Flash
)

// seenEvery is how stale a session's last-seen stamp may get before a
// request rewrites it, so that not every request writes to the database.
const seenEvery = time.Minute

// maxUserAgent bounds the user agent kept with a session.
const maxUserAgent = 200

// sessionState is the decoded session of one request.
type sessionState struct {
	sess    *sessions.Session
	account *db.Account // nil when logged out
	row     *db.Session // the session row; nil when logged out
	dirty   bool
}

type sessionKey struct{}

func sessionFrom(ctx context.Context) *sessionState {
	st, _ := ctx.Value(sessionKey{}).(*sessionState)
	return st
}

// currentAccount is the logged-in account, or nil.
func currentAccount(ctx context.Context) *db.Account {
	if st := sessionFrom(ctx); st != nil {
		return st.account
	}
	return nil
}

// currentSessionID is the id of the request's session row, or 0.
func currentSessionID(ctx context.Context) int64 {
	if st := sessionFrom(ctx); st != nil && st.row != nil {
		return st.row.ID
	}
	return 0
}

func isOwner(a *db.Account) bool { return a != nil && a.Role == db.RoleOwner }

// cookieStore returns the store, creating and saving its keys the first
// time.
func (s *server) cookieStore(ctx context.Context) (*sessions.CookieStore, error) {
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	if s.store != nil {
		return s.store, nil
	}
	v, err := s.DB.Setting(ctx, SettingSessionKeys)
	if err != nil {
		return nil, err
	}
	hashKey, blockKey, ok := parseSessionKeys(v)
	if !ok {
		if v != "" {
			s.log.Warn("session keys setting is malformed; generating new ones (everyone is logged out)")
		}
		hashKey, blockKey = randomBytes(64), randomBytes(32)
		v = base64.RawStdEncoding.EncodeToString(hashKey) + ":" + base64.RawStdEncoding.EncodeToString(blockKey)
		if err := s.DB.SetSettings(ctx, map[string]string{SettingSessionKeys: v}); err != nil {
			return nil, err
		}
	}
	st := sessions.NewCookieStore(hashKey, blockKey)
	st.Options = &sessions.Options{Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode}
	// The codec refuses cookies older than this; the session row's own
	// limits are checked on every request.
	_, max := s.cfg.sessionLimits()
	st.MaxAge(int(max / time.Second))
	s.store = st
	return st, nil
}

func parseSessionKeys(v string) (hashKey, blockKey []byte, ok bool) {
	h, b, found := strings.Cut(v, ":")
	if !found {
		return nil, nil, false
	}
	hk, err1 := base64.RawStdEncoding.DecodeString(h)
	bk, err2 := base64.RawStdEncoding.DecodeString(b)
	if err1 != nil || err2 != nil || len(hk) != 64 || len(bk) != 32 {
		return nil, nil, false
	}
	return hk, bk, true
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// loadSession decodes the session cookie and resolves the logged-in
// account from the session row. The row and the account are read on every
// request, so ending a session or disabling an account takes effect at
// once.
func (s *server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		store, err := s.cookieStore(ctx)
		if err != nil {
			s.error(w, r, err)
			return
		}
		// A cookie that no longer decodes (keys changed, expired, tampered)
		// is a fresh, logged-out session.
		sess, _ := store.New(r, sessionCookie)
		st := &sessionState{sess: sess}
		if err := s.resolveAccount(r, st); err != nil {
			s.error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, sessionKey{}, st)))
	})
}

func (s *server) resolveAccount(r *http.Request, st *sessionState) error {
	ctx := r.Context()
	tok, _ := st.sess.Values[keyToken].(string)
	if tok == "" {
		return nil
	}
	row, err := s.DB.SessionByTokenHash(ctx, hashToken(tok))
	if errors.Is(err, db.ErrNotFound) {
		// Logged out elsewhere, ended by a password change or an owner, or
		// purged after expiring.
		st.logout()
		st.addFlash(views.FlashInfo, "Your session has ended. Please log in again.")
		return nil
	}
	if err != nil {
		return err
	}
	now := s.now()
	idle, max := s.cfg.sessionLimits()
	if now.Sub(row.LastSeenAt) > idle || now.Sub(row.CreatedAt) > max {
		if err := s.DB.DeleteSession(ctx, row.AccountID, row.ID); err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
		st.logout()
		st.addFlash(views.FlashInfo, "Your session expired. Please log in again.")
		return nil
	}
	acct, err := s.DB.Account(ctx, row.AccountID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if err != nil || acct.Disabled {
		// Disabling deletes the account's sessions; this covers a row that
		// raced with it.
		st.logout()
		return nil
	}
	st.account, st.row = &acct, &row
	if now.Sub(row.LastSeenAt) > seenEvery {
		ip, ua := clientIP(r), userAgent(r)
		if err := s.DB.TouchSession(ctx, row.ID, now, ip, ua); err != nil {
			s.log.Warn("record session use", slog.Any("error", err))
		} else {
			st.row.LastSeenAt, st.row.IP, st.row.UserAgent = now, ip, ua
		}
	}
	return nil
}

// userAgent is the request's user agent, shortened for keeping.
func userAgent(r *http.Request) string {
	ua := strings.ToValidUTF8(r.UserAgent(), "")
	if len([]rune(ua)) > maxUserAgent {
		ua = string([]rune(ua)[:maxUserAgent]) + "…"
	}
	return ua
}

// login starts an authenticated session for acct and records the login.
func (s *server) login(r *http.Request, acct db.Account) error {
	if err := s.startSession(r, acct); err != nil {
		return err
	}
	t := s.now()
	if err := s.DB.UpdateAccount(r.Context(), acct.ID, db.AccountUpdate{LastLoginAt: &t}); err != nil {
		s.log.Warn("record last login", slog.Any("error", err))
	}
	return nil
}

// startSession gives the browser a new session row for acct with a new
// token, ending the session it had. Everything from the old session but
// its flash messages is dropped and the CSRF token replaced, so neither a
// token planted before login nor a copy of the old cookie is worth
// anything after it. It also re-issues the session after a password or
// role change, which ends every session of the account.
func (s *server) startSession(r *http.Request, acct db.Account) error {
	ctx := r.Context()
	st := sessionFrom(ctx)
	now := s.now()
	if st.row != nil {
		if err := s.DB.DeleteSession(ctx, st.row.AccountID, st.row.ID); err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
	}
	tok := RandomSecret(32)
	row, err := s.DB.CreateSession(ctx, db.Session{AccountID: acct.ID, CreatedAt: now, LastSeenAt: now,
		IP: clientIP(r), UserAgent: userAgent(r)}, hashToken(tok))
	if err != nil {
		return err
	}
	flashes := st.sess.Values[keyFlash]
	st.sess.Values = map[any]any{keyToken: tok, keyCSRF: newCSRFToken()}
	if flashes != nil {
		st.sess.Values[keyFlash] = flashes
	}
	st.account, st.row = &acct, &row
	st.dirty = true
	s.purgeSessions(ctx)
	return nil
}

// purgeSessions deletes expired session rows. Logins call it, so the table
// holds at most the sessions of one idle period plus the live ones.
func (s *server) purgeSessions(ctx context.Context) {
	idle, max := s.cfg.sessionLimits()
	now := s.now()
	if _, err := s.DB.PurgeSessions(ctx, now.Add(-idle), now.Add(-max)); err != nil {
		s.log.Warn("purge expired sessions", slog.Any("error", err))
	}
}

// endSession ends the request's session: its row goes, and the cookie
// keeps nothing but flash messages.
func (s *server) endSession(r *http.Request) error {
	st := sessionFrom(r.Context())
	if st.row != nil {
		if err := s.DB.DeleteSession(r.Context(), st.row.AccountID, st.row.ID); err != nil && !errors.Is(err, db.ErrNotFound) {
			return err
		}
	}
	st.logout()
	return nil
}

// logout drops the session's identity and its CSRF token from the cookie.
func (st *sessionState) logout() {
	flashes := st.sess.Values[keyFlash]
	st.sess.Values = map[any]any{}
	if flashes != nil {
		st.sess.Values[keyFlash] = flashes
	}
	st.account, st.row = nil, nil
	st.dirty = true
}

// csrfToken returns the session's CSRF token, creating one if needed.
func (st *sessionState) csrfToken() string {
	if tok, _ := st.sess.Values[keyCSRF].(string); tok != "" {
		return tok
	}
	tok := newCSRFToken()
	st.sess.Values[keyCSRF] = tok
	st.dirty = true
	return tok
}

// addFlash queues a message for the next page shown.
func (st *sessionState) addFlash(kind, msg string) {
	fs := st.flashes()
	fs = append(fs, views.Flash{Kind: kind, Message: msg})
	b, _ := json.Marshal(fs)
	st.sess.Values[keyFlash] = string(b)
	st.dirty = true
}

func (st *sessionState) flashes() []views.Flash {
	var fs []views.Flash
	if v, _ := st.sess.Values[keyFlash].(string); v != "" {
		_ = json.Unmarshal([]byte(v), &fs)
	}
	return fs
}

// takeFlashes returns the queued messages and forgets them.
func (st *sessionState) takeFlashes() []views.Flash {
	fs := st.flashes()
	if len(fs) > 0 {
		delete(st.sess.Values, keyFlash)
		st.dirty = true
	}
	return fs
}

// flash queues a message on the request's session.
func flash(r *http.Request, kind, msg string) {
	if st := sessionFrom(r.Context()); st != nil {
		st.addFlash(kind, msg)
	}
}

// saveSession writes the session cookie if the session changed. It must
// run before the response's header is written.
func (s *server) saveSession(w http.ResponseWriter, r *http.Request) error {
	st := sessionFrom(r.Context())
	if st == nil || !st.dirty {
		return nil
	}
	store, err := s.cookieStore(r.Context())
	if err != nil {
		return err
	}
	opts := *store.Options
	opts.Secure = s.secureCookies(r)
	if len(st.sess.Values) == 0 {
		opts.MaxAge = -1
	}
	st.sess.Options = &opts
	if err := store.Save(r, w, st.sess); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	st.dirty = false
	return nil
}
