package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
// generated on first use, so a restart keeps everyone logged in. Deleting
// the setting (and restarting) logs everyone out.
const SettingSessionKeys = "session.keys"

// sessionCookie is the session cookie's name.
const sessionCookie = "shortlist_session"

// Session values. They are few and small: the cookie holds them, encrypted
// and authenticated.
const (
	keyAccount = "account" // int64 account id; absent when logged out
	keyPWFP    = "pwfp"    // fingerprint of the password hash at login
	keyCreated = "created" // unix seconds of login
	keySeen    = "seen"    // unix seconds of the last request
	keyCSRF    = "csrf"    // the CSRF token
	keyFlash   = "flash"   // JSON []views.Flash
)

// seenEvery is how stale the last-seen stamp may get before a request
// rewrites the cookie, so that not every request sets a cookie.
const seenEvery = time.Minute

// sessionState is the decoded session of one request.
type sessionState struct {
	sess    *sessions.Session
	account *db.Account // nil when logged out
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

func isOwner(a *db.Account) bool { return a != nil && a.Role == db.RoleOwner }

// passwordFingerprint changes whenever the password does, so that changing
// a password ends the account's other sessions.
func passwordFingerprint(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8])
}

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
	// The codec refuses cookies older than this; the idle timeout is
	// enforced from the last-seen stamp inside.
	st.MaxAge(int(sessionMax / time.Second))
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
// account. The account is read on every request, so disabling it (or
// changing its password) ends its sessions at once.
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
		if err := s.resolveAccount(ctx, st); err != nil {
			s.error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, sessionKey{}, st)))
	})
}

func (s *server) resolveAccount(ctx context.Context, st *sessionState) error {
	id, _ := st.sess.Values[keyAccount].(int64)
	if id == 0 {
		return nil
	}
	now := s.now()
	seen, _ := st.sess.Values[keySeen].(int64)
	created, _ := st.sess.Values[keyCreated].(int64)
	if now.Sub(time.Unix(seen, 0)) > sessionIdle || now.Sub(time.Unix(created, 0)) > sessionMax {
		st.logout()
		st.addFlash(views.FlashInfo, "Your session expired. Please log in again.")
		return nil
	}
	acct, err := s.DB.Account(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		st.logout()
		return nil
	}
	if err != nil {
		return err
	}
	if fp, _ := st.sess.Values[keyPWFP].(string); acct.Disabled || fp != passwordFingerprint(acct.PasswordHash) {
		st.logout()
		return nil
	}
	st.account = &acct
	if now.Sub(time.Unix(seen, 0)) > seenEvery {
		st.sess.Values[keySeen] = now.Unix()
		st.dirty = true
	}
	return nil
}

// login starts an authenticated session for acct. Everything from the
// anonymous session is dropped and the CSRF token replaced, so a token
// planted before login is worthless after it.
func (s *server) login(r *http.Request, acct db.Account) {
	st := sessionFrom(r.Context())
	now := s.now().Unix()
	flashes := st.sess.Values[keyFlash]
	st.sess.Values = map[any]any{
		keyAccount: acct.ID,
		keyPWFP:    passwordFingerprint(acct.PasswordHash),
		keyCreated: now,
		keySeen:    now,
		keyCSRF:    newCSRFToken(),
	}
	if flashes != nil {
		st.sess.Values[keyFlash] = flashes
	}
	st.account = &acct
	st.dirty = true
	t := s.now()
	if err := s.DB.UpdateAccount(r.Context(), acct.ID, db.AccountUpdate{LastLoginAt: &t}); err != nil {
		s.log.Warn("record last login", slog.Any("error", err))
	}
}

// logout drops the session's identity and its CSRF token.
func (st *sessionState) logout() {
	st.sess.Values = map[any]any{}
	st.account = nil
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
