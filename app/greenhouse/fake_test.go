package greenhouse

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is the injected clock: Sleep advances it instead of sleeping,
// so tests observe waits without spending them.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.slept)
}

// fault is an answer served instead of the normal one, for one API request.
type fault struct {
	status int
	header map[string]string
	body   string
}

// fakeGH emulates the documented Greenhouse behaviour: the v3 token
// endpoint, v3 lists with cursor links (a cursor must be the only query
// parameter), v1 lists with page links, v1 show routes and activity feeds,
// X-RateLimit-* headers on a fixed window with 429 + Retry-After beyond it.
type fakeGH struct {
	t     *testing.T
	clock *fakeClock
	srv   *httptest.Server

	mu           sync.Mutex
	clientID     string
	clientSecret string
	apiKey       string
	tokenTTL     int    // seconds
	tokenField   string // expires_in (default), expires_at or expires
	tokenGate    chan struct{}
	tokens       map[string]time.Time
	tokenCalls   int
	rejectAll    bool                        // the API answers 401 to every token
	records      map[string][]map[string]any // by v3 resource or v1 route
	feeds        map[int64]any               // v1 activity feeds by candidate
	forbidden    map[string]bool
	faults       []fault
	limit        int
	window       time.Duration
	resetAt      time.Time
	used         int
	apiCalls     int
	got401       int
	got429       int
	queries      []url.Values
	auth         []string
}

func newFake(t *testing.T) *fakeGH {
	f := &fakeGH{t: t, clock: newClock(), clientID: "client", clientSecret: "secret", apiKey: "key",
		tokenTTL: 3600, tokens: map[string]time.Time{}, records: map[string][]map[string]any{},
		feeds: map[int64]any{}, forbidden: map[string]bool{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGH) config(version string) Config {
	cfg := Config{BaseURL: f.srv.URL, Now: f.clock.Now, Sleep: f.clock.Sleep, PerPage: 100}
	if version == V3 {
		cfg.ClientID, cfg.ClientSecret = f.clientID, f.clientSecret
	} else {
		cfg.APIKey = f.apiKey
	}
	return cfg
}

func (f *fakeGH) client(version string, mod ...func(*Config)) *Client {
	f.t.Helper()
	cfg := f.config(version)
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fakeGH) set(route string, recs []map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records[route] = recs
}

func (f *fakeGH) inject(fs ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, fs...)
}

// counts returns a consistent snapshot of what the server saw.
func (f *fakeGH) counts() (api, tokens, got401, got429 int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.apiCalls, f.tokenCalls, f.got401, f.got429
}

func (f *fakeGH) lastQueries() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.queries)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeGH) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/token" {
		f.token(w, r)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.apiCalls++
	f.queries = append(f.queries, r.URL.Query())
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	now := f.clock.Now()
	if f.limit > 0 {
		if !now.Before(f.resetAt) {
			f.used = 0
			f.resetAt = time.Unix(int64(math.Ceil(float64(now.Add(f.window).UnixNano())/1e9)), 0)
		}
		f.used++
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(f.limit))
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(f.limit-f.used, 0)))
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(f.resetAt.Unix(), 10))
		if f.used > f.limit {
			f.got429++
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.resetAt.Sub(now).Seconds()))))
			writeJSON(w, 429, map[string]string{"message": "Too Many Requests"})
			return
		}
	}
	if len(f.faults) > 0 {
		ft := f.faults[0]
		f.faults = f.faults[1:]
		for k, v := range ft.header {
			w.Header().Set(k, v)
		}
		if ft.status == 429 {
			f.got429++
		}
		w.WriteHeader(ft.status)
		fmt.Fprint(w, ft.body)
		return
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/v3/"):
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if exp, ok := f.tokens[tok]; !ok || !now.Before(exp) || f.rejectAll {
			f.got401++
			writeJSON(w, 401, map[string]any{"message": "Unauthorized", "errors": []string{"Token could not be decoded."}})
			return
		}
		route := strings.TrimPrefix(r.URL.Path, "/v3/")
		if f.forbidden[route] {
			writeJSON(w, 403, map[string]any{"message": "Forbidden"})
			return
		}
		f.listV3(w, r, route)
	case strings.HasPrefix(r.URL.Path, "/v1/"):
		if user, pass, ok := r.BasicAuth(); !ok || user != f.apiKey || pass != "" {
			f.got401++
			writeJSON(w, 401, map[string]any{"message": "Invalid Basic Auth credentials"})
			return
		}
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/v1/"), "/")
		if f.forbidden[parts[0]] {
			writeJSON(w, 403, map[string]any{"message": "This API Key does not have permission for this endpoint"})
			return
		}
		f.v1(w, r, parts)
	default:
		writeJSON(w, 404, map[string]any{"message": "Resource not found"})
	}
}

func (f *fakeGH) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	gate := f.tokenGate
	f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokenCalls++
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, 400, map[string]string{"message": "Must include `grant_type` parameter in /token request"})
		return
	}
	if id, secret, ok := r.BasicAuth(); !ok || id != f.clientID || secret != f.clientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	now := f.clock.Now()
	tok := fmt.Sprintf("tok-%d", f.tokenCalls)
	exp := now.Add(time.Duration(f.tokenTTL) * time.Second)
	f.tokens[tok] = exp
	body := map[string]any{"access_token": tok, "token_type": "Bearer"}
	switch f.tokenField {
	case "expires_at":
		body["expires_at"] = exp.Format(time.RFC3339)
	case "expires":
		body["expires"] = exp.Format(time.RFC3339Nano)
	default:
		body["expires_in"] = f.tokenTTL
	}
	writeJSON(w, 200, body)
}

func toInt(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

func idsParam(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func atOrAfter(rec map[string]any, field, bound string) bool {
	t, ok1 := parseTime(fmt.Sprint(rec[field]))
	b, ok2 := parseTime(bound)
	return ok1 && ok2 && !t.Before(b)
}

type cursor struct {
	Filters url.Values `json:"f"`
	Offset  int        `json:"o"`
}

func (f *fakeGH) listV3(w http.ResponseWriter, r *http.Request, route string) {
	q := r.URL.Query()
	filters, off := q, 0
	if c := q.Get("cursor"); c != "" {
		var cur cursor
		b, err := base64.RawURLEncoding.DecodeString(c)
		if len(q) > 1 || err != nil || json.Unmarshal(b, &cur) != nil {
			writeJSON(w, 422, map[string]any{"message": "Unprocessable Content",
				"errors": []string{"When passing a cursor, do not include other query params."}})
			return
		}
		filters, off = cur.Filters, cur.Offset
	}
	per := 100
	if s := filters.Get("per_page"); s != "" {
		per, _ = strconv.Atoi(s)
	}
	if per < 1 || per > 500 {
		writeJSON(w, 422, map[string]any{"message": "Unprocessable Content", "errors": []any{map[string]string{"per_page": "out of range"}}})
		return
	}
	var items []map[string]any
	for _, rec := range f.records[route] {
		if v := filters.Get("updated_at"); v != "" {
			op, bound, _ := strings.Cut(v, "|")
			if op != "gte" || !atOrAfter(rec, "updated_at", bound) {
				continue
			}
		}
		keep := true
		for param, field := range map[string]string{"ids": "id", "candidate_ids": "candidate_id",
			"job_ids": "job_id", "application_ids": "application_id"} {
			if v := filters.Get(param); v != "" && !slices.Contains(idsParam(v), toInt(rec[field])) {
				keep = false
			}
		}
		if keep {
			items = append(items, rec)
		}
	}
	end := min(off+per, len(items))
	if end < len(items) {
		b, _ := json.Marshal(cursor{Filters: filters, Offset: end})
		w.Header().Set("Link", fmt.Sprintf(`<%s/v3/%s?cursor=%s>; rel="next"`, f.srv.URL, route, base64.RawURLEncoding.EncodeToString(b)))
	}
	page := items[off:end]
	if page == nil {
		page = []map[string]any{}
	}
	writeJSON(w, 200, page)
}

func (f *fakeGH) v1(w http.ResponseWriter, r *http.Request, parts []string) {
	route := parts[0]
	if len(parts) >= 2 {
		id, _ := strconv.ParseInt(parts[1], 10, 64)
		if len(parts) == 3 && parts[2] == "activity_feed" {
			if feed, ok := f.feeds[id]; ok {
				writeJSON(w, 200, feed)
				return
			}
		} else {
			for _, rec := range f.records[route] {
				if toInt(rec["id"]) == id {
					writeJSON(w, 200, rec)
					return
				}
			}
		}
		writeJSON(w, 404, map[string]any{"message": "Resource not found"})
		return
	}
	q := r.URL.Query()
	page, per := 1, 100
	if s := q.Get("page"); s != "" {
		page, _ = strconv.Atoi(s)
	}
	if s := q.Get("per_page"); s != "" {
		per, _ = strconv.Atoi(s)
	}
	var items []map[string]any
	for _, rec := range f.records[route] {
		if v := q.Get("updated_after"); v != "" && !atOrAfter(rec, "updated_at", v) {
			continue
		}
		if v := q.Get("last_activity_after"); v != "" && !atOrAfter(rec, "last_activity_at", v) {
			continue
		}
		if v := q.Get("candidate_ids"); v != "" && !slices.Contains(idsParam(v), toInt(rec["id"])) {
			continue
		}
		items = append(items, rec)
	}
	off := (page - 1) * per
	end := min(off+per, len(items))
	off = min(off, end)
	last := max((len(items)+per-1)/per, 1)
	link := func(p int) string {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Set("page", strconv.Itoa(p))
		return fmt.Sprintf("%s/v1/%s?%s", f.srv.URL, route, q2.Encode())
	}
	var links []string
	if page < last {
		links = append(links, fmt.Sprintf(`<%s>; rel="next"`, link(page+1)))
	}
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s>; rel="prev"`, link(page-1)))
	}
	if q.Get("skip_count") != "true" {
		links = append(links, fmt.Sprintf(`<%s>; rel="last"`, link(last)))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	out := items[off:end]
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, 200, out)
}

// people makes n candidate records, the first half updated before t0 and
// the rest at or after it.
func people(n int, t0 time.Time, version string) []map[string]any {
	recs := make([]map[string]any, n)
	for i := range recs {
		at := t0.Add(time.Duration(i-n/2) * time.Minute).Format(time.RFC3339Nano)
		recs[i] = map[string]any{"id": int64(i + 1), "first_name": "Person", "last_name": strconv.Itoa(i + 1), "updated_at": at}
		if version == V1 {
			recs[i]["is_private"] = false
			recs[i]["last_activity"] = at
		} else {
			recs[i]["private"] = false
			recs[i]["last_activity_at"] = at
		}
	}
	return recs
}

// newFileServer stands in for the S3 host of attachment links.
func newFileServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
