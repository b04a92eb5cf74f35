package db

import (
	"context"
	"fmt"
)

// Harvest v3 names an application's stage by its application_stages record
// (stage_id), while Shortlist keeps the interview plan's stage in
// applications.stage_id, as v1 gives it. The two functions below fill it in
// from the stage records, whichever of the two arrives first.

// PlanStages maps application_stages ids to the job interview stage of
// each, for the ids stored.
func (tx *Tx) PlanStages(ctx context.Context, applicationStageIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(applicationStageIDs) == 0 {
		return out, nil
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, job_interview_stage_id FROM application_stages
		WHERE id IN (SELECT value FROM json_each(?)) AND job_interview_stage_id IS NOT NULL`, idsJSON(applicationStageIDs))
	if err != nil {
		return nil, fmt.Errorf("db: plan stages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, stage int64
		if err := rows.Scan(&id, &stage); err != nil {
			return nil, fmt.Errorf("db: plan stages: %w", err)
		}
		out[id] = stage
	}
	return out, rows.Err()
}

// LinkPlanStages sets the plan's stage of the applications whose
// application_stage_id is one of applicationStageIDs (just stored).
func (tx *Tx) LinkPlanStages(ctx context.Context, applicationStageIDs []int64) error {
	if len(applicationStageIDs) == 0 {
		return nil
	}
	// Driven by the ids (an index lookup each), not by a scan of every
	// application, as UPDATE … FROM would be.
	_, err := tx.tx.ExecContext(ctx, `UPDATE applications
		SET stage_id = (SELECT s.job_interview_stage_id FROM application_stages s WHERE s.id = applications.application_stage_id)
		WHERE application_stage_id IN (SELECT value FROM json_each(?))
		  AND stage_id IS NOT (SELECT s.job_interview_stage_id FROM application_stages s WHERE s.id = applications.application_stage_id)`,
		idsJSON(applicationStageIDs))
	if err != nil {
		return fmt.Errorf("db: link plan stages: %w", err)
	}
	return nil
}
