package greenhouse

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/app/simulator/simtest"
)

// These tests read the simulator, which follows Greenhouse's v3 reference
// (see app/simulator/registry_test.go).

func simClient(t *testing.T, sim *simulator.Sim, base string, mod ...func(*Config)) *Client {
	t.Helper()
	sc := sim.Config()
	cfg := Config{BaseURL: base, ClientID: sc.ClientID, ClientSecret: sc.ClientSecret, PerPage: 50,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func collectAll(t *testing.T, c *Client, r Resource) Batch {
	t.Helper()
	var b Batch
	if err := c.collect(context.Background(), r, ListOptions{}, &b); err != nil {
		t.Fatalf("list %s: %v", r, err)
	}
	return b
}

// TestEducationsNamedFromOptions: v3 educations carry option ids; the
// client names them from custom_field_options, as v1 named them.
func TestEducationsNamedFromOptions(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 60, RateLimitV3: -1})
	c := simClient(t, sim, base)
	b := collectAll(t, c, CandidateEducations)
	snap := sim.Snapshot()
	if len(b.Educations) != len(snap.Educations) {
		t.Fatalf("%d educations, simulator has %d", len(b.Educations), len(snap.Educations))
	}
	want := map[int64]simulator.Education{}
	for _, e := range snap.Educations {
		want[e.ID] = e
	}
	for _, e := range b.Educations {
		w := want[e.ID]
		if e.SchoolName != w.SchoolName || e.Degree != w.Degree || e.Discipline != w.Discipline || e.SchoolNameOptionID == 0 ||
			!e.StartDate.Equal(w.StartDate) || !e.EndDate.Equal(w.EndDate) {
			t.Fatalf("education %d: %q %q %q %v–%v (option %d), want %q %q %q %v–%v", e.ID, e.SchoolName, e.Degree, e.Discipline,
				e.StartDate, e.EndDate, e.SchoolNameOptionID, w.SchoolName, w.Degree, w.Discipline, w.StartDate, w.EndDate)
		}
	}
	// The names are remembered: a second walk asks for no option.
	before := c.Stats().Requests
	pages := 0
	if err := c.List(context.Background(), CandidateEducations, ListOptions{}, func(Page) error { pages++; return nil }); err != nil {
		t.Fatal(err)
	}
	if got := c.Stats().Requests - before; got != int64(pages) {
		t.Errorf("second walk: %d requests for %d pages; option names should come from memory", got, pages)
	}
}

// TestEducationOptionsNeedTheirScope: a credential without the scope to
// read custom field options cannot name educations; the error says which
// scope is missing.
func TestEducationOptionsNeedTheirScope(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 10, RateLimitV3: -1,
		DenyResources: []string{"custom_field_options"}})
	c := simClient(t, sim, base)
	err := c.List(context.Background(), CandidateEducations, ListOptions{}, func(Page) error { return nil })
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "harvest:custom_field_options:list") {
		t.Fatalf("err = %v, want ErrForbidden naming harvest:custom_field_options:list", err)
	}
}

// TestProspectsMapAlikeInBothVersions: a prospect has no job and lists its
// prospective jobs, whether read from v3 (job_id null,
// prospective_job_ids) or v1 (the application's jobs).
func TestProspectsMapAlikeInBothVersions(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 120, RateLimitV3: -1, RateLimitV1: -1})
	v3 := collectAll(t, simClient(t, sim, base), Applications)
	v1 := collectAll(t, simClient(t, sim, base, func(c *Config) { c.ClientID, c.APIKey = "", sim.Config().APIKey }), Applications)
	byID := map[int64][]int64{}
	for _, a := range v1.Applications {
		byID[a.ID] = a.ProspectiveJobIDs
		if a.Prospect && a.JobID != 0 {
			t.Fatalf("v1 prospect %d has job %d", a.ID, a.JobID)
		}
	}
	prospects := 0
	for _, a := range v3.Applications {
		if !a.Prospect {
			if a.JobID == 0 || len(a.ProspectiveJobIDs) != 0 {
				t.Fatalf("v3 application %d: job %d, prospective %v", a.ID, a.JobID, a.ProspectiveJobIDs)
			}
			continue
		}
		prospects++
		if a.JobID != 0 || !slices.Equal(a.ProspectiveJobIDs, byID[a.ID]) {
			t.Fatalf("prospect %d: v3 job %d prospective %v, v1 prospective %v", a.ID, a.JobID, a.ProspectiveJobIDs, byID[a.ID])
		}
	}
	if prospects == 0 {
		t.Fatal("no prospects to compare")
	}
}

// TestProcessingCandidatesAreDeferred: a candidate Greenhouse is still
// processing comes as {"message": …}; the page leaves it out, counts it
// and bounds when it can have been updated.
func TestProcessingCandidatesAreDeferred(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 30, RateLimitV3: -1})
	cands := sim.Snapshot().Candidates // ascending ids
	// Pages of 10, newest first: cands[29..20], [19..10], [9..0]. cands[25]
	// is inside the first page, cands[20] ends it, cands[0] is the oldest.
	sim.SetProcessing(cands[25].ID, cands[20].ID, cands[0].ID)
	c := simClient(t, sim, base, func(c *Config) { c.PerPage = 10 })
	var pages []Page
	err := c.List(context.Background(), Candidates, ListOptions{}, func(p Page) error {
		pages = append(pages, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Fatalf("%d pages", len(pages))
	}
	total := 0
	for _, p := range pages {
		total += len(p.Candidates)
		for _, cd := range p.Candidates {
			if cd.ID == 0 {
				t.Fatal("a candidate without an id")
			}
		}
	}
	if total != 27 {
		t.Fatalf("%d candidates, want the 27 not being processed", total)
	}
	// Page 1: cands[25] is followed by cands[24]; cands[20] ends the page.
	if p := pages[0]; p.Deferred != 2 || !p.DeferredFloor.Equal(cands[24].CreatedAt) || !p.DeferredAtEnd {
		t.Errorf("page 1: deferred %d, floor %v (want %v), at end %v", p.Deferred, p.DeferredFloor, cands[24].CreatedAt, p.DeferredAtEnd)
	}
	if p := pages[1]; p.Deferred != 0 || !p.FirstCreatedAt.Equal(cands[19].CreatedAt) {
		t.Errorf("page 2: deferred %d, first %v (want %v)", p.Deferred, p.FirstCreatedAt, cands[19].CreatedAt)
	}
	if p := pages[2]; p.Deferred != 1 || !p.DeferredAtEnd || !p.DeferredFloor.IsZero() {
		t.Errorf("page 3: deferred %d, at end %v, floor %v: the oldest candidate has nothing after it", p.Deferred, p.DeferredAtEnd, p.DeferredFloor)
	}
	// Read by id while processing: nothing, and no error.
	b, err := c.Get(context.Background(), Candidates, []int64{cands[25].ID})
	if err != nil || len(b.Candidates) != 0 {
		t.Fatalf("Get while processing: %d candidates, %v", len(b.Candidates), err)
	}
}

// TestRecordWithoutIDIsAnError: an item without an id that is not the
// processing message cannot be stored; the walk stops and says so.
func TestRecordWithoutIDIsAnError(t *testing.T) {
	f := newFake(t)
	f.set("candidates", []map[string]any{{"id": 1, "first_name": "A"}, {"first_name": "No id"}})
	err := f.client(V3).List(context.Background(), Candidates, ListOptions{}, func(Page) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "without an id") {
		t.Fatalf("err = %v, want a record without an id reported", err)
	}
}

// TestTokenErrorsInWords: each refusal of Greenhouse's token endpoint is
// read from its body and told in words the owner can act on.
func TestTokenErrorsInWords(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 5, RateLimitV3: -1})
	for _, tc := range []struct {
		name string
		mod  func(*Config)
		kind error
		want []string
	}{
		{"WrongSecret", func(c *Config) { c.ClientSecret = "wrong" }, ErrUnauthorized,
			[]string{"rejected the client credentials", "check the client id and secret", "invalid_client"}},
		{"MalformedClientID", func(c *Config) { c.ClientID = "notaclient" }, ErrUnauthorized,
			[]string{"does not recognise the client id", "ends in a dash and a number",
				"client_id=notaclient does not contain a valid client ID suffix", "Greenhouse error id err-"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := simClient(t, sim, base, tc.mod).Check(context.Background())
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
	// Refusals the client's own requests cannot provoke from the simulator.
	for _, tc := range []struct {
		name   string
		status int
		body   string
		kind   error
		want   []string
	}{
		{"NoCredentials", 401, `{"message":"Unauthorized","errorId":"err-1a2b3c"}`, ErrUnauthorized,
			[]string{"without client credentials", "proxy", "Authorization header", "Greenhouse error id err-1a2b3c"}},
		{"BadGrant", 400, `{"message":"grant_type=client_credential is invalid, please use one of: authorization_code, refresh_token, client_credentials"}`,
			ErrValidation, []string{"fault in Shortlist", "please report it", "grant_type=client_credential is invalid"}},
		{"NoTokenEndpoint", 404, `{"message":"Resource not found"}`, ErrNotFound, []string{"no token endpoint", "GREENHOUSE_TOKEN_URL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			err := simClient(t, sim, srv.URL).Check(context.Background())
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

// TestTokenURLFollowsAPIURL: without a token address, the client asks the
// one beside a non-Greenhouse API (the simulator serves /token at its
// base), never Greenhouse's auth server.
func TestTokenURLFollowsAPIURL(t *testing.T) {
	for api, want := range map[string]string{
		"https://harvest.greenhouse.io":     DefaultTokenURL,
		"https://api.greenhouse.io/":        DefaultTokenURL,
		"http://127.0.0.1:8090":             "http://127.0.0.1:8090/token",
		"https://proxy.example.com/gh/":     "https://proxy.example.com/gh/token",
		"https://greenhouse.io.example.com": "https://greenhouse.io.example.com/token",
	} {
		if got := TokenURLFor(api); got != want {
			t.Errorf("TokenURLFor(%q) = %q, want %q", api, got, want)
		}
	}
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 5, RateLimitV3: -1})
	if err := simClient(t, sim, base).Check(context.Background()); err != nil {
		t.Fatalf("a client given only the simulator's address: %v", err)
	}
}

// TestGetUsesDocumentedFilters: reading records by id, with the children
// that come along, sends only parameters the reference documents (the
// simulator refuses any other with a 422), incrementally too.
func TestGetUsesDocumentedFilters(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 30, RateLimitV3: -1})
	c := simClient(t, sim, base)
	snap := sim.Snapshot()
	var app int64
	for _, a := range snap.Applications {
		if !a.Prospect && a.StageID != 0 {
			app = a.ID
			break
		}
	}
	for r, id := range map[Resource]int64{Candidates: snap.Candidates[3].ID, Jobs: snap.Jobs[2].ID, Applications: app} {
		b, err := c.Get(context.Background(), r, []int64{id})
		if err != nil {
			t.Fatalf("Get %s %d: %v", r, id, err)
		}
		if b.Len() < 2 {
			t.Fatalf("Get %s %d brought %d records, want it and its children", r, id, b.Len())
		}
	}
	for _, r := range c.Resources() {
		err := c.List(context.Background(), r, ListOptions{UpdatedAfter: snap.Candidates[10].CreatedAt}, func(Page) error { return nil })
		if err != nil {
			t.Fatalf("incremental list of %s: %v", r, err)
		}
	}
}
