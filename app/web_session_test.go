package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/db"
)

// copyClient is a second browser holding a copy of c's cookies.
func copyClient(t *testing.T, c *client) *client {
	t.Helper()
	cp := newClient(t, c.base)
	u, _ := url.Parse(c.base)
	cp.hc.Jar.SetCookies(u, c.hc.Jar.Cookies(u))
	cp.csrf = c.csrf
	return cp
}

// sessionToken decodes the session token from c's cookie, as the server
// would.
func sessionToken(t *testing.T, s *server, c *client) string {
	t.Helper()
	store, err := s.cookieStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	sess, err := store.Get(req, sessionCookie)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := sess.Values[keyToken].(string)
	return tok
}

// tempUser adds a recruiter for one test.
func tempUser(t *testing.T, password string) db.Account {
	t.Helper()
	name := strings.NewReplacer("/", "-", "_", "-").Replace(strings.ToLower(t.Name()))
	acct, err := fx.app.AddUser(context.Background(), "temp-"+name+"@example.com", "Temp", db.RoleRecruiter, password)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func liveSessions(t *testing.T, accountID int64) []db.Session {
	t.Helper()
	ss, err := fx.app.DB.Sessions(context.Background(), accountID, time.Now().Add(-DefaultSessionIdle), time.Now().Add(-DefaultSessionMax))
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestLogoutEndsCopiedCookie(t *testing.T) {
	ctx := context.Background()
	s, srv := startServer(t, fx.app)
	acct := tempUser(t, "copied-cookie-1")
	c := newClient(t, srv.URL)
	c.login(acct.Email, "copied-cookie-1")
	stolen := copyClient(t, c)
	if res := stolen.get("/account"); res.Status != http.StatusOK {
		t.Fatalf("copied cookie before logout: %d, want 200", res.Status)
	}

	// Only the token's hash is stored.
	tok := sessionToken(t, s, c)
	if tok == "" {
		t.Fatal("no session token in the cookie")
	}
	if _, err := fx.app.DB.SessionByTokenHash(ctx, hashToken(tok)); err != nil {
		t.Fatalf("session row by token hash: %v", err)
	}
	if _, err := fx.app.DB.SessionByTokenHash(ctx, tok); err == nil {
		t.Fatal("the raw token is stored")
	}

	if res := c.post("/logout", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.Status)
	}
	for _, path := range []string{"/account", "/jobs"} {
		if res := stolen.get(path); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("copied cookie after logout, %s: %d %s, want 303 to /login", path, res.Status, res.Header.Get("Location"))
		}
	}
	if n := len(liveSessions(t, acct.ID)); n != 0 {
		t.Fatalf("%d sessions left after logout", n)
	}
	// A state change with the copied cookie and its CSRF token fails too.
	res := stolen.post("/account/tokens", url.Values{"name": {"after logout"}})
	if res.Status == http.StatusOK {
		t.Fatal("the copied cookie created a token after logout")
	}
	if toks, _ := fx.app.DB.APITokens(ctx, acct.ID); len(toks) != 0 {
		t.Fatalf("%d tokens made after logout", len(toks))
	}
}

// TestSessionEndsOnAccountChanges: changes to an account that owners make
// under My Company end its sessions at once.
func TestSessionEndsOnAccountChanges(t *testing.T) {
	_, srv := startServer(t, fx.app)
	owner := loggedIn(t, srv.URL, "owner")
	tests := []struct {
		name string
		form url.Values
	}{
		{"Disable", url.Values{"disabled": {"1"}}},
		{"RoleChange", url.Values{"role": {db.RoleOwner}}},
		{"PasswordReset", url.Values{"password": {"reset-by-owner-9"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := tempUser(t, "account-change-1")
			t.Cleanup(func() { demote(t, acct.ID) })
			var cs []*client
			for i := 0; i < 2; i++ {
				c := newClient(t, srv.URL)
				c.login(acct.Email, "account-change-1")
				cs = append(cs, c)
			}
			if res := owner.post("/company/users/"+strconv.FormatInt(acct.ID, 10), tt.form); res.Status != http.StatusSeeOther {
				t.Fatalf("update: %d", res.Status)
			}
			owner.get("/company") // the flash, and a fresh CSRF token
			for i, c := range cs {
				if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
					t.Fatalf("session %d still works: %d", i, res.Status)
				}
			}
			if n := len(liveSessions(t, acct.ID)); n != 0 {
				t.Fatalf("%d session rows left", n)
			}
			// The owner's own session is untouched.
			if res := owner.get("/company"); res.Status != http.StatusOK {
				t.Fatalf("the owner's session: %d", res.Status)
			}
		})
	}
}

// demote makes an account a recruiter again, so that tests counting on one
// owner in the fixture still find one.
func demote(t *testing.T, id int64) {
	r := db.RoleRecruiter
	if err := fx.app.DB.UpdateAccount(context.Background(), id, db.AccountUpdate{Role: &r}); err != nil {
		t.Errorf("demote account %d: %v", id, err)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	ctx := context.Background()
	s, srv := startServer(t, fx.app)
	acct := tempUser(t, "change-mine-1")
	changer := newClient(t, srv.URL)
	changer.login(acct.Email, "change-mine-1")
	before := sessionToken(t, s, changer)
	others := []*client{newClient(t, srv.URL), newClient(t, srv.URL)}
	for _, c := range others {
		c.login(acct.Email, "change-mine-1")
	}
	res := changer.post("/account/password", url.Values{"current_password": {"change-mine-1"}, "new_password": {"change-mine-2"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.Status)
	}
	if res := changer.get("/account"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Password changed") {
		t.Fatalf("the session that changed the password ended: %d", res.Status)
	}
	for i, c := range others {
		res := c.get("/jobs")
		if res.Status != http.StatusSeeOther {
			t.Fatalf("other session %d survived a password change: %d", i, res.Status)
		}
		if res := c.get("/login"); !strings.Contains(res.Body, "Your session has ended") {
			t.Errorf("other session %d is not told why", i)
		}
	}
	// The changing session was re-issued: its old token is dead.
	if after := sessionToken(t, s, changer); after == before {
		t.Error("the session token did not change with the password")
	}
	if _, err := fx.app.DB.SessionByTokenHash(ctx, hashToken(before)); err == nil {
		t.Error("the pre-change session row survived")
	}
	if ss := liveSessions(t, acct.ID); len(ss) != 1 {
		t.Fatalf("%d live sessions, want only the changer's", len(ss))
	}
}

func TestSessionExpiry(t *testing.T) {
	ctx := context.Background()
	s, srv := startServer(t, fx.app)
	acct := tempUser(t, "expiry-pass-1")
	var clock time.Time
	s.now = func() time.Time { return clock }
	t.Cleanup(func() { s.now = time.Now })

	t.Run("Idle", func(t *testing.T) {
		clock = time.Now()
		c := newClient(t, srv.URL)
		c.login(acct.Email, "expiry-pass-1")
		// Activity keeps it alive past one idle period in total.
		for i := 0; i < 3; i++ {
			clock = clock.Add(DefaultSessionIdle - time.Minute)
			if res := c.get("/jobs"); res.Status != http.StatusOK {
				t.Fatalf("active session ended after %d idle-minus-a-minute steps: %d", i+1, res.Status)
			}
		}
		clock = clock.Add(DefaultSessionIdle + time.Minute)
		if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("idle session still works: %d", res.Status)
		}
		if res := c.get("/login"); !strings.Contains(res.Body, "Your session expired") {
			t.Error("no expiry message")
		}
	})

	t.Run("Absolute", func(t *testing.T) {
		clock = time.Now()
		c := newClient(t, srv.URL)
		c.login(acct.Email, "expiry-pass-1")
		for clock.Before(time.Now().Add(DefaultSessionMax - DefaultSessionIdle)) {
			clock = clock.Add(DefaultSessionIdle / 2)
			if res := c.get("/jobs"); res.Status != http.StatusOK {
				t.Fatalf("active session ended early at %s: %d", clock, res.Status)
			}
		}
		clock = time.Now().Add(DefaultSessionMax + time.Minute)
		if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("session older than the absolute lifetime still works: %d", res.Status)
		}
	})

	t.Run("ExpiredRowsPurged", func(t *testing.T) {
		clock = time.Now()
		acct := tempUser(t, "expiry-pass-2")
		idle := newClient(t, srv.URL)
		idle.login(acct.Email, "expiry-pass-2")
		clock = clock.Add(DefaultSessionIdle + time.Hour)
		// Nobody comes back with the idle cookie; the next login anywhere
		// purges the row.
		newClient(t, srv.URL).login(recruiterEmail, recruiterPass)
		ss, err := fx.app.DB.Sessions(ctx, acct.ID, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 0 {
			t.Fatalf("%d expired session rows left after a login, want 0", len(ss))
		}
	})
}

func TestSessionConfig(t *testing.T) {
	env := func(kv ...string) func(string) (string, bool) {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	tests := []struct {
		name      string
		env       []string
		idle, max time.Duration
		wantErr   string
	}{
		{"Defaults", nil, 12 * time.Hour, 30 * 24 * time.Hour, ""},
		{"Set", []string{"SHORTLIST_SESSION_IDLE", "2h", "SHORTLIST_SESSION_MAX", "168h"}, 2 * time.Hour, 168 * time.Hour, ""},
		{"NotADuration", []string{"SHORTLIST_SESSION_IDLE", "2 hours"}, 0, 0, "SHORTLIST_SESSION_IDLE"},
		{"IdleOverMax", []string{"SHORTLIST_SESSION_IDLE", "48h", "SHORTLIST_SESSION_MAX", "24h"}, 0, 0, "at most SHORTLIST_SESSION_MAX"},
		{"Negative", []string{"SHORTLIST_SESSION_MAX", "-1h"}, 0, 0, "must not be negative"},
		{"TooShort", []string{"SHORTLIST_SESSION_IDLE", "1s"}, 0, 0, "at least 1m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(env(tt.env...))
			if err == nil {
				err = cfg.Validate()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if idle, max := cfg.sessionLimits(); idle != tt.idle || max != tt.max {
				t.Fatalf("limits = %s, %s; want %s, %s", idle, max, tt.idle, tt.max)
			}
		})
	}
}

func TestAccountSessions(t *testing.T) {
	_, srv := startServer(t, fx.app)
	acct := tempUser(t, "many-browsers-1")
	here := newClient(t, srv.URL)
	here.headers = map[string]string{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"}
	here.login(acct.Email, "many-browsers-1")
	phone := newClient(t, srv.URL)
	phone.headers = map[string]string{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"}
	phone.login(acct.Email, "many-browsers-1")
	laptop := newClient(t, srv.URL)
	laptop.login(acct.Email, "many-browsers-1")

	page := here.get("/account").Body
	if got := strings.Count(page, `data-testid="session-row"`); got != 3 {
		t.Fatalf("%d session rows, want 3\n%s", got, excerpt(page))
	}
	for _, want := range []string{"Chrome on Linux", "Safari on iPhone", "127.0.0.1", `data-testid="session-current"`, `data-testid="sessions-revoke-others"`} {
		if !strings.Contains(page, want) {
			t.Errorf("Account page lacks %q", want)
		}
	}
	if got := strings.Count(page, `data-testid="session-revoke"`); got != 2 {
		t.Errorf("%d End buttons, want 2 (not for this browser)", got)
	}

	ss := liveSessions(t, acct.ID)
	var phoneID, hereID int64
	for _, s := range ss {
		switch {
		case strings.Contains(s.UserAgent, "iPhone"):
			phoneID = s.ID
		case strings.Contains(s.UserAgent, "Linux"):
			hereID = s.ID
		}
	}
	if phoneID == 0 || hereID == 0 {
		t.Fatalf("sessions not told apart by user agent: %+v", ss)
	}

	t.Run("CannotEndAnotherUsersSession", func(t *testing.T) {
		other := loggedIn(t, srv.URL, "recruiter")
		if res := other.post("/account/sessions/"+strconv.FormatInt(phoneID, 10)+"/revoke", nil); res.Status != http.StatusNotFound {
			t.Fatalf("ending another user's session: %d, want 404", res.Status)
		}
		if res := phone.get("/jobs"); res.Status != http.StatusOK {
			t.Fatalf("the phone's session ended: %d", res.Status)
		}
	})

	t.Run("CannotEndCurrent", func(t *testing.T) {
		if res := here.post("/account/sessions/"+strconv.FormatInt(hereID, 10)+"/revoke", nil); res.Status != http.StatusBadRequest {
			t.Fatalf("ending the current session by id: %d, want 400", res.Status)
		}
	})

	t.Run("EndOne", func(t *testing.T) {
		if res := here.post("/account/sessions/"+strconv.FormatInt(phoneID, 10)+"/revoke", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("end: %d", res.Status)
		}
		if res := phone.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("the ended session still works: %d", res.Status)
		}
		if res := laptop.get("/jobs"); res.Status != http.StatusOK {
			t.Fatalf("another session ended too: %d", res.Status)
		}
	})

	t.Run("EndOthers", func(t *testing.T) {
		if res := here.post("/account/sessions/revoke-others", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("end others: %d", res.Status)
		}
		if res := laptop.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("another session survived: %d", res.Status)
		}
		page := here.get("/account")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "Logged out 1 other session.") {
			t.Fatalf("this session: %d, or no message", page.Status)
		}
		if got := strings.Count(page.Body, `data-testid="session-row"`); got != 1 {
			t.Fatalf("%d session rows left, want 1", got)
		}
	})
}

// TestOwnPasswordViaUserManagement: an owner's own password cannot be
// changed under My Company (which does not ask for the current one); other
// users' passwords can.
func TestOwnPasswordViaUserManagement(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	owner := loggedIn(t, srv.URL, "owner")
	self, _ := fx.app.DB.AccountByEmail(ctx, ownerEmail)
	page := owner.get("/company").Body
	if !strings.Contains(page, `data-testid="user-password-own"`) {
		t.Error("the owner's own row does not point to Account")
	}
	res := owner.post("/company/users/"+strconv.FormatInt(self.ID, 10), url.Values{"password": {"taken-over-pw-1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("own password via user management: %d, want 303 with a message", res.Status)
	}
	if page := owner.get("/company"); page.Status != http.StatusOK || !strings.Contains(page.Body, "change your own password under Account") {
		t.Fatalf("no refusal message (status %d)", page.Status)
	}
	got, _ := fx.app.DB.Account(ctx, self.ID)
	if bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte(ownerPass)) != nil {
		t.Fatal("the owner's password was changed without the current one")
	}

	other := tempUser(t, "reset-me-pass-1")
	if res := owner.post("/company/users/"+strconv.FormatInt(other.ID, 10), url.Values{"password": {"reset-by-owner-2"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reset another user's password: %d", res.Status)
	}
	got, _ = fx.app.DB.Account(ctx, other.ID)
	if bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte("reset-by-owner-2")) != nil {
		t.Fatal("an owner could not reset another user's password")
	}
}

// TestOwnRoleChangeKeepsSession: an owner who demotes themselves (another
// owner remaining) stays logged in here, as a recruiter; their other
// sessions end.
func TestOwnRoleChangeKeepsSession(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	acct, err := fx.app.AddUser(ctx, "second-owner@example.com", "Second Owner", db.RoleOwner, "second-owner-1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demote(t, acct.ID) })
	c := newClient(t, srv.URL)
	c.login(acct.Email, "second-owner-1")
	elsewhere := newClient(t, srv.URL)
	elsewhere.login(acct.Email, "second-owner-1")
	c.get("/company")
	res := c.post("/company/users/"+strconv.FormatInt(acct.ID, 10), url.Values{"role": {db.RoleRecruiter}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/jobs" {
		t.Fatalf("demote self: %d %s, want 303 to /jobs", res.Status, res.Header.Get("Location"))
	}
	if res := c.get("/jobs"); res.Status != http.StatusOK || !strings.Contains(res.Body, "is now recruiter") {
		t.Fatalf("the demoting session ended: %d", res.Status)
	}
	if res := c.get("/company"); res.Status != http.StatusForbidden {
		t.Fatalf("demoted owner on My Company: %d, want 403", res.Status)
	}
	if res := elsewhere.get("/jobs"); res.Status != http.StatusSeeOther {
		t.Fatalf("another session survived the role change: %d", res.Status)
	}
}
