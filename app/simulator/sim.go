package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Sim is a running simulated Greenhouse tenant. All methods are safe for
// concurrent use.
type Sim struct {
	cfg Config
	log *slog.Logger
	// key signs access tokens and file URLs.
	key []byte

	// mu guards the data (g and st), deny, processing and baseURL. API
	// handlers hold it for reading while they build a response; Step holds
	// it for writing.
	mu      sync.RWMutex
	g       *gen
	st      *store
	deny    map[string]bool
	baseURL string
	// processing holds the candidates Greenhouse is still processing: the
	// v3 candidate list shows {"message": …} in their place.
	processing map[int64]bool

	outage atomic.Bool
	limits *limiter
	jti    atomic.Int64
	errSeq atomic.Int64

	// emptyLists: see Config.EmptyLists.
	emptyLists atomic.Bool

	failMu   sync.Mutex
	failRand *rand.Rand

	// stepMu serialises Step so events are delivered in order.
	stepMu   sync.Mutex
	stepRand *rand.Rand

	subMu sync.Mutex
	subs  []func(Event)

	acts writeLog // see write.go
	// assess sends tests to an Assessment Partner (assessment.go).
	assess assessments

	mux *http.ServeMux
}

// Event is one change made by Step, shaped as the Greenhouse webhook that
// would announce it.
type Event struct {
	// Action is the webhook action, e.g. new_candidate_application.
	Action string
	// At is when the change happened (the simulator clock).
	At time.Time
	// Payload is the whole webhook body: {"action": ..., "payload": ...}.
	Payload json.RawMessage
}

// New generates the tenant described by cfg.
func New(cfg Config) (*Sim, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	var corp *corpus
	if cfg.CorpusDir != "" {
		if corp, err = loadCorpus(cfg.CorpusDir); err != nil {
			return nil, err
		}
	}
	started := time.Now()
	g := generate(cfg, corp)
	s := &Sim{
		cfg:        cfg,
		log:        cfg.Logger,
		key:        []byte(seedSecret(cfg.Seed, "signing-key")),
		g:          g,
		st:         g.st,
		deny:       map[string]bool{},
		processing: map[int64]bool{},
		limits:     newLimiter(),
		failRand:   newRand(cfg.Seed, 3),
		stepRand:   newRand(cfg.Seed, 2),
	}
	for _, r := range cfg.DenyResources {
		s.deny[r] = true
	}
	s.emptyLists.Store(cfg.EmptyLists)
	s.routes()
	s.log.Info("greenhouse simulator ready",
		slog.Int("candidates", len(g.st.candidates.rows)), slog.Int("applications", len(g.st.applications.rows)),
		slog.Int("jobs", len(g.st.jobs.rows)), slog.Duration("took", time.Since(started)))
	return s, nil
}

// Config returns the effective configuration, with defaults filled in
// (including the generated client secret and API key).
func (s *Sim) Config() Config {
	c := s.cfg
	c.DenyResources = append([]string(nil), c.DenyResources...)
	return c
}

// Handler serves the whole simulator: POST /token, /v3/..., /v1/... and
// the signed attachment URLs under /files/.
func (s *Sim) Handler() http.Handler { return s.mux }

// SetBaseURL sets the absolute URL (e.g. "http://127.0.0.1:8080") used in
// Link headers and attachment URLs. Without it the request's Host is used.
func (s *Sim) SetBaseURL(u string) {
	s.mu.Lock()
	s.baseURL = strings.TrimRight(u, "/")
	s.mu.Unlock()
}

// SetOutage makes every API call answer 503 while on. File downloads keep
// working: in reality they are served by S3.
func (s *Sim) SetOutage(on bool) { s.outage.Store(on) }

// SetEmptyLists turns Config.EmptyLists on or off.
func (s *Sim) SetEmptyLists(on bool) { s.emptyLists.Store(on) }

// answerEmptyList answers a list request with 200 [] when EmptyLists is on,
// and reports whether it did.
func (s *Sim) answerEmptyList(w http.ResponseWriter) bool {
	if !s.emptyLists.Load() {
		return false
	}
	writeRawJSON(w, http.StatusOK, []byte("[]"))
	return true
}

// SetDenyResources replaces the set of v3 resource names the credentials
// may not read (see Config.DenyResources).
func (s *Sim) SetDenyResources(resources ...string) {
	s.mu.Lock()
	s.deny = map[string]bool{}
	for _, r := range resources {
		s.deny[r] = true
	}
	s.mu.Unlock()
}

// SetProcessing replaces the set of candidates Greenhouse is still
// processing. While a candidate is in it, the v3 candidate list (and a
// read by ids) shows an item {"message": …} without an id in its place, as
// Greenhouse does for a candidate it has not finished creating or
// updating; everything else about the candidate is served as usual. Call
// it with no ids to finish processing.
func (s *Sim) SetProcessing(ids ...int64) {
	s.mu.Lock()
	s.processing = map[int64]bool{}
	for _, id := range ids {
		s.processing[id] = true
	}
	s.mu.Unlock()
}

// Counts reports the number of records per resource, keyed by v3 resource
// name.
func (s *Sim) Counts() map[string]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.counts()
}

// Subscribe registers fn to receive every change event, in order. fn runs
// on the goroutine that called Step, after the change is visible through
// the API; it may call back into the Sim.
func (s *Sim) Subscribe(fn func(Event)) {
	s.subMu.Lock()
	s.subs = append(s.subs, fn)
	s.subMu.Unlock()
}

// Run applies one change every interval until ctx is done.
func (s *Sim) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Step(1)
		}
	}
}

// Serve answers HTTP requests on ln until ctx is done, then shuts down
// gracefully. If no base URL was set, it becomes "http://" + ln.Addr().
func (s *Sim) Serve(ctx context.Context, ln net.Listener) error {
	s.mu.Lock()
	if s.baseURL == "" {
		s.baseURL = "http://" + ln.Addr().String()
	}
	s.mu.Unlock()
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("simulator: serve: %w", err)
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// A connection a client opened but never used counts as busy for
		// five seconds (net/http's rule for new connections), so a
		// graceful shutdown can run out of time with nothing in flight:
		// then the rest is closed.
		if err := srv.Shutdown(shut); errors.Is(err, context.DeadlineExceeded) {
			srv.Close()
		} else if err != nil {
			return fmt.Errorf("simulator: shutdown: %w", err)
		}
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("simulator: serve: %w", err)
		}
		return nil
	}
}

func (s *Sim) now() time.Time { return s.cfg.Now().UTC() }

// base returns the absolute URL prefix for links in a response: the base
// URL when the request came in through it, otherwise the address the
// client used. Tests may serve one Sim on several servers, and a client
// must be able to follow its links back to the server it called.
func (s *Sim) base(r *http.Request) string {
	s.mu.RLock()
	b := s.baseURL
	s.mu.RUnlock()
	if b != "" {
		if u, err := url.Parse(b); err == nil && strings.EqualFold(u.Host, r.Host) {
			return b
		}
	}
	return "http://" + r.Host
}

// routes wires every endpoint on one mux.
func (s *Sim) routes() {
	s.mux = http.NewServeMux()
	s.mux.Handle("/token", s.withLatency(http.HandlerFunc(s.handleToken)))
	s.mux.Handle("/v3/", s.withLatency(s.apiV3()))
	s.mux.Handle("/v1/", s.withLatency(s.apiV1()))
	s.mux.Handle("GET /files/{id}/{name}", s.withLatency(http.HandlerFunc(s.handleFile)))
	s.assessmentRoutes()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, notFoundBody)
	})
}

// withLatency delays the request by Config.Latency, or until the client
// gives up.
func (s *Sim) withLatency(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		if d := s.cfg.Latency; d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		s.log.Debug("greenhouse simulator request",
			slog.Group("request", slog.String("method", r.Method), slog.String("uri", r.URL.RequestURI())),
			slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// apiError is Greenhouse's JSON error body; message comes first, as in
// the documented examples.
type apiError struct {
	Message string `json:"message"`
	Errors  any    `json:"errors,omitempty"`
}

var notFoundBody = apiError{Message: "Resource not found"}

// writeJSON writes v as the JSON body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"message":"Internal Server Error"}`, http.StatusInternalServerError)
		return
	}
	writeRawJSON(w, status, b)
}

func writeRawJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

// injectFailure answers the request with an outage 503 or a random 5xx
// when configured to, and reports whether it did.
func (s *Sim) injectFailure(w http.ResponseWriter) bool {
	if s.outage.Load() {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, http.StatusServiceUnavailable, apiError{Message: "Service Unavailable"})
		return true
	}
	if s.cfg.FailureRate <= 0 {
		return false
	}
	s.failMu.Lock()
	fail := s.failRand.Float64() < s.cfg.FailureRate
	code := []int{500, 502, 503}[s.failRand.IntN(3)]
	s.failMu.Unlock()
	if !fail {
		return false
	}
	switch code {
	case http.StatusBadGateway:
		// A load balancer answers for a crashed backend, so the body is
		// HTML: clients must not assume error bodies are JSON.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		w.Write([]byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"))
	case http.StatusServiceUnavailable:
		writeJSON(w, code, apiError{Message: "Service Unavailable"})
	default:
		writeJSON(w, code, apiError{Message: "Internal Server Error"})
	}
	return true
}
