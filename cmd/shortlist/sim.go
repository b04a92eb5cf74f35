package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/shortlist-hq/shortlist/app/simulator"
)

// sim runs the Greenhouse simulator alone, for trying the client, scripts
// or `shortlist serve` against it.
func (m *Main) sim(ctx context.Context, args []string) error {
	fs := m.flags("sim", "[flags]")
	addr := fs.String("addr", "127.0.0.1:8090", "listen address")
	candidates := fs.Int("candidates", simulator.DefaultCandidates, "number of generated candidates")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same data")
	clientID := fs.String("client-id", "", "Harvest v3 client id (default "+simulator.DefaultClientID+"; Greenhouse's end in -<number>)")
	clientSecret := fs.String("client-secret", "", "Harvest v3 client secret (default derived from the seed)")
	apiKey := fs.String("api-key", "", "Harvest v1 API key (default derived from the seed)")
	rateLimit := fs.Int("rate-limit", simulator.DefaultRateLimitV3, "Harvest v3 requests per 30 s window per client (negative: unlimited)")
	rateLimitV1 := fs.Int("rate-limit-v1", simulator.DefaultRateLimitV1, "Harvest v1 requests per 10 s window per key (negative: unlimited)")
	tokenTTL := fs.Duration("token-ttl", simulator.DefaultTokenTTL, "lifetime of v3 access tokens")
	latency := fs.Duration("latency", 0, "latency added to every API request")
	failureRate := fs.Float64("failure-rate", 0, "share of API requests answered with a 5xx (0..1)")
	corpus := fs.String("corpus", "", "draw job and resume texts from this folder (laid out like shared/data) instead of generating them")
	changeEvery := fs.Duration("change-every", 0, "make a random change (new application, stage move, hire...) this often; 0: never")
	emptyLists := fs.Bool("empty-lists", false, "answer every list route with 200 [] (as Greenhouse answers a user who is not a Site Admin)")
	verbose := fs.Bool("v", false, "log every request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := m.logger(level)
	s, err := simulator.New(simulator.Config{
		Seed: *seed, Candidates: *candidates, ClientID: *clientID, ClientSecret: *clientSecret, APIKey: *apiKey,
		RateLimitV3: *rateLimit, RateLimitV1: *rateLimitV1, TokenTTL: *tokenTTL, Latency: *latency,
		FailureRate: *failureRate, CorpusDir: *corpus, EmptyLists: *emptyLists, Logger: log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	s.SetBaseURL(base)
	c := s.Config()
	fmt.Fprintf(m.Stdout, `Greenhouse simulator running at %s
  Harvest v3: POST %s/token with client id %q and secret %q, then %s/v3/...
  Harvest v1: Basic auth with API key %q at %s/v1/...
  Rate limits: v3 %d per 30 s, v1 %d per 10 s
Connect Shortlist to it with:
  GREENHOUSE_API_URL=%s GREENHOUSE_TOKEN_URL=%s/token GREENHOUSE_CLIENT_ID=%s GREENHOUSE_CLIENT_SECRET=%s shortlist serve
`, base, base, c.ClientID, c.ClientSecret, base, c.APIKey, base, c.RateLimitV3, c.RateLimitV1, base, base, c.ClientID, c.ClientSecret)
	if *emptyLists {
		fmt.Fprintln(m.Stdout, "  Every list route answers 200 [] (--empty-lists): a sync against it must fail and keep every row")
	}
	if *changeEvery > 0 {
		go s.Run(ctx, *changeEvery)
	}
	return s.Serve(ctx, ln)
}
