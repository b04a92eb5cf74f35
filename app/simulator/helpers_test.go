package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var testEpoch = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// TestMain closes the shared pdfium instance, if a test started it.
func TestMain(m *testing.M) {
	code := m.Run()
	closePDFium()
	os.Exit(code)
}

// fakeClock is an injectable clock for rate windows and expiry.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testEnv is a simulator behind an httptest server on 127.0.0.1.
type testEnv struct {
	t     *testing.T
	sim   *Sim
	srv   *httptest.Server
	clock *fakeClock
	token string
}

// newEnv starts a small simulator. Unless the test sets them, rate limits
// are off so that tests only meet them on purpose.
func newEnv(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	if cfg.Seed == 0 {
		cfg.Seed = 42
	}
	if cfg.Candidates == 0 {
		cfg.Candidates = 300
	}
	if cfg.Epoch.IsZero() {
		cfg.Epoch = testEpoch
	}
	if cfg.RateLimitV1 == 0 {
		cfg.RateLimitV1 = -1
	}
	if cfg.RateLimitV3 == 0 {
		cfg.RateLimitV3 = -1
	}
	if cfg.RateLimitToken == 0 {
		cfg.RateLimitToken = -1
	}
	clk := newClock(cfg.Epoch.Add(time.Hour))
	if cfg.Now == nil {
		cfg.Now = clk.Now
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(s.Handler()) // binds 127.0.0.1
	t.Cleanup(srv.Close)
	s.SetBaseURL(srv.URL)
	return &testEnv{t: t, sim: s, srv: srv, clock: clk}
}

// do sends a request and returns the response with its body read.
func (e *testEnv) do(req *http.Request) (*http.Response, []byte) {
	e.t.Helper()
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatalf("read body: %v", err)
	}
	return res, b
}

// mintToken gets a v3 access token with the configured credentials.
func (e *testEnv) mintToken() string {
	e.t.Helper()
	cfg := e.sim.Config()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(cfg.ClientID, cfg.ClientSecret)
	res, body := e.do(req)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("token: %d %s", res.StatusCode, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil {
		e.t.Fatalf("token body: %v", err)
	}
	return tok.AccessToken
}

// v3 GETs a v3 path (or absolute URL) with a valid token.
func (e *testEnv) v3(pathOrURL string) (*http.Response, []byte) {
	e.t.Helper()
	if e.token == "" {
		e.token = e.mintToken()
	}
	u := pathOrURL
	if strings.HasPrefix(u, "/") {
		u = e.srv.URL + u
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	return e.do(req)
}

// v1 GETs a v1 path (or absolute URL) with the API key.
func (e *testEnv) v1(pathOrURL string) (*http.Response, []byte) {
	e.t.Helper()
	u := pathOrURL
	if strings.HasPrefix(u, "/") {
		u = e.srv.URL + u
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.SetBasicAuth(e.sim.Config().APIKey, "")
	return e.do(req)
}

// records decodes a JSON array of objects.
func records(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("decode list: %v\n%s", err, trunc(body))
	}
	return out
}

func object(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("decode object: %v\n%s", err, trunc(body))
	}
	return out
}

func trunc(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// idOf reads a JSON number id.
func idOf(m map[string]any) int64 { return int64(m["id"].(float64)) }

// nextLink extracts the URL of a Link rel (or "").
func nextLink(h http.Header, rel string) string {
	for _, part := range strings.Split(h.Get("Link"), ",") {
		part = strings.TrimSpace(part)
		if strings.HasSuffix(part, `rel="`+rel+`"`) {
			return strings.Trim(strings.TrimSpace(strings.Split(part, ";")[0]), "<>")
		}
	}
	return ""
}

// pageAllV3 follows Link headers and returns every record.
func (e *testEnv) pageAllV3(first string) []map[string]any {
	e.t.Helper()
	var all []map[string]any
	u := first
	for u != "" {
		res, body := e.v3(u)
		if res.StatusCode != http.StatusOK {
			e.t.Fatalf("GET %s: %d %s", u, res.StatusCode, trunc(body))
		}
		all = append(all, records(e.t, body)...)
		u = nextLink(res.Header, "next")
		if u != "" {
			pu, err := url.Parse(u)
			if err != nil || len(pu.Query()) != 1 {
				e.t.Fatalf("next link %q must carry only a cursor", u)
			}
		}
	}
	return all
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
