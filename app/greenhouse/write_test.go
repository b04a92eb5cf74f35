package greenhouse

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/app/simulator/simtest"
	"github.com/shortlist-hq/shortlist/db"
)

// writeTarget is what the write tests act on: an open job, a recruiter on
// its hiring team who is not a site admin, and a public candidate who is
// not on the job.
type writeTarget struct {
	job, recruiter, candidate int64
}

func pickWriteTarget(t *testing.T, sim *simulator.Sim) writeTarget {
	t.Helper()
	snap := sim.Snapshot()
	admin := map[int64]bool{}
	for _, u := range snap.Users {
		admin[u.ID] = u.SiteAdmin || u.Deactivated
	}
	var w writeTarget
	for _, j := range snap.Jobs {
		if j.Status != "open" {
			continue
		}
		for _, o := range snap.JobOwners {
			if o.JobID == j.ID && o.Type == "recruiter" && !admin[o.UserID] {
				w.job, w.recruiter = j.ID, o.UserID
			}
		}
		if w.job != 0 {
			break
		}
	}
	onJob := map[int64]bool{}
	for _, a := range snap.Applications {
		if a.JobID == w.job || slices.Contains(a.ProspectiveJobIDs, w.job) {
			onJob[a.CandidateID] = true
		}
	}
	for _, c := range snap.Candidates {
		if !c.Private && !onJob[c.ID] {
			w.candidate = c.ID
			break
		}
	}
	if w.job == 0 || w.candidate == 0 {
		t.Fatalf("the simulated tenant lacks a write target: %+v", w)
	}
	return w
}

// created counts the records the simulator created through its write
// routes.
func created(sim *simulator.Sim, resource string) int {
	n := 0
	for _, w := range sim.Writes() {
		if w.Resource == resource && w.ID != 0 {
			n++
		}
	}
	return n
}

// TestAddApplicationAndNoteV3: the writes act as the user asked for (the
// token's sub), each user's token is fetched once, and the answers map to
// records.
func TestAddApplicationAndNoteV3(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 3, Candidates: 120, RateLimitV3: -1})
	w := pickWriteTarget(t, sim)
	c := simClient(t, sim, base)
	ctx := context.Background()

	p, err := c.AddApplication(ctx, w.recruiter, NewApplication{CandidateID: w.candidate, JobID: w.job, Prospect: true})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Prospect || p.JobID != 0 || !slices.Equal(p.ProspectiveJobIDs, []int64{w.job}) || p.CandidateID != w.candidate || p.Status != "active" {
		t.Errorf("prospect = %+v", p)
	}
	a, err := c.AddApplication(ctx, w.recruiter, NewApplication{CandidateID: w.candidate, JobID: w.job})
	if err != nil {
		t.Fatal(err)
	}
	if a.Prospect || a.JobID != w.job || a.StageName == "" || a.ApplicationStageID == 0 {
		t.Errorf("application = %+v", a)
	}
	n, err := c.AddNote(ctx, w.recruiter, NewNote{CandidateID: w.candidate, Body: "Met at the meetup.", Visibility: VisibilityAdminOnly})
	if err != nil {
		t.Fatal(err)
	}
	if n.UserID != w.recruiter || n.Visibility != "admin_only" || n.Body != "Met at the meetup." || n.CandidateID != w.candidate || n.Type != "NOTE" {
		t.Errorf("note = %+v", n)
	}
	for _, x := range []struct {
		res string
		id  int64
	}{{"applications", p.ID}, {"applications", a.ID}, {"notes", n.ID}} {
		if by, ok := sim.CreatedBy(x.res, x.id); !ok || by != w.recruiter {
			t.Errorf("%s %d created by %d (%v), want %d", x.res, x.id, by, ok, w.recruiter)
		}
	}
	if got := c.Stats().TokenRequests; got != 1 {
		t.Errorf("%d token requests for three writes as one user, want 1 (cached)", got)
	}
	// The check a retry makes finds both applications.
	apps, err := c.CandidateApplications(ctx, w.candidate)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, x := range apps {
		ids = append(ids, x.ID)
	}
	if !slices.Contains(ids, p.ID) || !slices.Contains(ids, a.ID) {
		t.Errorf("CandidateApplications = %v, want %d and %d among them", ids, p.ID, a.ID)
	}
}

// TestWritesV1SendOnBehalfOf: v1 writes name the acting user in
// On-Behalf-Of, which the simulator records as the author.
func TestWritesV1SendOnBehalfOf(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 3, Candidates: 120, RateLimitV1: -1})
	w := pickWriteTarget(t, sim)
	var mu sync.Mutex
	var obo []string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost {
			mu.Lock()
			obo = append(obo, r.Header.Get("On-Behalf-Of"))
			mu.Unlock()
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := New(Config{BaseURL: base, APIKey: sim.Config().APIKey, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n, err := c.AddNote(ctx, w.recruiter, NewNote{CandidateID: w.candidate, Body: "v1 note", Visibility: VisibilityPrivate})
	if err != nil {
		t.Fatal(err)
	}
	if n.UserID != w.recruiter || n.Visibility != "private" || n.Body != "v1 note" || n.CandidateID != w.candidate {
		t.Errorf("note = %+v", n)
	}
	a, err := c.AddApplication(ctx, w.recruiter, NewApplication{CandidateID: w.candidate, JobID: w.job, Prospect: true})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Prospect || !slices.Equal(a.ProspectiveJobIDs, []int64{w.job}) || a.CandidateID != w.candidate {
		t.Errorf("prospect = %+v", a)
	}
	want := strings.Repeat(itoa(w.recruiter)+" ", 2)
	if got := strings.Join(obo, " ") + " "; got != want {
		t.Errorf("On-Behalf-Of sent: %q, want %q", obo, want)
	}
	for _, x := range sim.Writes() {
		if x.UserID != w.recruiter || x.Version != "v1" {
			t.Errorf("simulator recorded %+v, want user %d over v1", x, w.recruiter)
		}
	}
	apps, err := c.CandidateApplications(ctx, w.candidate)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(apps, func(x db.Application) bool { return x.ID == a.ID }) {
		t.Errorf("v1 CandidateApplications lacks %d", a.ID)
	}
}

// TestWriteFailures: refusals name what is missing, and a write whose
// answer may hide its effect is never sent twice by the client, while a
// 429 is waited out (for as long as Retry-After says) and sent again.
func TestWriteFailures(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 3, Candidates: 120, RateLimitV3: -1})
	w := pickWriteTarget(t, sim)
	var slept []time.Duration
	c := simClient(t, sim, base, func(cfg *Config) {
		cfg.Sleep = func(ctx context.Context, d time.Duration) error {
			slept = append(slept, d)
			return ctx.Err()
		}
	})
	ctx := context.Background()
	prospect := NewApplication{CandidateID: w.candidate, JobID: w.job, Prospect: true}

	sim.SetDenyResources("applications:create")
	_, err := c.AddApplication(ctx, w.recruiter, prospect)
	if !errors.Is(err, ErrForbidden) || errors.Is(err, ErrInDoubt) || !strings.Contains(err.Error(), "harvest:applications:create") {
		t.Errorf("missing scope: %v", err)
	}
	sim.SetDenyResources("notes:create")
	_, err = c.AddNote(ctx, w.recruiter, NewNote{CandidateID: w.candidate, Body: "x", Visibility: VisibilityPublic})
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "harvest:notes:create") {
		t.Errorf("missing scope: %v", err)
	}
	sim.SetDenyResources()

	// A closed job: Greenhouse's validation message comes through.
	var closed int64
	for _, j := range sim.Snapshot().Jobs {
		if j.Status == "closed" {
			closed = j.ID
		}
	}
	_, err = c.AddApplication(ctx, w.recruiter, NewApplication{CandidateID: w.candidate, JobID: closed})
	if !errors.Is(err, ErrValidation) || errors.Is(err, ErrInDoubt) || !strings.Contains(err.Error(), "can only apply to open jobs") {
		t.Errorf("closed job: %v", err)
	}

	// A lost answer: the write took effect, the client says it may have,
	// and does not send it again.
	sim.LoseWriteAnswers(1, http.StatusGatewayTimeout)
	before := created(sim, "applications")
	_, err = c.AddApplication(ctx, w.recruiter, prospect)
	var ge *Error
	if !errors.Is(err, ErrInDoubt) || !errors.Is(err, ErrUnavailable) || !errors.As(err, &ge) || ge.Status != http.StatusGatewayTimeout {
		t.Errorf("lost answer: %v", err)
	}
	if got := created(sim, "applications") - before; got != 1 {
		t.Errorf("the lost-answer write was applied %d times, want once", got)
	}

	// An outage answers 503 with Retry-After, which the error carries.
	sim.SetOutage(true)
	_, err = c.AddApplication(ctx, w.recruiter, prospect)
	sim.SetOutage(false)
	if !errors.As(err, &ge) || !errors.Is(err, ErrInDoubt) || !errors.Is(err, ErrUnavailable) || ge.RetryAfter != 30*time.Second {
		t.Errorf("outage: %v (retry after %v)", err, ge.RetryAfter)
	}
	if len(slept) != 0 {
		t.Errorf("the client slept %v on failures it must hand back", slept)
	}
}

// TestWriteWaitsOutRateLimit: a 429 is not a failure; the write is sent
// again after Retry-After, and takes effect once.
func TestWriteWaitsOutRateLimit(t *testing.T) {
	clock := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	sim, base := simtest.Start(t, simulator.Config{Seed: 3, Candidates: 120, RateLimitV3: 2, Now: now})
	w := pickWriteTarget(t, sim)
	var slept []time.Duration
	c := simClient(t, sim, base, func(cfg *Config) {
		cfg.Now = now
		cfg.Sleep = func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			slept = append(slept, d)
			clock = clock.Add(d)
			mu.Unlock()
			return ctx.Err()
		}
	})
	ctx := context.Background()
	// Spend the window with reads the client does not pace (the budget is
	// announced only by answers).
	req, _ := http.NewRequest(http.MethodGet, base+"/v3/departments", nil)
	tok, err := c.tokenFor(w.recruiter).get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	for range 2 {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	before := created(sim, "notes")
	if _, err := c.AddNote(ctx, w.recruiter, NewNote{CandidateID: w.candidate, Body: "paced", Visibility: VisibilityPublic}); err != nil {
		t.Fatal(err)
	}
	if got := created(sim, "notes") - before; got != 1 {
		t.Errorf("%d notes created, want 1", got)
	}
	if c.Stats().RateLimited != 1 || len(slept) == 0 {
		t.Fatalf("rate limited %d times, slept %v; want one 429 waited out", c.Stats().RateLimited, slept)
	}
	// The simulator's window is 30 s; Retry-After tells what is left of it.
	var total time.Duration
	for _, d := range slept {
		total += d
	}
	if total < 29*time.Second || total > 31*time.Second {
		t.Errorf("waited %v in all, want what Retry-After said (30 s)", total)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
