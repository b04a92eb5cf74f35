// Package simtest starts a Greenhouse simulator for other packages' tests.
package simtest

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/shortlist-hq/shortlist/app/simulator"
)

// Start generates a simulator for cfg and serves it on 127.0.0.1 until the
// test ends. The returned URL is the base for both the API and the token
// endpoint; cfg.Candidates defaults to 300 to keep tests fast.
func Start(tb testing.TB, cfg simulator.Config) (*simulator.Sim, string) {
	tb.Helper()
	if cfg.Candidates == 0 {
		cfg.Candidates = 300
	}
	sim, err := simulator.New(cfg)
	if err != nil {
		tb.Fatalf("simtest: start simulator: %v", err)
	}
	srv := httptest.NewServer(sim.Handler())
	tb.Cleanup(srv.Close)
	sim.SetBaseURL(srv.URL)
	return sim, srv.URL
}

// Shared returns a path inside the shared folder of real data and fixtures
// that tests read at run time (it is never copied into the repository):
// $SHORTLIST_SHARED, else a "shared" folder beside the repository, else
// /work/shared. The test is skipped when the path does not exist.
func Shared(tb testing.TB, elem ...string) string {
	tb.Helper()
	rel := filepath.Join(elem...)
	for _, root := range sharedRoots() {
		p := filepath.Join(root, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skipf("shared test data not found: %s (set SHORTLIST_SHARED)", rel)
	return ""
}

func sharedRoots() []string {
	var roots []string
	if d := os.Getenv("SHORTLIST_SHARED"); d != "" {
		roots = append(roots, d)
	}
	// Walk up from the package to the module root; its sibling "shared".
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				roots = append(roots, filepath.Join(filepath.Dir(dir), "shared"))
				break
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return append(roots, "/work/shared")
}
