package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// EEOC is the voluntary self-identification a candidate sent with an
// application (Harvest /v3/eeoc, /v1/eeoc): their sex and race/ethnicity,
// the two questions a bias audit reports on (veteran and disability
// answers are not kept). A question left blank has ID 0 and an empty
// description. GHID is Harvest v3's id; v1 has none, so the application
// is the key.
//
// It is sensitive: only the bias audit reads it (DB.EEOCForAudit). It is
// not part of CandidateProfile, so it never reaches the search index, the
// pages, the API or a model's features.
type EEOC struct {
	ApplicationID, GHID, CandidateID  int64
	GenderID                          int64
	Gender                            string
	RaceID                            int64
	Race                              string
	SubmittedAt, CreatedAt, UpdatedAt time.Time
}

// Table is the table EEOC answers live in.
func (EEOC) Table() string { return "eeoc" }
func (EEOC) keyCols() int  { return 1 }
func (r EEOC) fields() []field {
	return []field{{"application_id", r.ApplicationID}, {"gh_id", nullInt(r.GHID)}, {"candidate_id", r.CandidateID},
		{"gender_id", nullInt(r.GenderID)}, {"gender", r.Gender}, {"race_id", nullInt(r.RaceID)}, {"race", r.Race},
		{"submitted_at", nullTime(r.SubmittedAt)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}}
}

// AuditEEOC is one application's EEOC answers as the bias audit reads
// them, with the application's job (0 for a prospect's application or one
// not synced).
type AuditEEOC struct {
	ApplicationID, CandidateID, JobID int64
	Gender, Race                      string
	SubmittedAt                       time.Time
}

// EEOCForAudit returns every stored EEOC answer with its application's
// job, oldest submission first. It exists for the bias audit and nothing
// else: EEOC data must never reach a candidate's profile, the search
// index, the API or a model's features, so no other code may call it.
func (d *DB) EEOCForAudit(ctx context.Context) ([]AuditEEOC, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT e.application_id, e.candidate_id, coalesce(a.job_id, 0), e.gender, e.race,
		coalesce(e.submitted_at, e.created_at)
		FROM eeoc e LEFT JOIN applications a ON a.id = e.application_id
		ORDER BY coalesce(e.submitted_at, e.created_at, ''), e.application_id`)
	if err != nil {
		return nil, fmt.Errorf("db: eeoc for audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEEOC
	for rows.Next() {
		var e AuditEEOC
		var at sql.NullString
		if err := rows.Scan(&e.ApplicationID, &e.CandidateID, &e.JobID, &e.Gender, &e.Race, &at); err != nil {
			return nil, fmt.Errorf("db: eeoc for audit: %w", err)
		}
		e.SubmittedAt = parseTime(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: eeoc for audit: %w", err)
	}
	return out, nil
}

// eraseEEOC deletes the EEOC answers of candidate id (theirs, and those of
// their applications) and tombstones them at at, so that a sync that read
// them before the erasure cannot bring them back.
func (tx *Tx) eraseEEOC(ctx context.Context, id int64, at time.Time) error {
	rows, err := tx.tx.QueryContext(ctx, `SELECT application_id FROM eeoc
		WHERE candidate_id = ?1 OR application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`, id)
	if err != nil {
		return fmt.Errorf("db: erase eeoc of candidate %d: %w", id, err)
	}
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return fmt.Errorf("db: erase eeoc of candidate %d: %w", id, err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("db: erase eeoc of candidate %d: %w", id, err)
	}
	for _, k := range keys {
		if err := tx.tombstone(ctx, "eeoc", fmt.Sprint(k), at); err != nil {
			return err
		}
	}
	_, err = tx.tx.ExecContext(ctx, `DELETE FROM eeoc WHERE candidate_id = ?1
		OR application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`, id)
	if err != nil {
		return fmt.Errorf("db: erase eeoc of candidate %d: %w", id, err)
	}
	return nil
}
