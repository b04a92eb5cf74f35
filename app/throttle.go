package app

import (
	"sync"
	"time"
)

// throttle counts failures per key (an email, a client address) in a
// sliding window, in memory: a restart forgets them, which is acceptable
// for slowing down password guessing.
type throttle struct {
	max    int
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
	sweptAt  time.Time
}

func newThrottle(max int, window time.Duration) *throttle {
	return &throttle{max: max, window: window, failures: map[string][]time.Time{}}
}

// wait returns how long the keys must wait before another attempt: zero
// when every key has had fewer than max failures in the window.
func (t *throttle) wait(now time.Time, keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var longest time.Duration
	for _, k := range keys {
		fs := t.recent(now, k)
		if len(fs) >= t.max {
			// Allowed again once the oldest failure that keeps the count
			// at max leaves the window.
			if d := fs[len(fs)-t.max].Add(t.window).Sub(now); d > longest {
				longest = d
			}
		}
	}
	return longest
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
			if len(t.recent(now, k)) == 0 {
				delete(t.failures, k)
			}
		}
		t.sweptAt = now
	}
}

// reset forgets a key's failures (after a successful login).
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
