// Package act sends the actions Shortlist users take in Greenhouse (put a
// candidate on a job, write a note) from the durable outbox in the database
// (db.Action), and stores what Greenhouse created in Shortlist's own
// tables.
//
// Greenhouse takes no idempotency key, so an action must never be sent
// twice, even across a crash or an answer that never came. The rules:
//
//   - An action is recorded (pending) before anything is sent, and marked
//     sending before each attempt leaves; a restart finds it sending and
//     knows the attempt may have reached Greenhouse.
//   - Before adding a candidate to a job, the sender reads the candidate's
//     applications and stops if one is already on the job (a candidate
//     application to it, or a prospect application whose
//     prospective_job_ids name it) that is active or was created since the
//     action was: that is the earlier attempt's. Before sending a note
//     again, it looks for a note with the same body by the same user
//     created since the action was.
//   - 5xx answers and transport failures (greenhouse.ErrInDoubt: the write
//     may or may not have taken effect) and reads that found Greenhouse
//     unavailable are retried later with back-off, never before
//     Retry-After, and always after that check; 429s are waited out by the
//     client (Retry-After). Refusals (403 missing scope or permission, 422
//     validation, 404) fail the action at once with Greenhouse's reason.
//
// Every step lands in the action's audit log (db.ActionEvent).
package act

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

const (
	defaultMaxAttempts = 12
	defaultPoll        = 30 * time.Second
	backoffBase        = 5 * time.Second
	backoffCap         = 10 * time.Minute
	// clockSkew is how far Greenhouse's clock may be behind ours when the
	// sender asks whether a record is the earlier attempt's.
	clockSkew = 5 * time.Minute
	batch     = 20
)

// ErrNotConnected means there is no Greenhouse connection to send with.
var ErrNotConnected = errors.New("act: Greenhouse is not connected")

// Options configure a Sender; the zero value is usable.
type Options struct {
	Logger *slog.Logger
	// Applied is called after a result was stored (to wake the indexer).
	Applied func()
	// MaxAttempts is how many attempts an action that keeps meeting
	// unavailable answers gets before it fails (default 12, about an hour).
	MaxAttempts int
	// Backoff is the wait after the n-th failed attempt (n from 1), raised
	// to Greenhouse's Retry-After. Default: 5 s doubling to 10 min, with
	// jitter.
	Backoff func(n int) time.Duration
	// Poll is the longest Run sleeps between looks at the outbox when
	// nothing wakes it (default 30 s).
	Poll time.Duration
}

// Sender sends due actions, one at a time.
type Sender struct {
	db     *db.DB
	client func() *greenhouse.Client
	opts   Options
	log    *slog.Logger
	wakeC  chan struct{}
	// mu keeps one drain at a time, so no action is sent by two.
	mu sync.Mutex
}

// New returns a Sender for the outbox in d, sending with whatever client
// returns at the time (nil when Greenhouse is not connected).
func New(d *db.DB, client func() *greenhouse.Client, opts Options) *Sender {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = defaultMaxAttempts
	}
	if opts.Backoff == nil {
		opts.Backoff = backoff
	}
	if opts.Poll <= 0 {
		opts.Poll = defaultPoll
	}
	return &Sender{db: d, client: client, opts: opts, log: opts.Logger, wakeC: make(chan struct{}, 1)}
}

func backoff(n int) time.Duration {
	d := min(backoffBase<<min(n-1, 10), backoffCap)
	return d/2 + rand.N(d/2+1)
}

// Wake asks the sender to look at the outbox now (after an action was
// recorded).
func (s *Sender) Wake() {
	select {
	case s.wakeC <- struct{}{}:
	default:
	}
}

// Run sends due actions until ctx ends. Actions left unfinished by an
// earlier run (a crash, a shutdown mid-send) are due at once.
func (s *Sender) Run(ctx context.Context) {
	for {
		if _, err := s.Drain(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("sending Greenhouse actions failed; will retry", slog.Any("error", err))
		}
		wait := s.opts.Poll
		if next, err := s.db.NextActionDue(ctx); err == nil && !next.IsZero() {
			wait = min(wait, max(next.Sub(s.db.Now()), 0))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wakeC:
		case <-t.C:
		}
		t.Stop()
	}
}

// Drain sends every action due now and returns how many attempts it made.
func (s *Sender) Drain(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for {
		due, err := s.db.DueActions(ctx, s.db.Now(), batch)
		if err != nil || len(due) == 0 {
			return n, err
		}
		for _, a := range due {
			if err := s.send(ctx, a); err != nil {
				return n, err
			}
			n++
		}
	}
}

// send makes one attempt at an action. It returns an error only when the
// attempt could not be recorded (or ctx ended); Greenhouse's refusals and
// failures are the action's outcome.
func (s *Sender) send(ctx context.Context, a db.Action) error {
	c := s.client()
	if c == nil {
		return s.fail(ctx, a, 0, "", "Greenhouse is not connected: an owner can connect it under My Company.")
	}
	a, err := s.db.StartAttempt(ctx, a.ID)
	if errors.Is(err, db.ErrConflict) {
		return nil // finished meanwhile (a deleted candidate)
	}
	if err != nil {
		return err
	}
	switch a.Kind {
	case db.ActionAddProspect, db.ActionAddCandidate:
		return s.addToJob(ctx, c, a)
	case db.ActionAddNote:
		return s.addNote(ctx, c, a)
	}
	return s.fail(ctx, a, 0, "", fmt.Sprintf("Shortlist does not know how to send a %q action.", a.Kind))
}

// since is the earliest creation time of a record the action made.
func since(a db.Action) time.Time { return a.CreatedAt.Add(-clockSkew) }

// onJob finds, among a candidate's applications, one that puts them on the
// job and is either active or made since the action was recorded.
func onJob(apps []db.Application, a db.Action) (db.Application, bool) {
	for _, app := range apps {
		if app.JobID != a.JobID && !slices.Contains(app.ProspectiveJobIDs, a.JobID) {
			continue
		}
		if app.Status == db.StatusActive || !app.CreatedAt.Before(since(a)) {
			return app, true
		}
	}
	return db.Application{}, false
}

func (s *Sender) addToJob(ctx context.Context, c *greenhouse.Client, a db.Action) error {
	apps, err := c.CandidateApplications(ctx, a.CandidateID)
	if err != nil {
		return s.failed(ctx, a, err)
	}
	if app, ok := onJob(apps, a); ok {
		as := ""
		if app.Prospect {
			as = " as a prospect"
		}
		outcome := fmt.Sprintf("Already on %s%s in Greenhouse (application %d, %s): nothing sent.", s.jobName(ctx, a.JobID), as, app.ID, app.Status)
		if a.Attempts > 1 && !app.CreatedAt.Before(since(a)) {
			outcome = fmt.Sprintf("Added to %s (application %d): an earlier attempt had reached Greenhouse.", s.jobName(ctx, a.JobID), app.ID)
		}
		return s.finishApplication(ctx, a, app, true, outcome)
	}
	na := greenhouse.NewApplication{CandidateID: a.CandidateID, JobID: a.JobID, Prospect: a.Kind == db.ActionAddProspect}
	var first db.JobInterviewStage
	if !na.Prospect {
		if first, err = s.db.FirstStage(ctx, a.JobID); err == nil {
			na.InitialStageID = first.ID
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
	}
	app, err := c.AddApplication(ctx, a.GreenhouseUserID, na)
	if err != nil {
		return s.failed(ctx, a, err)
	}
	if app.StageID == 0 && first.ID != 0 {
		// v3 names the application's own stage record; the plan's stage is
		// the one asked for.
		app.StageID = first.ID
		if app.StageName == "" {
			app.StageName = first.Name
		}
	}
	outcome := fmt.Sprintf("Added to %s as a prospect.", s.jobName(ctx, a.JobID))
	if !na.Prospect {
		outcome = fmt.Sprintf("Added to %s as a candidate", s.jobName(ctx, a.JobID))
		if app.StageName != "" {
			outcome += ", in " + app.StageName
		}
		outcome += "."
	}
	return s.finishApplication(ctx, a, app, false, outcome)
}

func (s *Sender) jobName(ctx context.Context, id int64) string {
	if jd, err := s.db.JobDetail(ctx, id); err == nil && jd.Name != "" {
		return jd.Name
	}
	return fmt.Sprintf("job %d", id)
}

func (s *Sender) finishApplication(ctx context.Context, a db.Action, app db.Application, found bool, outcome string) error {
	err := s.db.Update(ctx, func(tx *db.Tx) error {
		if app.StageID == 0 && app.ApplicationStageID != 0 {
			// As the sync does: a v3 application names its stage record,
			// whose plan stage may be stored already.
			plan, err := tx.PlanStages(ctx, []int64{app.ApplicationStageID})
			if err != nil {
				return err
			}
			app.StageID = plan[app.ApplicationStageID]
		}
		if _, err := db.Upsert(ctx, tx, []db.Application{app}); err != nil {
			return err
		}
		return tx.FinishAction(ctx, a.ID, app.ID, found, 201, string(app.Raw), outcome)
	})
	if err != nil {
		return err
	}
	s.log.Info("greenhouse action done", slog.Int64("action", a.ID), slog.String("kind", a.Kind),
		slog.Int64("application", app.ID), slog.Bool("found", found))
	if s.opts.Applied != nil {
		s.opts.Applied()
	}
	return nil
}

func (s *Sender) addNote(ctx context.Context, c *greenhouse.Client, a db.Action) error {
	if a.Attempts > 1 {
		// An earlier attempt may have reached Greenhouse: look for its note.
		notes, err := c.CandidateNotes(ctx, a.CandidateID)
		if err != nil {
			return s.failed(ctx, a, err)
		}
		for _, n := range notes {
			if n.UserID == a.GreenhouseUserID && strings.TrimSpace(n.Body) == strings.TrimSpace(a.Body) && !n.CreatedAt.Before(since(a)) {
				return s.finishNote(ctx, a, n, true, "Note added: an earlier attempt had reached Greenhouse.")
			}
		}
	}
	n, err := c.AddNote(ctx, a.GreenhouseUserID, greenhouse.NewNote{CandidateID: a.CandidateID, Body: a.Body, Visibility: a.Visibility})
	if err != nil {
		return s.failed(ctx, a, err)
	}
	return s.finishNote(ctx, a, n, false, "Note added.")
}

func (s *Sender) finishNote(ctx context.Context, a db.Action, n db.Note, found bool, outcome string) error {
	err := s.db.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Note{n}); err != nil {
			return err
		}
		// The note's text is in the notes table; the log keeps its id.
		return tx.FinishAction(ctx, a.ID, n.ID, found, 201, fmt.Sprintf("note %d", n.ID), outcome)
	})
	if err == nil {
		s.log.Info("greenhouse action done", slog.Int64("action", a.ID), slog.String("kind", a.Kind),
			slog.Int64("note", n.ID), slog.Bool("found", found))
	}
	return err
}

// failed records a failed attempt: retried later when Greenhouse was
// unavailable or busy or the write is in doubt, failed for good when it
// refused.
func (s *Sender) failed(ctx context.Context, a db.Action, err error) error {
	if ctx.Err() != nil {
		// Shutting down: the action stays sending and is taken up (after
		// the check) at the next start.
		return ctx.Err()
	}
	status, answer := 0, ""
	var ge *greenhouse.Error
	if errors.As(err, &ge) {
		status, answer = ge.Status, strings.Join(ge.Details, "; ")
	}
	msg := sentence(err.Error())
	if !errors.Is(err, greenhouse.ErrUnavailable) && !errors.Is(err, greenhouse.ErrRateLimited) && !errors.Is(err, greenhouse.ErrInDoubt) {
		return s.fail(ctx, a, status, answer, msg)
	}
	if a.Attempts >= s.opts.MaxAttempts {
		return s.fail(ctx, a, status, answer, fmt.Sprintf("%s Gave up after %d attempts.", msg, a.Attempts))
	}
	wait := s.opts.Backoff(a.Attempts)
	if ge != nil {
		wait = max(wait, ge.RetryAfter)
	}
	at := s.db.Now().Add(wait)
	s.log.Warn("greenhouse action will be retried", slog.Int64("action", a.ID), slog.Int("attempt", a.Attempts),
		slog.Duration("wait", wait), slog.Any("error", err))
	return s.db.RetryAction(ctx, a.ID, at, status, answer, msg+" Shortlist will try again.")
}

func (s *Sender) fail(ctx context.Context, a db.Action, status int, answer, msg string) error {
	s.log.Warn("greenhouse action failed", slog.Int64("action", a.ID), slog.String("kind", a.Kind), slog.String("reason", msg))
	err := s.db.FailAction(ctx, a.ID, status, answer, msg)
	if errors.Is(err, db.ErrConflict) {
		return nil
	}
	return err
}

// sentence makes an error message a sentence for the user: capitalised,
// ending with a full stop, without the package prefix.
func sentence(msg string) string {
	msg = strings.TrimPrefix(strings.TrimSpace(msg), "greenhouse: ")
	if msg == "" {
		return "Something went wrong."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
