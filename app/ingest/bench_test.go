package ingest_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// BenchmarkSync20k is a first full sync of 20,000 candidates from the
// simulator at Greenhouse's default v3 rate limit (75 requests per 30 s
// window), resumes included. It reports records per second and the share
// of the rate-limit ceiling the client used: requests made over the
// requests the limit allowed in the windows the run spanned.
//
//	go test ./app/ingest -run '^$' -bench Sync20k -benchtime 1x
func BenchmarkSync20k(b *testing.B) {
	const candidates = 20000
	sim, err := simulator.New(simulator.Config{Seed: 11, Candidates: candidates})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	sim.SetBaseURL(srv.URL)
	c := sim.Config()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, err := db.Open(context.Background(), filepath.Join(b.TempDir(), "shortlist.db"))
		if err != nil {
			b.Fatal(err)
		}
		gh, err := greenhouse.New(greenhouse.Config{BaseURL: srv.URL, ClientID: c.ClientID, ClientSecret: c.ClientSecret})
		if err != nil {
			b.Fatal(err)
		}
		s := ingest.New(d, gh, extractor, ingest.Options{})
		b.StartTimer()
		start := time.Now()
		sum, err := s.Run(context.Background(), true)
		if err != nil {
			b.Fatal(err)
		}
		end := time.Now()
		took := end.Sub(start)
		st := gh.Stats()
		// The simulator's windows are fixed 30 s slots of the clock, like
		// Greenhouse's: the ceiling is the limit times the slots the run
		// touched.
		const window = 30 * time.Second
		slots := end.Truncate(window).Sub(start.Truncate(window))/window + 1
		allowed := float64(c.RateLimitV3) * float64(slots)
		b.ReportMetric(float64(sum.Records)/took.Seconds(), "records/s")
		b.ReportMetric(float64(sum.Files)/took.Seconds(), "resumes/s")
		b.ReportMetric(float64(st.Requests), "requests")
		b.ReportMetric(100*float64(st.Requests)/allowed, "%ceiling")
		b.ReportMetric(float64(st.RateLimited), "429s")
		b.Logf("%d records, %d resumes (%d unreadable) in %s; %d API requests, %d token requests, %d 429s; waited %s",
			sum.Records, sum.Files, sum.FilesFailed, took.Round(time.Second), st.Requests, st.TokenRequests, st.RateLimited, st.Waited+st.PacingWait)
		d.Close()
	}
}
