package app

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Password guessing is slowed by counting failures per key in a sliding
// window. The counts live in memory: a restart forgets them, which costs an
// attacker one restart's worth of extra guesses and spares us a write per
// failed attempt; restarts are rare and not in an attacker's hands.
//
// Logins are counted under three keys, so that guessing is throttled
// without letting a stranger lock someone else out:
//
//   - per (client address, account): strict. After pairFailures the
//     address must wait before trying that account again.
//   - per client address, across accounts: strict but higher
//     (addrFailures), so trying one password on many accounts from one
//     address stops too, while an office behind one NAT address can
//     still mistype a few times.
//   - per account, across addresses: soft. Once accountFailures have
//     piled up (a guessing run spread over many addresses), the account
//     only accepts attempts from addresses with no recent failure against
//     it: each address gets one guess per window instead of pairFailures,
//     but the owner typing the right password from their own address,
//     which has not failed, still gets in. A hard per-account lock would
//     hand anyone who knows an email the power to lock that person out.
//
// An email with no account is counted like one that has, so throttling
// does not tell which emails exist. A successful login clears only its
// (address, account) pair: clearing the account or address counts would
// let an attacker who owns one account wipe their record by logging into it.
//
// The current-password check on the Account page is throttled per account
// (passwordCheckFailures): only that account's sessions can reach it.
const (
	loginWindow           = 15 * time.Minute
	pairFailures          = 5
	addrFailures          = 20
	accountFailures       = 10
	passwordCheckFailures = 5
)

// throttle counts failures per key in a sliding window.
type throttle struct {
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
	sweptAt  time.Time
}

func newThrottle(window time.Duration) *throttle {
	return &throttle{window: window, failures: map[string][]time.Time{}}
}

// wait returns how long key must wait before another attempt: zero while
// it has had fewer than max failures in the window.
func (t *throttle) wait(now time.Time, key string, max int) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waitLocked(now, key, max)
}

func (t *throttle) waitLocked(now time.Time, key string, max int) time.Duration {
	fs := t.recent(now, key)
	if len(fs) < max {
		return 0
	}
	// Allowed again once the oldest failure that keeps the count at max
	// leaves the window.
	return fs[len(fs)-max].Add(t.window).Sub(now)
}

// fail records a failure for each key.
func (t *throttle) fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.failures[k] = append(t.recent(now, k), now)
	}
	// Forget idle keys now and then so the map stays small.
	if now.Sub(t.sweptAt) > t.window {
		for k := range t.failures {
			t.recent(now, k)
		}
		t.sweptAt = now
	}
}

// reset forgets keys' failures.
func (t *throttle) reset(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.failures, k)
	}
}

// recent drops failures older than the window. The caller holds mu.
func (t *throttle) recent(now time.Time, k string) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= t.window {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, k)
		return nil
	}
	t.failures[k] = fs
	return fs
}

// loginKeys are the throttle keys of one login attempt.
type loginKeys struct {
	pair, addr, account string
}

func newLoginKeys(ip, email string) loginKeys {
	email = strings.ToLower(strings.TrimSpace(email))
	return loginKeys{pair: "pair:" + ip + " " + email, addr: "addr:" + ip, account: "account:" + email}
}

// loginWait returns how long a login attempt must wait (the policy above).
func (t *throttle) loginWait(now time.Time, k loginKeys) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	wait := max(t.waitLocked(now, k.pair, pairFailures), t.waitLocked(now, k.addr, addrFailures))
	if len(t.recent(now, k.account)) >= accountFailures && len(t.recent(now, k.pair)) > 0 {
		// Under a spread-out attack an address that has failed against the
		// account waits until its failure leaves the window, or the attack
		// dies down, whichever comes first.
		soft := min(t.waitLocked(now, k.pair, 1), t.waitLocked(now, k.account, accountFailures))
		wait = max(wait, soft)
	}
	return wait
}

// loginFailed records a failed login.
func (t *throttle) loginFailed(now time.Time, k loginKeys) {
	t.fail(now, k.pair, k.addr, k.account)
}

// loginSucceeded clears the (address, account) pair only (see above).
func (t *throttle) loginSucceeded(k loginKeys) {
	t.reset(k.pair)
}

// passwordCheckKey is the throttle key of an account's current-password
// checks.
func passwordCheckKey(accountID int64) string {
	return "pwcheck:" + strconv.FormatInt(accountID, 10)
}
