package greenhouse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Harvest API versions.
const (
	V3 = "v3"
	V1 = "v1"
)

// Defaults for real Greenhouse.
const (
	DefaultBaseURL  = "https://harvest.greenhouse.io"
	DefaultTokenURL = "https://auth.greenhouse.io/token"
)

const (
	defaultPerPage     = 500 // the maximum both versions accept
	defaultMaxAttempts = 5
	defaultTimeout     = 2 * time.Minute
	// maxBody bounds an API answer; a 500-candidate v1 page with embedded
	// applications is a few MB, so this only stops a runaway response.
	maxBody = 256 << 20
	// maxRateLimitWaits bounds how many 429s in a row one request sits out
	// before giving up with ErrRateLimited.
	maxRateLimitWaits = 20
	backoffBase       = 500 * time.Millisecond
	backoffCap        = 30 * time.Second
	// paceMargin is added to sleeps until X-RateLimit-Reset, which has whole
	// second precision, so the request does not land just before the reset.
	paceMargin = 100 * time.Millisecond
	userAgent  = "Shortlist (+https://github.com/shortlist-hq/shortlist)"
)

// TokenURLFor is the token endpoint that goes with an API address when
// none is configured: Greenhouse's auth server for Greenhouse's own API,
// else <apiURL>/token. A simulator or proxy serves the token beside its
// API, and its credentials must never be sent to Greenhouse's auth server.
func TokenURLFor(apiURL string) string {
	apiURL = strings.TrimRight(strings.TrimSpace(apiURL), "/")
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		return DefaultTokenURL
	}
	host := strings.ToLower(u.Hostname())
	if host == "greenhouse.io" || strings.HasSuffix(host, ".greenhouse.io") {
		return DefaultTokenURL
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String() + "/token"
}

// Config configures a Client. Set ClientID and ClientSecret for Harvest v3,
// or APIKey alone for Harvest v1.
type Config struct {
	// BaseURL is the API base; v3 paths are /v3/..., v1 paths /v1/...
	// Default DefaultBaseURL.
	BaseURL string
	// TokenURL is the OAuth token endpoint (v3). Default TokenURLFor(BaseURL):
	// DefaultTokenURL for Greenhouse's API, else BaseURL + "/token".
	TokenURL string
	// ClientID and ClientSecret are Harvest v3 client credentials.
	ClientID, ClientSecret string
	// APIKey is a Harvest v1 key, used when ClientID is empty.
	APIKey string
	// OnBehalfOf is an optional Greenhouse user id sent as the v3 token's
	// sub; without it Greenhouse acts as the credential's service user.
	OnBehalfOf string
	// HTTPClient sends every request. Default: a client with a 2 minute timeout.
	HTTPClient *http.Client
	// Logger gets debug lines about retries, waits and token refreshes.
	Logger *slog.Logger
	// PerPage is the page size, 1..500. Default 500.
	PerPage int
	// MaxAttempts is how often a request is tried when it meets 5xx answers,
	// timeouts or connection errors, first try included. Default 5. 429s do
	// not count: they are waited out.
	MaxAttempts int
	// Now and Sleep replace the clock in tests. Sleep must return early with
	// ctx.Err() when ctx ends.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client reads Greenhouse Harvest (v3 or v1) and maps what it reads into db
// records. It is safe for concurrent use.
type Client struct {
	cfg      Config
	version  string
	base     *url.URL
	tokenURL string
	http     *http.Client
	log      *slog.Logger
	tokens   *tokenSource // v3 only
	actors   actorTokens  // v3 tokens of the users writes act as (write.go)
	options  optionCache  // v3 custom field option names
	pace     pacer
	stats    counters
}

// New checks cfg, fills defaults and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("greenhouse: the API address %q is not an http(s) URL", cfg.BaseURL)
	}
	base.RawQuery, base.Fragment = "", ""
	c := &Client{cfg: cfg, base: base}
	switch {
	case cfg.ClientID != "":
		if cfg.ClientSecret == "" {
			return nil, errors.New("greenhouse: the client secret is missing (Harvest v3 needs a client id and a client secret)")
		}
		c.version = V3
		c.tokens = &tokenSource{c: c, sub: cfg.OnBehalfOf}
	case cfg.APIKey != "":
		c.version = V1
	default:
		return nil, errors.New("greenhouse: no credentials: set a client id and secret (Harvest v3) or an API key (Harvest v1)")
	}
	c.tokenURL = cfg.TokenURL
	if c.tokenURL == "" {
		c.tokenURL = TokenURLFor(base.String())
	}
	if u, err := url.Parse(c.tokenURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("greenhouse: the token address %q is not an http(s) URL", c.tokenURL)
	}
	switch {
	case c.cfg.PerPage == 0:
		c.cfg.PerPage = defaultPerPage
	case c.cfg.PerPage < 1 || c.cfg.PerPage > 500:
		return nil, fmt.Errorf("greenhouse: page size %d is outside 1..500", c.cfg.PerPage)
	}
	if c.cfg.MaxAttempts <= 0 {
		c.cfg.MaxAttempts = defaultMaxAttempts
	}
	c.http = cfg.HTTPClient
	if c.http == nil {
		c.http = &http.Client{Timeout: defaultTimeout}
	}
	c.log = cfg.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.cfg.Now == nil {
		c.cfg.Now = time.Now
	}
	if c.cfg.Sleep == nil {
		c.cfg.Sleep = sleep
	}
	return c, nil
}

// Version is the Harvest version the credentials select: V3 or V1.
func (c *Client) Version() string { return c.version }

func (c *Client) now() time.Time { return c.cfg.Now() }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait sleeps d, counting it in the stats.
func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	c.stats.waited.Add(int64(d))
	return c.cfg.Sleep(ctx, d)
}

// Stats are counters since the client was made, for logs and benchmarks.
type Stats struct {
	Requests      int64         // API requests sent, every attempt counted (token requests and downloads excluded)
	TokenRequests int64         // requests to the token endpoint
	Downloads     int64         // attachment download attempts
	RateLimited   int64         // 429 answers seen
	Retries       int64         // attempts repeated after a 5xx, timeout or connection error
	Refreshes     int64         // tokens dropped and fetched again after a 401
	Waited        time.Duration // time slept in total: pacing, 429s and backoff
	PacingWait    time.Duration // the part of Waited spent pacing on X-RateLimit-Remaining
	Limit         int           // the last X-RateLimit-Limit seen
	// Windows counts the X-RateLimit-Reset values seen, each later than the
	// one before. With a fixed window (Greenhouse: 10 s in v1, 30 s in v3)
	// that is the windows the client sent requests in, and Requests /
	// (Limit * Windows) is the share of the ceiling used. A sliding window
	// moves its reset with every request, so there use Requests / (Limit *
	// elapsed / window) instead.
	Windows int64
}

type counters struct {
	requests, tokenRequests, downloads, rateLimited, retries, refreshes atomic.Int64
	waited, pacing                                                      atomic.Int64
}

// Stats returns a snapshot of the counters.
func (c *Client) Stats() Stats {
	limit, windows := c.pace.snapshot()
	return Stats{
		Requests: c.stats.requests.Load(), TokenRequests: c.stats.tokenRequests.Load(), Downloads: c.stats.downloads.Load(),
		RateLimited: c.stats.rateLimited.Load(), Retries: c.stats.retries.Load(), Refreshes: c.stats.refreshes.Load(),
		Waited: time.Duration(c.stats.waited.Load()), PacingWait: time.Duration(c.stats.pacing.Load()),
		Limit: limit, Windows: windows,
	}
}

// pacer spends the rate-limit budget Greenhouse announces in its headers
// so the client slows down before Greenhouse has to say 429.
type pacer struct {
	mu        sync.Mutex
	known     bool
	limit     int
	remaining int
	reset     time.Time
	windows   int64
}

// update records the budget a response announced. Responses to concurrent
// requests arrive in any order, so within a window the lowest count wins.
func (p *pacer) update(h http.Header) {
	rem, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	rs, err2 := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	reset := time.Unix(rs, 0)
	p.mu.Lock()
	defer p.mu.Unlock()
	if lim, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit"))); err == nil {
		p.limit = lim
	}
	switch {
	case !p.known || reset.After(p.reset):
		p.windows++
		p.known, p.reset, p.remaining = true, reset, rem
	case reset.Equal(p.reset):
		p.remaining = min(p.remaining, rem)
	}
}

// reserve takes one request from the budget and says how long to wait
// before sending it: until the reset when nothing is left, and spread over
// the rest of the window when little is left (so a sliding window, as the
// simulator keeps, refills rather than running dry).
func (p *pacer) reserve(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known || !now.Before(p.reset) {
		return 0 // the window is over: the next answer tells the new budget
	}
	left := p.reset.Sub(now)
	if p.remaining <= 0 {
		return left + paceMargin
	}
	p.remaining--
	if low := max(p.limit/10, 1); p.remaining < low {
		return left / time.Duration(p.remaining+2)
	}
	return 0
}

func (p *pacer) snapshot() (int, int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.limit, p.windows
}

// target says who a request goes to, which changes pacing, counting and
// the wording of errors.
type target int

const (
	toAPI target = iota
	toToken
	toDownload
)

func (t target) who() string {
	if t == toDownload {
		return "the attachment host"
	}
	return "Greenhouse"
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send performs one logical request: it paces (API only), retries 5xx,
// timeouts and connection errors with exponential backoff and jitter, and
// waits out 429s without counting them as failures. Any other status is
// returned to the caller to interpret. newReq builds a fresh request per
// attempt because a body cannot be sent twice. Writes, which must not be
// sent twice, go through write (write.go) instead.
func (c *Client) send(ctx context.Context, to target, limit int64, newReq func(context.Context) (*http.Request, error)) (*response, error) {
	failures, waits429 := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if to == toAPI {
			if err := c.paced(ctx); err != nil {
				return nil, err
			}
		}
		req, err := newReq(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := c.do(to, limit, req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if errors.Is(err, ErrTooLarge) {
				return nil, err
			}
			failures++
			if failures >= c.cfg.MaxAttempts {
				return nil, &Error{Kind: ErrUnavailable, Err: err, Attempts: failures,
					Message: fmt.Sprintf("%s is unreachable (%s) after %d attempts", to.who(), shortNetErr(err), failures)}
			}
			if err := c.backoff(ctx, failures, 0, "network error", err); err != nil {
				return nil, err
			}
			continue
		}
		switch {
		case resp.status == http.StatusTooManyRequests:
			if err := c.waitOut429(ctx, to, resp, &waits429); err != nil {
				return nil, err
			}
			continue
		case resp.status >= 500:
			failures++
			// A 503 may say when to come back; never come back sooner.
			floor, _ := retryAfter(resp.header, c.now())
			if failures >= c.cfg.MaxAttempts {
				return nil, &Error{Kind: ErrUnavailable, Status: resp.status, Attempts: failures, Details: details(resp.body), RetryAfter: floor,
					Message: fmt.Sprintf("%s is unavailable (HTTP %d) after %d attempts", to.who(), resp.status, failures)}
			}
			if err := c.backoff(ctx, failures, floor, "HTTP "+strconv.Itoa(resp.status), nil); err != nil {
				return nil, err
			}
			continue
		}
		return resp, nil
	}
}

// paced waits, before an API request, for as long as the rate-limit budget
// Greenhouse announced asks.
func (c *Client) paced(ctx context.Context) error {
	d := c.pace.reserve(c.now())
	if d <= 0 {
		return nil
	}
	c.stats.pacing.Add(int64(d))
	c.log.Debug("greenhouse: pacing", slog.Duration("wait", d))
	return c.wait(ctx, d)
}

// do sends req once and reads the answer, at most limit bytes, counting the
// request for to; an API answer also updates the rate-limit budget. An
// error means no answer could be read: the request may have arrived.
func (c *Client) do(to target, limit int64, req *http.Request) (*response, error) {
	req.Header.Set("User-Agent", userAgent)
	switch to {
	case toAPI:
		c.stats.requests.Add(1)
	case toToken:
		c.stats.tokenRequests.Add(1)
	case toDownload:
		c.stats.downloads.Add(1)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := readBody(resp, limit)
	if to == toAPI {
		c.pace.update(resp.Header)
	}
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// waitOut429 waits out a 429, which Greenhouse answers without acting on
// the request: for as long as Retry-After says, else with backoff. waits
// counts the 429s met so far; after maxRateLimitWaits it gives up with
// ErrRateLimited, carrying the wait Greenhouse last asked for.
func (c *Client) waitOut429(ctx context.Context, to target, resp *response, waits *int) error {
	c.stats.rateLimited.Add(1)
	*waits++
	d, ok := retryAfter(resp.header, c.now())
	if !ok {
		d = jittered(*waits)
	}
	if *waits > maxRateLimitWaits {
		return &Error{Kind: ErrRateLimited, Status: resp.status, Attempts: *waits, RetryAfter: d,
			Message: fmt.Sprintf("%s kept rate-limiting the client (HTTP 429) after %d waits", to.who(), *waits-1)}
	}
	c.log.Debug("greenhouse: rate limited", slog.Duration("wait", d))
	return c.wait(ctx, d)
}

func (c *Client) backoff(ctx context.Context, failures int, floor time.Duration, why string, err error) error {
	c.stats.retries.Add(1)
	d := max(jittered(failures), floor)
	c.log.Debug("greenhouse: retrying", slog.String("reason", why), slog.Int("attempt", failures+1),
		slog.Duration("wait", d), slog.String("error", errText(err)))
	return c.wait(ctx, d)
}

// jittered is exponential backoff with jitter in [d/2, d], so clients that
// failed together do not come back together.
func jittered(n int) time.Duration {
	d := backoffBase << min(n-1, 10)
	d = min(d, backoffCap)
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads how long Greenhouse asks to wait: Retry-After (seconds
// or an HTTP date), else X-RateLimit-Reset (UTC epoch seconds).
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second)), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if v := strings.TrimSpace(h.Get("X-RateLimit-Reset")); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil {
			if d := time.Unix(s, 0).Sub(now); d > 0 {
				return d + paceMargin, true
			}
		}
	}
	return 0, false
}

func readBody(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	if resp.ContentLength > limit {
		return nil, &Error{Kind: ErrTooLarge, Status: resp.StatusCode,
			Message: fmt.Sprintf("the answer is %d bytes, more than the %d allowed", resp.ContentLength, limit)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, &Error{Kind: ErrTooLarge, Status: resp.StatusCode,
			Message: fmt.Sprintf("the answer is more than the %d bytes allowed", limit)}
	}
	return body, nil
}

// shortNetErr drops the method and URL that *url.Error repeats, which would
// bury the cause and could leak a signed attachment URL into logs.
func shortNetErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return shortNetErr(err)
}

// apiGet GETs an API URL with the version's authentication, refreshing the
// v3 token once if Greenhouse answers 401, and turns error statuses into
// *Error.
func (c *Client) apiGet(ctx context.Context, r Resource, op, u string) (*response, error) {
	refreshed := false
	for {
		tok := ""
		if c.tokens != nil {
			var err error
			if tok, err = c.tokens.get(ctx); err != nil {
				return nil, err
			}
		}
		resp, err := c.send(ctx, toAPI, maxBody, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			if err != nil {
				return nil, err
			}
			c.authorize(req, tok)
			return req, nil
		})
		if err != nil {
			return nil, c.opErr(op, err)
		}
		if resp.status == http.StatusUnauthorized && c.tokens != nil && !refreshed {
			// The token may have been revoked or the clocks disagree about
			// its expiry: one fresh token settles which.
			refreshed = true
			c.stats.refreshes.Add(1)
			c.tokens.invalidate(tok)
			c.log.Debug("greenhouse: 401 with a cached token, fetching a new one")
			continue
		}
		if resp.status < 200 || resp.status > 299 {
			return resp, c.statusErr(r, op, resp)
		}
		return resp, nil
	}
}

// authorize signs an API request with the version's credentials: the v3
// access token tok, or the v1 API key. Both answer JSON.
func (c *Client) authorize(req *http.Request, tok string) {
	req.Header.Set("Accept", "application/json")
	if c.version == V3 {
		req.Header.Set("Authorization", "Bearer "+tok)
	} else {
		req.SetBasicAuth(c.cfg.APIKey, "")
	}
}

// opErr names the operation on a context error; *Error already reads well.
func (c *Client) opErr(op string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		if e.Op == "" {
			e.Op = op
		}
		return err
	}
	return fmt.Errorf("greenhouse: %s: %w", op, err)
}

// statusErr explains an API error status in terms the admin can act on.
func (c *Client) statusErr(r Resource, op string, resp *response) error {
	e := &Error{Op: op, Status: resp.status, Details: details(resp.body)}
	switch resp.status {
	case http.StatusUnauthorized:
		e.Kind = ErrUnauthorized
		if c.version == V3 {
			e.Message = "Greenhouse rejected the client credentials (HTTP 401)"
		} else {
			e.Message = "Greenhouse rejected the API key (HTTP 401)"
		}
	case http.StatusForbidden:
		e.Kind = ErrForbidden
		if c.version == V3 {
			e.Message = fmt.Sprintf("the credentials lack permission to %s (Harvest v3 scope harvest:%s:list; GET endpoints also need a site admin user) (HTTP 403)", op, r)
		} else {
			route := v1Routes[r].path
			if r == Notes {
				route = "candidates/{id}/activity_feed"
			}
			e.Message = fmt.Sprintf("the API key lacks permission to %s (allow GET /v1/%s for the key in Greenhouse: Configure, Dev Center, API Credential Management) (HTTP 403)", op, route)
			if c.base.Scheme == "http" {
				e.Message += "; note Harvest v1 answers 403 to every plain-http request"
			}
		}
	case http.StatusNotFound:
		e.Kind = ErrNotFound
		e.Message = fmt.Sprintf("Greenhouse found nothing to %s (HTTP 404)", op)
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("Greenhouse refused the request to %s (HTTP %d)", op, resp.status)
	default:
		e.Message = fmt.Sprintf("Greenhouse answered HTTP %d to %s", resp.status, op)
	}
	return e
}

// Check makes one cheap call (the first department) to prove that the
// address and credentials work, for the settings page's connection test.
// Other resources may still lack permission; the sync reports those as
// ErrForbidden naming the resource.
func (c *Client) Check(ctx context.Context) error {
	q := url.Values{"per_page": {"1"}}
	resp, err := c.apiGet(ctx, Departments, "list departments", c.endpoint(Departments, "", q))
	if err != nil {
		return err
	}
	if _, err := splitArray(resp.body); err != nil {
		return &Error{Op: "check connection", Status: resp.status,
			Message: "the address answered, but not like the Greenhouse Harvest API; check the API address"}
	}
	return nil
}
