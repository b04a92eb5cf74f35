package ingest

import (
	"context"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// storeOpts says how a batch is written.
type storeOpts struct {
	// seen, during a full pass, names the tables whose record keys are
	// recorded for the sweep that removes what Greenhouse no longer has.
	seen map[string]bool
	// dated writes copies of uncertain age (webhook payloads): a copy
	// without updated_at never overwrites a stored record.
	dated bool
}

// storeBatch writes every record of b in tx and returns how many rows
// changed.
func storeBatch(ctx context.Context, tx *db.Tx, b *greenhouse.Batch, o storeOpts) (int, error) {
	total := 0
	var err error
	put := func(n int, e error) {
		total += n
		if err == nil {
			err = e
		}
	}
	put(storeKind(ctx, tx, b.Departments, o))
	put(storeKind(ctx, tx, b.Offices, o))
	put(storeKind(ctx, tx, b.Sources, o))
	put(storeKind(ctx, tx, b.RejectionReasons, o))
	put(storeKind(ctx, tx, b.CloseReasons, o))
	put(storeKind(ctx, tx, b.Users, o))
	put(storeKind(ctx, tx, b.Jobs, o))
	put(storeKind(ctx, tx, b.JobPosts, o))
	put(storeKind(ctx, tx, b.JobInterviewStages, o))
	put(storeKind(ctx, tx, b.JobHiringManagers, o))
	put(storeKind(ctx, tx, b.JobOwners, o))
	put(storeKind(ctx, tx, b.Openings, o))
	put(storeKind(ctx, tx, b.Candidates, o))
	put(storeKind(ctx, tx, b.Educations, o))
	put(storeKind(ctx, tx, b.Employments, o))
	if err == nil {
		err = planStages(ctx, tx, b.Applications)
	}
	put(storeKind(ctx, tx, b.Applications, o))
	put(storeKind(ctx, tx, b.ApplicationStages, o))
	if err == nil && len(b.ApplicationStages) > 0 {
		ids := make([]int64, len(b.ApplicationStages))
		for i, s := range b.ApplicationStages {
			ids[i] = s.ID
		}
		err = tx.LinkPlanStages(ctx, ids)
	}
	put(storeKind(ctx, tx, b.Attachments, o))
	put(storeKind(ctx, tx, b.Interviews, o))
	put(storeKind(ctx, tx, b.Scorecards, o))
	put(storeKind(ctx, tx, b.Offers, o))
	put(storeKind(ctx, tx, b.Notes, o))
	put(storeKind(ctx, tx, b.EEOC, o))
	return total, err
}

func storeKind[T db.Record](ctx context.Context, tx *db.Tx, recs []T, o storeOpts) (int, error) {
	if len(recs) == 0 {
		return 0, nil
	}
	write := db.Upsert[T]
	if o.dated {
		write = db.UpsertDated[T]
	}
	n, err := write(ctx, tx, recs)
	if err != nil {
		return n, err
	}
	if o.seen[recs[0].Table()] {
		if err := db.MarkSeen(ctx, tx, recs); err != nil {
			return n, err
		}
	}
	return n, nil
}

// planStages fills in the interview plan's stage of v3 applications, which
// name only their application_stages record, from the records stored; an
// application whose record comes later gets it then (db.LinkPlanStages).
func planStages(ctx context.Context, tx *db.Tx, apps []db.Application) error {
	var ids []int64
	for _, a := range apps {
		if a.StageID == 0 && a.ApplicationStageID != 0 {
			ids = append(ids, a.ApplicationStageID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	plan, err := tx.PlanStages(ctx, ids)
	if err != nil {
		return err
	}
	for i := range apps {
		if a := &apps[i]; a.StageID == 0 {
			a.StageID = plan[a.ApplicationStageID]
		}
	}
	return nil
}
