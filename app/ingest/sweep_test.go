package ingest_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	c, err := d.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// refusedTables lists the tables a run's error says it refused to sweep.
func refusedTables(err error) []string {
	var se *ingest.ShrinkError
	if !errors.As(err, &se) {
		return nil
	}
	var out []string
	for _, r := range se.Refused {
		for _, c := range r.Counts {
			out = append(out, c.Table)
		}
	}
	return out
}

// TestEmptyListsKeepEveryRow: Greenhouse answers a user who is not a Site
// Admin with empty lists. A full sync against that must fail, say which
// resources and counts, and keep every row; so must an incremental one
// (the lookups are read whole on every run).
func TestEmptyListsKeepEveryRow(t *testing.T) {
	for _, version := range []string{greenhouse.V3, greenhouse.V1} {
		t.Run(version, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, envOpts{version: version, sim: simulator.Config{Candidates: 60}})
			if _, err := e.sync.Run(ctx, true); err != nil {
				t.Fatal(err)
			}
			before := counts(t, e.db)
			if before["candidates"] != 60 || before["departments"] == 0 {
				t.Fatalf("first sync stored %v", before)
			}
			hw, err := e.db.SyncState(ctx, "candidates")
			if err != nil {
				t.Fatal(err)
			}

			e.sim.SetEmptyLists(true)
			for _, full := range []bool{true, false} {
				sum, err := e.sync.Run(ctx, full)
				if err == nil {
					t.Fatalf("full=%v: a sync that read empty lists succeeded (%+v)", full, sum)
				}
				if !strings.Contains(err.Error(), "Greenhouse listed no departments but") || !strings.Contains(err.Error(), "every row") {
					t.Errorf("full=%v: error %q does not name the resource, the counts and what was kept", full, err)
				}
				if full && !strings.Contains(err.Error(), "Greenhouse listed no candidates but 60 are stored") {
					t.Errorf("error %q does not name candidates and their count", err)
				}
				if got := refusedTables(err); !strings.Contains(strings.Join(got, ","), "departments") {
					t.Errorf("full=%v: refused %v", full, got)
				}
				if sum.Deleted != 0 {
					t.Errorf("full=%v: summary says %d rows removed", full, sum.Deleted)
				}
				if after := counts(t, e.db); !maps.Equal(after, before) {
					t.Errorf("full=%v: rows changed after a sync against empty lists:\n got %v\nwant %v", full, after, before)
				}
				// The untrusted full walk did not move the candidates'
				// high-water mark: an incremental pass later reads from the
				// old one. (An incremental pass that finds nothing is
				// ordinary, and moves it.)
				if st, _ := e.db.SyncState(ctx, "candidates"); full && (!st.HighWater.Equal(hw.HighWater) || st.InFlight()) {
					t.Errorf("candidates state after the refused pass = %+v, want high water %v and no pass in flight", st, hw.HighWater)
				}
				runs, err := e.db.LastSyncRuns(ctx, 1)
				if err != nil {
					t.Fatal(err)
				}
				if runs[0].Outcome != db.RunFailed || !strings.Contains(runs[0].Error, "departments") {
					t.Errorf("full=%v: run recorded as %+v", full, runs[0])
				}
			}
			sweeps, err := e.db.RecentSweeps(ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			refused := map[string]bool{}
			for _, s := range sweeps {
				if s.Outcome == db.SweepRefused && s.Removed == 0 && s.Seen == 0 && s.Stored == before[s.Resource] {
					refused[s.Resource] = true
				}
			}
			if !refused["candidates"] || !refused["departments"] {
				t.Errorf("refusals recorded: %+v", sweeps)
			}

			// Lists answer again: the next sync works.
			e.sim.SetEmptyLists(false)
			if _, err := e.sync.Run(ctx, true); err != nil {
				t.Fatal(err)
			}
			assertMirrors(t, e, "departments", "offices", "users", "jobs", "candidates", "applications")
		})
	}
}

// stripLinks hides the next-page link of one list route, so a walk of it
// ends after its first page as if that were all.
func stripLinks(h http.Handler, path string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == path {
			w = &noLink{ResponseWriter: w}
		}
		h.ServeHTTP(w, r)
	})
}

type noLink struct{ http.ResponseWriter }

func (n *noLink) WriteHeader(code int) {
	n.Header().Del("Link")
	n.ResponseWriter.WriteHeader(code)
}

func (n *noLink) Write(b []byte) (int, error) {
	n.Header().Del("Link")
	return n.ResponseWriter.Write(b)
}

// TestPartialWalkKeepsEveryRow: a walk that ends early (here after the
// first of six pages of candidates) is complete as far as the client can
// tell; its sweep is refused and the other resources still sync.
func TestPartialWalkKeepsEveryRow(t *testing.T) {
	ctx := context.Background()
	ss := newSim(t, simulator.Config{Candidates: 120})
	e := newEnv(t, envOpts{existing: ss, perPage: 20})
	if _, err := e.sync.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	before := counts(t, e.db)

	partial := httptest.NewServer(stripLinks(ss.sim.Handler(), "/v3/candidates"))
	t.Cleanup(partial.Close)
	cut := newEnv(t, envOpts{existing: &simServer{sim: ss.sim, srv: partial}, perPage: 20, dbPath: e.db.Path()})
	sum, err := cut.sync.Run(ctx, true)
	if got := refusedTables(err); len(got) != 1 || got[0] != "candidates" {
		t.Fatalf("err = %v, want the candidates sweep refused", err)
	}
	if !strings.Contains(err.Error(), "Greenhouse listed 20 candidates but 120 are stored") {
		t.Errorf("error %q does not give the counts", err)
	}
	if after := counts(t, cut.db); !maps.Equal(after, before) {
		t.Errorf("rows changed after a partial walk:\n got %v\nwant %v", after, before)
	}
	// Resources after candidates were still read.
	if sum.PerResource["applications"] == 0 || sum.PerResource["notes"] == 0 {
		t.Errorf("the run stopped at the refusal: read %v", sum.PerResource)
	}
}

// TestFullSyncStillRemovesWhatGreenhouseLost: ordinary deletions are swept
// and recorded, in a large table and in a lookup.
func TestFullSyncStillRemovesWhatGreenhouseLost(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 40}})
	if _, err := e.sync.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	err := e.db.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "Gone", UpdatedAt: old, Raw: []byte(`{}`)},
			{ID: 2, FirstName: "Gone", UpdatedAt: old, Raw: []byte(`{}`)}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.Department{{ID: 3, Name: "Closed", Raw: []byte(`{}`)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// An incremental run replaces the lookups whole: the department goes.
	sum, err := e.sync.Run(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Deleted != 1 {
		t.Errorf("incremental run removed %d rows, want the 1 department", sum.Deleted)
	}
	sum, err = e.sync.Run(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Deleted != 2 {
		t.Errorf("full run removed %d rows, want the 2 candidates", sum.Deleted)
	}
	assertMirrors(t, e, "candidates", "departments")
	sweeps, err := e.db.RecentSweeps(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(sweeps) != 2 || sweeps[0].Resource != "candidates" || sweeps[0].Removed != 2 || sweeps[0].Outcome != db.SweepDone ||
		sweeps[1].Resource != "departments" || sweeps[1].Removed != 1 {
		t.Errorf("recorded sweeps = %+v", sweeps)
	}
}

// TestAllowShrinkRemovesPastTheGuard: the operator can confirm that
// Greenhouse really lost the records.
func TestAllowShrinkRemovesPastTheGuard(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 20}})
	if _, err := e.sync.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	e.sim.SetEmptyLists(true)
	if _, err := e.sync.RunWith(ctx, ingest.RunOptions{Full: true, AllowShrink: true}); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, e.db); c["candidates"] != 0 || c["departments"] != 0 {
		t.Errorf("after an allowed shrink: %v", c)
	}
	sweeps, err := e.db.Sweeps(ctx, "candidates")
	if err != nil {
		t.Fatal(err)
	}
	if last := sweeps[len(sweeps)-1]; last.Outcome != db.SweepForced || last.Removed != 20 {
		t.Errorf("last candidates sweep = %+v, want forced, 20 removed", last)
	}
}
