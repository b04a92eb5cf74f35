package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/db"
)

// testAddrHeader names the client address a request plays, for
// startServerWithAddrs.
const testAddrHeader = "X-Test-Client-Addr"

// startServerWithAddrs serves like startServer, but takes each request's
// client address from testAddrHeader, so one test can play clients at
// several addresses.
func startServerWithAddrs(t testing.TB, a *App) (*server, *httptest.Server) {
	t.Helper()
	s := newServer(a)
	h := s.routes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if addr := r.Header.Get(testAddrHeader); addr != "" {
			r.RemoteAddr = net.JoinHostPort(addr, "40000")
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return s, srv
}

// clientAt is a fresh browser at address addr.
func clientAt(t testing.TB, base, addr string) *client {
	c := newClient(t, base)
	c.headers = map[string]string{testAddrHeader: addr}
	c.get("/login")
	return c
}

func tryLogin(c *client, email, password string) response {
	c.t.Helper()
	return c.post("/login", url.Values{"email": {email}, "password": {password}})
}

func TestLoginThrottle(t *testing.T) {
	t.Run("SamePairBlockedAfterN", func(t *testing.T) {
		_, srv := startServerWithAddrs(t, fx.app)
		a := clientAt(t, srv.URL, "192.0.2.10")
		for i := 0; i < pairFailures; i++ {
			if res := tryLogin(a, recruiterEmail, "not-the-password"); res.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i+1, res.Status)
			}
		}
		// The right password no longer helps from here until the window
		// passes.
		res := tryLogin(a, recruiterEmail, recruiterPass)
		if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Body, "Too many attempts, try again in 15 minutes") {
			t.Fatalf("status %d, want 429 with the wait\n%s", res.Status, excerpt(res.Body))
		}
		// Other accounts from the same address, and the same account from
		// another address, are not affected by one pair's failures.
		if res := tryLogin(a, ownerEmail, ownerPass); res.Status != http.StatusSeeOther {
			t.Fatalf("another account from the same address: %d, want 303", res.Status)
		}
		if res := tryLogin(clientAt(t, srv.URL, "192.0.2.11"), recruiterEmail, recruiterPass); res.Status != http.StatusSeeOther {
			t.Fatalf("the account from another address: %d, want 303", res.Status)
		}
	})

	t.Run("StrangerCannotLockOutOwner", func(t *testing.T) {
		_, srv := startServerWithAddrs(t, fx.app)
		// A stranger guesses the owner's password from address A until
		// blocked, then from two more addresses, which puts the account
		// over its soft limit.
		stranger := clientAt(t, srv.URL, "203.0.113.1")
		for i := 0; i < pairFailures; i++ {
			tryLogin(stranger, ownerEmail, fmt.Sprintf("guess-%d-password", i))
		}
		for i := 0; i < 3; i++ {
			if res := tryLogin(stranger, ownerEmail, "another-guess-1"); res.Status != http.StatusTooManyRequests {
				t.Fatalf("the stranger at A goes on guessing: %d, want 429", res.Status)
			}
		}
		for _, addr := range []string{"203.0.113.2", "203.0.113.3"} {
			c := clientAt(t, srv.URL, addr)
			for i := 0; i < pairFailures; i++ {
				tryLogin(c, ownerEmail, fmt.Sprintf("guess-%d-password", i))
			}
		}
		// Under attack, a new address of the stranger's gets one guess.
		d := clientAt(t, srv.URL, "203.0.113.4")
		if res := tryLogin(d, ownerEmail, "one-more-guess"); res.Status != http.StatusUnauthorized {
			t.Fatalf("first guess from a new address: %d, want 401", res.Status)
		}
		if res := tryLogin(d, ownerEmail, "and-another-one"); res.Status != http.StatusTooManyRequests {
			t.Fatalf("second guess from a new address under attack: %d, want 429", res.Status)
		}
		// The owner, from their own address, logs in.
		owner := clientAt(t, srv.URL, "198.51.100.20")
		if res := tryLogin(owner, ownerEmail, ownerPass); res.Status != http.StatusSeeOther {
			t.Fatalf("the owner is locked out by a stranger: %d\n%s", res.Status, excerpt(res.Body))
		}
		if res := owner.get("/company"); res.Status != http.StatusOK {
			t.Fatalf("owner's session: %d", res.Status)
		}
		// And the stranger at A is still blocked, even with the right
		// password.
		if res := tryLogin(stranger, ownerEmail, ownerPass); res.Status != http.StatusTooManyRequests {
			t.Fatalf("the stranger at A after the owner's login: %d, want 429", res.Status)
		}
	})

	t.Run("AddressAcrossAccounts", func(t *testing.T) {
		_, srv := startServerWithAddrs(t, fx.app)
		sprayer := clientAt(t, srv.URL, "203.0.113.50")
		for i := 0; i < addrFailures; i++ {
			if res := tryLogin(sprayer, fmt.Sprintf("user%d@example.com", i), "Summer2026!"); res.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d, want 401", i+1, res.Status)
			}
		}
		if res := tryLogin(sprayer, recruiterEmail, recruiterPass); res.Status != http.StatusTooManyRequests {
			t.Fatalf("the spraying address may go on: %d, want 429", res.Status)
		}
		if res := tryLogin(clientAt(t, srv.URL, "198.51.100.30"), recruiterEmail, recruiterPass); res.Status != http.StatusSeeOther {
			t.Fatalf("another address: %d, want 303", res.Status)
		}
	})
}

// TestCurrentPasswordThrottled: wrong current passwords on Account are
// throttled per account, so an open session cannot be used to guess the
// password; the window passing lifts it.
func TestCurrentPasswordThrottled(t *testing.T) {
	ctx := context.Background()
	s, srv := startServer(t, fx.app)
	acct, err := fx.app.AddUser(ctx, "pwcheck@example.com", "", db.RoleRecruiter, "pwcheck-password-1")
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.URL)
	c.login(acct.Email, "pwcheck-password-1")
	change := func(current string) response {
		return c.post("/account/password", url.Values{"current_password": {current}, "new_password": {"pwcheck-password-2"}})
	}
	for i := 0; i < passwordCheckFailures; i++ {
		if res := change(fmt.Sprintf("wrong-guess-%d", i)); res.Status != http.StatusSeeOther {
			t.Fatalf("wrong current password %d: %d, want 303", i+1, res.Status)
		}
		if res := c.get("/account"); !strings.Contains(res.Body, "the current password is wrong") {
			t.Fatalf("no message after wrong current password %d", i+1)
		}
	}
	// A second session of the same account shares the count.
	other := newClient(t, srv.URL)
	other.login(acct.Email, "pwcheck-password-1")
	res := other.post("/account/password", url.Values{"current_password": {"pwcheck-password-1"}, "new_password": {"pwcheck-password-2"}})
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Body, "Too many wrong current passwords, try again in 15 minutes") {
		t.Fatalf("right current password while throttled: %d, want 429\n%s", res.Status, excerpt(res.Body))
	}
	if got, _ := fx.app.DB.Account(ctx, acct.ID); bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte("pwcheck-password-1")) != nil {
		t.Fatal("the password changed while throttled")
	}
	s.now = func() time.Time { return time.Now().Add(loginWindow) }
	t.Cleanup(func() { s.now = time.Now })
	if res := change("pwcheck-password-1"); res.Status != http.StatusSeeOther {
		t.Fatalf("after the window: %d, want 303", res.Status)
	}
	if got, _ := fx.app.DB.Account(ctx, acct.ID); bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte("pwcheck-password-2")) != nil {
		t.Fatal("the password did not change after the window")
	}
}
