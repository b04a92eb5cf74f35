package ingest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/extract"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"

	_ "modernc.org/sqlite"
)

// One extractor for the whole test binary: starting PDFium takes seconds.
var extractor *extract.Extractor

func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "shortlist-sync-test")
	extractor = extract.New(extract.Options{CacheDir: filepath.Join(dir, "cache")})
	code := m.Run()
	extractor.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

var epoch = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// env is a simulator on loopback, a database, and a syncer between them.
type env struct {
	sim  *simulator.Sim
	srv  *httptest.Server
	db   *db.DB
	gh   *greenhouse.Client
	sync *ingest.Syncer
}

type envOpts struct {
	sim      simulator.Config
	version  string // greenhouse.V3 (default) or V1
	perPage  int
	gh       func(*greenhouse.Config)
	wrap     func(ingest.Greenhouse) ingest.Greenhouse
	dbPath   string
	existing *simServer
}

// simServer is a simulator served on loopback.
type simServer struct {
	sim *simulator.Sim
	srv *httptest.Server
}

// newSim starts a simulator. Rate limits are off unless cfg sets them: the
// tests' clients do not really sleep.
func newSim(t *testing.T, cfg simulator.Config) *simServer {
	t.Helper()
	if cfg.Candidates == 0 {
		cfg.Candidates = 120
	}
	if cfg.Epoch.IsZero() {
		cfg.Epoch = epoch
	}
	if cfg.Seed == 0 {
		cfg.Seed = 42
	}
	if cfg.RateLimitV3 == 0 {
		cfg.RateLimitV3 = -1
	}
	if cfg.RateLimitV1 == 0 {
		cfg.RateLimitV1 = -1
	}
	sim, err := simulator.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	sim.SetBaseURL(srv.URL)
	return &simServer{sim: sim, srv: srv}
}

func newEnv(t *testing.T, o envOpts) *env {
	t.Helper()
	ss := o.existing
	if ss == nil {
		ss = newSim(t, o.sim)
	}
	e := &env{sim: ss.sim, srv: ss.srv}

	path := o.dbPath
	if path == "" {
		path = filepath.Join(t.TempDir(), "shortlist.db")
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	e.db = d

	c := e.sim.Config()
	gc := greenhouse.Config{BaseURL: e.srv.URL, PerPage: o.perPage, Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }}
	if o.version == greenhouse.V1 {
		gc.APIKey = c.APIKey
	} else {
		gc.ClientID, gc.ClientSecret = c.ClientID, c.ClientSecret
	}
	if o.gh != nil {
		o.gh(&gc)
	}
	gh, err := greenhouse.New(gc)
	if err != nil {
		t.Fatal(err)
	}
	e.gh = gh
	var client ingest.Greenhouse = gh
	if o.wrap != nil {
		client = o.wrap(gh)
	}
	e.sync = ingest.New(d, client, extractor, ingest.Options{})
	return e
}

// ids returns the sorted ids (or keys) stored in a table.
func ids(t *testing.T, d *db.DB, q string) []string {
	t.Helper()
	conn, err := sql.Open("sqlite", d.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func idsOf[T any](recs []T, key func(T) string) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = key(r)
	}
	slices.Sort(out)
	return out
}

func n(v int64) string { return fmt.Sprint(v) }

// assertMirrors checks that the database holds exactly the simulator's
// records: none missing, none extra, none twice.
func assertMirrors(t *testing.T, e *env, tables ...string) {
	t.Helper()
	snap := e.sim.Snapshot()
	want := map[string][]string{
		"departments":           idsOf(snap.Departments, func(r simulator.Department) string { return n(r.ID) }),
		"offices":               idsOf(snap.Offices, func(r simulator.Office) string { return n(r.ID) }),
		"users":                 idsOf(snap.Users, func(r simulator.User) string { return n(r.ID) }),
		"jobs":                  idsOf(snap.Jobs, func(r simulator.Job) string { return n(r.ID) }),
		"job_posts":             idsOf(snap.JobPosts, func(r simulator.JobPost) string { return n(r.ID) }),
		"job_interview_stages":  idsOf(snap.JobInterviewStages, func(r simulator.JobInterviewStage) string { return n(r.ID) }),
		"openings":              idsOf(snap.Openings, func(r simulator.Opening) string { return n(r.ID) }),
		"candidates":            idsOf(snap.Candidates, func(r simulator.Candidate) string { return n(r.ID) }),
		"candidate_educations":  idsOf(snap.Educations, func(r simulator.Education) string { return n(r.ID) }),
		"candidate_employments": idsOf(snap.Employments, func(r simulator.Employment) string { return n(r.ID) }),
		"applications":          idsOf(snap.Applications, func(r simulator.Application) string { return n(r.ID) }),
		"application_stages":    idsOf(snap.ApplicationStages, func(r simulator.ApplicationStage) string { return n(r.ID) }),
		"attachments":           idsOf(snap.Attachments, func(r simulator.Attachment) string { return n(r.CandidateID) + "/" + r.Filename }),
		"interviews":            idsOf(snap.Interviews, func(r simulator.Interview) string { return n(r.ID) }),
		"scorecards":            idsOf(snap.Scorecards, func(r simulator.Scorecard) string { return n(r.ID) }),
		"offers":                idsOf(snap.Offers, func(r simulator.Offer) string { return n(r.ID) }),
		"notes":                 idsOf(snap.Notes, func(r simulator.Note) string { return n(r.ID) }),
		"eeoc":                  idsOf(snap.EEOC, func(r simulator.EEOC) string { return n(r.ApplicationID) }),
	}
	if len(tables) == 0 {
		for k := range want {
			tables = append(tables, k)
		}
		slices.Sort(tables)
	}
	for _, table := range tables {
		q := "SELECT CAST(id AS TEXT) FROM " + table
		switch table {
		case "attachments":
			q = "SELECT candidate_id || '/' || filename FROM attachments"
		case "eeoc":
			q = "SELECT CAST(application_id AS TEXT) FROM eeoc"
		}
		got := ids(t, e.db, q)
		if !slices.Equal(got, want[table]) {
			t.Errorf("%s: stored %d rows, simulator has %d (first differences: %v)", table, len(got), len(want[table]), diff(got, want[table]))
		}
	}
}

func diff(got, want []string) []string {
	var out []string
	g := map[string]int{}
	for _, x := range got {
		g[x]++
	}
	for _, x := range want {
		if g[x] == 0 {
			out = append(out, "missing "+x)
		}
		g[x]--
	}
	for x, c := range g {
		if c > 0 {
			out = append(out, fmt.Sprintf("extra %s x%d", x, c))
		}
	}
	slices.Sort(out)
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}

func TestFullSyncMirrorsSimulator(t *testing.T) {
	for _, version := range []string{greenhouse.V3, greenhouse.V1} {
		t.Run(version, func(t *testing.T) {
			// 40 per page: every large table spans many pages.
			e := newEnv(t, envOpts{version: version, perPage: 40})
			sum, err := e.sync.Run(context.Background(), false)
			if err != nil {
				t.Fatal(err)
			}
			tables := []string{"departments", "offices", "users", "jobs", "job_posts", "job_interview_stages", "openings",
				"candidates", "candidate_educations", "candidate_employments", "applications", "attachments",
				"interviews", "scorecards", "offers", "eeoc"}
			if version == greenhouse.V3 {
				tables = append(tables, "application_stages", "notes")
			}
			assertMirrors(t, e, tables...)
			if sum.Records == 0 || sum.Changed == 0 {
				t.Errorf("summary %+v: nothing read", sum)
			}
			tc, err := e.db.TextCounts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.Resumes == 0 || tc.ResumesWithText != tc.Resumes {
				t.Errorf("resume text: %+v, want every resume extracted", tc)
			}
		})
	}
}

// TestV1AndV3StoreIdenticalRecords syncs the same simulated account through
// both API versions and compares what landed, column by column.
func TestV1AndV3StoreIdenticalRecords(t *testing.T) {
	sim := newSim(t, simulator.Config{Seed: 7, Candidates: 60})
	v3 := newEnv(t, envOpts{existing: sim, version: greenhouse.V3, perPage: 25})
	v1 := newEnv(t, envOpts{existing: sim, version: greenhouse.V1, perPage: 25})
	for _, e := range []*env{v3, v1} {
		if _, err := e.sync.Run(context.Background(), false); err != nil {
			t.Fatal(err)
		}
	}
	// Columns v1 cannot express: raw JSON, v3 ids of children v1 embeds,
	// and the timestamps v1 leaves off embedded children and lookups.
	// v1 applications have no updated_at (last activity stands in).
	tables := []struct {
		table, cols string
	}{
		{"departments", "id, name, parent_id, external_id"},
		{"offices", "id, name, location, parent_id, external_id"},
		{"sources", "id, name, type_name"},
		{"rejection_reasons", "id, name, type_name"},
		{"close_reasons", "id, name"},
		{"users", "id, first_name, last_name, name, primary_email, employee_id, deactivated, site_admin, created_at, updated_at"},
		{"jobs", "id, name, requisition_id, status, confidential, is_template, department_id, office_ids, notes, opened_at, closed_at, created_at, updated_at"},
		{"job_posts", "id, job_id, title, internal, live, active, content, first_published_at, created_at, updated_at"},
		{"job_interview_stages", "id, job_id, name, sort_order, active, created_at, updated_at"},
		{"job_hiring_managers", "job_id, user_id"},
		{"job_owners", "job_id, user_id, type, responsible"},
		{"openings", "id, job_id, opening_id, open, application_id, close_reason_id, opened_at, closed_at"},
		{"candidates", "id, first_name, last_name, company, title, private, can_email, tags, email_addresses, phone_numbers, last_activity_at, created_at, updated_at"},
		// v3 names schools, degrees and disciplines by option: the names
		// must come out the same.
		{"candidate_educations", "id, candidate_id, school_name, degree, discipline, start_date, end_date"},
		{"candidate_employments", "id, candidate_id, company_name, title, start_date, end_date"},
		// stage_id is the interview plan's stage in both versions (v3 names
		// the application_stages record; the sync follows it).
		{"applications", "id, candidate_id, job_id, job_post_id, prospect, prospective_job_ids, status, stage_id, stage_name, source_id, referrer_id, recruiter_id, coordinator_id, rejection_reason_id, rejected_at, last_activity_at, created_at"},
		{"application_prospective_jobs", "job_id, application_id"},
		{"attachments", "candidate_id, application_id, type, filename, created_at"},
		{"interviews", "id, application_id, job_interview_id, status, location, organizer_id, starts_at, ends_at, created_at, updated_at"},
		{"scorecards", "id, application_id, interviewer_id, submitter_id, candidate_rating, status, interviewed_at, submitted_at, created_at, updated_at"},
		{"offers", "id, application_id, job_id, candidate_id, version, status, starts_on, sent_on, resolved_at, created_at, updated_at"},
		{"eeoc", "application_id, candidate_id, gender_id, gender, race_id, race, submitted_at"},
	}
	for _, tt := range tables {
		t.Run(tt.table, func(t *testing.T) {
			q := fmt.Sprintf("SELECT json_array(%s) FROM %s", tt.cols, tt.table)
			a, b := ids(t, v3.db, q), ids(t, v1.db, q)
			if len(a) == 0 {
				t.Fatalf("no %s synced", tt.table)
			}
			// Columns that are empty in every row compare nothing.
			for _, col := range strings.Split(tt.cols, ", ") {
				filled := ids(t, v3.db, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s IS NOT NULL AND %s NOT IN ('', '[]', 0)", tt.table, col, col))
				if filled[0] == "0" && !emptyOK[tt.table+"."+col] {
					t.Errorf("%s.%s is empty in every row", tt.table, col)
				}
			}
			if !slices.Equal(a, b) {
				t.Errorf("v3 and v1 differ: %v", diffPairs(a, b))
			}
		})
	}
	// And the resumes read the same.
	q := "SELECT a.candidate_id || ':' || t.sha256 FROM attachments a JOIN attachment_texts t ON t.attachment_id = a.id"
	if a, b := ids(t, v3.db, q), ids(t, v1.db, q); !slices.Equal(a, b) || len(a) == 0 {
		t.Errorf("resume files differ between versions (%d vs %d)", len(a), len(b))
	}
}

// emptyOK are the compared columns the simulated account leaves empty.
var emptyOK = map[string]bool{
	"departments.parent_id": true, "offices.parent_id": true, "jobs.is_template": true, "jobs.confidential": true,
	"candidates.private": true,
}

func diffPairs(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("\n v3: %s\n v1: %s", a[i], b[i])
		}
	}
	return fmt.Sprintf("%d rows vs %d", len(a), len(b))
}

// cancelAfter cancels the sync's context once n pages have been handed
// over, that is between two pages.
type cancelAfter struct {
	ingest.Greenhouse
	mu     sync.Mutex
	pages  int
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) List(ctx context.Context, r greenhouse.Resource, o greenhouse.ListOptions, fn func(greenhouse.Page) error) error {
	return c.Greenhouse.List(ctx, r, o, func(p greenhouse.Page) error {
		if err := fn(p); err != nil {
			return err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.pages++
		if c.pages == c.n && c.cancel != nil {
			c.cancel()
		}
		return nil
	})
}

func TestCancelledSyncResumesWithoutLossOrDuplicates(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "shortlist.db")
	ss := newSim(t, simulator.Config{Seed: 3, Candidates: 150})
	read := 0
	for _, stopAfter := range []int{9, 14, 23} {
		// Each round cancels the sync somewhere else; the last round
		// runs to the end.
		ctx, cancel := context.WithCancel(context.Background())
		ca := &cancelAfter{n: stopAfter, cancel: cancel}
		e := newEnv(t, envOpts{existing: ss, perPage: 20, dbPath: dbPath, wrap: func(g ingest.Greenhouse) ingest.Greenhouse {
			ca.Greenhouse = g
			return ca
		}})
		sum, err := e.sync.Run(ctx, false)
		read += sum.Records
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("run cut after %d pages: err = %v, want context.Canceled", stopAfter, err)
		}
		runs, _ := e.db.LastSyncRuns(context.Background(), 1)
		if runs[0].Outcome != db.RunCancelled {
			t.Errorf("run outcome = %q, want cancelled", runs[0].Outcome)
		}
	}
	e := newEnv(t, envOpts{existing: ss, perPage: 20, dbPath: dbPath})
	sum, err := e.sync.Run(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	read += sum.Records
	assertMirrors(t, e)
	// Resumed, not restarted: over all four runs, every record was read
	// about once. Each run re-reads the lookup lists (always read whole).
	fresh := newEnv(t, envOpts{existing: ss, perPage: 20})
	once, err := fresh.sync.Run(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	lookups := once.PerResource["departments"] + once.PerResource["offices"] + once.PerResource["sources"] +
		once.PerResource["rejection_reasons"] + once.PerResource["close_reasons"] + once.PerResource["job_interview_stages"]
	if read > once.Records+3*lookups {
		t.Errorf("the interrupted runs read %d records in all; one uninterrupted run reads %d: they started over instead of resuming", read, once.Records)
	}
}

func TestIncrementalSyncFetchesOnlyWhatChanged(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx := context.Background()
	first, err := e.sync.Run(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	events := e.sim.Step(6)
	if len(events) == 0 {
		t.Fatal("the simulator made no change")
	}
	second, err := e.sync.Run(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if second.Kind != "incremental" {
		t.Errorf("second run kind = %q", second.Kind)
	}
	// The lookup lists are always read whole; everything else only as it
	// changed.
	lookups := 0
	for _, r := range []string{"departments", "offices", "sources", "rejection_reasons", "close_reasons", "job_interview_stages"} {
		lookups += second.PerResource[r]
	}
	changedRecords := second.Records - lookups
	if changedRecords == 0 || changedRecords > 6*12 {
		t.Errorf("incremental run read %d records (of %d in the first run) after %d changes", changedRecords, first.Records, len(events))
	}
	assertMirrors(t, e)
	// A third run with nothing new reads nothing beyond the lookups.
	third, err := e.sync.Run(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := third.Records - (third.PerResource["departments"] + third.PerResource["offices"] + third.PerResource["sources"] +
		third.PerResource["rejection_reasons"] + third.PerResource["close_reasons"] + third.PerResource["job_interview_stages"]); got > changedRecords {
		t.Errorf("a run with no changes read %d records", got)
	}
}

func TestCorruptResumeRecordedAsFailed(t *testing.T) {
	e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 80, CorruptEvery: 9}})
	ctx := context.Background()
	sum, err := e.sync.Run(ctx, false)
	if err != nil {
		t.Fatalf("a corrupt file stopped the sync: %v", err)
	}
	tc, err := e.db.TextCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tc.Failed == 0 || sum.FilesFailed != tc.Failed {
		t.Fatalf("failed resumes = %d (summary %d), want the corrupt ones", tc.Failed, sum.FilesFailed)
	}
	if tc.ResumesWithText+tc.Failed != tc.Resumes {
		t.Errorf("text counts %+v: every resume should be either read or failed", tc)
	}
	reasons := ids(t, e.db, "SELECT error FROM attachment_texts WHERE status = 'failed'")
	for _, r := range reasons {
		if !strings.Contains(r, "corrupt") && !strings.Contains(r, "unrecognized") && !strings.Contains(r, "no text") {
			t.Errorf("failure reason %q does not say what is wrong", r)
		}
	}
	assertMirrors(t, e, "candidates", "applications", "attachments")
}

func TestOutageMidSyncLosesNothing(t *testing.T) {
	ss := newSim(t, simulator.Config{Seed: 5, Candidates: 100})
	sim := ss.sim
	dbPath := filepath.Join(t.TempDir(), "shortlist.db")
	pages := 0
	e := newEnv(t, envOpts{existing: ss, perPage: 20, dbPath: dbPath, gh: func(c *greenhouse.Config) { c.MaxAttempts = 2 },
		wrap: func(g ingest.Greenhouse) ingest.Greenhouse {
			return &hook{Greenhouse: g, after: func() {
				pages++
				if pages == 12 {
					sim.SetOutage(true)
				}
			}}
		}})
	_, err := e.sync.Run(context.Background(), false)
	if !errors.Is(err, greenhouse.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), "unavailable") {
		t.Errorf("error %q does not say Greenhouse is unavailable", err)
	}
	runs, _ := e.db.LastSyncRuns(context.Background(), 1)
	if runs[0].Outcome != db.RunFailed || runs[0].Error == "" {
		t.Errorf("run recorded as %+v", runs[0])
	}
	sim.SetOutage(false)
	e2 := newEnv(t, envOpts{existing: ss, perPage: 20, dbPath: dbPath})
	if _, err := e2.sync.Run(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	assertMirrors(t, e2)
}

type hook struct {
	ingest.Greenhouse
	after func()
}

func (h *hook) List(ctx context.Context, r greenhouse.Resource, o greenhouse.ListOptions, fn func(greenhouse.Page) error) error {
	return h.Greenhouse.List(ctx, r, o, func(p greenhouse.Page) error {
		err := fn(p)
		h.after()
		return err
	})
}

func TestBadCredentialsReportedClearly(t *testing.T) {
	tests := []struct {
		name    string
		version string
		set     func(*greenhouse.Config)
		want    string
	}{
		{"v3 secret", greenhouse.V3, func(c *greenhouse.Config) { c.ClientSecret = "wrong" }, "rejected the client credentials"},
		{"v1 key", greenhouse.V1, func(c *greenhouse.Config) { c.APIKey = "wrong" }, "rejected the API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 10}, version: tt.version, gh: tt.set})
			_, err := e.sync.Run(context.Background(), false)
			if !errors.Is(err, greenhouse.ErrUnauthorized) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrUnauthorized saying %q", err, tt.want)
			}
			if c, _ := e.db.CountCandidates(context.Background()); c != 0 {
				t.Errorf("stored %d candidates with bad credentials", c)
			}
		})
	}
}

func TestMissingPermissionNamesTheResource(t *testing.T) {
	e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 10, DenyResources: []string{"candidates"}}})
	_, err := e.sync.Run(context.Background(), false)
	if !errors.Is(err, greenhouse.ErrForbidden) || !strings.Contains(err.Error(), "candidates") {
		t.Fatalf("err = %v, want ErrForbidden naming candidates", err)
	}
}

// fakeClock is shared by the simulator (rate windows, token expiry) and
// the client (its waits advance the clock instead of sleeping).
type fakeClock struct {
	mu sync2
	t  time.Time
}

type sync2 = sync.Mutex

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func TestRateLimitAndTokenExpiryDuringSync(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)}
	e := newEnv(t, envOpts{
		sim: simulator.Config{Candidates: 150, RateLimitV3: 6, TokenTTL: 2 * time.Minute, Now: clock.Now},
		// 30 per page: about 60 requests, ten rate-limit windows, and
		// several token lifetimes.
		perPage: 30,
		gh:      func(c *greenhouse.Config) { c.Now, c.Sleep = clock.Now, clock.Sleep },
	})
	start := clock.Now()
	if _, err := e.sync.Run(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	st := e.gh.Stats()
	if st.Waited <= 0 && st.PacingWait <= 0 {
		t.Errorf("the client never waited for the rate limit: %+v", st)
	}
	if st.TokenRequests < 2 {
		t.Errorf("token requests = %d: the token (2 min) should have been refreshed over %s", st.TokenRequests, clock.Now().Sub(start))
	}
	assertMirrors(t, e)
}

func TestFlakyGreenhouseIsRetried(t *testing.T) {
	e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 80, FailureRate: 0.25}, perPage: 20,
		gh: func(c *greenhouse.Config) { c.MaxAttempts = 8 }})
	if _, err := e.sync.Run(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if e.gh.Stats().Retries == 0 {
		t.Error("no request was retried at a 25% failure rate")
	}
	assertMirrors(t, e)
}
