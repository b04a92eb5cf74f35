package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Webhook event states.
const (
	EventPending = "pending"
	EventApplied = "applied"
	EventIgnored = "ignored" // an action Shortlist does not act on (ping, unknown)
	EventFailed  = "failed"
)

// WebhookEvent is one delivery from Greenhouse, stored as received.
type WebhookEvent struct {
	ID      int64
	EventID string // Greenhouse-Event-ID
	Action  string
	// CandidateID is the person the event is about (0 if none).
	CandidateID int64
	ReceivedAt  time.Time
	Body        []byte // the raw, signed bytes
	Status      string
	Error       string
	Attempts    int
	AppliedAt   time.Time
}

// StoreWebhookEvent logs a verified delivery. A delivery whose event id is
// already logged (a Greenhouse retry) is not stored again: stored is false.
func (d *DB) StoreWebhookEvent(ctx context.Context, ev WebhookEvent) (id int64, stored bool, err error) {
	err = d.Update(ctx, func(tx *Tx) error {
		if ev.ReceivedAt.IsZero() {
			ev.ReceivedAt = tx.now
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO webhook_events (event_id, action, candidate_id, received_at, body, status)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
			ev.EventID, ev.Action, nullInt(ev.CandidateID), formatTime(ev.ReceivedAt), ev.Body, EventPending)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		stored = n == 1
		if stored {
			id, err = res.LastInsertId()
		}
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("db: store webhook event: %w", err)
	}
	return id, stored, nil
}

const eventCols = `id, event_id, action, coalesce(candidate_id, 0), received_at, body, status, error, attempts, applied_at`

func scanEvent(row interface{ Scan(...any) error }) (WebhookEvent, error) {
	var e WebhookEvent
	var ra, aa sql.NullString
	err := row.Scan(&e.ID, &e.EventID, &e.Action, &e.CandidateID, &ra, &e.Body, &e.Status, &e.Error, &e.Attempts, &aa)
	e.ReceivedAt, e.AppliedAt = parseTime(ra), parseTime(aa)
	return e, err
}

// PendingWebhookEvents returns events not yet applied, in the order they
// arrived.
func (d *DB) PendingWebhookEvents(ctx context.Context, limit int) ([]WebhookEvent, error) {
	return d.webhookEvents(ctx, `WHERE status = 'pending' ORDER BY id LIMIT ?`, limit)
}

// RecentWebhookEvents returns the newest events, for the owner's view.
func (d *DB) RecentWebhookEvents(ctx context.Context, limit int) ([]WebhookEvent, error) {
	return d.webhookEvents(ctx, `ORDER BY id DESC LIMIT ?`, limit)
}

func (d *DB) webhookEvents(ctx context.Context, where string, args ...any) ([]WebhookEvent, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+eventCols+` FROM webhook_events `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("db: webhook events: %w", err)
	}
	defer rows.Close()
	var out []WebhookEvent
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("db: webhook events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// WebhookEventCounts counts events by status.
func (d *DB) WebhookEventCounts(ctx context.Context) (map[string]int, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT status, count(*) FROM webhook_events GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("db: webhook event counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("db: webhook event counts: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

// FinishWebhookEvent records an event's outcome in the transaction that
// applied it, so an event is applied exactly once or not at all.
func (tx *Tx) FinishWebhookEvent(ctx context.Context, id int64, status, errText string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE webhook_events SET status = ?, error = ?, attempts = attempts + 1, applied_at = ?
		WHERE id = ?`, status, errText, formatTime(tx.now), id)
	if err != nil {
		return fmt.Errorf("db: finish webhook event %d: %w", id, err)
	}
	return nil
}

// NoteWebhookAttempt counts a failed attempt at an event; after too many it
// is marked failed and skipped.
func (d *DB) NoteWebhookAttempt(ctx context.Context, id int64, errText string, maxAttempts int) error {
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE webhook_events SET attempts = attempts + 1, error = ?,
			status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END WHERE id = ?`, errText, maxAttempts, id)
		if err != nil {
			return fmt.Errorf("db: note webhook attempt %d: %w", id, err)
		}
		return nil
	})
}

// NoteWebhookWaiting records why a pending event waits (Greenhouse could
// not be read), without counting it as a failed attempt.
func (d *DB) NoteWebhookWaiting(ctx context.Context, id int64, reason string) error {
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE webhook_events SET error = ? WHERE id = ? AND status = ?`, reason, id, EventPending)
		if err != nil {
			return fmt.Errorf("db: note webhook %d waiting: %w", id, err)
		}
		return nil
	})
}

// ResetWebhookEvents marks every logged event pending again, to replay the
// log from the start.
func (d *DB) ResetWebhookEvents(ctx context.Context) error {
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE webhook_events SET status = 'pending', error = '', attempts = 0, applied_at = NULL`)
		if err != nil {
			return fmt.Errorf("db: reset webhook events: %w", err)
		}
		return nil
	})
}

// tombstone records that a record was deleted at a time.
func (tx *Tx) tombstone(ctx context.Context, table string, key string, at time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO tombstones (resource, key, deleted_at) VALUES (?, ?, ?)
		ON CONFLICT (resource, key) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)`, table, key, formatTime(at))
	if err != nil {
		return fmt.Errorf("db: tombstone %s %s: %w", table, key, err)
	}
	return nil
}

// deletable are the tables a webhook can delete a row of by id.
var deletable = map[string]bool{
	"departments": true, "offices": true, "jobs": true, "job_posts": true, "job_interview_stages": true,
	"interviews": true, "scorecards": true, "offers": true, "applications": true, "candidates": true,
}

// DeleteByID removes a record deleted in Greenhouse at the given time,
// with what hangs off it, and leaves a tombstone so an older copy cannot
// return. It reports whether a row was there.
func (tx *Tx) DeleteByID(ctx context.Context, table string, id int64, at time.Time) (bool, error) {
	if !deletable[table] {
		return false, fmt.Errorf("db: delete from %s: not a deletable table", table)
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("db: delete from %s: %w", table, err)
	}
	var stmts []string
	switch table {
	case "candidates":
		// A deleted person's applications are gone too; tombstone them so
		// a late application event cannot bring them back.
		rows, err := tx.tx.QueryContext(ctx, `SELECT id FROM applications WHERE candidate_id = ?`, id)
		if err != nil {
			return false, fmt.Errorf("db: delete candidate %d: %w", id, err)
		}
		var apps []int64
		for rows.Next() {
			var a int64
			if err := rows.Scan(&a); err != nil {
				rows.Close()
				return false, fmt.Errorf("db: delete candidate %d: %w", id, err)
			}
			apps = append(apps, a)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return false, fmt.Errorf("db: delete candidate %d: %w", id, err)
		}
		for _, a := range apps {
			if err := tx.tombstone(ctx, "applications", fmt.Sprint(a), at); err != nil {
				return false, err
			}
		}
		if err := tx.eraseEEOC(ctx, id, at); err != nil {
			return false, err
		}
		if err := tx.DeleteCandidate(ctx, id); err != nil {
			return false, err
		}
	case "applications":
		// Its EEOC answers go with it, for good.
		if err := tx.tombstone(ctx, "eeoc", fmt.Sprint(id), at); err != nil {
			return false, err
		}
		stmts = []string{
			`DELETE FROM eeoc WHERE application_id = ?1`,
			`DELETE FROM application_stages WHERE application_id = ?1`,
			`DELETE FROM interviews WHERE application_id = ?1`,
			`DELETE FROM scorecards WHERE application_id = ?1`,
			`DELETE FROM offers WHERE application_id = ?1`,
			`UPDATE attachments SET application_id = NULL WHERE application_id = ?1`,
			`DELETE FROM applications WHERE id = ?1`,
		}
	case "jobs":
		stmts = []string{
			`DELETE FROM job_posts WHERE job_id = ?1`,
			`DELETE FROM job_interview_stages WHERE job_id = ?1`,
			`DELETE FROM job_hiring_managers WHERE job_id = ?1`,
			`DELETE FROM job_owners WHERE job_id = ?1`,
			`DELETE FROM openings WHERE job_id = ?1`,
			`DELETE FROM jobs WHERE id = ?1`,
		}
	default:
		stmts = []string{`DELETE FROM ` + table + ` WHERE id = ?1`}
	}
	for _, q := range stmts {
		if _, err := tx.tx.ExecContext(ctx, q, id); err != nil {
			return false, fmt.Errorf("db: delete from %s %d: %w", table, id, err)
		}
	}
	return n > 0, tx.tombstone(ctx, table, fmt.Sprint(id), at)
}

// MergeCandidates folds candidate from into candidate into, as Greenhouse
// does on a merge: applications, notes and files move to the survivor and
// the merged-away candidate is removed.
func (tx *Tx) MergeCandidates(ctx context.Context, from, into int64, at time.Time) error {
	stmts := []string{
		`UPDATE applications SET candidate_id = ?2 WHERE candidate_id = ?1`,
		`UPDATE notes SET candidate_id = ?2 WHERE candidate_id = ?1`,
		`UPDATE offers SET candidate_id = ?2 WHERE candidate_id = ?1`,
		`UPDATE eeoc SET candidate_id = ?2 WHERE candidate_id = ?1`,
		// A file the survivor already has under the same key stays with
		// the survivor; the copy goes with the merged-away candidate.
		`UPDATE OR IGNORE attachments SET candidate_id = ?2 WHERE candidate_id = ?1`,
	}
	for _, q := range stmts {
		if _, err := tx.tx.ExecContext(ctx, q, from, into); err != nil {
			return fmt.Errorf("db: merge candidate %d into %d: %w", from, into, err)
		}
	}
	if err := tx.DeleteCandidate(ctx, from); err != nil {
		return err
	}
	// The survivor's document changed even if none of its own rows did.
	for _, q := range []string{`DELETE FROM index_outbox WHERE candidate_id = ?`, `INSERT INTO index_outbox (candidate_id) VALUES (?)`} {
		if _, err := tx.tx.ExecContext(ctx, q, into); err != nil {
			return fmt.Errorf("db: merge candidate %d into %d: %w", from, into, err)
		}
	}
	return tx.tombstone(ctx, "candidates", fmt.Sprint(from), at)
}

// AnonymizeCandidate erases the named personal fields of a candidate, as
// Greenhouse reports them in a candidate_anonymized webhook. Fields
// Shortlist does not hold are ignored. Resumes and other files go
// entirely, text included. EEOC answers go whatever the fields: they are
// the most sensitive data Shortlist holds, and a person asking to be
// anonymized has not asked to keep them.
func (tx *Tx) AnonymizeCandidate(ctx context.Context, id int64, fields []string, at time.Time) error {
	if err := tx.eraseEEOC(ctx, id, at); err != nil {
		return err
	}
	var stmts []string
	for _, f := range fields {
		switch strings.ToLower(f) {
		case "full_name", "name", "first_name", "last_name":
			stmts = append(stmts, `UPDATE candidates SET first_name = 'Anonymized', last_name = 'Candidate' WHERE id = ?1`)
		case "current_company", "company":
			stmts = append(stmts, `UPDATE candidates SET company = '' WHERE id = ?1`)
		case "current_title", "title", "headline":
			stmts = append(stmts, `UPDATE candidates SET title = '' WHERE id = ?1`)
		case "tags":
			stmts = append(stmts, `UPDATE candidates SET tags = '[]' WHERE id = ?1`)
		case "phone_numbers", "phones":
			stmts = append(stmts, `UPDATE candidates SET phone_numbers = '[]' WHERE id = ?1`)
		case "email_addresses", "emails":
			stmts = append(stmts, `UPDATE candidates SET email_addresses = '[]' WHERE id = ?1`)
		case "education", "educations":
			stmts = append(stmts, `DELETE FROM candidate_educations WHERE candidate_id = ?1`)
		case "employment", "employments":
			stmts = append(stmts, `DELETE FROM candidate_employments WHERE candidate_id = ?1`)
		case "attachments", "resumes", "resume", "cover_letters":
			stmts = append(stmts, `DELETE FROM attachments WHERE candidate_id = ?1`)
		case "notes", "activity_feed":
			stmts = append(stmts, `DELETE FROM notes WHERE candidate_id = ?1`)
		case "scorecards_and_interviews", "scorecards", "interviews":
			stmts = append(stmts, `DELETE FROM scorecards WHERE application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`,
				`DELETE FROM interviews WHERE application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`)
		case "offers":
			stmts = append(stmts, `DELETE FROM offers WHERE candidate_id = ?1`)
		}
	}
	// The raw copy holds every field: it is rewritten to hold none, so
	// nothing erased survives there. updated_at moves to the anonymization,
	// so no copy read before it can overwrite the erased fields.
	stmts = append(stmts, `UPDATE candidate_educations SET raw = '{}' WHERE candidate_id = ?1`,
		`UPDATE candidate_employments SET raw = '{}' WHERE candidate_id = ?1`)
	for _, q := range stmts {
		if _, err := tx.tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("db: anonymize candidate %d: %w", id, err)
		}
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE candidates SET raw = json_object('id', id, 'anonymized', json('true')),
		updated_at = max(coalesce(updated_at, ''), ?2) WHERE id = ?1`, id, formatTime(at))
	if err != nil {
		return fmt.Errorf("db: anonymize candidate %d: %w", id, err)
	}
	return nil
}

// Has reports whether a record with this id is stored in table.
func (d *DB) Has(ctx context.Context, table string, id int64) (bool, error) {
	if _, ok := keyColumns[table]; !ok {
		return false, fmt.Errorf("db: has: unknown table %q", table)
	}
	return d.exists(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id)
}

// HasAttachment reports whether a candidate's file of this type and name is
// stored (whatever its upload time).
func (d *DB) HasAttachment(ctx context.Context, candidateID int64, typ, filename string) (bool, error) {
	return d.exists(ctx, `SELECT count(*) FROM attachments WHERE candidate_id = ? AND type = ? AND filename = ?`, candidateID, typ, filename)
}

func (d *DB) exists(ctx context.Context, q string, args ...any) (bool, error) {
	var n int
	if err := d.read.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("db: %w", err)
	}
	return n > 0, nil
}

// EraseCandidateEvents removes a person's data from the webhook log after
// Greenhouse deleted or anonymized them: the events about them that came
// before go, and the erasing event itself keeps only what replaying it
// needs (body replaced by minimal, its event id kept so Greenhouse's retries
// stay deduplicated). Events queued after it are left for their turn.
// Replaying the log afterwards rebuilds everyone else exactly; the erased
// person stays erased. With keepID 0 (a late event about someone already
// deleted) every event about them goes but the applied deletion.
func (tx *Tx) EraseCandidateEvents(ctx context.Context, candidateID, keepID int64, minimal []byte) error {
	q := `DELETE FROM webhook_events WHERE candidate_id = ?1 AND id < ?2`
	if keepID == 0 {
		q = `DELETE FROM webhook_events WHERE candidate_id = ?1 AND ?2 = 0 AND NOT (action = 'delete_candidate' AND status = 'applied')`
	}
	if _, err := tx.tx.ExecContext(ctx, q, candidateID, keepID); err != nil {
		return fmt.Errorf("db: erase events of candidate %d: %w", candidateID, err)
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE webhook_events SET body = ? WHERE id = ?`, minimal, keepID); err != nil {
		return fmt.Errorf("db: erase events of candidate %d: %w", candidateID, err)
	}
	return nil
}

// CandidateDeleted reports whether a delete_candidate event for this person
// has been applied (one merely received may still be ahead in the queue).
func (tx *Tx) CandidateDeleted(ctx context.Context, candidateID int64) (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM webhook_events WHERE candidate_id = ? AND action = 'delete_candidate' AND status = 'applied'`,
		candidateID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("db: candidate %d deleted: %w", candidateID, err)
	}
	return n > 0, nil
}
