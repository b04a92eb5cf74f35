package app

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

func TestLogin(t *testing.T) {
	_, srv := startServer(t, fx.app)
	runScenarios(t, srv.URL, []scenario{
		{Name: "FormShown", URL: "/login", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="login-form"`, `name="csrf_token"`, `<label for="email">`}},
		{Name: "HomeRedirectsToLogin", URL: "/", ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/login"},
		{Name: "PageNeedsLogin", URL: "/jobs?status=open", ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/login?next=%2Fjobs%3Fstatus%3Dopen"},
		{Name: "HTMXNeedsLogin", URL: "/discover?job=1", Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusNoContent},
		{Name: "WrongPassword", Method: "POST", URL: "/login", Form: url.Values{"email": {ownerEmail}, "password": {"wrong-password-1"}},
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Wrong email or password."}},
		{Name: "UnknownEmail", Method: "POST", URL: "/login", Form: url.Values{"email": {"nobody@example.com"}, "password": {"whatever-123"}},
			ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"Wrong email or password."}},
		{Name: "Disabled", Method: "POST", URL: "/login", Form: url.Values{"email": {disabledEmail}, "password": {disabledPass}},
			ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{"This account is disabled"}},
		{Name: "OK", Method: "POST", URL: "/login", Form: url.Values{"email": {ownerEmail}, "password": {ownerPass}, "next": {"/discover"}},
			ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/discover"},
		{Name: "OKAfterLogin", URL: "/jobs", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"Olivia Owner", `data-testid="jobs-table"`}},
		{Name: "LoginPageRedirectsWhenLoggedIn", URL: "/login", ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/jobs"},
	})

	t.Run("NextMustBeLocal", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.get("/login")
		res := c.post("/login", url.Values{"email": {ownerEmail}, "password": {ownerPass}, "next": {"https://evil.example/"}})
		if got := res.Header.Get("Location"); got != "/jobs" {
			t.Fatalf("Location = %q, want /jobs", got)
		}
	})

	t.Run("SessionCookie", func(t *testing.T) {
		c := newClient(t, srv.URL)
		res := c.get("/login")
		ck := res.Header.Get("Set-Cookie")
		for _, want := range []string{sessionCookie + "=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(ck, want) {
				t.Errorf("Set-Cookie %q lacks %q", ck, want)
			}
		}
		if strings.Contains(ck, "Secure") {
			t.Errorf("Set-Cookie %q is Secure on plain http without an https base URL", ck)
		}
	})
}

func TestThrottleWindow(t *testing.T) {
	th := newThrottle(10 * time.Minute)
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if w := th.wait(t0.Add(time.Duration(i)*time.Minute), "k", 3); w != 0 {
			t.Fatalf("attempt %d waits %s", i, w)
		}
		th.fail(t0.Add(time.Duration(i)*time.Minute), "k")
	}
	if got, want := th.wait(t0.Add(3*time.Minute), "k", 3), 7*time.Minute; got != want {
		t.Fatalf("wait = %s, want %s (until the first failure leaves the window)", got, want)
	}
	if got := th.wait(t0.Add(10*time.Minute), "k", 3); got != 0 {
		t.Fatalf("after the window: wait = %s, want 0", got)
	}
	th.fail(t0, "other")
	th.reset("other")
	if got := th.wait(t0, "other", 1); got != 0 {
		t.Fatalf("after reset: wait = %s", got)
	}
}

func TestLogout(t *testing.T) {
	_, srv := startServer(t, fx.app)
	c := loggedIn(t, srv.URL, "recruiter")
	if res := c.post("/logout", nil); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := c.get("/login"); !strings.Contains(res.Body, "You are logged out.") {
		t.Errorf("no logged-out message")
	}
	if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
		t.Fatalf("after logout /jobs: %d, want 303 to login", res.Status)
	}
	t.Run("GetIsNotLogout", func(t *testing.T) {
		if res := c.get("/logout"); res.Status != http.StatusMethodNotAllowed && res.Status != http.StatusSeeOther {
			t.Fatalf("GET /logout: %d", res.Status)
		}
	})
}

func TestSessionEnds(t *testing.T) {
	ctx := context.Background()
	s, srv := startServer(t, fx.app)
	tmp, err := fx.app.AddUser(ctx, "temp-"+strings.ToLower(t.Name())+"@example.com", "Temp", db.RoleRecruiter, "temp-password-1")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Disabled", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.login(tmp.Email, "temp-password-1")
		yes, no := true, false
		if err := fx.app.DB.UpdateAccount(ctx, tmp.ID, db.AccountUpdate{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { fx.app.DB.UpdateAccount(ctx, tmp.ID, db.AccountUpdate{Disabled: &no}) })
		if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("disabled user's session still works: %d", res.Status)
		}
	})

	t.Run("PasswordChangedElsewhere", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.login(tmp.Email, "temp-password-1")
		other := newClient(t, srv.URL)
		other.login(tmp.Email, "temp-password-1")
		res := other.post("/account/password", url.Values{"current_password": {"temp-password-1"}, "new_password": {"temp-password-2"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("change password: %d", res.Status)
		}
		if res := other.get("/account"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Password changed") {
			t.Fatalf("the session that changed the password ended: %d", res.Status)
		}
		if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("the other session survived a password change: %d", res.Status)
		}
	})

	t.Run("IdleTimeout", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.login(tmp.Email, "temp-password-2")
		if res := c.get("/jobs"); res.Status != http.StatusOK {
			t.Fatalf("fresh session: %d", res.Status)
		}
		s.now = func() time.Time { return time.Now().Add(DefaultSessionIdle + time.Minute) }
		t.Cleanup(func() { s.now = time.Now })
		if res := c.get("/jobs"); res.Status != http.StatusSeeOther {
			t.Fatalf("idle session still works: %d", res.Status)
		}
	})
}

var setupLinkRe = regexp.MustCompile(`/setup\?token=([A-Za-z0-9_-]+)`)

func TestSetup(t *testing.T) {
	ctx := context.Background()
	logs := &logBuffer{}
	a, err := Open(ctx, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}, Options{Logger: newTestLogger(logs)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	_, srv := startServer(t, a)
	m := setupLinkRe.FindStringSubmatch(logs.String())
	if m == nil || !strings.Contains(logs.String(), "first-run setup: open http://127.0.0.1:0/setup?token=") {
		t.Fatalf("no setup link in the log:\n%s", logs.String())
	}
	token := m[1]
	form := func(tok, email, pw string) url.Values {
		return url.Values{"token": {tok}, "email": {email}, "name": {"First Owner"}, "password": {pw}}
	}
	runScenarios(t, srv.URL, []scenario{
		{Name: "HomeRedirectsToSetup", URL: "/", ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/setup"},
		{Name: "LoginRedirectsToSetup", URL: "/login", ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/setup"},
		{Name: "NoToken", URL: "/setup", ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{"one-time link printed in the server"}},
		{Name: "WrongToken", URL: "/setup?token=nope", ExpectedStatus: http.StatusForbidden},
		{Name: "Form", URL: "/setup?token=" + token, ExpectedStatus: http.StatusOK, ExpectedContent: []string{`data-testid="setup-form"`}},
		{Name: "PostWrongToken", Method: "POST", URL: "/setup", Form: form("nope", "first@example.com", "first-owner-pw"), ExpectedStatus: http.StatusForbidden},
		{Name: "ShortPassword", Method: "POST", URL: "/setup", Form: form(token, "first@example.com", "short"),
			ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"at least 10 characters", `value="first@example.com"`}},
		{Name: "Create", Method: "POST", URL: "/setup", Form: form(token, "first@example.com", "first-owner-pw"),
			ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/company"},
		{Name: "LoggedInAsOwner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"My Company", "Welcome!"}},
		{Name: "TokenSpent", URL: "/setup?token=" + token, ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/login"},
		{Name: "TokenSpentPost", Method: "POST", URL: "/setup", Form: form(token, "second@example.com", "second-owner-pw"),
			ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/login"},
	})
	if n, _ := a.DB.CountAccounts(ctx); n != 1 {
		t.Fatalf("%d accounts, want 1", n)
	}
	acct, err := a.DB.AccountByEmail(ctx, "first@example.com")
	if err != nil || acct.Role != db.RoleOwner {
		t.Fatalf("first account: %+v, %v", acct, err)
	}

	t.Run("SessionSurvivesRestart", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.login("first@example.com", "first-owner-pw")
		// A new handler (a restart) reads the same keys from the settings.
		_, srv2 := startServer(t, a)
		u, _ := url.Parse(srv.URL)
		u2, _ := url.Parse(srv2.URL)
		c2 := newClient(t, srv2.URL)
		c2.hc.Jar.SetCookies(u2, c.hc.Jar.Cookies(u))
		if res := c2.get("/jobs"); res.Status != http.StatusOK {
			t.Fatalf("after restart: %d, want 200", res.Status)
		}
	})
}
