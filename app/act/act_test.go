package act

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/app/simulator/simtest"
	"github.com/shortlist-hq/shortlist/db"
)

// env is a simulated Greenhouse, a database holding its jobs and stages,
// and what the tests act on: an open job, a recruiter on its hiring team
// (not a site admin) and a candidate not on the job.
type env struct {
	t         *testing.T
	sim       *simulator.Sim
	base      string
	db        *db.DB
	clock     time.Time
	account   db.Account
	job       int64
	recruiter int64
	// candidate and other are two public candidates not on the job.
	candidate, other int64
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	sim, base := simtest.Start(t, simulator.Config{Seed: 5, Candidates: 120, RateLimitV3: -1})
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "shortlist.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	e := &env{t: t, sim: sim, base: base, db: d, clock: time.Now().UTC().Truncate(time.Second)}
	d.Now = func() time.Time { return e.clock }

	// The candidates, jobs and stages, as a sync would have stored them.
	c := e.client(nil)
	err = d.Update(ctx, func(tx *db.Tx) error {
		for _, r := range []greenhouse.Resource{greenhouse.Candidates, greenhouse.Jobs, greenhouse.JobInterviewStages} {
			err := c.List(ctx, r, greenhouse.ListOptions{}, func(p greenhouse.Page) error {
				if _, err := db.Upsert(ctx, tx, p.Candidates); err != nil {
					return err
				}
				if _, err := db.Upsert(ctx, tx, p.Jobs); err != nil {
					return err
				}
				_, err := db.Upsert(ctx, tx, p.JobInterviewStages)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.account, err = d.CreateAccount(ctx, db.Account{Email: "rita@example.com", Role: db.RoleRecruiter, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}

	snap := sim.Snapshot()
	admin := map[int64]bool{}
	for _, u := range snap.Users {
		admin[u.ID] = u.SiteAdmin || u.Deactivated
	}
	for _, j := range snap.Jobs {
		for _, o := range snap.JobOwners {
			if j.Status == "open" && o.JobID == j.ID && o.Type == "recruiter" && !admin[o.UserID] && e.job == 0 {
				e.job, e.recruiter = j.ID, o.UserID
			}
		}
	}
	onJob := map[int64]bool{}
	for _, a := range snap.Applications {
		if a.JobID == e.job || slices.Contains(a.ProspectiveJobIDs, e.job) {
			onJob[a.CandidateID] = true
		}
	}
	for _, c := range snap.Candidates {
		if !c.Private && !onJob[c.ID] {
			if e.candidate == 0 {
				e.candidate = c.ID
			} else if e.other == 0 {
				e.other = c.ID
			}
		}
	}
	if e.job == 0 || e.other == 0 {
		t.Fatal("the simulated tenant lacks a job with a recruiter or a candidate to add")
	}
	return e
}

// client is a v3 client for the simulator; hc nil means a plain one.
func (e *env) client(hc *http.Client) *greenhouse.Client {
	e.t.Helper()
	sc := e.sim.Config()
	// The client's own waits (back-off on reads, 429s) take no time here.
	c, err := greenhouse.New(greenhouse.Config{BaseURL: e.base, ClientID: sc.ClientID, ClientSecret: sc.ClientSecret, HTTPClient: hc,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// sender sends with c; back-off is a fixed second so tests can step past it.
func (e *env) sender(c *greenhouse.Client, opts Options) *Sender {
	if opts.Backoff == nil {
		opts.Backoff = func(int) time.Duration { return time.Second }
	}
	return New(e.db, func() *greenhouse.Client { return c }, opts)
}

func (e *env) queue(kind string, mod ...func(*db.Action)) db.Action {
	e.t.Helper()
	a := db.Action{Kind: kind, AccountID: e.account.ID, AccountEmail: e.account.Email, GreenhouseUserID: e.recruiter,
		CandidateID: e.candidate, JobID: e.job}
	if kind == db.ActionAddNote {
		a.JobID, a.Body, a.Visibility = 0, "Rediscovered for "+time.Now().Format(time.RFC3339Nano), "private"
	}
	for _, m := range mod {
		m(&a)
	}
	a, err := e.db.CreateAction(context.Background(), a)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) action(id int64) db.Action {
	e.t.Helper()
	a, err := e.db.Action(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// created counts the records Greenhouse made through its write routes.
func (e *env) created(resource string) []simulator.Write {
	var out []simulator.Write
	for _, w := range e.sim.Writes() {
		if w.Resource == resource && w.ID != 0 {
			out = append(out, w)
		}
	}
	return out
}

func (e *env) steps(id int64) string {
	e.t.Helper()
	evs, err := e.db.ActionEvents(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Event)
	}
	return strings.Join(out, " ")
}

// TestSendActions: a prospect, a candidate application and a note are
// made as the recruiter's Greenhouse user, land in Shortlist's tables and
// queue the candidate for reindexing.
func TestSendActions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	woke := 0
	s := e.sender(e.client(nil), Options{Applied: func() { woke++ }})
	prospect := e.queue(db.ActionAddProspect)
	note := e.queue(db.ActionAddNote)
	if n, err := s.Drain(ctx); err != nil || n != 2 {
		t.Fatalf("drain: %d, %v", n, err)
	}

	p := e.action(prospect.ID)
	if p.State != db.ActionDone || p.ResultID == 0 || p.Attempts != 1 || !strings.Contains(p.Outcome, "as a prospect") {
		t.Fatalf("prospect action = %+v", p)
	}
	prof, err := e.db.CandidateProfile(ctx, e.candidate)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(prof.Applications, func(a db.ApplicationSummary) bool {
		return a.ID == p.ResultID && a.Prospect && slices.Contains(a.ProspectiveJobIDs, e.job)
	}) {
		t.Errorf("the new prospect application is not in Shortlist's tables: %+v", prof.Applications)
	}
	q, _ := e.db.IndexQueue(ctx, 10000)
	if !slices.ContainsFunc(q, func(x db.Queued) bool { return x.CandidateID == e.candidate }) || woke == 0 {
		t.Errorf("the candidate is not queued for the index (queue %v, woke %d)", q, woke)
	}

	n := e.action(note.ID)
	if n.State != db.ActionDone || n.ResultID == 0 || n.Outcome != "Note added." {
		t.Fatalf("note action = %+v", n)
	}
	notes, err := e.db.CandidateNotes(ctx, e.candidate, true, 0)
	if err != nil || len(notes) != 1 || notes[0].ID != n.ResultID || notes[0].Body != note.Body || notes[0].Pending || notes[0].Visibility != "private" {
		t.Errorf("notes = %+v, %v", notes, err)
	}
	for _, w := range append(e.created("applications"), e.created("notes")...) {
		if w.UserID != e.recruiter {
			t.Errorf("%s %d made by user %d, want the recruiter %d", w.Resource, w.ID, w.UserID, e.recruiter)
		}
	}

	// As a candidate: a candidate application in the job's first stage.
	cand := e.queue(db.ActionAddCandidate, func(a *db.Action) { a.CandidateID = e.other })
	if _, err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	first, err := e.db.FirstStage(ctx, e.job)
	if err != nil {
		t.Fatal(err)
	}
	c := e.action(cand.ID)
	if c.State != db.ActionDone || !strings.Contains(c.Outcome, "in "+first.Name) {
		t.Fatalf("candidate action = %+v", c)
	}
	prof, _ = e.db.CandidateProfile(ctx, e.other)
	if !slices.ContainsFunc(prof.Applications, func(a db.ApplicationSummary) bool {
		return a.ID == c.ResultID && a.JobID == e.job && a.StageID == first.ID && a.StageName == first.Name
	}) {
		t.Errorf("the candidate application is not stored in the first stage: %+v", prof.Applications)
	}

	// Asking again finds the candidate on the job: nothing is sent.
	again := e.queue(db.ActionAddProspect)
	before := len(e.created("applications"))
	if _, err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if a := e.action(again.ID); a.State != db.ActionDone || !strings.Contains(a.Outcome, "Already on") || len(e.created("applications")) != before {
		t.Errorf("second add: %+v, %d more applications", a, len(e.created("applications"))-before)
	}
	if got := e.steps(again.ID); got != "queued attempt found" {
		t.Errorf("audit log = %q", got)
	}
}

// crashAfterPost is a transport that lets writes reach Greenhouse, then
// stops the sender before it hears the answer, as a crash would.
func crashAfterPost(stop context.CancelFunc) *http.Client {
	return &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		res, err := http.DefaultTransport.RoundTrip(r)
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v3/") && err == nil {
			res.Body.Close()
			stop()
			return nil, errors.New("the process died")
		}
		return res, err
	})}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestCrashAfterSendIsSentOnce: a write that reached Greenhouse before a
// crash is found, not sent again, when the sender starts again.
func TestCrashAfterSendIsSentOnce(t *testing.T) {
	for _, kind := range []string{db.ActionAddProspect, db.ActionAddNote} {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t)
			a := e.queue(kind)
			ctx, crash := context.WithCancel(context.Background())
			defer crash()
			if _, err := e.sender(e.client(crashAfterPost(crash)), Options{}).Drain(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("the crashed run ended with %v", err)
			}
			if got := e.action(a.ID); got.State != db.ActionSending || got.Attempts != 1 {
				t.Fatalf("after the crash: %+v, want sending after one attempt", got)
			}
			res := "applications"
			if kind == db.ActionAddNote {
				res = "notes"
			}
			if n := len(e.created(res)); n != 1 {
				t.Fatalf("Greenhouse made %d %s before the crash, want 1", n, res)
			}

			// The restart: a new sender, a new client.
			if _, err := e.sender(e.client(nil), Options{}).Drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := e.action(a.ID)
			made := e.created(res)
			if len(made) != 1 {
				t.Fatalf("Greenhouse made %d %s in all, want exactly 1", len(made), res)
			}
			if got.State != db.ActionDone || got.ResultID != made[0].ID || !strings.Contains(got.Outcome, "earlier attempt") {
				t.Errorf("after the restart: %+v", got)
			}
			if s := e.steps(a.ID); s != "queued attempt attempt found" {
				t.Errorf("audit log = %q", s)
			}
		})
	}
}

// TestUnavailableIsRetriedOnce: a 5xx (whether or not the write took
// effect) is retried after back-off and Retry-After, by a new sender after
// a restart, and Greenhouse ends up with exactly one record.
func TestUnavailableIsRetriedOnce(t *testing.T) {
	t.Run("answer lost after the write", func(t *testing.T) {
		e := newEnv(t)
		a := e.queue(db.ActionAddProspect)
		e.sim.LoseWriteAnswers(1, http.StatusBadGateway)
		if _, err := e.sender(e.client(nil), Options{}).Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := e.action(a.ID)
		if got.State != db.ActionPending || got.ResponseStatus != 502 || !got.NextAttemptAt.After(e.clock) ||
			!strings.Contains(got.Outcome, "will try again") {
			t.Fatalf("after the 502: %+v", got)
		}
		e.clock = got.NextAttemptAt
		if _, err := e.sender(e.client(nil), Options{}).Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		if made := e.created("applications"); len(made) != 1 || e.action(a.ID).ResultID != made[0].ID || e.action(a.ID).State != db.ActionDone {
			t.Errorf("made %v; action %+v", made, e.action(a.ID))
		}
	})
	t.Run("outage before the write", func(t *testing.T) {
		e := newEnv(t)
		a := e.queue(db.ActionAddNote)
		e.sim.SetOutage(true)
		s := e.sender(e.client(nil), Options{})
		if _, err := s.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := e.action(a.ID)
		// The simulator's outage says Retry-After: 30, longer than the
		// back-off.
		if got.State != db.ActionPending || got.NextAttemptAt.Before(e.clock.Add(30*time.Second)) {
			t.Fatalf("after the 503: %+v (now %v)", got, e.clock)
		}
		e.sim.SetOutage(false)
		e.clock = e.clock.Add(29 * time.Second)
		if n, _ := s.Drain(context.Background()); n != 0 {
			t.Errorf("retried %d actions before Retry-After", n)
		}
		e.clock = got.NextAttemptAt
		if _, err := e.sender(e.client(nil), Options{}).Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		if made := e.created("notes"); len(made) != 1 || e.action(a.ID).State != db.ActionDone {
			t.Errorf("made %v; action %+v", made, e.action(a.ID))
		}
	})
	t.Run("gives up", func(t *testing.T) {
		e := newEnv(t)
		a := e.queue(db.ActionAddNote)
		e.sim.SetOutage(true)
		s := e.sender(e.client(nil), Options{MaxAttempts: 2})
		for range 2 {
			if _, err := s.Drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.clock = e.clock.Add(time.Minute)
		}
		if got := e.action(a.ID); got.State != db.ActionFailed || !strings.Contains(got.Outcome, "Gave up after 2 attempts") {
			t.Errorf("after two failed attempts: %+v", got)
		}
	})
}

// TestRefusalsFailAtOnce: a missing scope, a validation error and a lost
// connection fail the action with a clear reason, after one attempt.
func TestRefusalsFailAtOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s := e.sender(e.client(nil), Options{})

	e.sim.SetDenyResources("applications:create")
	a := e.queue(db.ActionAddProspect)
	if _, err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	e.sim.SetDenyResources()
	got := e.action(a.ID)
	if got.State != db.ActionFailed || got.Attempts != 1 || got.ResponseStatus != 403 || !strings.Contains(got.Outcome, "harvest:applications:create") {
		t.Errorf("missing scope: %+v", got)
	}

	var closed int64
	for _, j := range e.sim.Snapshot().Jobs {
		if j.Status == "closed" {
			closed = j.ID
		}
	}
	a = e.queue(db.ActionAddCandidate, func(a *db.Action) { a.JobID = closed })
	if _, err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.action(a.ID); got.State != db.ActionFailed || got.ResponseStatus != 422 || !strings.Contains(got.Outcome, "can only apply to open jobs") {
		t.Errorf("validation: %+v", got)
	}

	var mu sync.Mutex
	a = e.queue(db.ActionAddNote)
	unconnected := New(e.db, func() *greenhouse.Client { mu.Lock(); defer mu.Unlock(); return nil }, Options{})
	if _, err := unconnected.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.action(a.ID); got.State != db.ActionFailed || !strings.Contains(got.Outcome, "not connected") {
		t.Errorf("not connected: %+v", got)
	}
	if n := len(e.created("applications")) + len(e.created("notes")); n != 0 {
		t.Errorf("refused actions made %d records", n)
	}
}
