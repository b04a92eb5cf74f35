package ingest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/extract"
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

// stubExtractor stands in for resume extraction where a benchmark does not
// measure it.
type stubExtractor struct{}

func (stubExtractor) Extract(context.Context, string, string, []byte) (extract.Result, error) {
	return extract.Result{Text: "resume", Extractor: "stub"}, nil
}

// BenchmarkWebhookBurst applies a burst of 1,000 signed update_candidate
// deliveries (a bulk edit of 1,000 candidates in Greenhouse) with Greenhouse
// connected at the default v3 rate limit (75 requests per 30 s window).
// Greenhouse's update_candidate payload has no updated_at, so every event
// needs its candidate read from Harvest: the processor reads them 50 at a
// time (with their educations, employments, attachments and applications:
// 5 requests per 50 events), 100 requests in all, where one read per event
// took 5,000 requests, about 33 minutes at this limit. The burst starts as a
// rate-limit window opens, so it pays the wait for the next window once.
// It reports events applied per second (wall clock), the API requests made,
// and events/s at the limit: what the request budget sustains for longer
// bursts.
//
//	go test ./app/ingest -run '^$' -bench WebhookBurst -benchtime 1x
func BenchmarkWebhookBurst(b *testing.B) {
	const n = 1000
	ctx := b.Context()
	cfg := simulator.Config{Seed: 12, Candidates: n, Epoch: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	sim, err := simulator.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	sim.SetBaseURL(srv.URL)
	c := sim.Config()
	d, err := db.Open(ctx, filepath.Join(b.TempDir(), "shortlist.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()

	// The database first holds the account, synced from a twin of the
	// simulator (same seed, same records) without the rate limit.
	twinCfg := cfg
	twinCfg.RateLimitV3 = -1
	twin, err := simulator.New(twinCfg)
	if err != nil {
		b.Fatal(err)
	}
	twinSrv := httptest.NewServer(twin.Handler())
	defer twinSrv.Close()
	twin.SetBaseURL(twinSrv.URL)
	fast, err := greenhouse.New(greenhouse.Config{BaseURL: twinSrv.URL, ClientID: c.ClientID, ClientSecret: c.ClientSecret})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ingest.New(d, fast, stubExtractor{}, ingest.Options{}).Run(ctx, true); err != nil {
		b.Fatal(err)
	}

	gh, err := greenhouse.New(greenhouse.Config{BaseURL: srv.URL, ClientID: c.ClientID, ClientSecret: c.ClientSecret})
	if err != nil {
		b.Fatal(err)
	}
	s := ingest.New(d, gh, stubExtractor{}, ingest.Options{})
	wh := ingest.NewWebhooks(d, func() *ingest.Syncer { return s }, nil)
	ids := make([]int64, 0, n)
	for _, cand := range sim.Snapshot().Candidates {
		ids = append(ids, cand.ID)
	}
	const window = 30 * time.Second
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		logBurst(b, d, fmt.Sprintf("burst-%d", i), ids)
		// The simulator's windows are fixed 30 s slots of the clock, like
		// Greenhouse's.
		time.Sleep(time.Until(time.Now().Truncate(window).Add(window)))
		before := gh.Stats()
		b.StartTimer()
		start := time.Now()
		applied, err := wh.Drain(ctx)
		took := time.Since(start)
		b.StopTimer()
		if err != nil || applied != n {
			b.Fatalf("Drain = %d, %v; want %d applied", applied, err, n)
		}
		st := gh.Stats()
		requests := st.Requests - before.Requests
		sustained := float64(n) / (float64(requests) * window.Seconds() / float64(c.RateLimitV3))
		b.ReportMetric(float64(n)/took.Seconds(), "events/s")
		b.ReportMetric(float64(requests), "requests")
		b.ReportMetric(sustained, "events/s@limit")
		b.Logf("%d update_candidate events applied in %s with %d API requests (%d 429s, waited %s); one read per event would take %d requests, about %s",
			n, took.Round(time.Millisecond), requests, st.RateLimited-before.RateLimited, (st.Waited - before.Waited).Round(time.Millisecond),
			5*n, (time.Duration(5*n) * window / time.Duration(c.RateLimitV3)).Round(time.Minute))
		b.StartTimer()
	}
}
