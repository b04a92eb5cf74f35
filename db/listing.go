package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RankedCandidate is what a ranked list shows about one candidate for one
// job: who they are and where their application to that job stands.
type RankedCandidate struct {
	ID                         int64
	FirstName, LastName, Title string
	Company                    string
	// Private marks a private candidate (see Viewer).
	Private bool
	// ApplicationID is the candidate's newest application to the job (a
	// prospect application counts when the job is one of its prospective
	// jobs), or 0 when they have none; Status, StageName, Prospect and
	// AppliedAt describe it.
	ApplicationID int64
	Status        string
	StageName     string
	Prospect      bool
	AppliedAt     time.Time
	// LastActivityAt is the newest activity on the candidate or any of
	// their applications.
	LastActivityAt time.Time
}

// Name is the candidate's display name.
func (c RankedCandidate) Name() string {
	return Candidate{FirstName: c.FirstName, LastName: c.LastName}.Name()
}

// RankedCandidates loads, in one query, the rows shown for ids (a page of a
// ranking) ranked for jobID. Ids that do not exist are missing from the map.
func (d *DB) RankedCandidates(ctx context.Context, jobID int64, ids []int64) (map[int64]RankedCandidate, error) {
	out := make(map[int64]RankedCandidate, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// The correlated subqueries run once per row of the page (25 to 500
	// rows), each on an index (applications_candidate).
	rows, err := d.read.QueryContext(ctx, `SELECT c.id, c.first_name, c.last_name, c.title, c.company, c.private,
		coalesce(a.id, 0), coalesce(a.status, ''), coalesce(a.stage_name, ''), coalesce(a.prospect, 0), a.created_at,
		max(coalesce(c.last_activity_at, ''),
			coalesce((SELECT max(x.last_activity_at) FROM applications x WHERE x.candidate_id = c.id), ''))
		FROM json_each(?1) ids
		JOIN candidates c ON c.id = ids.value
		LEFT JOIN applications a ON a.id = (SELECT y.id FROM applications y WHERE y.candidate_id = c.id
			AND (y.job_id = ?2 OR y.id IN (SELECT p.application_id FROM application_prospective_jobs p WHERE p.job_id = ?2))
			ORDER BY y.created_at DESC, y.id DESC LIMIT 1)`, idsJSON(ids), jobID)
	if err != nil {
		return nil, fmt.Errorf("db: ranked candidates for job %d: %w", jobID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c RankedCandidate
		var applied, last sql.NullString
		if err := rows.Scan(&c.ID, &c.FirstName, &c.LastName, &c.Title, &c.Company, &c.Private, &c.ApplicationID, &c.Status,
			&c.StageName, &c.Prospect, &applied, &last); err != nil {
			return nil, fmt.Errorf("db: ranked candidates for job %d: %w", jobID, err)
		}
		c.AppliedAt, c.LastActivityAt = parseTime(applied), parseTime(last)
		out[c.ID] = c
	}
	return out, rows.Err()
}
