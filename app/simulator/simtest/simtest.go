// Package simtest starts a Greenhouse simulator for other packages' tests.
package simtest

import (
	"net/http/httptest"
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
