package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The Greenhouse Assessment Partner API's storage: the keys Greenhouse
// calls Shortlist with, the tests it sent and their results, and the errors
// it reported.

// AssessmentKey is a key Greenhouse calls the Assessment Partner API with.
// The key itself is never stored, only its hash.
type AssessmentKey struct {
	ID         int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

const assessmentKeyCols = `id, name, prefix, created_at, last_used_at, revoked_at`

func scanAssessmentKey(row interface{ Scan(...any) error }) (AssessmentKey, error) {
	var k AssessmentKey
	var ca, lu, ra sql.NullString
	err := row.Scan(&k.ID, &k.Name, &k.Prefix, &ca, &lu, &ra)
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = parseTime(ca), parseTime(lu), parseTime(ra)
	return k, err
}

// CreateAssessmentKey stores a new key's hash.
func (d *DB) CreateAssessmentKey(ctx context.Context, name, prefix, hash string) (AssessmentKey, error) {
	var k AssessmentKey
	err := d.Update(ctx, func(tx *Tx) error {
		var err error
		k, err = insertAssessmentKey(ctx, tx, name, prefix, hash)
		return err
	})
	return k, err
}

func insertAssessmentKey(ctx context.Context, tx *Tx, name, prefix, hash string) (AssessmentKey, error) {
	k := AssessmentKey{Name: name, Prefix: prefix, CreatedAt: tx.now}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO assessment_keys (name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?)`,
		name, hash, prefix, formatTime(tx.now))
	if err != nil {
		return k, fmt.Errorf("db: create assessment key: %w", err)
	}
	k.ID, err = res.LastInsertId()
	return k, err
}

// RotateAssessmentKey revokes live key id and stores its replacement (with
// the same name) in one transaction.
func (d *DB) RotateAssessmentKey(ctx context.Context, id int64, prefix, hash string) (AssessmentKey, error) {
	var k AssessmentKey
	err := d.Update(ctx, func(tx *Tx) error {
		var name string
		err := tx.tx.QueryRowContext(ctx, `SELECT name FROM assessment_keys WHERE id = ? AND revoked_at IS NULL`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("db: live assessment key %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("db: rotate assessment key %d: %w", id, err)
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE assessment_keys SET revoked_at = ? WHERE id = ?`, formatTime(tx.now), id); err != nil {
			return fmt.Errorf("db: rotate assessment key %d: %w", id, err)
		}
		k, err = insertAssessmentKey(ctx, tx, name, prefix, hash)
		return err
	})
	return k, err
}

// RevokeAssessmentKey revokes a live key.
func (d *DB) RevokeAssessmentKey(ctx context.Context, id int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE assessment_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, formatTime(tx.now), id)
		if err != nil {
			return fmt.Errorf("db: revoke assessment key %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: live assessment key %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// RevokeAssessmentKeysNamed revokes every live key with this name and
// reports how many.
func (d *DB) RevokeAssessmentKeysNamed(ctx context.Context, name string) (int, error) {
	var n int64
	err := d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE assessment_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL`, formatTime(tx.now), name)
		if err != nil {
			return fmt.Errorf("db: revoke assessment keys %q: %w", name, err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}

// AssessmentKeys lists every key, live ones first, newest first.
func (d *DB) AssessmentKeys(ctx context.Context) ([]AssessmentKey, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+assessmentKeyCols+` FROM assessment_keys
		ORDER BY revoked_at IS NOT NULL, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("db: assessment keys: %w", err)
	}
	defer rows.Close()
	var out []AssessmentKey
	for rows.Next() {
		k, err := scanAssessmentKey(rows)
		if err != nil {
			return nil, fmt.Errorf("db: assessment keys: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// AssessmentKeyByHash finds the live key with this hash and notes its use
// (at most once a minute: Greenhouse polls).
func (d *DB) AssessmentKeyByHash(ctx context.Context, hash string) (AssessmentKey, error) {
	k, err := scanAssessmentKey(d.read.QueryRowContext(ctx, `SELECT `+assessmentKeyCols+` FROM assessment_keys
		WHERE key_hash = ? AND revoked_at IS NULL`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("db: assessment key: %w", ErrNotFound)
	}
	if err != nil {
		return k, fmt.Errorf("db: assessment key: %w", err)
	}
	if now := d.Now(); now.Sub(k.LastUsedAt) > time.Minute {
		// Best effort: a failure must not refuse the call.
		_ = d.Update(ctx, func(tx *Tx) error {
			_, err := tx.tx.ExecContext(ctx, `UPDATE assessment_keys SET last_used_at = ? WHERE id = ?`, formatTime(tx.now), k.ID)
			return err
		})
	}
	return k, nil
}

// Assessment request statuses.
const (
	AssessmentPending  = "pending"
	AssessmentComplete = "complete"
)

// AssessmentRequest is one test Greenhouse sent and its result.
type AssessmentRequest struct {
	// ID is the partner_interview_id.
	ID    string
	KeyID int64
	// JobID is the partner_test_id.
	JobID                      int64
	CandidateID, ApplicationID int64
	Email, SentBy              string
	// CallbackURL is send_test's url; BaseURL is Shortlist's address
	// for the Match link.
	CallbackURL, BaseURL string
	Status               string
	// Score is 0-100 on the job's curve; RawScore the ranker's score.
	Score, RawScore float64
	// Metadata is test_status's flat summary.
	Metadata map[string]any
	// Error says why the request is still pending; Attempts counts tries.
	Error       string
	Attempts    int
	NextTryAt   time.Time
	CreatedAt   time.Time
	CompletedAt time.Time
	// NotifiedAt is when the callback was PATCHed; NotifyError why it
	// failed last.
	NotifiedAt  time.Time
	NotifyError string
}

const assessmentRequestCols = `id, coalesce(key_id, 0), job_id, coalesce(candidate_id, 0), coalesce(application_id, 0), email, sent_by,
	callback_url, base_url, status, coalesce(score, 0), coalesce(raw_score, 0), metadata, error, attempts, next_try_at, created_at,
	completed_at, notified_at, notify_error`

func scanAssessmentRequest(row interface{ Scan(...any) error }) (AssessmentRequest, error) {
	var r AssessmentRequest
	var meta string
	var next, ca, co, no sql.NullString
	err := row.Scan(&r.ID, &r.KeyID, &r.JobID, &r.CandidateID, &r.ApplicationID, &r.Email, &r.SentBy, &r.CallbackURL, &r.BaseURL,
		&r.Status, &r.Score, &r.RawScore, &meta, &r.Error, &r.Attempts, &next, &ca, &co, &no, &r.NotifyError)
	if err != nil {
		return r, err
	}
	r.NextTryAt, r.CreatedAt, r.CompletedAt, r.NotifiedAt = parseTime(next), parseTime(ca), parseTime(co), parseTime(no)
	if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil {
		r.Metadata = map[string]any{}
	}
	return r, nil
}

// CreateAssessmentRequest stores a new request, due at once.
func (d *DB) CreateAssessmentRequest(ctx context.Context, r AssessmentRequest) (AssessmentRequest, error) {
	err := d.Update(ctx, func(tx *Tx) error {
		r.Status, r.CreatedAt, r.NextTryAt = AssessmentPending, tx.now, tx.now
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO assessment_requests (id, key_id, job_id, candidate_id, application_id, email,
			sent_by, callback_url, base_url, status, next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, nullInt(r.KeyID), r.JobID, nullInt(r.CandidateID), nullInt(r.ApplicationID), r.Email, r.SentBy, r.CallbackURL,
			r.BaseURL, r.Status, formatTime(r.NextTryAt), formatTime(r.CreatedAt))
		if err != nil {
			return fmt.Errorf("db: create assessment request: %w", err)
		}
		return nil
	})
	return r, err
}

// AssessmentRequest reads one request by its partner_interview_id.
func (d *DB) AssessmentRequest(ctx context.Context, id string) (AssessmentRequest, error) {
	r, err := scanAssessmentRequest(d.read.QueryRowContext(ctx, `SELECT `+assessmentRequestCols+` FROM assessment_requests WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("db: assessment request %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("db: assessment request %q: %w", id, err)
	}
	return r, nil
}

// DueAssessmentRequests lists, oldest first, the requests with work due at
// now: pending ones to score, complete ones whose callback is still to be
// PATCHed.
func (d *DB) DueAssessmentRequests(ctx context.Context, now time.Time, limit int) ([]AssessmentRequest, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+assessmentRequestCols+` FROM assessment_requests
		WHERE next_try_at <= ? AND (status = 'pending' OR (callback_url <> '' AND notified_at IS NULL))
		ORDER BY next_try_at, created_at LIMIT ?`, formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("db: due assessment requests: %w", err)
	}
	defer rows.Close()
	var out []AssessmentRequest
	for rows.Next() {
		r, err := scanAssessmentRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("db: due assessment requests: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// NextAssessmentDue is when the next request has work due (zero when
// none has).
func (d *DB) NextAssessmentDue(ctx context.Context) (time.Time, error) {
	var next sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT min(next_try_at) FROM assessment_requests
		WHERE status = 'pending' OR (callback_url <> '' AND notified_at IS NULL)`).Scan(&next)
	if err != nil {
		return time.Time{}, fmt.Errorf("db: next assessment due: %w", err)
	}
	return parseTime(next), nil
}

// LinkAssessmentRequest records the candidate and application a request
// turned out to be about.
func (d *DB) LinkAssessmentRequest(ctx context.Context, id string, candidateID, applicationID int64) error {
	return d.execOne(ctx, "link assessment request "+id, `UPDATE assessment_requests SET candidate_id = ?, application_id = ? WHERE id = ?`,
		nullInt(candidateID), nullInt(applicationID), id)
}

// DeferAssessmentRequest leaves a request pending, saying why, until next.
func (d *DB) DeferAssessmentRequest(ctx context.Context, id, why string, next time.Time) error {
	return d.execOne(ctx, "defer assessment request "+id, `UPDATE assessment_requests SET error = ?, attempts = attempts + 1,
		next_try_at = ? WHERE id = ?`, why, formatTime(next), id)
}

// CompleteAssessmentRequest records a request's result; its callback, if
// any, is due at once.
func (d *DB) CompleteAssessmentRequest(ctx context.Context, id string, score, raw float64, metadata map[string]any) error {
	meta, err := json.Marshal(metadata)
	if err != nil {
		return fmt.Errorf("db: complete assessment request %s: %w", id, err)
	}
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE assessment_requests SET status = 'complete', score = ?, raw_score = ?, metadata = ?,
			error = '', completed_at = ?, next_try_at = ? WHERE id = ?`, score, raw, string(meta), formatTime(tx.now), formatTime(tx.now), id)
		if err != nil {
			return fmt.Errorf("db: complete assessment request %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: assessment request %s: %w", id, ErrNotFound)
		}
		return nil
	})
}

// AssessmentNotified records the outcome of PATCHing a request's
// callback: done when why is "", else tried again at next.
func (d *DB) AssessmentNotified(ctx context.Context, id, why string, next time.Time) error {
	if why == "" {
		return d.execOne(ctx, "note assessment callback "+id, `UPDATE assessment_requests SET notified_at = ?, notify_error = ''
			WHERE id = ?`, formatTime(d.Now()), id)
	}
	return d.execOne(ctx, "note assessment callback "+id, `UPDATE assessment_requests SET notify_error = ?, next_try_at = ?
		WHERE id = ?`, why, formatTime(next), id)
}

// execOne runs one statement that must change one row.
func (d *DB) execOne(ctx context.Context, what, q string, args ...any) error {
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: %s: %w", what, ErrNotFound)
		}
		return nil
	})
}

// RecentAssessmentRequests lists the newest requests.
func (d *DB) RecentAssessmentRequests(ctx context.Context, limit int) ([]AssessmentRequest, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+assessmentRequestCols+` FROM assessment_requests
		ORDER BY created_at DESC, rowid DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("db: recent assessment requests: %w", err)
	}
	defer rows.Close()
	var out []AssessmentRequest
	for rows.Next() {
		r, err := scanAssessmentRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("db: recent assessment requests: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AssessmentStats sums up the assessment requests.
type AssessmentStats struct {
	LiveKeys, Pending, Complete int
	// NotifyFailing counts completed requests whose callback keeps failing.
	NotifyFailing int
	// LastError is the newest reason a pending request waits.
	LastError string
	// LastRequestAt is when Greenhouse last sent a test.
	LastRequestAt time.Time
}

// AssessmentStats counts keys and requests.
func (d *DB) AssessmentStats(ctx context.Context) (AssessmentStats, error) {
	var s AssessmentStats
	var last sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM assessment_keys WHERE revoked_at IS NULL),
		(SELECT count(*) FROM assessment_requests WHERE status = 'pending'),
		(SELECT count(*) FROM assessment_requests WHERE status = 'complete'),
		(SELECT count(*) FROM assessment_requests WHERE status = 'complete' AND notified_at IS NULL AND notify_error <> ''),
		coalesce((SELECT error FROM assessment_requests WHERE status = 'pending' AND error <> '' ORDER BY created_at DESC LIMIT 1), ''),
		(SELECT max(created_at) FROM assessment_requests)`).Scan(&s.LiveKeys, &s.Pending, &s.Complete, &s.NotifyFailing, &s.LastError, &last)
	if err != nil {
		return s, fmt.Errorf("db: assessment stats: %w", err)
	}
	s.LastRequestAt = parseTime(last)
	return s, nil
}

// AssessmentError is an error Greenhouse reported in Shortlist's answers
// (response_error).
type AssessmentError struct {
	ID                 int64
	ReceivedAt         time.Time
	APICall            string
	Errors             []string
	PartnerInterviewID string
	PartnerTestID      string
}

// SaveAssessmentError stores a reported error.
func (d *DB) SaveAssessmentError(ctx context.Context, e AssessmentError) error {
	errs, _ := json.Marshal(e.Errors)
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO assessment_errors (received_at, api_call, errors, partner_interview_id, partner_test_id)
			VALUES (?, ?, ?, ?, ?)`, formatTime(tx.now), e.APICall, string(errs), e.PartnerInterviewID, e.PartnerTestID)
		if err != nil {
			return fmt.Errorf("db: save assessment error: %w", err)
		}
		// Keep the newest hundred: they are for reading, not for audit.
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM assessment_errors WHERE id NOT IN (SELECT id FROM assessment_errors ORDER BY id DESC LIMIT 100)`)
		return err
	})
}

// RecentAssessmentErrors lists the newest reported errors.
func (d *DB) RecentAssessmentErrors(ctx context.Context, limit int) ([]AssessmentError, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id, received_at, api_call, errors, partner_interview_id, partner_test_id
		FROM assessment_errors ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("db: assessment errors: %w", err)
	}
	defer rows.Close()
	var out []AssessmentError
	for rows.Next() {
		var e AssessmentError
		var at sql.NullString
		var errs string
		if err := rows.Scan(&e.ID, &at, &e.APICall, &errs, &e.PartnerInterviewID, &e.PartnerTestID); err != nil {
			return nil, fmt.Errorf("db: assessment errors: %w", err)
		}
		e.ReceivedAt = parseTime(at)
		json.Unmarshal([]byte(errs), &e.Errors)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CandidateIDByEmail finds the candidate with this email address, ignoring
// case (the most recently active one if several have it).
func (d *DB) CandidateIDByEmail(ctx context.Context, email string) (int64, error) {
	email = strings.TrimSpace(email)
	var id int64
	err := d.read.QueryRowContext(ctx, `SELECT c.id FROM candidates c
		WHERE EXISTS (SELECT 1 FROM json_each(c.email_addresses) e WHERE json_extract(e.value, '$.value') = ?1 COLLATE NOCASE)
		ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1`, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || email == "" {
		return 0, fmt.Errorf("db: no candidate has the email %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("db: candidate by email: %w", err)
	}
	return id, nil
}

// ApplicationToJob is the candidate's newest application to the job (a
// prospect application counts when the job is one of its prospective
// jobs).
func (d *DB) ApplicationToJob(ctx context.Context, candidateID, jobID int64) (int64, error) {
	var id int64
	err := d.read.QueryRowContext(ctx, `SELECT y.id FROM applications y WHERE y.candidate_id = ?1
		AND (y.job_id = ?2 OR y.id IN (SELECT p.application_id FROM application_prospective_jobs p WHERE p.job_id = ?2))
		ORDER BY y.created_at DESC, y.id DESC LIMIT 1`, candidateID, jobID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("db: candidate %d has no application to job %d: %w", candidateID, jobID, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("db: application to job: %w", err)
	}
	return id, nil
}
