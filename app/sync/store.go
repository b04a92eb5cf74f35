package sync

import (
	"context"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// upsertBatch writes every record of b in tx and returns how many rows
// changed. When seen is non-nil, the keys of records of those tables are
// recorded for the sweep at the end of a full pass.
func upsertBatch(ctx context.Context, tx *db.Tx, b *greenhouse.Batch, seen map[string]bool) (int, error) {
	total := 0
	var err error
	put := func(n int, e error) {
		total += n
		if err == nil {
			err = e
		}
	}
	put(upsertKind(ctx, tx, b.Departments, seen))
	put(upsertKind(ctx, tx, b.Offices, seen))
	put(upsertKind(ctx, tx, b.Sources, seen))
	put(upsertKind(ctx, tx, b.RejectionReasons, seen))
	put(upsertKind(ctx, tx, b.CloseReasons, seen))
	put(upsertKind(ctx, tx, b.Users, seen))
	put(upsertKind(ctx, tx, b.Jobs, seen))
	put(upsertKind(ctx, tx, b.JobPosts, seen))
	put(upsertKind(ctx, tx, b.JobInterviewStages, seen))
	put(upsertKind(ctx, tx, b.JobHiringManagers, seen))
	put(upsertKind(ctx, tx, b.JobOwners, seen))
	put(upsertKind(ctx, tx, b.Openings, seen))
	put(upsertKind(ctx, tx, b.Candidates, seen))
	put(upsertKind(ctx, tx, b.Educations, seen))
	put(upsertKind(ctx, tx, b.Employments, seen))
	put(upsertKind(ctx, tx, b.Applications, seen))
	put(upsertKind(ctx, tx, b.ApplicationStages, seen))
	put(upsertKind(ctx, tx, b.Attachments, seen))
	put(upsertKind(ctx, tx, b.Interviews, seen))
	put(upsertKind(ctx, tx, b.Scorecards, seen))
	put(upsertKind(ctx, tx, b.Offers, seen))
	put(upsertKind(ctx, tx, b.Notes, seen))
	return total, err
}

func upsertKind[T db.Record](ctx context.Context, tx *db.Tx, recs []T, seen map[string]bool) (int, error) {
	if len(recs) == 0 {
		return 0, nil
	}
	n, err := db.Upsert(ctx, tx, recs)
	if err != nil {
		return n, err
	}
	if seen[recs[0].Table()] {
		if err := db.MarkSeen(ctx, tx, recs); err != nil {
			return n, err
		}
	}
	return n, nil
}
