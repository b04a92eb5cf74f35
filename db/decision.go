package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Relevance grades of a decision: what the hiring team made of an
// application to a job.
const (
	// RelevanceRejected: rejected before any interview.
	RelevanceRejected = 0
	// RelevanceInterviewed: reached an interview.
	RelevanceInterviewed = 1
	// RelevanceOffered: got an offer, or was hired.
	RelevanceOffered = 2
)

// Decision is the hiring team's decision on one application to a job, as
// known at some time: the label the learned ranker learns from.
type Decision struct {
	ApplicationID, CandidateID, JobID int64
	// Relevance is RelevanceRejected, RelevanceInterviewed or
	// RelevanceOffered.
	Relevance int
	// DecidedAt is when the decision that set Relevance was made: the
	// rejection, the first sign of an interview, the first offer.
	DecidedAt time.Time
}

// decisionMarks computes, for every application to a job (prospects left
// out: they did not apply), when it first reached an interview, when it
// first got an offer and when it was rejected.
//
// Reaching an interview is any of: a stay in a stage at or after the
// job's first interview stage (application_stages, entered_at); being in
// such a stage now (the application's stage, which webhooks update, at
// the application's last activity); an interview scheduled (not
// cancelled); a scorecard. A job's first interview stage is the lowest
// sort order above the plan's first stage, which Greenhouse makes the
// application review (sort order 0). An offer is an offer record or the
// hired status. Webhooks for stage changes, rejections and hires update
// these same tables, so the next training run sees what they brought.
const decisionMarks = `WITH plan AS (
	SELECT job_id, min(sort_order) AS first FROM job_interview_stages GROUP BY job_id
), interview_stage AS (
	SELECT s.job_id, min(s.sort_order) AS sort_order FROM job_interview_stages s JOIN plan p ON p.job_id = s.job_id
	WHERE s.sort_order > p.first GROUP BY s.job_id
), marks AS (
	SELECT a.id, a.candidate_id, a.job_id,
		(SELECT min(t) FROM (
			SELECT coalesce(st.entered_at, st.created_at) AS t FROM application_stages st
				JOIN job_interview_stages js ON js.id = st.job_interview_stage_id
				JOIN interview_stage i ON i.job_id = js.job_id
				WHERE st.application_id = a.id AND js.sort_order >= i.sort_order
			UNION ALL
			SELECT coalesce(a.last_activity_at, a.updated_at, a.created_at) FROM job_interview_stages js
				JOIN interview_stage i ON i.job_id = js.job_id
				WHERE js.id = a.stage_id AND js.sort_order >= i.sort_order
			UNION ALL
			SELECT coalesce(iv.created_at, iv.starts_at) FROM interviews iv
				WHERE iv.application_id = a.id AND iv.status <> 'cancelled'
			UNION ALL
			SELECT coalesce(sc.interviewed_at, sc.submitted_at, sc.created_at) FROM scorecards sc WHERE sc.application_id = a.id
		) WHERE t IS NOT NULL) AS interviewed_at,
		(SELECT min(t) FROM (
			SELECT coalesce(o.created_at, o.sent_on) AS t FROM offers o WHERE o.application_id = a.id
			UNION ALL
			SELECT coalesce(a.last_activity_at, a.updated_at, a.created_at) WHERE a.status = 'hired'
		) WHERE t IS NOT NULL) AS offered_at,
		CASE WHEN a.status = 'rejected' THEN coalesce(a.rejected_at, a.last_activity_at, a.updated_at, a.created_at) END AS rejected_at
	FROM applications a
	WHERE a.job_id IS NOT NULL AND a.prospect = 0
)`

// Decisions returns the decisions known at asOf (the zero time: all of
// them), one per application; applications still undecided then are left
// out. An application's grade is the highest it reached by asOf: offered,
// else interviewed, else rejected before any interview (a rejection after
// an interview leaves it interviewed). Ordered by job, then application.
func (d *DB) Decisions(ctx context.Context, asOf time.Time) ([]Decision, error) {
	at := "9999"
	if !asOf.IsZero() {
		at = formatTime(asOf)
	}
	rows, err := d.read.QueryContext(ctx, decisionMarks+`
		SELECT id, candidate_id, job_id,
			CASE WHEN offered_at <= ?1 THEN 2 WHEN interviewed_at <= ?1 THEN 1 ELSE 0 END,
			CASE WHEN offered_at <= ?1 THEN offered_at WHEN interviewed_at <= ?1 THEN interviewed_at ELSE rejected_at END
		FROM marks
		WHERE offered_at <= ?1 OR interviewed_at <= ?1 OR rejected_at <= ?1
		ORDER BY job_id, id`, at)
	if err != nil {
		return nil, fmt.Errorf("db: decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var dc Decision
		var decided sql.NullString
		if err := rows.Scan(&dc.ApplicationID, &dc.CandidateID, &dc.JobID, &dc.Relevance, &decided); err != nil {
			return nil, fmt.Errorf("db: decisions: %w", err)
		}
		dc.DecidedAt = parseTime(decided)
		out = append(out, dc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: decisions: %w", err)
	}
	return out, nil
}

// DecisionCounts summarises the team's decisions on applications to jobs.
type DecisionCounts struct {
	Rejected, Interviewed, Offered int
	// Undecided are applications with no decision yet.
	Undecided int
}

// Labelled is the number of decided applications.
func (c DecisionCounts) Labelled() int { return c.Rejected + c.Interviewed + c.Offered }

// Events counts decisions made: every decided application, and every
// offer once more (it was first an interview). It grows by one with each
// new decision, so its growth says how many arrived since a training run.
func (c DecisionCounts) Events() int { return c.Labelled() + c.Offered }

// CountDecisions counts the decisions known now.
func (d *DB) CountDecisions(ctx context.Context) (DecisionCounts, error) {
	var c DecisionCounts
	err := d.read.QueryRowContext(ctx, decisionMarks+`
		SELECT coalesce(sum(offered_at IS NOT NULL), 0),
			coalesce(sum(offered_at IS NULL AND interviewed_at IS NOT NULL), 0),
			coalesce(sum(offered_at IS NULL AND interviewed_at IS NULL AND rejected_at IS NOT NULL), 0),
			coalesce(sum(offered_at IS NULL AND interviewed_at IS NULL AND rejected_at IS NULL), 0)
		FROM marks`).Scan(&c.Offered, &c.Interviewed, &c.Rejected, &c.Undecided)
	if err != nil {
		return c, fmt.Errorf("db: count decisions: %w", err)
	}
	return c, nil
}
