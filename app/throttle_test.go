package app

import (
	"fmt"
	"testing"
	"time"
)

// TestLoginThrottlePolicy walks the policy in throttle.go on a fixed clock.
func TestLoginThrottlePolicy(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	fails := func(th *throttle, at time.Time, ip, email string, n int) {
		for i := 0; i < n; i++ {
			th.loginFailed(at, newLoginKeys(ip, email))
		}
	}
	allowed := func(th *throttle, at time.Time, ip, email string) bool {
		return th.loginWait(at, newLoginKeys(ip, email)) == 0
	}

	t.Run("PairBlockedAfterN", func(t *testing.T) {
		th := newThrottle(loginWindow)
		fails(th, t0, "192.0.2.1", "a@example.com", pairFailures-1)
		if !allowed(th, t0, "192.0.2.1", "a@example.com") {
			t.Fatalf("blocked after %d failures, want %d allowed", pairFailures-1, pairFailures)
		}
		fails(th, t0, "192.0.2.1", "a@example.com", 1)
		if got := th.loginWait(t0, newLoginKeys("192.0.2.1", "A@Example.com ")); got != loginWindow {
			t.Fatalf("wait = %s, want %s (email case and spaces do not matter)", got, loginWindow)
		}
		if !allowed(th, t0, "192.0.2.1", "b@example.com") {
			t.Error("the address is blocked for another account after one pair's failures")
		}
		if !allowed(th, t0, "192.0.2.2", "a@example.com") {
			t.Error("the account is blocked from another address")
		}
		if !allowed(th, t0.Add(loginWindow), "192.0.2.1", "a@example.com") {
			t.Error("still blocked after the window")
		}
	})

	t.Run("AddressAcrossAccounts", func(t *testing.T) {
		th := newThrottle(loginWindow)
		for i := 0; i < addrFailures; i++ {
			fails(th, t0, "192.0.2.9", fmt.Sprintf("u%d@example.com", i), 1)
		}
		if allowed(th, t0, "192.0.2.9", "fresh@example.com") {
			t.Fatal("an address that failed against many accounts may go on")
		}
		if !allowed(th, t0, "192.0.2.10", "fresh@example.com") {
			t.Fatal("another address is blocked")
		}
	})

	t.Run("AccountSoftLimit", func(t *testing.T) {
		th := newThrottle(loginWindow)
		// A guessing run spread over addresses, each under the pair limit.
		for i := 0; i < accountFailures; i++ {
			fails(th, t0, fmt.Sprintf("203.0.113.%d", i), "owner@example.com", 1)
		}
		if allowed(th, t0, "203.0.113.0", "owner@example.com") {
			t.Error("under attack, an address that already failed against the account may go on")
		}
		if !allowed(th, t0, "198.51.100.7", "owner@example.com") {
			t.Error("under attack, a clean address is refused: a stranger could lock the owner out")
		}
		if !allowed(th, t0, "203.0.113.0", "someone.else@example.com") {
			t.Error("the soft limit spilled over to another account")
		}
		// The account's count falls under the limit when the run's first
		// failure leaves the window.
		if got := th.loginWait(t0.Add(time.Minute), newLoginKeys("203.0.113.3", "owner@example.com")); got != loginWindow-time.Minute {
			t.Errorf("soft wait = %s, want %s", got, loginWindow-time.Minute)
		}
	})

	t.Run("SuccessClearsOnlyThePair", func(t *testing.T) {
		th := newThrottle(loginWindow)
		k := newLoginKeys("192.0.2.1", "a@example.com")
		fails(th, t0, "192.0.2.1", "a@example.com", pairFailures-1)
		for i := 0; i < addrFailures-pairFailures; i++ {
			fails(th, t0, "192.0.2.1", fmt.Sprintf("x%d@example.com", i), 1)
		}
		th.loginSucceeded(k)
		if !allowed(th, t0, "192.0.2.1", "a@example.com") {
			t.Fatal("blocked after a success")
		}
		// The address's count stands: logging into one's own account must
		// not buy more guesses elsewhere.
		fails(th, t0, "192.0.2.1", "y@example.com", pairFailures-1)
		if allowed(th, t0, "192.0.2.1", "z@example.com") {
			t.Fatal("a success reset the address count")
		}
	})
}
