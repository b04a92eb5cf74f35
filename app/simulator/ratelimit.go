package simulator

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter implements Greenhouse's two rate-limit schemes: a fixed window
// per v3 client (and per client on /token) and a sliding window per v1 key.
type limiter struct {
	mu      sync.Mutex
	fixed   map[string]*fixedWindow
	sliding map[string][]time.Time
}

type fixedWindow struct {
	start time.Time
	count int
}

// limitResult is the outcome of counting one request.
type limitResult struct {
	ok        bool
	limit     int
	remaining int
	reset     time.Time     // when the window resets (or a slot frees up)
	retry     time.Duration // for 429s
	unlimited bool
}

func newLimiter() *limiter {
	return &limiter{fixed: map[string]*fixedWindow{}, sliding: map[string][]time.Time{}}
}

// fixedWindow counts a request in the window [k*w, (k+1)*w) that contains
// now. Rejected requests are not counted.
func (l *limiter) fixedWindow(key string, limit int, w time.Duration, now time.Time) limitResult {
	if limit < 0 {
		return limitResult{ok: true, unlimited: true}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	start := now.Truncate(w)
	fw := l.fixed[key]
	if fw == nil || !fw.start.Equal(start) {
		fw = &fixedWindow{start: start}
		l.fixed[key] = fw
	}
	res := limitResult{limit: limit, reset: start.Add(w)}
	if fw.count >= limit {
		res.retry = res.reset.Sub(now)
		return res
	}
	fw.count++
	res.ok, res.remaining = true, limit-fw.count
	return res
}

// slidingWindow counts a request against the requests of the last w.
func (l *limiter) slidingWindow(key string, limit int, w time.Duration, now time.Time) limitResult {
	if limit < 0 {
		return limitResult{ok: true, unlimited: true}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	hits := l.sliding[key]
	cut := 0
	for cut < len(hits) && !hits[cut].After(now.Add(-w)) {
		cut++
	}
	hits = hits[cut:]
	res := limitResult{limit: limit}
	if len(hits) >= limit {
		res.reset = hits[0].Add(w)
		res.retry = res.reset.Sub(now)
		l.sliding[key] = hits
		return res
	}
	hits = append(hits, now)
	l.sliding[key] = hits
	res.ok, res.remaining, res.reset = true, limit-len(hits), hits[0].Add(w)
	return res
}

// apply writes the X-RateLimit-* headers and, when the request is over the
// limit, the 429 answer. It reports whether the request may proceed.
func (res limitResult) apply(w http.ResponseWriter) bool {
	if res.unlimited {
		return true
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(res.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(res.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(int64(math.Ceil(float64(res.reset.UnixMilli())/1000)), 10))
	if res.ok {
		return true
	}
	secs := max(1, int(math.Ceil(res.retry.Seconds())))
	h.Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, http.StatusTooManyRequests, apiError{Message: "Too Many Requests",
		Errors: []string{"Rate limit exceeded. Retry after " + strconv.Itoa(secs) + " seconds."}})
	return false
}
