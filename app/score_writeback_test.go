package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// patchCounter sits between Shortlist and the simulated Greenhouse. It
// counts, per application, the writes that reached Greenhouse and were
// applied, and can refuse a write (before) or lose its answer (after).
type patchCounter struct {
	base http.RoundTripper

	mu       sync.Mutex
	applied  map[int64]int
	attempts int
	before   func(n int) *http.Response // n: the attempt's number
	dropped  func(n int) bool
}

func (p *patchCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPatch {
		return p.base.RoundTrip(req)
	}
	id, _ := strconv.ParseInt(req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:], 10, 64)
	p.mu.Lock()
	p.attempts++
	n, before, dropped := p.attempts, p.before, p.dropped
	p.mu.Unlock()
	if before != nil {
		if res := before(n); res != nil {
			return res, nil
		}
	}
	res, err := p.base.RoundTrip(req)
	if err == nil && res.StatusCode == http.StatusOK {
		p.mu.Lock()
		p.applied[id]++
		p.mu.Unlock()
	}
	if err == nil && dropped != nil && dropped(n) {
		res.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return res, err
}

// phase returns the writes applied since the last call, and resets.
func (p *patchCounter) phase() map[int64]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.applied
	p.applied, p.attempts = map[int64]int{}, 0
	return out
}

// writebackEnv is a synced Shortlist whose Greenhouse calls go through a
// patchCounter to the simulator.
type writebackEnv struct {
	app   *App
	sim   *simulator.Sim
	ctr   *patchCounter
	field greenhouse.CustomField
	// slept records the pauses between writes.
	slept []time.Duration
}

func newWritebackEnv(t *testing.T) *writebackEnv {
	t.Helper()
	return newWritebackEnvWith(t, nil)
}

// newWritebackEnvWith is newWritebackEnv with the connection adjusted
// (the simulator's credentials given).
func newWritebackEnvWith(t *testing.T, conn func(g *Greenhouse, sc simulator.Config)) *writebackEnv {
	t.Helper()
	ctx := context.Background()
	sim, err := simulator.New(simulator.Config{Seed: 31, Candidates: 200, RateLimitV3: -1, RateLimitToken: -1,
		Epoch: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	sim.SetBaseURL(srv.URL)
	sc := sim.Config()
	ctr := &patchCounter{base: http.DefaultTransport, applied: map[int64]int{}}
	g := Greenhouse{APIURL: srv.URL, TokenURL: srv.URL + "/token", ClientID: sc.ClientID, ClientSecret: sc.ClientSecret}
	if conn != nil {
		conn(&g, sc)
	}
	a, err := Open(ctx, Config{DataDir: t.TempDir(), Addr: "127.0.0.1:0", Greenhouse: g},
		Options{HTTPClient: &http.Client{Transport: ctr, Timeout: time.Minute}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	e := &writebackEnv{app: a, sim: sim, ctr: ctr}
	a.scores.pace = 10 * time.Millisecond
	a.scores.sleep = func(ctx context.Context, d time.Duration) error {
		e.slept = append(e.slept, d)
		return ctx.Err()
	}
	fields, err := a.applicationFields(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f.NameKey == simulator.ShortlistScoreKey {
			e.field = f
		}
	}
	if e.field.ID == 0 {
		t.Fatalf("no score field among %+v", fields)
	}
	e.settings(t, ScalePercent)
	return e
}

func (e *writebackEnv) settings(t *testing.T, scale string) {
	t.Helper()
	if err := e.app.SaveWritebackSettings(context.Background(), WritebackSettings{Field: e.field, Scale: scale, Schedule: ScheduleOff}); err != nil {
		t.Fatal(err)
	}
}

// run runs write-back and returns the run and the writes it applied.
func (e *writebackEnv) run(t *testing.T) (WritebackRun, map[int64]int, error) {
	t.Helper()
	e.ctr.phase()
	e.slept = nil
	run, err := e.app.RunScoreWriteback(context.Background())
	return run, e.ctr.phase(), err
}

// onlyOnce fails unless every application was written exactly once.
func onlyOnce(t *testing.T, applied map[int64]int) {
	t.Helper()
	for id, n := range applied {
		if n != 1 {
			t.Errorf("application %d written %d times", id, n)
		}
	}
}

// TestScoreWriteback writes scores to Greenhouse and rewrites exactly the
// ones that changed, once each, whatever happens in between.
func TestScoreWriteback(t *testing.T) {
	ctx := context.Background()
	e := newWritebackEnv(t)
	a := e.app
	targets, err := a.DB.ScoreTargets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	jobOf := map[int64]int64{}
	for _, tg := range targets {
		jobOf[tg.ApplicationID] = tg.JobID
	}
	var total int

	t.Run("FirstRun", func(t *testing.T) {
		run, applied, err := e.run(t)
		if err != nil {
			t.Fatal(err)
		}
		total = run.Written
		if total < 20 || len(applied) != total || run.Written+run.Skipped != len(targets) || run.Failed != 0 {
			t.Fatalf("run %+v: %d applications written of %d", run, len(applied), len(targets))
		}
		onlyOnce(t, applied)
		// Paced: one pause between two writes.
		if len(e.slept) != total-1 || e.slept[0] != a.scores.pace {
			t.Fatalf("%d pauses of %v for %d writes", len(e.slept), e.slept[:min(1, len(e.slept))], total)
		}
		// Greenhouse holds what Shortlist says it wrote: the job's curve.
		checked := 0
		for id := range applied {
			w, err := a.DB.ScoreWriteFor(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			v, ok := e.sim.ApplicationCustomField(id, simulator.ShortlistScoreKey)
			if !ok || !greenhouse.SameValue(v, w.Value) {
				t.Fatalf("application %d: Greenhouse holds %v, Shortlist wrote %q", id, v, w.Value)
			}
			if checked < 5 {
				checked++
				jd, _ := a.DB.JobDetail(ctx, jobOf[id])
				curve, err := a.jobCurve(ctx, jd)
				if err != nil {
					t.Fatal(err)
				}
				var cand int64
				for _, tg := range targets {
					if tg.ApplicationID == id {
						cand = tg.CandidateID
					}
				}
				if want := fmt.Sprintf("%.0f", curve.Percent(curve.Scores[cand])); w.Value != want {
					t.Fatalf("application %d: wrote %s, the curve says %s", id, w.Value, want)
				}
			}
		}
	})
	t.Run("NothingChanged", func(t *testing.T) {
		run, applied, err := e.run(t)
		if err != nil || len(applied) != 0 || run.Written != 0 || run.Unchanged != total {
			t.Fatalf("run %+v, %d writes, %v", run, len(applied), err)
		}
	})
	t.Run("RankerRetrained", func(t *testing.T) {
		var some int64
		for id := range jobOf {
			some = id
			break
		}
		before, _ := a.DB.ScoreWriteFor(ctx, some)
		a.scores.ranker = "retrained"
		run, applied, err := e.run(t)
		// Every score is computed again, and none changed: none is sent.
		if err != nil || len(applied) != 0 || run.Unchanged != total {
			t.Fatalf("run %+v, %d writes, %v", run, len(applied), err)
		}
		if after, _ := a.DB.ScoreWriteFor(ctx, some); after.Value != "" && after.Inputs == before.Inputs {
			t.Fatal("the new ranker's inputs were not noted")
		}
	})
	t.Run("JobTextEdited", func(t *testing.T) {
		// The job with most written applications gets another job's text.
		count := map[int64]int{}
		for _, tg := range targets {
			count[tg.JobID]++
		}
		var job, other int64
		for j, n := range count {
			if job == 0 || n > count[job] {
				job = j
			}
		}
		jd, _ := a.DB.JobDetail(ctx, job)
		for j := range count {
			if od, err := a.DB.JobDetail(ctx, j); err == nil && j != job && od.Department != jd.Department {
				other = j
			}
		}
		od, _ := a.DB.JobDetail(ctx, other)
		post, _ := jd.JobPostForRanking()
		repl, _ := od.JobPostForRanking()
		post.Content, post.UpdatedAt = repl.Content, post.UpdatedAt.Add(time.Hour)
		if err := a.DB.Update(ctx, func(tx *db.Tx) error { _, err := db.Upsert(ctx, tx, []db.JobPost{post}); return err }); err != nil {
			t.Fatal(err)
		}
		old := map[int64]string{}
		for id, j := range jobOf {
			if j == job {
				w, _ := a.DB.ScoreWriteFor(ctx, id)
				old[id] = w.Value
			}
		}
		run, applied, err := e.run(t)
		if err != nil || len(applied) == 0 {
			t.Fatalf("run %+v, %d writes, %v", run, len(applied), err)
		}
		onlyOnce(t, applied)
		for id := range applied {
			if jobOf[id] != job {
				t.Fatalf("application %d of job %d rewritten; only job %d's text changed", id, jobOf[id], job)
			}
			if w, _ := a.DB.ScoreWriteFor(ctx, id); w.Value == old[id] {
				t.Fatalf("application %d rewritten with its unchanged value %s", id, w.Value)
			}
		}
		t.Logf("job %d: %d of %d scores changed", job, len(applied), len(old))
	})
	t.Run("NewApplicationByWebhook", func(t *testing.T) {
		var appID, candID, job int64
		for range 300 {
			for _, ev := range e.sim.Step(1) {
				if ev.Action != "new_candidate_application" || appID != 0 {
					continue
				}
				var body struct {
					Payload struct {
						Application struct {
							ID        int64 `json:"id"`
							Candidate struct {
								ID int64 `json:"id"`
							} `json:"candidate"`
							Jobs []struct {
								ID int64 `json:"id"`
							} `json:"jobs"`
						} `json:"application"`
					} `json:"payload"`
				}
				json.Unmarshal(ev.Payload, &body)
				ap := body.Payload.Application
				if len(ap.Jobs) != 1 {
					continue
				}
				if _, listed := count(a, ap.Jobs[0].ID); !listed {
					continue
				}
				appID, candID, job = ap.ID, ap.Candidate.ID, ap.Jobs[0].ID
				e.deliver(t, ev.Payload)
			}
			if appID != 0 {
				break
			}
		}
		if appID == 0 {
			t.Fatal("no new application in 300 steps")
		}
		if _, err := a.Webhooks.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			p, err := a.DB.CandidateProfile(ctx, candID)
			if err == nil && p.Resume.Text != "" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the new candidate's resume was not read: %v", err)
			}
			a.Syncer().FetchResumes(ctx)
			time.Sleep(20 * time.Millisecond)
		}
		jd, _ := a.DB.JobDetail(ctx, job)
		before, err := a.jobCurve(ctx, jd)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Indexer.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		after, err := a.jobCurve(ctx, jd)
		if err != nil {
			t.Fatal(err)
		}
		run, applied, err := e.run(t)
		if err != nil || applied[appID] != 1 {
			t.Fatalf("run %+v, %v: the new application %d was not written once: %v", run, err, appID, applied)
		}
		// The others keep their scores unless the newcomer tops the job's
		// curve, which moves every applicant's percent.
		for id := range applied {
			if id != appID && (before.Top == after.Top || jobOf[id] != job) {
				t.Fatalf("application %d rewritten (top of job %d: %d before, %d after)", id, job, before.Top, after.Top)
			}
		}
		onlyOnce(t, applied)
		jobOf[appID] = job
		total++
	})
	t.Run("CrashMidBatch", func(t *testing.T) {
		e.settings(t, ScaleRaw) // every value changes
		sends := 0
		a.scores.afterSend = func(int64) error {
			if sends++; sends == 3 {
				return errors.New("kill -9")
			}
			return nil
		}
		_, first, err := e.run(t)
		a.scores.afterSend = nil
		if !errors.Is(err, errCrashed) || len(first) != 3 {
			t.Fatalf("crash run: %v, %d writes", err, len(first))
		}
		doubt, _ := a.DB.ScoreWritesInDoubt(ctx)
		if len(doubt) != 1 {
			t.Fatalf("%d writes in doubt after the crash, want the one sent and not recorded", len(doubt))
		}
		run, rest, err := e.run(t)
		if err != nil || run.Reconciled != 1 {
			t.Fatalf("after the crash: %+v %v", run, err)
		}
		for id, n := range first {
			rest[id] += n
		}
		onlyOnce(t, rest)
		if len(rest) < total-2 {
			t.Fatalf("%d applications rewritten of %d", len(rest), total)
		}
	})
	t.Run("LostAnswer", func(t *testing.T) {
		e.settings(t, ScalePercent)
		e.ctr.mu.Lock()
		e.ctr.dropped = func(n int) bool { return n == 5 }
		e.ctr.mu.Unlock()
		_, first, err := e.run(t)
		e.ctr.mu.Lock()
		e.ctr.dropped = nil
		e.ctr.mu.Unlock()
		if !errors.Is(err, greenhouse.ErrInDoubt) || len(first) != 5 {
			t.Fatalf("run: %v, %d writes", err, len(first))
		}
		last, _ := a.LastWritebackRun(ctx)
		if last.Outcome != "failed" || !strings.Contains(last.Error, "checks whether it arrived") {
			t.Fatalf("last run %+v", last)
		}
		run, rest, err := e.run(t)
		if err != nil || run.Reconciled != 1 {
			t.Fatalf("after: %+v %v", run, err)
		}
		for id, n := range first {
			rest[id] += n
		}
		onlyOnce(t, rest)
	})
	t.Run("RateLimited", func(t *testing.T) {
		e.settings(t, ScaleRaw)
		e.ctr.mu.Lock()
		e.ctr.before = func(n int) *http.Response {
			if n != 2 {
				return nil
			}
			h := http.Header{"Retry-After": {"0"}, "Content-Type": {"application/json"}}
			return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h, Body: io.NopCloser(strings.NewReader(`{"message":"Too Many Requests"}`))}
		}
		e.ctr.mu.Unlock()
		limited := a.greenhouseClient().Stats().RateLimited
		run, applied, err := e.run(t)
		e.ctr.mu.Lock()
		e.ctr.before = nil
		e.ctr.mu.Unlock()
		if err != nil || run.Written != len(applied) || run.Failed != 0 {
			t.Fatalf("run %+v %v", run, err)
		}
		onlyOnce(t, applied)
		if got := a.greenhouseClient().Stats().RateLimited - limited; got != 1 {
			t.Fatalf("%d 429s seen, want 1 waited out", got)
		}
	})
	t.Run("MissingScope", func(t *testing.T) {
		e.sim.SetDenyResources("applications:update")
		e.settings(t, ScalePercent)
		run, applied, err := e.run(t)
		if err == nil || len(applied) != 0 || run.Outcome != "failed" || !strings.Contains(run.Error, greenhouse.ScopeApplicationsUpdate) {
			t.Fatalf("run %+v, %v, %d writes", run, err, len(applied))
		}
		if st, _ := a.DB.ScoreWriteStats(ctx); st.InDoubt != 0 || st.Failed == 0 {
			t.Fatalf("stats %+v: a refused write is not in doubt", st)
		}
		// The owner sees why, on My Company and in /healthz.
		_, srv := startServer(t, a)
		if _, err := a.AddUser(ctx, "wb-owner@example.com", "", db.RoleOwner, "wb-owner-password"); err != nil {
			t.Fatal(err)
		}
		tok, _, _ := a.CreateToken(ctx, "wb-owner@example.com", "t")
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/healthz", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			Status         string          `json:"status"`
			Records        map[string]int  `json:"records"`
			Sync           json.RawMessage `json:"sync"`
			ScoreWriteback struct {
				Field   string `json:"field"`
				Written int    `json:"written"`
				LastRun struct {
					Outcome string `json:"outcome"`
					Error   string `json:"error"`
				} `json:"last_run"`
			} `json:"score_writeback"`
			Assessments *struct{} `json:"assessments"`
		}
		json.NewDecoder(res.Body).Decode(&h)
		res.Body.Close()
		if h.Status != "ok" || h.Records["applications"] == 0 || h.Sync == nil || h.Assessments == nil ||
			h.ScoreWriteback.Field != simulator.ShortlistScoreKey || h.ScoreWriteback.Written < total ||
			h.ScoreWriteback.LastRun.Outcome != "failed" || !strings.Contains(h.ScoreWriteback.LastRun.Error, greenhouse.ScopeApplicationsUpdate) {
			t.Fatalf("/healthz: %+v", h)
		}
		c := newClient(t, srv.URL)
		c.login("wb-owner@example.com", "wb-owner-password")
		page := c.get("/company")
		if !strings.Contains(page.Body, `data-testid="writeback-error"`) || !strings.Contains(page.Body, greenhouse.ScopeApplicationsUpdate) {
			t.Fatal("My Company does not show the missing scope")
		}
		e.sim.SetDenyResources()
		if run, _, err := e.run(t); err != nil || run.Outcome != "ok" {
			t.Fatalf("with the scope back: %+v %v", run, err)
		}
	})
}

// count reports a job's listed state: the number of its active
// applications, and whether Shortlist lists it.
func count(a *App, job int64) (int, bool) {
	jd, err := a.DB.JobDetail(context.Background(), job)
	if err != nil {
		return 0, false
	}
	return jd.ActiveApplicants, true
}

// deliver posts a webhook to Shortlist as Greenhouse does.
func (e *writebackEnv) deliver(t *testing.T, body []byte) {
	t.Helper()
	secret, _, err := e.app.WebhookSecret(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, WebhookPath, bytes.NewReader(body))
	req.Header.Set(greenhouse.SignatureHeader, greenhouse.Sign([]byte(secret), body))
	rec := httptest.NewRecorder()
	e.app.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("webhook: %d %s", rec.Code, rec.Body)
	}
}

func TestWritebackSchedule(t *testing.T) {
	ctx := context.Background()
	e := newWritebackEnv(t)
	a := e.app
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	a.DB.Now = func() time.Time { return now }
	for _, tc := range []struct {
		name     string
		schedule string
		last     *WritebackRun
		want     bool
	}{
		{"Off", ScheduleOff, nil, false},
		{"NeverRun", ScheduleHourly, nil, true},
		{"HourlyRecent", ScheduleHourly, &WritebackRun{StartedAt: now.Add(-30 * time.Minute), Outcome: "ok"}, false},
		{"HourlyDue", ScheduleHourly, &WritebackRun{StartedAt: now.Add(-61 * time.Minute), Outcome: "ok"}, true},
		{"DailyRecent", ScheduleDaily, &WritebackRun{StartedAt: now.Add(-20 * time.Hour), Outcome: "ok"}, false},
		{"DailyFailedRetries", ScheduleDaily, &WritebackRun{StartedAt: now.Add(-20 * time.Minute), Outcome: "failed"}, true},
		{"Interval", "30m", &WritebackRun{StartedAt: now.Add(-31 * time.Minute), Outcome: "ok"}, true},
		{"CancelledCarriesOn", ScheduleDaily, &WritebackRun{StartedAt: now.Add(-time.Minute), Outcome: "cancelled"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := a.SaveWritebackSettings(ctx, WritebackSettings{Field: e.field, Scale: ScalePercent, Schedule: tc.schedule}); err != nil {
				t.Fatal(err)
			}
			last := ""
			if tc.last != nil {
				b, _ := json.Marshal(tc.last)
				last = string(b)
			}
			a.DB.SetSettings(ctx, map[string]string{SettingWritebackLastRun: last})
			if got := a.writebackDue(ctx); got != tc.want {
				t.Fatalf("due = %v", got)
			}
		})
	}
	for _, bad := range []WritebackSettings{
		{Field: e.field, Scale: "stars", Schedule: ScheduleOff},
		{Field: e.field, Scale: ScalePercent, Schedule: "every now and then"},
		{Field: e.field, Scale: ScalePercent, Schedule: "1m"},
		{Field: greenhouse.CustomField{ID: 9, Name: "Notes", FieldType: "application", ValueType: "long_text", Active: true}, Scale: ScalePercent, Schedule: ScheduleOff},
	} {
		if err := a.SaveWritebackSettings(ctx, bad); !errors.Is(err, db.ErrInvalid) {
			t.Errorf("%+v accepted: %v", bad, err)
		}
	}
}

// TestScoreWritebackV1 writes through Harvest v1: PATCH
// /v1/applications/{id} on behalf of the connection's Greenhouse user.
func TestScoreWritebackV1(t *testing.T) {
	ctx := context.Background()
	var user string
	e := newWritebackEnvWith(t, func(g *Greenhouse, sc simulator.Config) {
		g.ClientID, g.ClientSecret, g.APIKey, g.UserID = "", "", sc.APIKey, ""
	})
	if v := e.app.greenhouseClient().Version(); v != greenhouse.V1 {
		t.Fatalf("connected with %s", v)
	}
	// Without a user to act as, the run says what to set.
	run, applied, err := e.run(t)
	if err == nil || len(applied) != 0 || !strings.Contains(run.Error, "GREENHOUSE_USER_ID") {
		t.Fatalf("run %+v, %v, %d writes", run, err, len(applied))
	}
	user = strconv.FormatInt(e.sim.Snapshot().Users[0].ID, 10)
	g := e.app.cfg.Greenhouse
	g.UserID = user
	if err := e.app.connect(g, &http.Client{Transport: e.ctr, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	run, applied, err = e.run(t)
	if err != nil || run.Written == 0 || len(applied) != run.Written {
		t.Fatalf("run %+v, %v, %d writes", run, err, len(applied))
	}
	onlyOnce(t, applied)
	for id := range applied {
		w, _ := e.app.DB.ScoreWriteFor(ctx, id)
		if v, ok := e.sim.ApplicationCustomField(id, simulator.ShortlistScoreKey); !ok || !greenhouse.SameValue(v, w.Value) {
			t.Fatalf("application %d: Greenhouse holds %v, Shortlist wrote %q", id, v, w.Value)
		}
	}
	if run, applied, err := e.run(t); err != nil || len(applied) != 0 || run.Written != 0 {
		t.Fatalf("second run %+v, %v, %d writes", run, err, len(applied))
	}
}
