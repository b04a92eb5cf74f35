package app

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// The web tests share one fixture per test binary: a simulated Greenhouse
// account on loopback, synced into a temporary data directory and indexed,
// with three accounts. Building it syncs real records and reads real resume
// files, so it is done once, in TestMain.

// Fixture accounts.
const (
	ownerEmail     = "owner@example.com"
	ownerPass      = "owner-password-1"
	recruiterEmail = "recruiter@example.com"
	recruiterPass  = "recruiter-pass-1"
	disabledEmail  = "disabled@example.com"
	disabledPass   = "disabled-pass-1"
)

// fixture is the shared test environment.
type fixture struct {
	app    *App
	sim    *simulator.Sim
	simURL string
	logs   *logBuffer
	// jobs are the listed jobs, open first.
	jobs []db.JobListing
}

var fx *fixture

func TestMain(m *testing.M) {
	flag.Parse()
	// Fuzzing (FuzzWebhookHandler) needs no synced company; building one in
	// the coordinator and every worker would eat the whole fuzz budget.
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		os.Exit(m.Run())
	}
	if f := flag.Lookup("test.fuzzworker"); f != nil && f.Value.String() == "true" {
		os.Exit(m.Run())
	}
	os.Exit(func() int {
		start := time.Now()
		f, cleanup, err := newFixture(fixtureCandidates)
		if err != nil {
			fmt.Fprintln(os.Stderr, "web test fixture:", err)
			return 1
		}
		defer cleanup()
		fx = f
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "web test fixture: %d candidates synced and indexed in %s\n", fixtureCandidates, time.Since(start).Round(time.Millisecond))
		}
		return m.Run()
	}())
}

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newFixture(candidates int) (*fixture, func(), error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "shortlist-web-test")
	if err != nil {
		return nil, nil, err
	}
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		os.RemoveAll(dir)
	}
	fail := func(err error) (*fixture, func(), error) {
		cleanup()
		return nil, nil, err
	}

	sim, err := simulator.New(simulator.Config{
		Seed: 7, Candidates: candidates, Epoch: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		RateLimitV3: -1, RateLimitV1: -1, RateLimitToken: -1,
	})
	if err != nil {
		return fail(err)
	}
	simSrv := httptest.NewServer(sim.Handler()) // binds 127.0.0.1
	closers = append(closers, simSrv.Close)
	sim.SetBaseURL(simSrv.URL)

	logs := &logBuffer{}
	sc := sim.Config()
	cfg := Config{
		Addr: "127.0.0.1:0", DataDir: dir,
		Greenhouse: Greenhouse{APIURL: simSrv.URL, TokenURL: simSrv.URL + "/token", ClientID: sc.ClientID, ClientSecret: sc.ClientSecret},
	}
	a, err := Open(ctx, cfg, Options{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if err != nil {
		return fail(err)
	}
	closers = append(closers, func() { a.Close() })
	if _, err := a.Sync(ctx, false); err != nil {
		return fail(fmt.Errorf("sync: %w", err))
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		return fail(fmt.Errorf("index: %w", err))
	}
	for _, u := range []struct{ email, name, role, pass string }{
		{ownerEmail, "Olivia Owner", db.RoleOwner, ownerPass},
		{recruiterEmail, "Rory Recruiter", db.RoleRecruiter, recruiterPass},
		{disabledEmail, "Dana Disabled", db.RoleRecruiter, disabledPass},
	} {
		acct, err := a.AddUser(ctx, u.email, u.name, u.role, u.pass)
		if err != nil {
			return fail(err)
		}
		if u.email == disabledEmail {
			t := true
			if err := a.DB.UpdateAccount(ctx, acct.ID, db.AccountUpdate{Disabled: &t}); err != nil {
				return fail(err)
			}
		}
	}
	jobs, err := a.DB.Jobs(ctx, db.JobFilter{})
	if err != nil {
		return fail(err)
	}
	if len(jobs) == 0 {
		return fail(fmt.Errorf("the simulator produced no listed job"))
	}
	return &fixture{app: a, sim: sim, simURL: simSrv.URL, logs: logs, jobs: jobs}, cleanup, nil
}

// busiestJob is the listed job with the most applicants.
func (f *fixture) busiestJob() db.JobListing {
	best := f.jobs[0]
	for _, j := range f.jobs {
		if j.Applicants > best.Applicants {
			best = j
		}
	}
	return best
}

// startServer serves a fresh handler (its own throttle and setup state) on
// loopback.
func startServer(t testing.TB, a *App) (*server, *httptest.Server) {
	t.Helper()
	s := newServer(a)
	srv := httptest.NewServer(s.routes())
	t.Cleanup(srv.Close)
	return s, srv
}

// client is a browser stand-in: it keeps cookies, does not follow
// redirects, and posts the CSRF token of the last page it read.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
	csrf string
	// headers are sent with every request (e.g. a test client address).
	headers map[string]string
}

type response struct {
	Status int
	Body   string
	Header http.Header
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{
		Jar:           jar,
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// do sends a request; form, when not nil, is posted url-encoded.
func (c *client) do(method, path string, form url.Values, headers map[string]string) response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return response{Status: res.StatusCode, Body: string(b), Header: res.Header}
}

func (c *client) get(path string) response { return c.do(http.MethodGet, path, nil, nil) }

// post posts form with the CSRF token of the last page read.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if c.csrf == "" {
		c.get("/login")
	}
	if _, ok := f[CSRFField]; !ok {
		f.Set(CSRFField, c.csrf)
	}
	return c.do(http.MethodPost, path, f, nil)
}

// login logs in and fails the test if that does not work.
func (c *client) login(email, password string) {
	c.t.Helper()
	c.get("/login")
	res := c.post("/login", url.Values{"email": {email}, "password": {password}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303\n%s", email, res.Status, excerpt(res.Body))
	}
	c.get("/jobs") // pick up the new session's CSRF token
}

// loggedIn returns a client logged in as the fixture account for role
// ("owner", "recruiter"), or a logged-out one for "".
func loggedIn(t testing.TB, base, role string) *client {
	t.Helper()
	c := newClient(t, base)
	switch role {
	case "owner":
		c.login(ownerEmail, ownerPass)
	case "recruiter":
		c.login(recruiterEmail, recruiterPass)
	case "":
	default:
		l, ok := extraLogins[role]
		if !ok {
			t.Fatalf("unknown role %q", role)
		}
		c.login(l.email, l.password)
	}
	return c
}

// extraLogins are accounts tests add to the fixture, by the name scenarios
// use in As.
var extraLogins = map[string]struct{ email, password string }{}

// scenario is one HTTP exchange and what its answer must (not) contain.
type scenario struct {
	Name   string
	As     string // "", "owner" or "recruiter"
	Method string // GET when empty
	URL    string
	Form   url.Values
	// Headers are added to the request.
	Headers map[string]string
	// NoCSRF posts without the token (Form is sent as is).
	NoCSRF             bool
	ExpectedStatus     int
	ExpectedContent    []string
	NotExpectedContent []string
	// ExpectedLocation is a prefix of the redirect target.
	ExpectedLocation string
}

func runScenarios(t *testing.T, base string, scenarios []scenario) {
	t.Helper()
	clients := map[string]*client{}
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			c := clients[sc.As]
			if c == nil {
				c = loggedIn(t, base, sc.As)
				clients[sc.As] = c
			}
			c.t = t
			method := sc.Method
			if method == "" {
				method = http.MethodGet
			}
			var res response
			switch {
			case method == http.MethodGet:
				res = c.do(method, sc.URL, nil, sc.Headers)
			case sc.NoCSRF:
				form := sc.Form
				if form == nil {
					form = url.Values{}
				}
				res = c.do(method, sc.URL, form, sc.Headers)
			default:
				f := url.Values{CSRFField: {c.csrf}}
				for k, v := range sc.Form {
					f[k] = v
				}
				res = c.do(method, sc.URL, f, sc.Headers)
			}
			checkResponse(t, res, sc)
		})
	}
}

func checkResponse(t *testing.T, res response, sc scenario) {
	t.Helper()
	if res.Status != sc.ExpectedStatus {
		t.Fatalf("status = %d, want %d\n%s", res.Status, sc.ExpectedStatus, excerpt(res.Body))
	}
	for _, want := range sc.ExpectedContent {
		if !strings.Contains(res.Body, want) {
			t.Errorf("body lacks %q\n%s", want, excerpt(res.Body))
		}
	}
	for _, no := range sc.NotExpectedContent {
		if strings.Contains(res.Body, no) {
			t.Errorf("body contains %q", no)
		}
	}
	if sc.ExpectedLocation != "" && !strings.HasPrefix(res.Header.Get("Location"), sc.ExpectedLocation) {
		t.Errorf("Location = %q, want prefix %q", res.Header.Get("Location"), sc.ExpectedLocation)
	}
}

// excerpt shortens a body for failure messages: the main element if any.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 2000 {
		body = body[:2000] + "…"
	}
	return body
}

func newTestLogger(w *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// wrapped is an error with a chosen message wrapping another.
type wrapped struct {
	msg string
	err error
}

func (w wrapped) Error() string { return w.msg }
func (w wrapped) Unwrap() error { return w.err }

func errString(msg string, err error) error { return wrapped{msg, err} }

func errConflictForTest() error { return db.ErrConflict }

func dbUpdateDisabled(b bool) db.AccountUpdate { return db.AccountUpdate{Disabled: &b} }

var tokenRe = regexp.MustCompile(`value="(slt_[^"]+)"[^>]*data-testid="new-token"`)
