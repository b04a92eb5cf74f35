// Package learner learns how the hiring team ranks candidates from the
// team's own decisions, and re-ranks Discover and the API's rankings with
// what it learned when, and only when, a backtest shows it ranks better
// than the lexical ranker.
//
// Labels come from the synced Greenhouse history (db.Decisions): an
// application that reached an interview is relevant, one that got an offer
// or was hired more so, one rejected before any interview is not; each
// carries the time it was decided. Webhooks update the same tables, so a
// decision that arrives by webhook is in the next training run.
//
// A training run (Train) splits the decisions in time: it trains a model
// (search/learn) on the decisions made before a cutoff, ranks the
// applicants of jobs decided after it with that model and with the lexical
// ranker, and compares them (nDCG@10, Recall@50 and MRR of "was
// interviewed", with a paired bootstrap interval over jobs). The model
// trained on all decisions is adopted only when the learned ranking beats
// the lexical one with the interval of the nDCG@10 difference above zero,
// and, when a model is in use already, it does no worse than that model on
// the same jobs; otherwise the model in use stays (or the ranking stays
// lexical) and the run records why. Every run is stored (db
// ranking_models). Run trains in the background when enough new decisions
// arrived (RetrainAfter) and at least daily, and prepares the features of
// open jobs' rankings.
//
// In use, the model re-ranks the lexical ranker's top (Page): its features
// come from a cache of each candidate's costly part per job (learn.Own),
// kept fresh by the candidates' document versions, so a warm page costs
// little more than the lexical one. Every learned score is the sum of its
// feature contributions (Ranked.Parts); the owner can switch the model off
// (SetMode).
package learner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// Modes of the learned ranking, set by an owner.
const (
	// ModeAuto uses the adopted model when there is one.
	ModeAuto = "auto"
	// ModeLexical ranks lexically whatever was learned.
	ModeLexical = "lexical"
)

// modeSetting is the settings key of the mode.
const modeSetting = "ranking_model_mode"

// Defaults of Options.
const (
	DefaultInterval     = 5 * time.Minute
	DefaultRetrainAfter = 25
	DefaultMaxAge       = 24 * time.Hour
	DefaultMinDecisions = 50
)

// Options configure a Learner; zero values take the defaults.
type Options struct {
	Logger *slog.Logger
	// JobText is what the ranker reads of a job (the app's searchJob):
	// training ranks jobs exactly as Discover does.
	JobText func(db.JobDetail) search.Job
	// Interval is how often Run checks for new decisions and prepares open
	// jobs' features; negative disables Run.
	Interval time.Duration
	// RetrainAfter is how many new decisions start a training run;
	// MaxAge how old the last run may get before another.
	RetrainAfter int
	MaxAge       time.Duration
	// MinDecisions is how many decisions the first run waits for.
	MinDecisions int
	// CacheBytes bounds the feature cache (DefaultCacheBytes).
	CacheBytes int
	// Sources, when set, replaces the database as the source of the
	// candidates' data (benchmarks).
	Sources Sources
	// Now is the clock.
	Now func() time.Time
}

// Learner trains, keeps and applies the learned ranking model.
type Learner struct {
	db    *db.DB
	ix    *search.Index
	log   *slog.Logger
	opts  Options
	cache *cache

	mu    sync.RWMutex
	model *Model // the adopted model, nil when none
	mode  string

	training sync.Mutex
	busy     bool // guarded by mu: a run is in progress
	wake     chan struct{}
}

// Model is a model in use and the run that adopted it.
type Model struct {
	Model    *learn.Model
	Run      db.RankingModel
	Backtest Backtest
}

// Name says which model ranked a list, for the API's X-Shortlist-Model
// header and pages: "learned-<run id>".
func (m *Model) Name() string {
	if m == nil {
		return "lexical"
	}
	return fmt.Sprintf("learned-%d", m.Run.ID)
}

// New returns a Learner for the database and the index. Load reads the
// model in use.
func New(d *db.DB, ix *search.Index, opts Options) *Learner {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Interval == 0 {
		opts.Interval = DefaultInterval
	}
	if opts.RetrainAfter <= 0 {
		opts.RetrainAfter = DefaultRetrainAfter
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.MinDecisions <= 0 {
		opts.MinDecisions = DefaultMinDecisions
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.JobText == nil {
		opts.JobText = func(jd db.JobDetail) search.Job { return search.Job{ID: jd.ID, Title: jd.Name} }
	}
	src := opts.Sources
	if src == nil {
		src = d
	}
	return &Learner{db: d, ix: ix, log: opts.Logger, opts: opts, cache: newCache(src, opts.CacheBytes), mode: ModeAuto,
		wake: make(chan struct{}, 1)}
}

func (l *Learner) now() time.Time { return l.opts.Now().UTC() }

// Load reads the mode and the adopted model from the database. A stored
// model that does not fit this build (another feature set) is not used:
// the next run trains one that does.
func (l *Learner) Load(ctx context.Context) error {
	mode, err := l.db.Setting(ctx, modeSetting)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if mode != ModeLexical {
		mode = ModeAuto
	}
	var m *Model
	rec, err := l.db.AdoptedRankingModel(ctx, learn.FeatureSet)
	switch {
	case errors.Is(err, db.ErrNotFound):
	case err != nil:
		return err
	default:
		if m, err = modelOf(rec); err != nil {
			l.log.Warn("stored ranking model not usable; ranking lexically until the next training run",
				slog.Int64("run", rec.ID), slog.Any("error", err))
			m = nil
		}
	}
	l.mu.Lock()
	l.mode, l.model = mode, m
	l.mu.Unlock()
	return nil
}

func modelOf(rec db.RankingModel) (*Model, error) {
	lm, err := learn.Load([]byte(rec.Model))
	if err != nil {
		return nil, err
	}
	m := &Model{Model: lm, Run: rec}
	if err := json.Unmarshal([]byte(rec.Backtest), &m.Backtest); err != nil {
		return nil, fmt.Errorf("learner: run %d backtest: %w", rec.ID, err)
	}
	return m, nil
}

// InUse returns the model that ranks, nil for the lexical ranker.
func (l *Learner) InUse() *Model {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.mode == ModeLexical {
		return nil
	}
	return l.model
}

// Mode returns the owner's choice (ModeAuto or ModeLexical).
func (l *Learner) Mode() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.mode
}

// SetMode stores an owner's choice: ModeLexical ranks lexically whatever
// was learned, ModeAuto uses the adopted model.
func (l *Learner) SetMode(ctx context.Context, mode string) error {
	if mode != ModeAuto && mode != ModeLexical {
		return db.Errorf(db.ErrInvalid, "unknown ranking mode %q (auto or lexical)", mode)
	}
	if err := l.db.SetSettings(ctx, map[string]string{modeSetting: mode}); err != nil {
		return err
	}
	l.mu.Lock()
	l.mode = mode
	l.mu.Unlock()
	return nil
}

// Use puts m in use without a training run, as an adopted model would be
// (benchmarks, tests and tools; the database is not told); nil ranks
// lexically again.
func (l *Learner) Use(m *learn.Model) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.model = nil
	if m != nil {
		l.model = &Model{Model: m}
	}
}

// Training reports whether a training run is in progress.
func (l *Learner) Training() bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.busy
}

// Wake asks Run to check for new decisions now.
func (l *Learner) Wake() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Run trains when it is due (Due) and keeps open jobs' features ready,
// every Interval and when woken, until ctx ends.
func (l *Learner) Run(ctx context.Context) {
	if l.opts.Interval < 0 {
		return
	}
	t := time.NewTicker(l.opts.Interval)
	defer t.Stop()
	for {
		l.step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-l.wake:
		}
	}
}

func (l *Learner) step(ctx context.Context) {
	due, why, err := l.Due(ctx)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Error("ranking model: check for new decisions", slog.Any("error", err))
		}
		return
	}
	if due {
		l.log.Info("ranking model: training", slog.String("why", why))
		if _, err := l.Train(ctx); err != nil && !errors.Is(err, ErrBusy) && ctx.Err() == nil {
			l.log.Error("ranking model: training failed", slog.Any("error", err))
		}
	}
	if err := l.Warm(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, search.ErrNeedsRebuild) {
		l.log.Error("ranking model: preparing open jobs' features", slog.Any("error", err))
	}
}

// Due reports whether a training run is due, and why: the first once
// MinDecisions decisions are known, then after RetrainAfter new decisions
// or MaxAge.
func (l *Learner) Due(ctx context.Context) (bool, string, error) {
	counts, err := l.db.CountDecisions(ctx)
	if err != nil {
		return false, "", err
	}
	runs, err := l.db.RankingModels(ctx, 1)
	if err != nil {
		return false, "", err
	}
	if len(runs) == 0 {
		if n := counts.Labelled(); n >= l.opts.MinDecisions {
			return true, fmt.Sprintf("%d decisions, none trained on yet", n), nil
		}
		return false, "", nil
	}
	last := runs[0]
	if n := counts.Events() - last.Decisions; n >= l.opts.RetrainAfter {
		return true, fmt.Sprintf("%d new decisions since run %d", n, last.ID), nil
	}
	if age := l.now().Sub(last.TrainedAt); age >= l.opts.MaxAge {
		return true, fmt.Sprintf("run %d is %s old", last.ID, age.Round(time.Minute)), nil
	}
	return false, "", nil
}

// Warm prepares the features of every open job's rankings (everyone, and
// the applicants) while a model is in use, so the first recruiter to open
// one does not wait for them.
func (l *Learner) Warm(ctx context.Context) error {
	m := l.InUse()
	if m == nil {
		return nil
	}
	ids, err := l.db.OpenJobIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		jd, err := l.db.JobDetail(ctx, id)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		job := l.opts.JobText(jd)
		for _, applied := range []bool{false, true} {
			if _, err := l.head(ctx, job, search.RankOptions{AppliedOnly: applied}, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// CacheStats describe the feature cache.
func (l *Learner) CacheStats() CacheStats { return l.cache.stats() }

// Status is what the Ranking model page shows.
type Status struct {
	Mode string
	// Adopted is the adopted model, in use unless Mode is ModeLexical.
	Adopted  *Model
	Training bool
	// Runs are the last training runs, newest first.
	Runs   []db.RankingModel
	Counts db.DecisionCounts
	Cache  CacheStats
	// The training schedule.
	MinDecisions, RetrainAfter int
	MaxAge                     time.Duration
}

// Status reports the mode, the adopted model, the last runs and the
// decisions known.
func (l *Learner) Status(ctx context.Context, runs int) (Status, error) {
	st := Status{Mode: l.Mode(), Training: l.Training(), Cache: l.CacheStats(),
		MinDecisions: l.opts.MinDecisions, RetrainAfter: l.opts.RetrainAfter, MaxAge: l.opts.MaxAge}
	l.mu.RLock()
	st.Adopted = l.model
	l.mu.RUnlock()
	var err error
	if st.Runs, err = l.db.RankingModels(ctx, runs); err != nil {
		return st, err
	}
	if st.Counts, err = l.db.CountDecisions(ctx); err != nil {
		return st, err
	}
	return st, nil
}

// LexicalReason says why rankings are lexical now (when no model is in
// use), for recruiters: the owner's choice, the last run's verdict, or that
// none has run yet. It reads one row, so a page can afford it.
func (l *Learner) LexicalReason(ctx context.Context) (string, error) {
	if l.Mode() == ModeLexical {
		return "An owner switched the learned model off.", nil
	}
	runs, err := l.db.RankingModels(ctx, 1)
	if err != nil {
		return "", err
	}
	if len(runs) == 0 {
		return fmt.Sprintf("No model has been trained yet: training starts once the hiring team has made %d decisions in Greenhouse.",
			l.opts.MinDecisions), nil
	}
	if runs[0].Outcome == db.ModelLexical {
		return runs[0].Reason, nil
	}
	// A run that kept or adopted a model that is not loaded: another
	// feature set.
	return "The stored model was trained on features this version does not compute; the next training run replaces it.", nil
}

// StartTrain starts a training run in the background under ctx; ErrBusy
// when one is running.
func (l *Learner) StartTrain(ctx context.Context) error {
	if l.Training() {
		return ErrBusy
	}
	go func() {
		if _, err := l.Train(ctx); err != nil && !errors.Is(err, ErrBusy) && ctx.Err() == nil {
			l.log.Error("ranking model: training failed", slog.Any("error", err))
		}
	}()
	return nil
}
