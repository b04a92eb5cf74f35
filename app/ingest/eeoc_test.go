package ingest_test

import (
	"context"
	"testing"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/simulator"
)

// TestEEOCWithoutPermissionSyncsTheRest: many companies do not grant the
// EEOC permission. The sync then stores everything else and succeeds; with
// it, every answer lands.
func TestEEOCWithoutPermissionSyncsTheRest(t *testing.T) {
	for _, version := range []string{greenhouse.V3, greenhouse.V1} {
		t.Run(version, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, envOpts{version: version, sim: simulator.Config{Candidates: 40, DenyResources: []string{"eeoc"}}})
			if _, err := e.sync.Run(ctx, false); err != nil {
				t.Fatalf("a sync without the EEOC permission failed: %v", err)
			}
			c := counts(t, e.db)
			if c["candidates"] != 40 || c["applications"] == 0 || c["eeoc"] != 0 {
				t.Fatalf("stored %v", c)
			}
			e.sim.SetDenyResources()
			if _, err := e.sync.Run(ctx, false); err != nil {
				t.Fatal(err)
			}
			if got, want := counts(t, e.db)["eeoc"], len(e.sim.Snapshot().EEOC); got != want || want == 0 {
				t.Errorf("with the permission granted: %d answers stored, the simulator has %d", got, want)
			}
		})
	}
}
