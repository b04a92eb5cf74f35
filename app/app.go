package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app/act"
	"github.com/shortlist-hq/shortlist/app/extract"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/indexer"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// App is a running Shortlist: storage, text extraction, the Greenhouse
// connection and sync, and the web server. cmd/shortlist builds one per
// command.
type App struct {
	cfg Config
	log *slog.Logger

	DB      *db.DB
	Extract *extract.Extractor
	Index   *search.Index
	Indexer *indexer.Indexer
	// Webhooks applies logged Greenhouse webhook deliveries.
	Webhooks *ingest.Webhooks
	// Actions sends what users do in Greenhouse (act.go).
	Actions *act.Sender
	// Learner trains the learned ranking model and re-ranks with it.
	Learner *learner.Learner

	mu   sync.RWMutex // guards gh and sync: the connection can change at run time
	gh   *greenhouse.Client
	sync *ingest.Syncer

	progress func(ingest.Progress)

	// assess scores Greenhouse's assessment requests; scores writes match
	// scores back to Greenhouse (assessment.go, score_writeback.go).
	assess *assessor
	scores *scoreWriter

	// life ends when the app shuts down: work started by a request (a sync
	// from My Company) runs under it rather than under the request.
	life     context.Context
	shutdown context.CancelFunc
}

// Options are the parts of an App that are not configuration.
type Options struct {
	Logger *slog.Logger
	// Progress receives sync progress (the terminal progress bar).
	Progress func(ingest.Progress)
	// HTTPClient reaches Greenhouse; nil means a default with timeouts.
	HTTPClient *http.Client
	// DatabaseOnly opens the database and nothing else: for account and
	// token commands, which must work beside a running server (the search
	// index admits one process at a time).
	DatabaseOnly bool
	// IndexDir, when set, holds the search index instead of the data
	// directory: for a one-off command beside a running server, which
	// holds the index (search.ErrInUse), on a copy the indexer rebuilds
	// from the database.
	IndexDir string
}

// Open opens the data directory (creating it), the database and the
// extractor, and connects to Greenhouse when credentials are configured.
func Open(ctx context.Context, cfg Config, opts Options) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := secureDataDir(cfg.DataDir, log); err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cfg.dbPath())
	if err != nil {
		return nil, err
	}
	if opts.DatabaseOnly {
		life, shutdown := context.WithCancel(context.WithoutCancel(ctx))
		return &App{cfg: cfg, log: log, DB: d, life: life, shutdown: shutdown, assess: newAssessor(), scores: newScoreWriter()}, nil
	}
	indexDir := cfg.indexPath()
	if opts.IndexDir != "" {
		indexDir = opts.IndexDir
	}
	ix, err := search.Open(indexDir)
	if err != nil {
		d.Close()
		return nil, err
	}
	ix.SetTextSource(d.ResumeTexts)
	// Once more for what opening created (the index folder, the WAL files),
	// so their modes do not depend on the umask.
	if err := secureDataDir(cfg.DataDir, log); err != nil {
		ix.Close()
		d.Close()
		return nil, err
	}
	life, shutdown := context.WithCancel(context.WithoutCancel(ctx))
	a := &App{
		life:     life,
		shutdown: shutdown,
		cfg:      cfg,
		log:      log,
		DB:       d,
		Extract:  extract.New(extract.Options{CacheDir: cfg.cachePath(), Logger: log}),
		Index:    ix,
		Indexer:  indexer.New(d, ix, log),
		progress: opts.Progress,
		assess:   newAssessor(),
		scores:   newScoreWriter(),
	}
	a.Webhooks = ingest.NewWebhooks(d, a.Syncer, log)
	a.Webhooks.Applied = a.Indexer.Wake
	a.Actions = act.New(d, a.Greenhouse, act.Options{Logger: log, Applied: a.Indexer.Wake})
	interval := cfg.LearnInterval
	if interval == 0 {
		interval = -1 // off
	}
	a.Learner = learner.New(d, ix, learner.Options{Logger: log, JobText: searchJob, Interval: interval})
	if err := a.Learner.Load(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if cfg.Greenhouse.Configured() {
		err = a.connect(cfg.Greenhouse, opts.HTTPClient)
	} else {
		err = a.connectSaved(ctx, opts.HTTPClient)
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// connect builds the Harvest client and the syncer for g.
func (a *App) connect(g Greenhouse, hc *http.Client) error {
	gh, err := a.client(g, hc)
	if err != nil {
		return fmt.Errorf("greenhouse: %w", err)
	}
	s := ingest.New(a.DB, gh, a.Extract, ingest.Options{Logger: a.log, Progress: a.progress, Committed: a.Indexer.Wake})
	a.mu.Lock()
	a.gh, a.sync = gh, s
	a.mu.Unlock()
	return nil
}

// ErrNotConnected means no Greenhouse credentials are configured.
var ErrNotConnected = errors.New("Greenhouse is not connected: set GREENHOUSE_CLIENT_ID and GREENHOUSE_CLIENT_SECRET (or GREENHOUSE_API_KEY), or connect under My Company")

// Syncer returns the syncer, or nil when not connected.
func (a *App) Syncer() *ingest.Syncer {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.sync
}

// Sync runs one sync now.
func (a *App) Sync(ctx context.Context, full bool) (ingest.Summary, error) {
	return a.SyncWith(ctx, ingest.RunOptions{Full: full})
}

// SyncWith runs one sync now with options.
func (a *App) SyncWith(ctx context.Context, o ingest.RunOptions) (ingest.Summary, error) {
	s := a.Syncer()
	if s == nil {
		return ingest.Summary{}, ErrNotConnected
	}
	return s.RunWith(ctx, o)
}

// StartSync starts a sync in the background, unless one is running. It
// stops when the app shuts down.
func (a *App) StartSync(full bool) error {
	s := a.Syncer()
	if s == nil {
		return ErrNotConnected
	}
	go func() {
		if _, err := s.Run(a.life, full); err != nil && !errors.Is(err, ingest.ErrBusy) && a.life.Err() == nil {
			a.log.Error("sync failed", slog.Any("error", err))
		}
	}()
	return nil
}

// Serve runs the web server on ln and the background work (webhooks, the
// periodic sync, the search index, the ranking model's training) until ctx
// ends, then shuts down gracefully.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	// Timeouts on reading whole requests and on idle connections keep
	// slow or silent clients from holding connections open, notably on
	// the webhook endpoint, which anyone can reach.
	srv := a.cfg.HTTPServer(a.Handler(), a.log)
	var wg sync.WaitGroup
	bg, stop := context.WithCancel(ctx)
	defer stop()
	wg.Add(7)
	go func() {
		defer wg.Done()
		a.Webhooks.Run(bg)
	}()
	go func() {
		defer wg.Done()
		a.Actions.Run(bg)
	}()
	go func() {
		defer wg.Done()
		a.assessLoop(bg)
	}()
	go func() {
		defer wg.Done()
		a.writebackLoop(bg)
	}()
	go func() {
		defer wg.Done()
		a.Learner.Run(bg)
	}()
	go func() {
		defer wg.Done()
		a.syncLoop(bg)
	}()
	go func() {
		defer wg.Done()
		// A stale index (new mapping, lost files) is rebuilt while the
		// server already answers; searches meanwhile use what is there.
		if _, err := a.Indexer.EnsureFresh(bg, nil); err != nil && bg.Err() == nil {
			a.log.Error("search index check failed", slog.Any("error", err))
		}
		a.Indexer.Run(bg)
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stop()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	a.shutdown()
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	stop()
	wg.Wait()
	return err
}

// syncLoop runs the incremental sync every SyncInterval, which reconciles
// whatever a lost webhook missed.
func (a *App) syncLoop(ctx context.Context) {
	if a.cfg.SyncInterval <= 0 {
		return
	}
	t := time.NewTicker(a.cfg.SyncInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s := a.Syncer()
		if s == nil {
			continue
		}
		if _, err := s.Run(ctx, false); err != nil && !errors.Is(err, ingest.ErrBusy) && ctx.Err() == nil {
			a.log.Error("periodic sync failed", slog.Any("error", err))
		}
	}
}

// Close releases everything Open acquired.
func (a *App) Close() error {
	a.shutdown()
	var errs []error
	if a.Extract != nil {
		errs = append(errs, a.Extract.Close())
	}
	if a.Index != nil {
		errs = append(errs, a.Index.Close())
	}
	if a.DB != nil {
		errs = append(errs, a.DB.Close())
	}
	return errors.Join(errs...)
}
