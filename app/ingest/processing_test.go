package ingest_test

import (
	"context"
	"testing"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// Greenhouse lists a candidate it is still processing as {"message": …}
// without an id. The sync skips it, stores no row for it, and the next
// incremental pass reads it: the high-water mark must not pass it.

func candidateState(t *testing.T, e *env) db.SyncState {
	t.Helper()
	st, err := e.db.SyncState(context.Background(), "candidates")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestProcessingCandidatesAreReadByTheNextPass(t *testing.T) {
	for _, tc := range []struct {
		name string
		// pick chooses the candidates being processed from the
		// simulator's, oldest first.
		pick func(c []simulator.Candidate) []int64
		// fullAgain: nothing older follows a processing candidate, so no
		// floor bounds it and the next pass must read everything again.
		fullAgain bool
	}{
		{"InsideAPage", func(c []simulator.Candidate) []int64 { return []int64{c[len(c)/2].ID} }, false},
		// With 20 per page, newest first, the 20th newest ends a page.
		{"EndOfAPage", func(c []simulator.Candidate) []int64 { return []int64{c[len(c)-20].ID, c[len(c)-40].ID} }, false},
		{"Oldest", func(c []simulator.Candidate) []int64 { return []int64{c[0].ID} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 100}, perPage: 20})
			cands := e.sim.Snapshot().Candidates
			busy := tc.pick(cands)
			e.sim.SetProcessing(busy...)
			if _, err := e.sync.Run(ctx, false); err != nil {
				t.Fatal(err)
			}
			stored := ids(t, e.db, "SELECT CAST(id AS TEXT) FROM candidates")
			if len(stored) != len(cands)-len(busy) {
				t.Fatalf("stored %d candidates, want the %d not being processed", len(stored), len(cands)-len(busy))
			}
			if zero := ids(t, e.db, "SELECT count(*) FROM candidates WHERE id = 0 OR id IS NULL"); zero[0] != "0" {
				t.Fatal("a candidate row without an id was stored")
			}
			st := candidateState(t, e)
			if st.Deferred != 0 || st.InFlight() {
				t.Fatalf("pass state %+v: the pass should have completed", st)
			}
			if tc.fullAgain != st.HighWater.IsZero() {
				t.Fatalf("high-water mark %v after a processing candidate (full again: %v)", st.HighWater, tc.fullAgain)
			}
			// The mark stopped at or before the processing candidates.
			for _, c := range cands {
				for _, id := range busy {
					if c.ID == id && st.HighWater.After(c.UpdatedAt) {
						t.Fatalf("high-water mark %v is past candidate %d (updated %v)", st.HighWater, id, c.UpdatedAt)
					}
				}
			}

			e.sim.SetProcessing()
			second, err := e.sync.Run(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if second.Kind != "incremental" {
				t.Errorf("second run %q", second.Kind)
			}
			assertMirrors(t, e, "candidates", "applications")
			if st := candidateState(t, e); st.HighWater.IsZero() {
				t.Error("the mark did not move once nothing was left out")
			}
		})
	}
}

// TestProcessingCandidateIsNotSwept: a full pass removes what Greenhouse
// no longer lists, but a candidate shown as still processing is listed,
// only without its fields: it must stay.
func TestProcessingCandidateIsNotSwept(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, envOpts{sim: simulator.Config{Candidates: 60}, perPage: 25})
	if _, err := e.sync.Run(ctx, false); err != nil {
		t.Fatal(err)
	}
	cands := e.sim.Snapshot().Candidates
	e.sim.SetProcessing(cands[30].ID)
	sum, err := e.sync.Run(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if has, err := e.db.Has(ctx, "candidates", cands[30].ID); err != nil || !has {
		t.Fatalf("the candidate being processed was removed by the full pass (deleted %d rows)", sum.Deleted)
	}
	assertMirrors(t, e, "candidates")
}
