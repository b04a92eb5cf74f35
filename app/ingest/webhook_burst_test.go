package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// updateCandidate is Greenhouse's update_candidate example about candidate
// id. Its payload has no updated_at, so applying it means reading the
// candidate from Harvest.
func updateCandidate(t testing.TB, id int64) []byte {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(fixture(t, "update_candidate"), &env); err != nil {
		t.Fatal(err)
	}
	env["payload"].(map[string]any)["candidate"].(map[string]any)["id"] = id
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// stageChange is Greenhouse's candidate_stage_change example about
// candidate id, as of at, with the candidate named first; withFiles keeps
// the example's attachments (files Shortlist does not have, so the
// candidate is read from Harvest).
func stageChange(t testing.TB, id int64, at, first string, withFiles bool) []byte {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(fixture(t, "candidate_stage_change"), &env); err != nil {
		t.Fatal(err)
	}
	app := env["payload"].(map[string]any)["application"].(map[string]any)
	app["last_activity_at"] = at
	c := app["candidate"].(map[string]any)
	c["id"], c["first_name"] = id, first
	if !withFiles {
		c["attachments"] = []any{}
	}
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// logEvent stores a delivery as the receiver does.
func logEvent(t testing.TB, d *db.DB, id string, body []byte, at time.Time) {
	t.Helper()
	wh, err := greenhouse.ParseWebhook(body)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.StoreWebhookEvent(context.Background(), db.WebhookEvent{EventID: id, Action: wh.Action,
		CandidateID: wh.CandidateID(), Body: body, ReceivedAt: at}); err != nil {
		t.Fatal(err)
	}
}

// logBurst logs an update_candidate delivery for each id.
func logBurst(t testing.TB, d *db.DB, prefix string, ids []int64) {
	t.Helper()
	at := time.Now().UTC()
	for i, id := range ids {
		logEvent(t, d, fmt.Sprintf("%s-%d", prefix, i), updateCandidate(t, id), at.Add(time.Duration(i)*time.Millisecond))
	}
}

func candidateIDs(cs []simulator.Candidate) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// assertCandidatesFromHarvest checks that each candidate is stored as the
// simulator has it (the example payload's name is not the simulator's, so
// only the fetched copy gives it).
func assertCandidatesFromHarvest(t *testing.T, d *db.DB, cs []simulator.Candidate) {
	t.Helper()
	want := make([]string, len(cs))
	in := make([]string, len(cs))
	for i, c := range cs {
		want[i] = fmt.Sprintf("%d %s", c.ID, c.FirstName)
		in[i] = fmt.Sprint(c.ID)
	}
	slices.Sort(want)
	got := ids(t, d, "SELECT id || ' ' || first_name FROM candidates WHERE id IN ("+strings.Join(in, ",")+")")
	if !slices.Equal(got, want) {
		t.Errorf("candidates stored %d of %d as Greenhouse has them: %v", len(got), len(want), diff(got, want))
	}
}

func eventStatus(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	c, err := d.WebhookEventCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// requestCounter counts API requests per path.
type requestCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *requestCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v3/") || strings.HasPrefix(r.URL.Path, "/v1/") {
			c.mu.Lock()
			if c.n == nil {
				c.n = map[string]int{}
			}
			c.n[r.URL.Path]++
			c.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

func (c *requestCounter) counts() (map[string]int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, total := map[string]int{}, 0
	for k, v := range c.n {
		out[k] = v
		total += v
	}
	return out, total
}

// TestWebhookBurstFetchesInBulk: 130 update_candidate events about 120
// candidates cost ceil(120/50) = 3 requests per Harvest route, not 130.
func TestWebhookBurstFetchesInBulk(t *testing.T) {
	tests := []struct {
		version string
		routes  []string // every route read, each 3 times
	}{
		{greenhouse.V3, []string{"/v3/candidates", "/v3/candidate_educations", "/v3/candidate_employments", "/v3/attachments", "/v3/applications"}},
		{greenhouse.V1, []string{"/v1/candidates"}},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			ss := newSim(t, simulator.Config{Candidates: 130})
			var rc requestCounter
			srv := httptest.NewServer(rc.wrap(ss.sim.Handler()))
			t.Cleanup(srv.Close)
			e := newEnv(t, envOpts{existing: &simServer{sim: ss.sim, srv: srv}, version: tt.version})
			cands := ss.sim.Snapshot().Candidates[:120]
			ids := candidateIDs(cands)
			// Ten of them twice: still one read each.
			logBurst(t, e.db, "burst", append(ids, ids[:10]...))

			wh := ingest.NewWebhooks(e.db, func() *ingest.Syncer { return e.sync }, nil)
			n, err := wh.Drain(t.Context())
			if err != nil || n != 130 {
				t.Fatalf("Drain = %d, %v; want 130 applied", n, err)
			}
			if st := eventStatus(t, e.db); st[db.EventApplied] != 130 {
				t.Errorf("event states %v, want 130 applied", st)
			}
			assertCandidatesFromHarvest(t, e.db, cands)
			perRoute, total := rc.counts()
			for _, r := range tt.routes {
				if perRoute[r] != 3 {
					t.Errorf("%s read %d times for 120 candidates, want 3", r, perRoute[r])
				}
			}
			// v3 educations name their school, degree and discipline by
			// custom field option: the names are read 50 at a time, at most
			// once per option, in at most one more request per page of
			// educations than the options strictly need.
			options := perRoute["/v3/custom_field_options"]
			if tt.version == greenhouse.V3 {
				if limit := educationOptions(ss.sim.Snapshot(), ids)/50 + 1 + 3; options > limit {
					t.Errorf("%d option lookups, want at most %d", options, limit)
				}
			}
			if total-options != 3*len(tt.routes) {
				t.Errorf("%d API requests for 130 events (want %d): %v", total-options, 3*len(tt.routes), perRoute)
			}
		})
	}
}

// TestWebhookFetchFailureLeavesEventsPending: when Harvest answers 5xx or
// keeps answering 429, the events wait (not failed, no attempt counted) and
// apply once it answers again.
func TestWebhookFetchFailureLeavesEventsPending(t *testing.T) {
	tests := []struct {
		name string
		kind error
		// setup returns the env and the switch that breaks Greenhouse
		// (true) or mends it (false).
		setup func(t *testing.T) (*env, func(broken bool))
	}{
		{"5xx", greenhouse.ErrUnavailable, func(t *testing.T) (*env, func(bool)) {
			e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 20}, gh: func(c *greenhouse.Config) { c.MaxAttempts = 2 }})
			return e, e.sim.SetOutage
		}},
		{"429", greenhouse.ErrRateLimited, func(t *testing.T) (*env, func(bool)) {
			// One request per 30 s window on a clock that stands still
			// while broken: the client's waits never see the window
			// reset. Mended, its waits move the clock on.
			clock := &fakeClock{t: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)}
			var moving atomic.Bool
			e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 20, RateLimitV3: 1, Now: clock.Now},
				gh: func(c *greenhouse.Config) {
					c.Now = clock.Now
					c.Sleep = func(ctx context.Context, d time.Duration) error {
						if moving.Load() {
							return clock.Sleep(ctx, d)
						}
						return ctx.Err()
					}
				}})
			return e, func(broken bool) { moving.Store(!broken) }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, broken := tt.setup(t)
			cands := e.sim.Snapshot().Candidates[:5]
			logBurst(t, e.db, "ev", candidateIDs(cands))
			wh := ingest.NewWebhooks(e.db, func() *ingest.Syncer { return e.sync }, nil)

			broken(true)
			n, err := wh.Drain(t.Context())
			if !errors.Is(err, ingest.ErrWaiting) || !errors.Is(err, tt.kind) || n != 0 {
				t.Fatalf("Drain = %d, %v; want 0 and ErrWaiting (%v)", n, err, tt.kind)
			}
			pending, err := e.db.PendingWebhookEvents(t.Context(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(pending) != 5 {
				t.Fatalf("%d events pending, want 5", len(pending))
			}
			for _, ev := range pending {
				if ev.Attempts != 0 {
					t.Errorf("event %s: %d attempts counted while Greenhouse was down", ev.EventID, ev.Attempts)
				}
			}
			if !strings.Contains(pending[0].Error, "waiting for Greenhouse") {
				t.Errorf("first event's note %q does not say it waits", pending[0].Error)
			}
			if c := counts(t, e.db)["candidates"]; c != 0 {
				t.Errorf("%d candidates stored without their fetch", c)
			}

			broken(false)
			if n, err := wh.Drain(t.Context()); err != nil || n != 5 {
				t.Fatalf("after Greenhouse came back: Drain = %d, %v", n, err)
			}
			if st := eventStatus(t, e.db); st[db.EventApplied] != 5 {
				t.Errorf("event states %v", st)
			}
			assertCandidatesFromHarvest(t, e.db, cands)
		})
	}
}

// cancelOnGet cancels the webhook processor's context as its nth Get
// begins: the process dies while a fetch is in flight.
type cancelOnGet struct {
	ingest.Greenhouse
	n, at  atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelOnGet) Get(ctx context.Context, r greenhouse.Resource, ids []int64) (greenhouse.Batch, error) {
	if c.n.Add(1) == c.at.Load() {
		c.cancel()
	}
	return c.Greenhouse.Get(ctx, r, ids)
}

// TestWebhookBurstKilledMidwayLosesNothing stops a burst between two events
// and during a fetch, closes the database as a killed process would, and
// drains again from a fresh start: every event is applied, once.
func TestWebhookBurstKilledMidwayLosesNothing(t *testing.T) {
	tests := []struct {
		name      string
		afterGet  int64 // cancel as this Get begins (0: never)
		afterDone int   // cancel after this many events applied (0: never)
	}{
		{"between events", 0, 37},
		{"during a fetch", 2, 0},
	}
	ss := newSim(t, simulator.Config{Candidates: 150})
	cands := ss.sim.Snapshot().Candidates[:120]
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shortlist.db")
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			cg := &cancelOnGet{cancel: cancel}
			cg.at.Store(tt.afterGet)
			e := newEnv(t, envOpts{existing: ss, dbPath: path, wrap: func(g ingest.Greenhouse) ingest.Greenhouse {
				cg.Greenhouse = g
				return cg
			}})
			logBurst(t, e.db, "ev", candidateIDs(cands))
			wh := ingest.NewWebhooks(e.db, func() *ingest.Syncer { return e.sync }, nil)
			applied := 0
			wh.Applied = func() {
				applied++
				if applied == tt.afterDone {
					cancel()
				}
			}
			first, err := wh.Drain(ctx)
			if !errors.Is(err, context.Canceled) || first == 0 || first >= len(cands) {
				t.Fatalf("cut Drain = %d, %v; want some applied and context.Canceled", first, err)
			}
			if err := e.db.Close(); err != nil {
				t.Fatal(err)
			}

			again := newEnv(t, envOpts{existing: ss, dbPath: path})
			wh = ingest.NewWebhooks(again.db, func() *ingest.Syncer { return again.sync }, nil)
			rest, err := wh.Drain(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if first+rest != len(cands) {
				t.Errorf("applied %d before the cut and %d after, want %d in all", first, rest, len(cands))
			}
			evs, err := again.db.RecentWebhookEvents(t.Context(), 1000)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != len(cands) {
				t.Fatalf("%d events logged, want %d", len(evs), len(cands))
			}
			for _, ev := range evs {
				if ev.Status != db.EventApplied || ev.Attempts != 1 {
					t.Errorf("event %s: %s after %d attempts, want applied once", ev.EventID, ev.Status, ev.Attempts)
				}
			}
			assertCandidatesFromHarvest(t, again.db, cands)
		})
	}
}

// scriptedGH answers Get for candidates with one script step per call (and
// nothing for other resources); it has no other use in these tests.
type scriptedGH struct {
	ingest.Greenhouse
	calls int
	steps []func() greenhouse.Batch
}

func (s *scriptedGH) Get(ctx context.Context, r greenhouse.Resource, ids []int64) (greenhouse.Batch, error) {
	if r != greenhouse.Candidates {
		return greenhouse.Batch{}, nil
	}
	step := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	return step(), nil
}

func harvestCopy(id int64, first string, updated time.Time) greenhouse.Batch {
	return greenhouse.Batch{Candidates: []db.Candidate{{ID: id, FirstName: first, LastName: "Hurley", UpdatedAt: updated,
		Raw: fmt.Appendf(nil, `{"id":%d,"first_name":%q}`, id, first)}}}
}

// TestLaterEventNotOverwrittenByEarlierFetch: a fetch serves only events
// logged before it began, and each event stores what it fetched in its own
// transaction, in order: whatever Harvest answered for an earlier event,
// the later event's state is what stays.
func TestLaterEventNotOverwrittenByEarlierFetch(t *testing.T) {
	const id = 265772
	received := time.Date(2029, 6, 1, 12, 0, 0, 0, time.UTC)
	setup := func(t *testing.T) *db.DB {
		d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "shortlist.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	drain := func(t *testing.T, d *db.DB, gh *scriptedGH) {
		t.Helper()
		s := ingest.New(d, gh, extractor, ingest.Options{})
		wh := ingest.NewWebhooks(d, func() *ingest.Syncer { return s }, nil)
		if _, err := wh.Drain(t.Context()); err != nil {
			t.Fatal(err)
		}
		// (A deletion erases the earlier events about the person.)
		if st := eventStatus(t, d); st[db.EventApplied] == 0 || len(st) != 1 {
			t.Fatalf("event states %v, want all applied", st)
		}
	}
	name := func(t *testing.T, d *db.DB) string {
		t.Helper()
		got := ids(t, d, fmt.Sprintf("SELECT first_name FROM candidates WHERE id = %d", id))
		if len(got) != 1 {
			return fmt.Sprintf("%d rows", len(got))
		}
		return got[0]
	}

	t.Run("same window, Harvest behind the later event", func(t *testing.T) {
		// Harvest's copy predates the stage change both events precede.
		gh := &scriptedGH{steps: []func() greenhouse.Batch{func() greenhouse.Batch { return harvestCopy(id, "Harvest", received.Add(-time.Hour)) }}}
		d := setup(t)
		logEvent(t, d, "e1", updateCandidate(t, id), received)
		logEvent(t, d, "e2", stageChange(t, id, "2029-06-01T12:00:05Z", "Later", true), received.Add(5*time.Second))
		drain(t, d, gh)
		if gh.calls != 1 {
			t.Errorf("%d candidate fetches for two events in one window, want 1", gh.calls)
		}
		if got := name(t, d); got != "Later" {
			t.Errorf("first_name = %q, want the later event's Later", got)
		}
	})

	t.Run("event logged during the fetch", func(t *testing.T) {
		// The first fetch read Greenhouse before the stage change; the
		// stage change arrives while it is in flight, stamped the same
		// second. It must get a fetch of its own, not the stale copy.
		var d *db.DB
		gh := &scriptedGH{}
		gh.steps = []func() greenhouse.Batch{
			func() greenhouse.Batch {
				logEvent(t, d, "e2", stageChange(t, id, "2029-06-01T12:00:05Z", "Later", true), received.Add(5*time.Second))
				return harvestCopy(id, "Stale", received.Add(5*time.Second))
			},
			func() greenhouse.Batch { return harvestCopy(id, "Current", received.Add(5*time.Second)) },
		}
		d = setup(t)
		logEvent(t, d, "e1", updateCandidate(t, id), received)
		drain(t, d, gh)
		if gh.calls != 2 {
			t.Errorf("%d candidate fetches, want 2: the event logged during the first must not be served by it", gh.calls)
		}
		if got := name(t, d); got != "Current" {
			t.Errorf("first_name = %q, want Current (what Greenhouse said after the later event)", got)
		}
	})

	t.Run("deleted by a later event in the same window", func(t *testing.T) {
		// Greenhouse's clock runs a little ahead of ours and its list still
		// holds the candidate: only order keeps the deletion.
		gh := &scriptedGH{steps: []func() greenhouse.Batch{func() greenhouse.Batch { return harvestCopy(id, "Lagging", received.Add(time.Minute)) }}}
		d := setup(t)
		logEvent(t, d, "e1", updateCandidate(t, id), received)
		logEvent(t, d, "e2", []byte(fmt.Sprintf(`{"action":"delete_candidate","payload":{"person":{"id":%d}}}`, id)), received.Add(time.Second))
		drain(t, d, gh)
		if got := name(t, d); got != "0 rows" {
			t.Errorf("candidate after a later delete: %s", got)
		}
	})
}

// educationOptions counts the distinct school, degree and discipline names
// of the candidates' educations (each a custom field option in v3).
func educationOptions(snap *simulator.Snapshot, ids []int64) int {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	names := map[string]bool{}
	for _, e := range snap.Educations {
		if want[e.CandidateID] {
			names["s:"+e.SchoolName], names["d:"+e.Degree], names["f:"+e.Discipline] = true, true, true
		}
	}
	return len(names)
}
