// Package ingest pulls a Greenhouse account into the database: a full pass
// first, then incremental passes per resource, and resume files downloaded
// and turned into text as soon as their records land (the links expire).
//
// Progress is kept per resource in SQLite (db.SyncState). A page of records
// and the position of the next page commit in one transaction, and a
// resource's high-water mark moves only with its last page, so a sync that
// is killed at any point resumes where it stopped, losing and duplicating
// nothing.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app/extract"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// Greenhouse is what the sync needs from the Harvest client.
type Greenhouse interface {
	Version() string
	Resources() []greenhouse.Resource
	Covers(r greenhouse.Resource) []greenhouse.Resource
	List(ctx context.Context, r greenhouse.Resource, o greenhouse.ListOptions, fn func(greenhouse.Page) error) error
	Get(ctx context.Context, r greenhouse.Resource, ids []int64) (greenhouse.Batch, error)
	Download(ctx context.Context, url string, maxBytes int64) ([]byte, string, error)
}

// Extractor turns a file into text.
type Extractor interface {
	Extract(ctx context.Context, filename, contentType string, data []byte) (extract.Result, error)
}

// lookups are small reference lists, always read whole and replaced (what
// Greenhouse no longer has is removed), so a deletion no webhook announced
// cannot linger.
var lookups = map[greenhouse.Resource]bool{
	greenhouse.Departments: true, greenhouse.Offices: true, greenhouse.Sources: true,
	greenhouse.RejectionReasons: true, greenhouse.CloseReasons: true, greenhouse.JobInterviewStages: true,
}

// optional are resources a sync can do without: EEOC answers feed only the
// bias audit, and many companies do not grant the permission to read them
// (v3 scope harvest:eeoc:list). Without it the sync goes on and logs why.
var optional = map[greenhouse.Resource]bool{greenhouse.EEOC: true}

// Options tune a Syncer; zero values take the defaults.
type Options struct {
	// Overlap is subtracted from a pass's start when it becomes the next
	// high-water mark, because Greenhouse stamps updated_at with its own
	// clock. Re-reading a record is harmless; missing one is not.
	Overlap time.Duration // default 2m
	// Downloaders is how many resumes download and extract at once.
	Downloaders int // default 4
	// MaxFileBytes caps a resume download.
	MaxFileBytes int64 // default 20 MiB
	Logger       *slog.Logger
	// Progress, if set, is called as the run advances (from several
	// goroutines; it must be quick).
	Progress func(Progress)
	// Committed, if set, is called after each commit that changed records
	// (the search indexer's cue to look at its outbox).
	Committed func()
}

// Syncer runs syncs, one at a time.
type Syncer struct {
	db   *db.DB
	gh   Greenhouse
	ex   Extractor
	opts Options
	log  *slog.Logger

	run    sync.Mutex // held for the length of a run
	mu     sync.Mutex // guards status and dl
	status Progress
	// dl is the resume downloader at work, if any: a run's, or one started
	// by FetchResumes for files a webhook announced.
	dl *downloads
}

// New returns a Syncer storing into d what gh reads, extracting text with ex.
func New(d *db.DB, gh Greenhouse, ex Extractor, opts Options) *Syncer {
	if opts.Overlap == 0 {
		opts.Overlap = 2 * time.Minute
	}
	if opts.Downloaders <= 0 {
		opts.Downloaders = 4
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = 20 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Syncer{db: d, gh: gh, ex: ex, opts: opts, log: opts.Logger}
}

// Progress describes a run in flight.
type Progress struct {
	Running   bool      `json:"running"`
	Kind      string    `json:"kind,omitempty"` // full | incremental
	StartedAt time.Time `json:"started_at,omitzero"`
	Resource  string    `json:"resource,omitempty"` // being read now
	// Done and Total count resources; Records counts records read this run.
	Done    int `json:"resources_done"`
	Total   int `json:"resources_total"`
	Records int `json:"records"`
	// Files counts resumes downloaded and extracted this run; FilesFailed
	// those whose text could not be read; FilesQueued those waiting.
	Files       int `json:"files"`
	FilesFailed int `json:"files_failed"`
	FilesQueued int `json:"files_queued"`
}

// Status returns the progress of the run in flight (Running is false when
// none is).
func (s *Syncer) Status() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

func (s *Syncer) update(f func(p *Progress)) {
	s.mu.Lock()
	f(&s.status)
	p := s.status
	s.mu.Unlock()
	if s.opts.Progress != nil {
		s.opts.Progress(p)
	}
}

func (s *Syncer) committed() {
	if s.opts.Committed != nil {
		s.opts.Committed()
	}
}

// ErrBusy means another sync is running.
var ErrBusy = errors.New("a sync is already running")

// Summary is what a run did.
type Summary struct {
	Kind        string
	Records     int            // records read
	Changed     int            // rows inserted or changed
	Deleted     int            // rows removed by full-pass sweeps
	PerResource map[string]int // records read per resource
	Files       int            // resumes extracted
	FilesFailed int
	Duration    time.Duration
}

// RunOptions choose what a run does.
type RunOptions struct {
	// Full reads everything again and removes what Greenhouse no longer
	// lists; otherwise each resource is read from its high-water mark.
	Full bool
	// AllowShrink lets this run's sweeps remove rows even when a resource
	// came back empty or under half its stored size (see db.SweepAllowed):
	// for when Greenhouse really did lose them.
	AllowShrink bool
}

// ShrinkError is the error of a run whose sweeps were refused: a complete
// walk listed far fewer rows than are stored, so nothing was removed from
// those resources. The other resources were synced.
type ShrinkError struct {
	Refused []*db.SweepRefusedError
}

func (e *ShrinkError) Error() string {
	var parts []string
	for _, r := range e.Refused {
		for _, c := range r.Counts {
			parts = append(parts, c.String())
		}
	}
	return "sync kept every row: " + strings.Join(parts, "; ") +
		". Greenhouse answers its list routes with an empty list when the Harvest credentials' user is not a Site Admin;" +
		" if the records really are gone, run `shortlist sync --full --allow-shrink`"
}

// Unwrap gives the refusals to errors.As.
func (e *ShrinkError) Unwrap() []error {
	out := make([]error, len(e.Refused))
	for i, r := range e.Refused {
		out[i] = r
	}
	return out
}

// Run performs one sync. full reads everything (and removes what Greenhouse
// no longer has); otherwise each resource is read from its high-water mark,
// and a resource never synced is read in full. A pass interrupted earlier
// resumes at its stored position. If another run is in progress Run returns
// ErrBusy at once.
func (s *Syncer) Run(ctx context.Context, full bool) (Summary, error) {
	return s.RunWith(ctx, RunOptions{Full: full})
}

// RunWith is Run with options. A resource whose sweep is refused keeps its
// rows and the run goes on with the others; it then ends with a
// *ShrinkError.
func (s *Syncer) RunWith(ctx context.Context, o RunOptions) (Summary, error) {
	if !s.run.TryLock() {
		return Summary{}, ErrBusy
	}
	defer s.run.Unlock()
	full := o.Full

	kind := "incremental"
	if full {
		kind = "full"
	} else if states, err := s.db.SyncStates(ctx); err == nil && len(states) == 0 {
		// Nothing was ever synced: this run reads everything.
		kind = "full"
	}
	start := time.Now()
	sum := Summary{Kind: kind, PerResource: map[string]int{}}
	runID, err := s.db.StartSyncRun(ctx, kind, s.gh.Version())
	if err != nil {
		return sum, err
	}
	resources := s.gh.Resources()
	s.update(func(p *Progress) {
		*p = Progress{Running: true, Kind: kind, StartedAt: s.db.Now(), Total: len(resources)}
	})
	defer s.update(func(p *Progress) { p.Running = false; p.Resource = "" })

	// Resumes download while the records are still being read: their links
	// expire, and the two overlap nicely (one waits on the rate limit, the
	// other on the CPU).
	dl := s.startDownloads(ctx)

	var runErr error
	var shrink ShrinkError
	for _, r := range resources {
		s.update(func(p *Progress) { p.Resource = string(r) })
		err := s.pass(ctx, r, passOpts{full: full || lookups[r], allowShrink: o.AllowShrink}, &sum, dl)
		var refused *db.SweepRefusedError
		if optional[r] && errors.Is(err, greenhouse.ErrForbidden) {
			s.log.Warn("not synced: the Greenhouse credentials lack permission; the bias audit will have no data",
				slog.String("resource", string(r)), slog.Any("error", err))
			err = nil
		}
		if errors.As(err, &refused) {
			// The resource keeps its rows; the others still sync.
			s.log.Error("sweep refused: every row kept", slog.String("resource", string(r)), slog.Any("error", err))
			shrink.Refused = append(shrink.Refused, refused)
		} else if err != nil {
			runErr = err
			break
		}
		s.update(func(p *Progress) { p.Done++ })
	}
	if runErr == nil && len(shrink.Refused) > 0 {
		runErr = &shrink
	}
	files, failed := dl.finish(runErr == nil)
	sum.Files, sum.FilesFailed = files, failed
	sum.Duration = time.Since(start)

	outcome, msg := db.RunOK, ""
	switch {
	case runErr != nil && ctx.Err() != nil:
		outcome, msg = db.RunCancelled, "cancelled"
	case runErr != nil:
		outcome, msg = db.RunFailed, runErr.Error()
	}
	// The run's record is written even when ctx is done.
	finishCtx := context.WithoutCancel(ctx)
	if err := s.db.FinishSyncRun(finishCtx, db.SyncRun{ID: runID, Outcome: outcome, Error: msg, Records: sum.Records, Files: files}); err != nil {
		s.log.Error("record sync outcome", slog.Any("error", err))
	}
	if runErr != nil {
		return sum, runErr
	}
	s.log.Info("sync finished", slog.String("kind", kind), slog.Int("records", sum.Records), slog.Int("changed", sum.Changed),
		slog.Int("deleted", sum.Deleted), slog.Int("files", files), slog.Int("files_failed", failed), slog.Duration("took", sum.Duration))
	return sum, nil
}

// passOpts say how to read a resource.
type passOpts struct {
	full        bool // read everything and sweep what was not seen
	allowShrink bool // see RunOptions.AllowShrink
}

// pass reads one resource, resuming an interrupted pass when there is one.
// A full pass whose sweep is refused keeps every row, commits its last page,
// leaves the high-water mark where it was (the walk is not trusted) and
// returns the *db.SweepRefusedError.
func (s *Syncer) pass(ctx context.Context, r greenhouse.Resource, o passOpts, sum *Summary, dl *downloads) error {
	full := o.full
	name := string(r)
	st, err := s.db.SyncState(ctx, name)
	if err != nil {
		return err
	}
	covers := s.gh.Covers(r)
	seen := map[string]bool{}
	opts := greenhouse.ListOptions{}

	resume := st.InFlight() && (st.PassFull || !full)
	if resume {
		opts.Resume = st.Cursor
	} else {
		st = s.newPass(st, full)
		if !st.PassFull {
			opts.UpdatedAfter = st.HighWater
		}
		if st.PassFull {
			// A fresh full pass forgets what an abandoned one had seen.
			err := s.db.Update(ctx, func(tx *db.Tx) error {
				for _, c := range covers {
					if err := tx.ClearSeen(ctx, string(c)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	if st.PassFull {
		for _, c := range covers {
			seen[string(c)] = true
		}
	}

	var refused *db.SweepRefusedError
	err = s.gh.List(ctx, r, opts, func(p greenhouse.Page) error {
		n := p.Len()
		refused = nil
		err := s.db.Update(ctx, func(tx *db.Tx) error {
			changed, err := storeBatch(ctx, tx, &p.Batch, storeOpts{seen: seen})
			if err != nil {
				return err
			}
			st.Cursor = p.Next
			st.Fetched += n
			deferPast(&st, p)
			deleted := 0
			if p.Next == "" {
				if st.Deferred > 0 {
					s.log.Info("records Greenhouse is still processing were left for the next pass",
						slog.String("resource", name), slog.Int("count", st.Deferred))
				}
				// A record left out may be one stored before: a sweep
				// would delete it.
				if st.PassFull && st.Deferred == 0 {
					tables := make([]string, len(covers))
					for i, c := range covers {
						tables[i] = string(c)
					}
					deleted, err = tx.Sweep(ctx, tables, db.SweepOptions{PassStarted: st.PassStartedAt, AllowShrink: o.allowShrink})
					if errors.As(err, &refused) {
						err = nil
					}
					if err != nil {
						return err
					}
				}
				// A walk whose sweep was refused is not trusted: the next
				// incremental pass starts from the old mark.
				if refused == nil {
					st.HighWater = nextHighWater(st)
					st.LastPassAt = tx.Now()
				}
				st.Deferred, st.DeferredFloor, st.DeferredOpen = 0, time.Time{}, false
			}
			if err := tx.SaveSyncState(ctx, st); err != nil {
				return err
			}
			sum.Changed += changed
			sum.Deleted += deleted
			return nil
		})
		if err != nil {
			return err
		}
		sum.Records += n
		sum.PerResource[name] += n
		s.committed()
		s.update(func(pr *Progress) { pr.Records += n })
		if len(p.Attachments) > 0 {
			dl.wake()
		}
		return nil
	})
	if errors.Is(err, greenhouse.ErrBadResume) {
		// Greenhouse no longer honours the stored position: start the pass
		// over. Upserts are idempotent, so re-reading costs only time.
		s.log.Warn("stored page position refused; restarting the pass", slog.String("resource", name), slog.Any("error", err))
		if err := s.db.Update(ctx, func(tx *db.Tx) error {
			st.Cursor = ""
			return tx.SaveSyncState(ctx, st)
		}); err != nil {
			return err
		}
		return s.pass(ctx, r, o, sum, dl)
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	if refused != nil {
		return refused
	}
	return nil
}

// deferPast records, in the pass's state, the records of page p that
// Greenhouse was still processing (see greenhouse.Page.Deferred): how many,
// and the floor below which they cannot have been updated.
func deferPast(st *db.SyncState, p greenhouse.Page) {
	lower := func(t time.Time) {
		if !t.IsZero() && (st.DeferredFloor.IsZero() || t.Before(st.DeferredFloor)) {
			st.DeferredFloor = t
		}
	}
	if st.DeferredOpen && !p.FirstCreatedAt.IsZero() {
		// The previous page ended on a record being processed: this
		// page's first record follows it.
		lower(p.FirstCreatedAt)
		st.DeferredOpen = false
	}
	if p.Deferred == 0 {
		return
	}
	st.Deferred += p.Deferred
	lower(p.DeferredFloor)
	if p.DeferredAtEnd {
		st.DeferredOpen = true
	}
}

// nextHighWater is where a completed pass moves the high-water mark: to
// the pass's start, unless records were left out because Greenhouse was
// still processing them. Those were updated no earlier than the floor (and,
// matching the pass's filter, no earlier than the old mark), so the mark
// stops there and the next pass reads them. Without a floor (a record left
// out after the list's oldest) the mark stays where it was.
func nextHighWater(st db.SyncState) time.Time {
	if st.Deferred == 0 {
		return st.PassStartedAt
	}
	if st.DeferredOpen || st.DeferredFloor.IsZero() {
		return st.HighWater
	}
	hw := st.DeferredFloor
	if st.HighWater.After(hw) {
		hw = st.HighWater
	}
	if st.PassStartedAt.Before(hw) {
		hw = st.PassStartedAt
	}
	return hw
}

// newPass starts a pass over a resource whose previous pass (if any)
// completed.
func (s *Syncer) newPass(st db.SyncState, full bool) db.SyncState {
	st.PassFull = full || st.HighWater.IsZero()
	st.PassStartedAt = s.db.Now().Add(-s.opts.Overlap)
	st.Cursor = ""
	st.Fetched = 0
	st.Deferred, st.DeferredFloor, st.DeferredOpen = 0, time.Time{}, false
	return st
}

// downloads fetches and extracts pending resumes in the background.
type downloads struct {
	s       *Syncer
	ctx     context.Context
	cancel  context.CancelFunc
	wakeC   chan struct{}
	doneC   chan struct{} // closed when reading records has finished
	drain   bool          // after doneC: keep going until nothing is pending
	stopped chan struct{}

	mu          sync.Mutex
	tried       map[int64]bool // attachments tried this run
	files       int
	failed      int
	reportedErr bool
}

func (s *Syncer) startDownloads(ctx context.Context) *downloads {
	ctx, cancel := context.WithCancel(ctx)
	d := &downloads{s: s, ctx: ctx, cancel: cancel, wakeC: make(chan struct{}, 1), doneC: make(chan struct{}),
		stopped: make(chan struct{}), tried: map[int64]bool{}}
	s.mu.Lock()
	prev := s.dl
	s.dl = d
	s.mu.Unlock()
	go func() {
		// One downloader at a time: a new one waits for the last to stop,
		// so no file is fetched twice.
		if prev != nil {
			<-prev.stopped
		}
		d.loop()
		s.mu.Lock()
		if s.dl == d {
			s.dl = nil
		}
		s.mu.Unlock()
	}()
	d.wake()
	return d
}

// FetchResumes downloads and extracts the resumes waiting for it (those a
// webhook just announced), and returns when none is left. If a sync's
// downloader is at work, it is asked to look instead.
func (s *Syncer) FetchResumes(ctx context.Context) (files, failed int) {
	s.mu.Lock()
	cur := s.dl
	s.mu.Unlock()
	if cur != nil && cur.ctx.Err() == nil {
		select {
		case <-cur.doneC:
		default:
			cur.wake()
			return 0, 0
		}
	}
	return s.startDownloads(ctx).finish(true)
}

func (d *downloads) wake() {
	select {
	case d.wakeC <- struct{}{}:
	default:
	}
}

// finish waits for the downloads: all pending ones when the records were
// read in full (drain), or only those in flight when the run failed.
func (d *downloads) finish(drain bool) (files, failed int) {
	d.mu.Lock()
	d.drain = drain
	d.mu.Unlock()
	close(d.doneC)
	if !drain {
		d.cancel()
	}
	<-d.stopped
	d.cancel()
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files, d.failed
}

func (d *downloads) loop() {
	defer close(d.stopped)
	for {
		batch, err := d.next()
		if err != nil {
			if d.ctx.Err() == nil {
				d.s.log.Error("list pending resumes", slog.Any("error", err))
			}
			return
		}
		if len(batch) == 0 {
			select {
			case <-d.wakeC:
				continue
			case <-d.doneC:
				// One last look: pages committed just before the end.
				if batch, err = d.next(); err != nil || len(batch) == 0 {
					return
				}
				d.mu.Lock()
				drain := d.drain
				d.mu.Unlock()
				if !drain {
					return
				}
			case <-d.ctx.Done():
				return
			}
		}
		d.s.update(func(p *Progress) { p.FilesQueued = len(batch) })
		d.work(batch)
		if d.ctx.Err() != nil {
			return
		}
	}
}

// next returns pending resumes not yet tried in this run.
func (d *downloads) next() ([]db.Attachment, error) {
	pending, err := d.s.db.PendingResumes(d.ctx, 200+len(d.tried))
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	out := pending[:0]
	for _, a := range pending {
		if !d.tried[a.ID] {
			d.tried[a.ID] = true
			out = append(out, a)
		}
	}
	return out, nil
}

func (d *downloads) work(batch []db.Attachment) {
	jobs := make(chan db.Attachment)
	var wg sync.WaitGroup
	for range d.s.opts.Downloaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				d.one(a)
			}
		}()
	}
	for _, a := range batch {
		select {
		case jobs <- a:
		case <-d.ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
}

// one downloads and extracts a resume. A file that cannot be read is
// recorded as failed with its reason and never stops the sync; a download
// that failed for a passing reason leaves the resume pending for the next
// sync, which brings a fresh link.
func (d *downloads) one(a db.Attachment) {
	s := d.s
	log := s.log.With(slog.Int64("candidate_id", a.CandidateID), slog.String("file", a.Filename))
	data, ctype, err := s.gh.Download(d.ctx, a.URL, s.opts.MaxFileBytes)
	if errors.Is(err, greenhouse.ErrExpired) {
		// The link expired before we got to it: ask Greenhouse for the
		// candidate again, which carries fresh links, and retry once.
		if fresh, ok := d.refresh(a); ok {
			data, ctype, err = s.gh.Download(d.ctx, fresh.URL, s.opts.MaxFileBytes)
		}
	}
	if err != nil {
		if errors.Is(err, greenhouse.ErrTooLarge) {
			d.record(a, nil, "", extract.Result{}, fmt.Errorf("the file is larger than %d MB", s.opts.MaxFileBytes>>20))
			return
		}
		if d.ctx.Err() == nil {
			log.Warn("resume download failed; will retry on the next sync", slog.Any("error", err))
		}
		return
	}
	res, exErr := s.ex.Extract(d.ctx, a.Filename, ctype, data)
	if d.ctx.Err() != nil {
		return // cancelled mid-extraction: leave it pending
	}
	d.record(a, data, ctype, res, exErr)
}

func (d *downloads) record(a db.Attachment, data []byte, ctype string, res extract.Result, exErr error) {
	t := db.AttachmentText{AttachmentID: a.ID, Bytes: len(data), SourceURL: a.URL}
	if data != nil {
		sum := sha256.Sum256(data)
		t.SHA256 = hex.EncodeToString(sum[:])
	}
	if exErr != nil {
		t.Status, t.Error = db.TextFailed, exErr.Error()
	} else {
		t.Status, t.Text, t.Extractor = db.TextOK, res.Text, res.Extractor
	}
	if err := d.s.db.SaveAttachmentText(context.WithoutCancel(d.ctx), t); err != nil {
		d.s.log.Error("store resume text", slog.Int64("attachment_id", a.ID), slog.Any("error", err))
		return
	}
	d.s.committed()
	d.mu.Lock()
	d.files++
	if exErr != nil {
		d.failed++
		d.s.log.Warn("resume text could not be extracted", slog.Int64("candidate_id", a.CandidateID),
			slog.String("file", a.Filename), slog.String("reason", exErr.Error()))
	}
	files, failed := d.files, d.failed
	d.mu.Unlock()
	d.s.update(func(p *Progress) { p.Files, p.FilesFailed = files, failed })
}

// refresh re-reads the attachment's candidate from Greenhouse for a fresh
// link and stores it.
func (d *downloads) refresh(a db.Attachment) (db.Attachment, bool) {
	b, err := d.s.gh.Get(d.ctx, greenhouse.Candidates, []int64{a.CandidateID})
	if err != nil {
		return a, false
	}
	for _, x := range b.Attachments {
		if x.CandidateID == a.CandidateID && x.Type == a.Type && x.Filename == a.Filename && x.CreatedAt.Equal(a.CreatedAt) {
			err := d.s.db.Update(d.ctx, func(tx *db.Tx) error {
				_, err := storeBatch(d.ctx, tx, &b, storeOpts{})
				return err
			})
			if err != nil {
				return a, false
			}
			x.ID = a.ID
			return x, true
		}
	}
	return a, false
}
