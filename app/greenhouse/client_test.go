package greenhouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

var errStop = errors.New("stop")

// walk lists r and returns the candidate ids seen, the pages and Next values.
func walk(t *testing.T, c *Client, opts ListOptions, stopAfter int) (ids []int64, pages int, next string, err error) {
	t.Helper()
	err = c.List(context.Background(), Candidates, opts, func(p Page) error {
		pages++
		for _, r := range p.Candidates {
			ids = append(ids, r.ID)
		}
		next = p.Next
		if stopAfter > 0 && pages == stopAfter {
			return errStop
		}
		return nil
	})
	return ids, pages, next, err
}

func checkAllOnce(t *testing.T, ids []int64, want int) {
	t.Helper()
	seen := map[int64]int{}
	for _, id := range ids {
		seen[id]++
	}
	if len(ids) != want || len(seen) != want {
		t.Fatalf("got %d ids (%d distinct), want %d once each", len(ids), len(seen), want)
	}
	for id, n := range seen {
		if n != 1 || id < 1 || id > int64(want) {
			t.Fatalf("id %d seen %d times", id, n)
		}
	}
}

func TestListPaging(t *testing.T) {
	t0 := time.Date(2026, 8, 1, 10, 30, 15, 500e6, time.UTC)
	for _, version := range []string{V3, V1} {
		t.Run(version, func(t *testing.T) {
			f := newFake(t)
			f.set("candidates", people(1234, t0, version))
			c := f.client(version)

			ids, pages, next, err := walk(t, c, ListOptions{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if pages != 13 || next != "" {
				t.Fatalf("pages = %d, last Next = %q; want 13 pages and no Next", pages, next)
			}
			checkAllOnce(t, ids, 1234)
			qs := f.lastQueries()
			if got := qs[0].Get("per_page"); got != "100" {
				t.Errorf("first page per_page = %q", got)
			}
			if version == V3 {
				for _, q := range qs[1:] {
					if len(q) != 1 || q.Get("cursor") == "" {
						t.Fatalf("v3 follow-up query %v: want the cursor alone", q)
					}
				}
			}

			// Incremental: 617 records are updated at or after t0; the bound
			// is truncated to the second, which only widens the window.
			ids, _, _, err = walk(t, c, ListOptions{UpdatedAfter: t0}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != 617 {
				t.Errorf("incremental walk got %d records, want 617", len(ids))
			}
			q := f.lastQueries()[len(qs)]
			if version == V3 {
				if got, want := q.Get("updated_at"), "gte|2026-08-01T10:30:15Z"; got != want {
					t.Errorf("updated_at = %q, want %q", got, want)
				}
			} else if got, want := q.Get("updated_after"), "2026-08-01T10:30:15Z"; got != want {
				t.Errorf("updated_after = %q, want %q", got, want)
			}
		})
	}
}

func TestV1ApplicationsFilterOnLastActivity(t *testing.T) {
	f := newFake(t)
	f.set("applications", []map[string]any{
		{"id": 1, "candidate_id": 7, "last_activity_at": "2026-01-01T00:00:00Z"},
		{"id": 2, "candidate_id": 7, "last_activity_at": "2026-03-01T00:00:00Z"},
	})
	c := f.client(V1)
	var got []int64
	err := c.List(context.Background(), Applications, ListOptions{UpdatedAfter: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		func(p Page) error {
			for _, a := range p.Applications {
				got = append(got, a.ID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != 2 {
		t.Fatalf("got %v, want [2]", got)
	}
	if q := f.lastQueries()[0]; q.Get("last_activity_after") != "2026-02-01T00:00:00Z" || q.Has("updated_after") {
		t.Errorf("query %v: want last_activity_after and no updated_after", q)
	}
}

func TestResume(t *testing.T) {
	for _, version := range []string{V3, V1} {
		t.Run(version, func(t *testing.T) {
			f := newFake(t)
			f.set("candidates", people(950, time.Now(), version))
			c := f.client(version)
			first, pages, next, err := walk(t, c, ListOptions{}, 3)
			if !errors.Is(err, errStop) || pages != 3 || next == "" {
				t.Fatalf("first walk: err %v, %d pages, next %q", err, pages, next)
			}
			// A new client, as after a restart: only the saved Next survives.
			c2 := f.client(version)
			rest, _, last, err := walk(t, c2, ListOptions{Resume: next, UpdatedAfter: time.Now()}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if last != "" {
				t.Errorf("last page Next = %q", last)
			}
			checkAllOnce(t, append(first, rest...), 950)
		})
	}
}

func TestBadResume(t *testing.T) {
	f := newFake(t)
	f.set("candidates", people(10, time.Now(), V3))
	c := f.client(V3)
	for name, resume := range map[string]string{
		"foreign host":   "https://evil.example/v3/candidates?cursor=abc",
		"other resource": f.srv.URL + "/v3/jobs?cursor=abc",
		"other version":  f.srv.URL + "/v1/candidates?page=2",
		"stale cursor":   f.srv.URL + "/v3/candidates?cursor=not-a-cursor",
	} {
		t.Run(name, func(t *testing.T) {
			_, _, _, err := walk(t, c, ListOptions{Resume: resume}, 0)
			if !errors.Is(err, ErrBadResume) {
				t.Fatalf("err = %v, want ErrBadResume", err)
			}
		})
	}
	api, _, _, _ := f.counts()
	if api != 1 {
		t.Errorf("%d API requests; only the stale cursor should reach the server", api)
	}
}

func TestNextLinkToForeignHostIsRefused(t *testing.T) {
	f := newFake(t)
	f.inject(fault{status: 200, body: "[]", header: map[string]string{"Link": `<https://evil.example/v3/candidates?cursor=x>; rel="next"`}})
	c := f.client(V3)
	_, _, _, err := walk(t, c, ListOptions{}, 0)
	if err == nil || !strings.Contains(err.Error(), "refusing to follow") {
		t.Fatalf("err = %v", err)
	}
}

func TestTokenRefreshBeforeExpiry(t *testing.T) {
	for _, tc := range []struct {
		field      string
		ttl        int
		quiet, due time.Duration // still cached after quiet; refetched after due
	}{
		{"expires_in", 600, 530 * time.Second, 545 * time.Second},
		{"expires_at", 600, 530 * time.Second, 545 * time.Second},
		{"expires", 600, 530 * time.Second, 545 * time.Second},
		{"expires_in", 20, 14 * time.Second, 16 * time.Second}, // short TTL: a quarter early
	} {
		t.Run(fmt.Sprintf("%s=%d", tc.field, tc.ttl), func(t *testing.T) {
			f := newFake(t)
			f.tokenField, f.tokenTTL = tc.field, tc.ttl
			c := f.client(V3)
			ctx := context.Background()
			start := f.clock.Now()
			check := func() {
				t.Helper()
				if err := c.Check(ctx); err != nil {
					t.Fatal(err)
				}
			}
			check()
			f.clock.Advance(tc.quiet)
			check()
			if _, tokens, _, _ := f.counts(); tokens != 1 {
				t.Fatalf("after %v: %d token requests, want 1", tc.quiet, tokens)
			}
			f.clock.Advance(start.Add(tc.due).Sub(f.clock.Now()))
			check()
			_, tokens, got401, _ := f.counts()
			if tokens != 2 || got401 != 0 {
				t.Fatalf("after %v: %d token requests and %d 401s, want 2 and 0", tc.due, tokens, got401)
			}
		})
	}
}

func TestTokenSingleFlight(t *testing.T) {
	f := newFake(t)
	f.tokenGate = make(chan struct{})
	c := f.client(V3)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errs <- c.Check(context.Background()) })
	}
	time.Sleep(50 * time.Millisecond) // let every caller queue behind the fetch
	close(f.tokenGate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, tokens, _, _ := f.counts(); tokens != 1 {
		t.Fatalf("%d token requests, want 1", tokens)
	}
}

func TestUnauthorizedRefreshesOnce(t *testing.T) {
	f := newFake(t)
	c := f.client(V3)
	ctx := context.Background()
	if err := c.Check(ctx); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	clear(f.tokens) // revoked at Greenhouse, still cached by the client
	f.mu.Unlock()
	if err := c.Check(ctx); err != nil {
		t.Fatalf("after revocation: %v", err)
	}
	_, tokens, got401, _ := f.counts()
	if tokens != 2 || got401 != 1 || c.Stats().Refreshes != 1 {
		t.Fatalf("tokens %d, 401s %d, refreshes %d; want 2, 1, 1", tokens, got401, c.Stats().Refreshes)
	}
}

func TestBadCredentials(t *testing.T) {
	for _, tc := range []struct {
		name       string
		version    string
		mod        func(*fakeGH, *Config)
		msg        string
		wantTokens int
	}{
		{"v3 wrong secret", V3, func(_ *fakeGH, c *Config) { c.ClientSecret = "nope" },
			"Greenhouse rejected the client credentials", 1},
		{"v3 token refused by the API", V3, func(f *fakeGH, _ *Config) { f.rejectAll = true },
			"Greenhouse rejected the client credentials", 2},
		{"v1 wrong key", V1, func(_ *fakeGH, c *Config) { c.APIKey = "nope" },
			"Greenhouse rejected the API key", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			c := f.client(tc.version, func(c *Config) { tc.mod(f, c) })
			err := c.Check(context.Background())
			if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want ErrUnauthorized saying %q", err, tc.msg)
			}
			if _, tokens, _, _ := f.counts(); tokens != tc.wantTokens {
				t.Errorf("%d token requests, want %d", tokens, tc.wantTokens)
			}
		})
	}
}

func TestForbiddenNamesTheResource(t *testing.T) {
	for version, want := range map[string]string{V3: "scope harvest:candidates:list", V1: "GET /v1/candidates"} {
		t.Run(version, func(t *testing.T) {
			f := newFake(t)
			f.forbidden["candidates"] = true
			c := f.client(version)
			_, _, _, err := walk(t, c, ListOptions{}, 0)
			if !errors.Is(err, ErrForbidden) {
				t.Fatalf("err = %v, want ErrForbidden", err)
			}
			for _, s := range []string{"lack", "permission to list candidates", want} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
		})
	}
}

func TestRateLimitedWaits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header func(now time.Time) map[string]string
		want   time.Duration
	}{
		{"Retry-After", func(time.Time) map[string]string { return map[string]string{"Retry-After": "7"} }, 7 * time.Second},
		{"Reset fallback", func(now time.Time) map[string]string {
			return map[string]string{"X-RateLimit-Reset": fmt.Sprint(now.Add(4 * time.Second).Unix())}
		}, 4*time.Second + paceMargin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.inject(fault{status: 429, header: tc.header(f.clock.Now()), body: `{"message":"Too Many Requests"}`})
			c := f.client(V1)
			if err := c.Check(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := f.clock.Slept(); len(got) != 1 || got[0] != tc.want {
				t.Fatalf("slept %v, want [%v]", got, tc.want)
			}
			if s := c.Stats(); s.RateLimited != 1 || s.Retries != 0 || s.Requests != 2 || s.Waited != tc.want {
				t.Fatalf("stats %+v", s)
			}
		})
	}
}

func TestRateLimitExhausted(t *testing.T) {
	f := newFake(t)
	for range maxRateLimitWaits + 1 {
		f.inject(fault{status: 429, header: map[string]string{"Retry-After": "1"}})
	}
	err := f.client(V1).Check(context.Background())
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
}

func TestPacingAvoids429(t *testing.T) {
	f := newFake(t)
	f.limit, f.window = 5, 10*time.Second
	f.set("candidates", people(12, time.Now(), V3))
	c := f.client(V3, func(c *Config) { c.PerPage = 1 })
	ids, pages, _, err := walk(t, c, ListOptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkAllOnce(t, ids, 12)
	if pages != 12 {
		t.Fatalf("%d pages", pages)
	}
	if _, _, _, got429 := f.counts(); got429 != 0 {
		t.Fatalf("server sent %d 429s; pacing should have prevented them", got429)
	}
	s := c.Stats()
	if s.PacingWait < 10*time.Second || s.RateLimited != 0 || s.Limit != 5 || s.Windows != 3 {
		t.Fatalf("stats %+v: want ≥10s pacing over 3 windows of 5", s)
	}
}

func TestServerErrors(t *testing.T) {
	t.Run("retried then success", func(t *testing.T) {
		f := newFake(t)
		f.inject(fault{status: 503}, fault{status: 502})
		c := f.client(V1)
		if err := c.Check(context.Background()); err != nil {
			t.Fatal(err)
		}
		slept := f.clock.Slept()
		if s := c.Stats(); s.Retries != 2 || len(slept) != 2 {
			t.Fatalf("stats %+v, slept %v", s, slept)
		}
		// Exponential backoff with jitter in [d/2, d].
		for i, d := range slept {
			hi := backoffBase << i
			if d < hi/2 || d > hi {
				t.Errorf("backoff %d = %v, want in [%v, %v]", i+1, d, hi/2, hi)
			}
		}
	})
	t.Run("exhausted", func(t *testing.T) {
		f := newFake(t)
		for range 10 {
			f.inject(fault{status: 503, body: `{"message":"Service Unavailable"}`})
		}
		err := f.client(V1).Check(context.Background())
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "Greenhouse is unavailable (HTTP 503) after 5 attempts") {
			t.Fatalf("err = %v", err)
		}
		if api, _, _, _ := f.counts(); api != 5 {
			t.Errorf("%d requests, want 5", api)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		f := newFake(t)
		c := f.client(V1)
		f.srv.Close()
		err := c.Check(context.Background())
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "unreachable") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestValidationError(t *testing.T) {
	f := newFake(t)
	f.inject(fault{status: 422, body: `{"message":"Validation error","errors":[{"message":"Must be one of: candidate, prospect","field":"type"}]}`})
	err := f.client(V1).Check(context.Background())
	if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "Validation error; type: Must be one of: candidate, prospect") {
		t.Fatalf("err = %v", err)
	}
}

func TestContextCancellation(t *testing.T) {
	t.Run("between pages", func(t *testing.T) {
		f := newFake(t)
		f.set("candidates", people(500, time.Now(), V3))
		c := f.client(V3)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		pages := 0
		err := c.List(ctx, Candidates, ListOptions{}, func(Page) error {
			if pages++; pages == 2 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if api, _, _, _ := f.counts(); api != 2 {
			t.Fatalf("%d API requests after cancelling on page 2", api)
		}
	})
	t.Run("during backoff", func(t *testing.T) {
		f := newFake(t)
		f.inject(fault{status: 503})
		ctx, cancel := context.WithCancel(context.Background())
		c := f.client(V1, func(c *Config) {
			c.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
		})
		if err := c.Check(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestGet(t *testing.T) {
	t.Run("v3 in chunks of 50 with children", func(t *testing.T) {
		f := newFake(t)
		f.set("candidates", people(120, time.Now(), V3))
		f.set("attachments", []map[string]any{{"id": 9, "candidate_id": 60, "type": "resume", "filename": "cv.pdf"}})
		f.set("applications", []map[string]any{{"id": 5, "candidate_id": 61, "status": "in_process"}})
		c := f.client(V3)
		ids := make([]int64, 0, 61)
		for i := int64(60); i <= 120; i++ {
			ids = append(ids, i)
		}
		ids = append(ids, 9999) // unknown: left out
		b, err := c.Get(context.Background(), Candidates, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Candidates) != 61 || len(b.Attachments) != 1 || len(b.Applications) != 1 || b.Applications[0].Status != "active" {
			t.Fatalf("got %d candidates, %d attachments, %+v", len(b.Candidates), len(b.Attachments), b.Applications)
		}
		for _, q := range f.lastQueries() {
			for _, p := range []string{"ids", "candidate_ids"} {
				if v := q.Get(p); v != "" && len(strings.Split(v, ",")) > 50 {
					t.Fatalf("%s has more than 50 ids", p)
				}
			}
		}
	})
	t.Run("v1 candidates in chunks of 50 through candidate_ids", func(t *testing.T) {
		f := newFake(t)
		f.set("candidates", people(120, time.Now(), V1))
		c := f.client(V1, func(c *Config) { c.PerPage = 20 })
		ids := make([]int64, 0, 62)
		for i := int64(60); i <= 120; i++ {
			ids = append(ids, i)
		}
		ids = append(ids, 9999)
		b, err := c.Get(context.Background(), Candidates, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Candidates) != 61 {
			t.Fatalf("got %d candidates, want 61", len(b.Candidates))
		}
		// 62 ids: two requests, each one page however small the page size.
		if api, _, _, _ := f.counts(); api != 2 {
			t.Errorf("%d requests for 62 ids, want 2", api)
		}
		for _, q := range f.lastQueries() {
			if n := len(strings.Split(q.Get("candidate_ids"), ",")); n > 50 {
				t.Errorf("candidate_ids has %d ids", n)
			}
		}
	})
	t.Run("v1 with embedded children", func(t *testing.T) {
		f := newFake(t)
		f.set("candidates", []map[string]any{{"id": 7, "first_name": "A",
			"educations":   []any{map[string]any{"id": 1, "school_name": "MIT"}},
			"attachments":  []any{map[string]any{"filename": "cv.pdf", "type": "resume", "created_at": "2026-01-01T00:00:00Z"}},
			"applications": []any{map[string]any{"id": 3, "candidate_id": 7, "status": "active", "jobs": []any{map[string]any{"id": 4}}}}}})
		c := f.client(V1)
		b, err := c.Get(context.Background(), Candidates, []int64{7, 8})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Candidates) != 1 || len(b.Educations) != 1 || len(b.Attachments) != 1 || len(b.Applications) != 1 || b.Applications[0].JobID != 4 {
			t.Fatalf("batch %+v", b)
		}
	})
}

func TestCandidateNotes(t *testing.T) {
	f := newFake(t)
	f.set("notes", []map[string]any{{"id": 1, "candidate_id": 7, "body": "hi", "type": "NOTE", "visibility": "admin_only_visible"},
		{"id": 2, "candidate_id": 8, "body": "other"}})
	f.feeds[7] = map[string]any{"notes": []any{map[string]any{"id": 1, "body": "hi", "visibility": "admin_only", "user": map[string]any{"id": 5}}},
		"emails": []any{map[string]any{"id": 1, "body": "mail"}}}
	for _, version := range []string{V3, V1} {
		t.Run(version, func(t *testing.T) {
			notes, err := f.client(version).CandidateNotes(context.Background(), 7)
			if err != nil {
				t.Fatal(err)
			}
			if len(notes) != 1 || notes[0].Body != "hi" || notes[0].CandidateID != 7 || notes[0].Visibility != "admin_only" || notes[0].Type != "NOTE" {
				t.Fatalf("notes %+v", notes)
			}
		})
	}
}

func TestV1ListUnsupported(t *testing.T) {
	c := newFake(t).client(V1)
	for _, r := range []Resource{Notes, Attachments, Openings, ApplicationStages} {
		if err := c.List(context.Background(), r, ListOptions{}, func(Page) error { return nil }); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err = %v, want ErrUnsupported", r, err)
		}
	}
	// The v1 list routes, EEOC's included.
	if got := len(c.Resources()); got != 15 {
		t.Errorf("v1 walks %d resources, want 15", got)
	}
}

func TestDownload(t *testing.T) {
	var mu sync.Mutex
	var auth []string
	fails := 1
	files := http.NewServeMux()
	files.HandleFunc("/ok.pdf", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		auth = append(auth, r.Header.Get("Authorization"))
		if fails > 0 {
			fails--
			w.WriteHeader(503)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7 hello"))
	})
	files.HandleFunc("/expired.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))
	})
	srv := newFileServer(t, files)
	f := newFake(t)
	c := f.client(V3)
	if err := c.Check(context.Background()); err != nil { // a token is cached now
		t.Fatal(err)
	}
	ctx := context.Background()

	body, ctype, err := c.Download(ctx, srv+"/ok.pdf", 1<<20)
	if err != nil || string(body) != "%PDF-1.7 hello" || ctype != "application/pdf" {
		t.Fatalf("got %q %q %v", body, ctype, err)
	}
	for _, a := range auth {
		if a != "" {
			t.Fatalf("download sent Authorization %q", a)
		}
	}
	if _, _, err := c.Download(ctx, srv+"/ok.pdf", 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("small limit: err = %v, want ErrTooLarge", err)
	}
	if _, _, err := c.Download(ctx, srv+"/expired.pdf", 1<<20); !errors.Is(err, ErrExpired) {
		t.Errorf("expired: err = %v, want ErrExpired", err)
	}
	if _, _, err := c.Download(ctx, srv+"/missing.pdf", 1<<20); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: err = %v, want ErrNotFound", err)
	}
	if s := c.Stats(); s.Downloads != 5 || s.Requests != 1 {
		t.Errorf("stats %+v: downloads must not count as API requests", s)
	}
}

func TestNewConfig(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       Config
		version   string
		tokenURL  string
		wantError string
	}{
		{"real v3", Config{ClientID: "a", ClientSecret: "b"}, V3, DefaultTokenURL, ""},
		{"simulator v3", Config{BaseURL: "http://127.0.0.1:9/", ClientID: "a", ClientSecret: "b"}, V3, "http://127.0.0.1:9/token", ""},
		{"explicit token URL", Config{BaseURL: "http://127.0.0.1:9", TokenURL: "http://127.0.0.1:9/auth", ClientID: "a", ClientSecret: "b"}, V3, "http://127.0.0.1:9/auth", ""},
		{"v1", Config{APIKey: "k"}, V1, DefaultTokenURL, ""},
		{"no credentials", Config{}, "", "", "no credentials"},
		{"no secret", Config{ClientID: "a"}, "", "", "client secret"},
		{"bad page size", Config{APIKey: "k", PerPage: 501}, "", "", "outside 1..500"},
		{"bad base", Config{APIKey: "k", BaseURL: "harvest.greenhouse.io"}, "", "", "not an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.cfg)
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) {
					t.Fatalf("err = %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Version() != tc.version || (tc.version == V3 && c.tokenURL != tc.tokenURL) {
				t.Fatalf("version %s token %s", c.Version(), c.tokenURL)
			}
		})
	}
}

func TestBatchOnly(t *testing.T) {
	b := Batch{
		Candidates:        []db.Candidate{{ID: 1}, {ID: 2}},
		Educations:        []db.CandidateEducation{{ID: 10, CandidateID: 1}, {ID: 20, CandidateID: 2}},
		Attachments:       []db.Attachment{{CandidateID: 1, Filename: "a.pdf"}, {CandidateID: 2, ApplicationID: 200, Filename: "b.pdf"}},
		Applications:      []db.Application{{ID: 100, CandidateID: 1}, {ID: 200, CandidateID: 2}},
		ApplicationStages: []db.ApplicationStage{{ID: 7, ApplicationID: 200}},
		Jobs:              []db.Job{{ID: 5}, {ID: 6}},
		Openings:          []db.Opening{{ID: 50, JobID: 5}, {ID: 60, JobID: 6}},
		JobOwners:         []db.JobOwner{{JobID: 6, UserID: 3}},
		Offers:            []db.Offer{{ID: 9, CandidateID: 1}},
	}
	tests := []struct {
		r    Resource
		ids  []int64
		want Batch
	}{
		{Candidates, []int64{1}, Batch{Candidates: b.Candidates[:1], Educations: b.Educations[:1], Attachments: b.Attachments[:1], Applications: b.Applications[:1]}},
		{Jobs, []int64{6}, Batch{Jobs: b.Jobs[1:], Openings: b.Openings[1:], JobOwners: b.JobOwners}},
		{Applications, []int64{200}, Batch{Applications: b.Applications[1:], Attachments: b.Attachments[1:], ApplicationStages: b.ApplicationStages}},
		{Offers, []int64{9, 10}, Batch{Offers: b.Offers}},
		{Candidates, []int64{3}, Batch{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.r, tt.ids), func(t *testing.T) {
			if got := b.Only(tt.r, tt.ids); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Only(%s, %v) =\n %+v\nwant\n %+v", tt.r, tt.ids, got, tt.want)
			}
		})
	}
}
