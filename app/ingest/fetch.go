package ingest

import (
	"context"
	"fmt"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// FetchCandidates reads candidates from Harvest now, with what Get brings
// with them (applications, attachments, educations, employments), stores
// them as the sync does, and downloads and extracts their resumes. It is
// for work that cannot wait for the next sync or webhook (Greenhouse asking
// for an assessment of a candidate Shortlist has not seen yet). It returns
// how many rows changed.
func (s *Syncer) FetchCandidates(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	b, err := s.gh.Get(ctx, greenhouse.Candidates, ids)
	if err != nil {
		return 0, fmt.Errorf("fetch candidates %v: %w", ids, err)
	}
	var n int
	err = s.db.Update(ctx, func(tx *db.Tx) error {
		var err error
		n, err = storeBatch(ctx, tx, &b, storeOpts{})
		return err
	})
	if err != nil {
		return 0, err
	}
	if n > 0 {
		s.committed()
	}
	if len(b.Attachments) > 0 {
		s.FetchResumes(ctx)
	}
	return n, nil
}
