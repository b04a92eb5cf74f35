package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Score write-back: what Shortlist last wrote to each application's score
// custom field in Greenhouse, and the write in flight (see the
// score_writes table in migration 0012).

// ScoreWrite is the write-back state of one application.
type ScoreWrite struct {
	ApplicationID, JobID int64
	// FieldKey, Value and Inputs are the field Greenhouse holds the score
	// in, the value, and the fingerprint of what it was computed from.
	FieldKey, Value, Inputs string
	// Pending is set while a write is in flight or in doubt; the Pending*
	// fields are what it sends.
	Pending                                   bool
	PendingField, PendingValue, PendingInputs string
	WrittenAt, AttemptedAt                    time.Time
	// Error is why the last write failed.
	Error string
}

const scoreWriteCols = `w.application_id, w.job_id, w.field_key, w.value, w.inputs, w.pending_value IS NOT NULL,
	coalesce(w.pending_field, ''), coalesce(w.pending_value, ''), coalesce(w.pending_inputs, ''), w.written_at, w.attempted_at, w.error`

func scanScoreWrite(row interface{ Scan(...any) error }) (ScoreWrite, error) {
	var w ScoreWrite
	var wa, aa sql.NullString
	err := row.Scan(&w.ApplicationID, &w.JobID, &w.FieldKey, &w.Value, &w.Inputs, &w.Pending, &w.PendingField, &w.PendingValue,
		&w.PendingInputs, &wa, &aa, &w.Error)
	w.WrittenAt, w.AttemptedAt = parseTime(wa), parseTime(aa)
	return w, err
}

// ScoreTarget is an application whose score is written back: an active,
// non-prospect application to a job, with its write-back state (zero
// ApplicationID in Written when there is none yet).
type ScoreTarget struct {
	ApplicationID, CandidateID, JobID int64
	Written                           ScoreWrite
}

// ScoreTargets lists the applications whose score is written back, by
// job, then by id.
func (d *DB) ScoreTargets(ctx context.Context) ([]ScoreTarget, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT a.id, a.candidate_id, a.job_id, w.application_id IS NOT NULL,
		coalesce(w.application_id, 0), coalesce(w.job_id, 0), coalesce(w.field_key, ''), coalesce(w.value, ''), coalesce(w.inputs, ''),
		w.pending_value IS NOT NULL, coalesce(w.pending_field, ''), coalesce(w.pending_value, ''), coalesce(w.pending_inputs, ''),
		w.written_at, w.attempted_at, coalesce(w.error, '')
		FROM applications a LEFT JOIN score_writes w ON w.application_id = a.id
		WHERE a.status = 'active' AND a.prospect = 0 AND a.job_id IS NOT NULL
		ORDER BY a.job_id, a.id`)
	if err != nil {
		return nil, fmt.Errorf("db: score targets: %w", err)
	}
	defer rows.Close()
	var out []ScoreTarget
	for rows.Next() {
		var t ScoreTarget
		var has bool
		var wa, aa sql.NullString
		w := &t.Written
		if err := rows.Scan(&t.ApplicationID, &t.CandidateID, &t.JobID, &has, &w.ApplicationID, &w.JobID, &w.FieldKey, &w.Value,
			&w.Inputs, &w.Pending, &w.PendingField, &w.PendingValue, &w.PendingInputs, &wa, &aa, &w.Error); err != nil {
			return nil, fmt.Errorf("db: score targets: %w", err)
		}
		w.WrittenAt, w.AttemptedAt = parseTime(wa), parseTime(aa)
		out = append(out, t)
	}
	return out, rows.Err()
}

// ScoreWritesInDoubt lists the writes begun and never finished: sent, or
// about to be, when the process stopped or the answer was lost.
func (d *DB) ScoreWritesInDoubt(ctx context.Context) ([]ScoreWrite, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+scoreWriteCols+` FROM score_writes w
		WHERE w.pending_value IS NOT NULL ORDER BY w.application_id`)
	if err != nil {
		return nil, fmt.Errorf("db: score writes in doubt: %w", err)
	}
	defer rows.Close()
	var out []ScoreWrite
	for rows.Next() {
		w, err := scanScoreWrite(rows)
		if err != nil {
			return nil, fmt.Errorf("db: score writes in doubt: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// ScoreWriteFor reads one application's write-back state.
func (d *DB) ScoreWriteFor(ctx context.Context, applicationID int64) (ScoreWrite, error) {
	w, err := scanScoreWrite(d.read.QueryRowContext(ctx, `SELECT `+scoreWriteCols+` FROM score_writes w WHERE w.application_id = ?`, applicationID))
	if err == sql.ErrNoRows {
		return w, fmt.Errorf("db: score write of application %d: %w", applicationID, ErrNotFound)
	}
	if err != nil {
		return w, fmt.Errorf("db: score write of application %d: %w", applicationID, err)
	}
	return w, nil
}

// BeginScoreWrite records, before it is sent, that value is about to be
// written to field of the application. The commit is the "before" of a
// write: from here until FinishScoreWrite or AbandonScoreWrite the write is
// in doubt.
func (d *DB) BeginScoreWrite(ctx context.Context, applicationID, jobID int64, field, value, inputs string) error {
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO score_writes (application_id, job_id, field_key, pending_field, pending_value,
			pending_inputs, attempted_at) VALUES (?1, ?2, '', ?3, ?4, ?5, ?6)
			ON CONFLICT (application_id) DO UPDATE SET job_id = ?2, pending_field = ?3, pending_value = ?4, pending_inputs = ?5,
			attempted_at = ?6`, applicationID, jobID, field, value, inputs, formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("db: begin score write of application %d: %w", applicationID, err)
		}
		return nil
	})
}

// FinishScoreWrite records that the pending write arrived: Greenhouse now
// holds its value.
func (d *DB) FinishScoreWrite(ctx context.Context, applicationID int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE score_writes SET field_key = pending_field, value = pending_value,
			inputs = pending_inputs, pending_field = NULL, pending_value = NULL, pending_inputs = NULL, written_at = ?, error = ''
			WHERE application_id = ? AND pending_value IS NOT NULL`, formatTime(tx.now), applicationID)
		if err != nil {
			return fmt.Errorf("db: finish score write of application %d: %w", applicationID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: pending score write of application %d: %w", applicationID, ErrNotFound)
		}
		return nil
	})
}

// AbandonScoreWrite records that the pending write did not arrive (it was
// refused, or reading back showed it missing): Greenhouse holds what it
// held before. why, if not empty, is kept as the application's error.
func (d *DB) AbandonScoreWrite(ctx context.Context, applicationID int64, why string) error {
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE score_writes SET pending_field = NULL, pending_value = NULL, pending_inputs = NULL,
			error = ? WHERE application_id = ?`, why, applicationID)
		if err != nil {
			return fmt.Errorf("db: abandon score write of application %d: %w", applicationID, err)
		}
		return nil
	})
}

// NoteScoreInputs records new inputs for applications whose recomputed
// value is the one Greenhouse already holds, so they are not computed
// again until their inputs change.
func (d *DB) NoteScoreInputs(ctx context.Context, ws []ScoreWrite) error {
	if len(ws) == 0 {
		return nil
	}
	return d.Update(ctx, func(tx *Tx) error {
		stmt, err := tx.tx.PrepareContext(ctx, `UPDATE score_writes SET inputs = ? WHERE application_id = ? AND field_key = ?
			AND value = ? AND pending_value IS NULL`)
		if err != nil {
			return fmt.Errorf("db: note score inputs: %w", err)
		}
		defer stmt.Close()
		for _, w := range ws {
			if _, err := stmt.ExecContext(ctx, w.Inputs, w.ApplicationID, w.FieldKey, w.Value); err != nil {
				return fmt.Errorf("db: note score inputs of application %d: %w", w.ApplicationID, err)
			}
		}
		return nil
	})
}

// ScoreWriteStats counts the write-back state.
type ScoreWriteStats struct {
	// Written counts applications whose score Greenhouse holds; InDoubt
	// those with a write begun and unfinished; Failed those whose last
	// write failed.
	Written, InDoubt, Failed int
	LastWrittenAt            time.Time
}

// ScoreWriteStats counts the write-back state.
func (d *DB) ScoreWriteStats(ctx context.Context) (ScoreWriteStats, error) {
	var s ScoreWriteStats
	var last sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE value <> ''), count(*) FILTER (WHERE pending_value IS NOT NULL),
		count(*) FILTER (WHERE error <> ''), max(written_at) FROM score_writes`).Scan(&s.Written, &s.InDoubt, &s.Failed, &last)
	if err != nil {
		return s, fmt.Errorf("db: score write stats: %w", err)
	}
	s.LastWrittenAt = parseTime(last)
	return s, nil
}

// ForgetScoreWrites drops the whole write-back state, as if nothing had
// been written: the next run writes every score. (For a Greenhouse that
// lost its values, such as the demo's simulator, which starts afresh.)
func (d *DB) ForgetScoreWrites(ctx context.Context) error {
	return d.Update(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM score_writes`); err != nil {
			return fmt.Errorf("db: forget score writes: %w", err)
		}
		return nil
	})
}
