// Package indexer keeps the search index in step with the database. The
// index is derived data: every change to what a candidate's search document
// holds queues the candidate in the database's index outbox, in the same
// transaction as the change (SQLite triggers), and the indexer drains that
// outbox. A crash between the database write and the index write therefore
// loses nothing: the entry is still queued at the next start.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// batch is how many candidates one drain step loads and indexes.
const batch = 500

// Indexer applies queued candidate changes to the index.
type Indexer struct {
	db    *db.DB
	ix    *search.Index
	log   *slog.Logger
	wakeC chan struct{}
	// Poll is how often the outbox is checked when nobody calls Wake.
	Poll time.Duration
}

// New returns an Indexer for d and ix.
func New(d *db.DB, ix *search.Index, log *slog.Logger) *Indexer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Indexer{db: d, ix: ix, log: log, wakeC: make(chan struct{}, 1), Poll: 250 * time.Millisecond}
}

// Wake asks the indexer to look at the outbox now (after a commit).
func (x *Indexer) Wake() {
	select {
	case x.wakeC <- struct{}{}:
	default:
	}
}

// Run drains the outbox until ctx ends.
func (x *Indexer) Run(ctx context.Context) {
	t := time.NewTicker(x.Poll)
	defer t.Stop()
	for {
		if _, err := x.Drain(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, search.ErrNeedsRebuild) {
			x.log.Error("index update failed; will retry", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-x.wakeC:
		case <-t.C:
		}
	}
}

// Drain indexes every queued candidate and returns how many it handled.
func (x *Indexer) Drain(ctx context.Context) (int, error) {
	total := 0
	for {
		q, err := x.db.IndexQueue(ctx, batch)
		if err != nil || len(q) == 0 {
			return total, err
		}
		ids := make([]int64, len(q))
		for i, e := range q {
			ids[i] = e.CandidateID
		}
		profiles, err := x.db.CandidateProfiles(ctx, ids)
		if err != nil {
			return total, err
		}
		docs := make([]search.Document, len(profiles))
		present := make(map[int64]bool, len(profiles))
		for i, p := range profiles {
			docs[i] = Document(p)
			present[p.Candidate.ID] = true
		}
		var gone []int64
		for _, id := range ids {
			if !present[id] {
				gone = append(gone, id)
			}
		}
		if err := x.ix.Index(docs...); err != nil {
			return total, fmt.Errorf("indexer: %w", err)
		}
		if err := x.ix.Delete(gone...); err != nil {
			return total, fmt.Errorf("indexer: %w", err)
		}
		// Acknowledge only now that the index holds the change. An entry
		// re-queued meanwhile has a newer seq and stays for the next round.
		if err := x.db.AckIndexQueue(ctx, q); err != nil {
			return total, err
		}
		total += len(q)
	}
}

// Rebuild builds the index afresh from the database, reporting progress
// (done, total) as it goes, and swaps it in.
func (x *Indexer) Rebuild(ctx context.Context, progress func(done, total int)) error {
	head, err := x.db.IndexQueueHead(ctx)
	if err != nil {
		return err
	}
	total, err := x.db.CountCandidates(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	err = x.ix.Rebuild(ctx, func(ctx context.Context, w *search.Writer) error {
		done := 0
		var after int64
		for {
			ids, err := x.db.CandidateIDs(ctx, after, batch)
			if err != nil || len(ids) == 0 {
				return err
			}
			profiles, err := x.db.CandidateProfiles(ctx, ids)
			if err != nil {
				return err
			}
			for _, p := range profiles {
				if err := w.Add(Document(p)); err != nil {
					return err
				}
			}
			done += len(ids)
			after = ids[len(ids)-1]
			if progress != nil {
				progress(done, total)
			}
		}
	})
	if err != nil {
		return fmt.Errorf("indexer: rebuild: %w", err)
	}
	// Everything queued before the rebuild began is in the new index.
	if err := x.db.ClearIndexQueue(ctx, head); err != nil {
		return err
	}
	x.log.Info("search index rebuilt", slog.Int("candidates", total), slog.Duration("took", time.Since(start)))
	return nil
}

// EnsureFresh rebuilds the index when its mapping version or document count
// does not match the database (a new release, a lost or damaged index), and
// otherwise applies what is queued.
func (x *Indexer) EnsureFresh(ctx context.Context, progress func(done, total int)) (bool, error) {
	need, why := x.ix.NeedsRebuild(-1)
	if !need {
		// Queued changes would explain a count difference: apply them
		// before comparing counts.
		if _, err := x.Drain(ctx); err != nil {
			return false, err
		}
		n, err := x.db.CountCandidates(ctx)
		if err != nil {
			return false, err
		}
		if need, why = x.ix.NeedsRebuild(n); !need {
			return false, nil
		}
	}
	x.log.Info("rebuilding the search index", slog.String("reason", why))
	return true, x.Rebuild(ctx, progress)
}

// Document is a candidate's search document.
func Document(p db.CandidateProfile) search.Document {
	c := p.Candidate
	d := search.Document{
		ID:           c.ID,
		Name:         c.Name(),
		Title:        c.Title,
		Company:      c.Company,
		Resume:       p.Resume.Text,
		Tags:         c.Tags,
		LastActivity: c.LastActivityAt,
		Private:      c.Private,
	}
	for _, e := range p.Employments {
		d.Employments = append(d.Employments, employmentLine(e))
	}
	for _, e := range p.Educations {
		d.Educations = append(d.Educations, educationLine(e))
	}
	for _, a := range p.Applications {
		// A prospect application counts for each job it is considered
		// for: Applied Only lists prospects among a job's candidates.
		for _, job := range a.JobIDs() {
			if !slices.Contains(d.AppliedJobIDs, job) {
				d.AppliedJobIDs = append(d.AppliedJobIDs, job)
			}
			if k := search.StatusKey(job, a.Status); !slices.Contains(d.Statuses, k) {
				d.Statuses = append(d.Statuses, k)
			}
		}
		if a.LastActivityAt.After(d.LastActivity) {
			d.LastActivity = a.LastActivityAt
		}
	}
	return d
}

func years(from, to time.Time) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return fmt.Sprintf(" (%d–present)", from.Year())
	case from.IsZero():
		return fmt.Sprintf(" (until %d)", to.Year())
	}
	return fmt.Sprintf(" (%d–%d)", from.Year(), to.Year())
}

func employmentLine(e db.CandidateEmployment) string {
	s := e.Title
	if e.CompanyName != "" {
		if s != "" {
			s += " at "
		}
		s += e.CompanyName
	}
	return s + years(e.StartDate, e.EndDate)
}

func educationLine(e db.CandidateEducation) string {
	var parts []string
	deg := strings.TrimSpace(strings.Join([]string{e.Degree, e.Discipline}, " "))
	if deg != "" {
		parts = append(parts, deg)
	}
	if e.SchoolName != "" {
		parts = append(parts, e.SchoolName)
	}
	return strings.Join(parts, ", ") + years(e.StartDate, e.EndDate)
}
