package simulator

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkRateHeaders asserts the X-RateLimit-* headers are present.
func checkRateHeaders(t *testing.T, res *http.Response, limit int) {
	t.Helper()
	h := res.Header
	if h.Get("X-RateLimit-Limit") != strconv.Itoa(limit) {
		t.Fatalf("status %d: X-RateLimit-Limit %q, want %d", res.StatusCode, h.Get("X-RateLimit-Limit"), limit)
	}
	if _, err := strconv.Atoi(h.Get("X-RateLimit-Remaining")); err != nil {
		t.Fatalf("X-RateLimit-Remaining %q", h.Get("X-RateLimit-Remaining"))
	}
	if _, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err != nil {
		t.Fatalf("X-RateLimit-Reset %q", h.Get("X-RateLimit-Reset"))
	}
}

func TestRateLimitV3(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20, RateLimitV3: 5})
	// Align the clock to the start of a 30 s window.
	e.clock.Add(e.clock.Now().Truncate(30*time.Second).Add(30*time.Second).Sub(e.clock.Now()) + 2*time.Second)
	e.token = e.mintToken()
	for i := range 5 {
		res, _ := e.v3("/v3/jobs?per_page=1")
		if res.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, res.StatusCode)
		}
		checkRateHeaders(t, res, 5)
		if got := res.Header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(4-i) {
			t.Fatalf("request %d: remaining %s", i, got)
		}
	}
	res, body := e.v3("/v3/jobs?per_page=1")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("6th request: %d", res.StatusCode)
	}
	checkRateHeaders(t, res, 5)
	ra, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 30 {
		t.Fatalf("Retry-After %q", res.Header.Get("Retry-After"))
	}
	if ra != 28 {
		t.Errorf("Retry-After %d, want 28 (window ends in 28 s)", ra)
	}
	reset, _ := strconv.ParseInt(res.Header.Get("X-RateLimit-Reset"), 10, 64)
	if want := e.clock.Now().Truncate(30 * time.Second).Add(30 * time.Second).Unix(); reset != want {
		t.Errorf("X-RateLimit-Reset %d, want %d", reset, want)
	}
	if !strings.Contains(string(body), "message") {
		t.Errorf("429 body %s", body)
	}
	// Errors carry the headers too.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v3/nope", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, _ = e.do(req)
	checkRateHeaders(t, res, 5)

	e.clock.Add(time.Duration(ra) * time.Second)
	if res, _ := e.v3("/v3/jobs?per_page=1"); res.StatusCode != 200 || res.Header.Get("X-RateLimit-Remaining") != "4" {
		t.Fatalf("after the window reset: %d remaining %s", res.StatusCode, res.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestRateLimitHeadersOnErrors(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20, RateLimitV3: 75, RateLimitV1: 50, RateLimitToken: DefaultRateLimitToken})
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		limit  int
	}{
		{"V3Unauthorized", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v3/candidates", nil)
			return r
		}, 401, 75},
		{"V3NotFound", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v3/candidates/1", nil)
			return r
		}, 404, 75},
		{"V3Unprocessable", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v3/candidates?per_page=900", nil)
			r.Header.Set("Authorization", "Bearer "+e.mintToken())
			return r
		}, 422, 75},
		{"V1Unauthorized", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v1/candidates", nil)
			r.SetBasicAuth("wrong", "")
			return r
		}, 401, 50},
		{"Token", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token", nil)
			return r
		}, 401, DefaultRateLimitToken},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.do(tc.req())
			if res.StatusCode != tc.status {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
			checkRateHeaders(t, res, tc.limit)
		})
	}
}

func TestRateLimitV1Sliding(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20, RateLimitV1: 3})
	for range 3 {
		if res, _ := e.v1("/v1/sources"); res.StatusCode != 200 {
			t.Fatalf("%d", res.StatusCode)
		}
		e.clock.Add(3 * time.Second)
	}
	// Requests at t=0, 3 and 6 s: the first leaves the window at t=10 s.
	res, _ := e.v1("/v1/sources")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("4th request: %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	checkRateHeaders(t, res, 3)
	e.clock.Add(1 * time.Second)
	res, _ = e.v1("/v1/sources")
	if res.StatusCode != 200 || res.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("after the oldest request left the window: %d remaining %s", res.StatusCode, res.Header.Get("X-RateLimit-Remaining"))
	}
	// A sliding window does not reset all at once.
	e.clock.Add(2 * time.Second)
	if res, _ := e.v1("/v1/sources"); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("window slid too far: %d", res.StatusCode)
	}
}

func TestRateLimitToken(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20, RateLimitToken: 2})
	e.clock.Add(e.clock.Now().Truncate(time.Minute).Add(time.Minute).Sub(e.clock.Now()))
	e.mintToken()
	e.mintToken()
	cfg := e.sim.Config()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token?grant_type=client_credentials", nil)
	req.SetBasicAuth(cfg.ClientID, cfg.ClientSecret)
	res, _ := e.do(req)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "60" {
		t.Fatalf("3rd token request: %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// API calls have their own window.
	e.token = ""
	e.clock.Add(time.Minute)
	if res, _ := e.v3("/v3/jobs"); res.StatusCode != 200 {
		t.Fatalf("%d", res.StatusCode)
	}
}

func TestFailures(t *testing.T) {
	t.Run("Outage", func(t *testing.T) {
		e := newEnv(t, Config{Candidates: 20, RateLimitV3: 75})
		e.token = e.mintToken()
		e.sim.SetOutage(true)
		for _, p := range []string{"/v3/candidates", "/v3/jobs"} {
			res, _ := e.v3(p)
			if res.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("%s during outage: %d", p, res.StatusCode)
			}
			checkRateHeaders(t, res, 75)
		}
		if res, _ := e.v1("/v1/jobs"); res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("v1 during outage: %d", res.StatusCode)
		}
		e.sim.SetOutage(false)
		if res, _ := e.v3("/v3/candidates"); res.StatusCode != 200 {
			t.Fatalf("after outage: %d", res.StatusCode)
		}
	})
	t.Run("Latency", func(t *testing.T) {
		e := newEnv(t, Config{Candidates: 20, Latency: 60 * time.Millisecond})
		start := time.Now()
		if res, _ := e.v1("/v1/sources"); res.StatusCode != 200 {
			t.Fatalf("%d", res.StatusCode)
		}
		if took := time.Since(start); took < 60*time.Millisecond {
			t.Fatalf("request took %v with 60 ms latency", took)
		}
	})
	t.Run("FailureRate", func(t *testing.T) {
		e := newEnv(t, Config{Candidates: 20, FailureRate: 0.3})
		e.token = e.mintTokenRetrying()
		codes := map[int]int{}
		for range 300 {
			res, _ := e.v3("/v3/sources")
			codes[res.StatusCode]++
		}
		failed := codes[500] + codes[502] + codes[503]
		if failed < 60 || failed > 120 || codes[200] != 300-failed {
			t.Fatalf("status codes %v for a 30%% failure rate", codes)
		}
		for _, c := range []int{500, 502, 503} {
			if codes[c] == 0 {
				t.Errorf("never answered %d: %v", c, codes)
			}
		}
	})
}

// mintTokenRetrying gets a token even when failures are injected.
func (e *testEnv) mintTokenRetrying() string {
	e.t.Helper()
	cfg := e.sim.Config()
	for range 50 {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token?grant_type=client_credentials", nil)
		req.SetBasicAuth(cfg.ClientID, cfg.ClientSecret)
		if res, body := e.do(req); res.StatusCode == 200 {
			var v struct {
				AccessToken string `json:"access_token"`
			}
			if err := jsonUnmarshal(body, &v); err == nil {
				return v.AccessToken
			}
		}
	}
	e.t.Fatal("no token after 50 tries")
	return ""
}
