package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kinds of action a Shortlist user takes in Greenhouse.
const (
	ActionAddProspect  = "add_prospect"  // put a candidate on a job as a prospect
	ActionAddCandidate = "add_candidate" // put a candidate in a job's first stage
	ActionAddNote      = "add_note"      // write a note on a candidate
)

// States of an action. A pending action waits until NextAttemptAt; sending
// means an attempt began and its outcome is not recorded (after a crash, it
// may or may not have reached Greenhouse); done and failed are final.
const (
	ActionPending = "pending"
	ActionSending = "sending"
	ActionDone    = "done"
	ActionFailed  = "failed"
)

// Action is one write to Greenhouse, from the moment a user asks for it to
// Greenhouse's answer (see migration 0011).
type Action struct {
	ID               int64
	Kind             string
	AccountID        int64
	AccountEmail     string
	GreenhouseUserID int64
	CandidateID      int64
	JobID            int64
	Body             string
	Visibility       string
	State            string
	Attempts         int
	NextAttemptAt    time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
	FinishedAt       time.Time
	// ResultID is the application or note Greenhouse created, or the one
	// found already there.
	ResultID int64
	// Outcome says what happened, in words for the user.
	Outcome string
	// ResponseStatus and Response are Greenhouse's last answer.
	ResponseStatus int
	Response       string
}

// Final reports whether the action is done or failed.
func (a Action) Final() bool { return a.State == ActionDone || a.State == ActionFailed }

// ActionEvent is one step of an action, for the audit log.
type ActionEvent struct {
	ID       int64
	ActionID int64
	At       time.Time
	Event    string
	Status   int
	Detail   string
}

// maxResponse bounds the Greenhouse answer kept with an action.
const maxResponse = 2000

const actionCols = `id, kind, account_id, account_email, greenhouse_user_id, candidate_id, job_id, body, visibility, state,
	attempts, next_attempt_at, created_at, updated_at, finished_at, result_id, outcome, response_status, response`

func scanAction(row interface{ Scan(...any) error }) (Action, error) {
	var a Action
	var job, result, status sql.NullInt64
	var next, created, updated, finished sql.NullString
	err := row.Scan(&a.ID, &a.Kind, &a.AccountID, &a.AccountEmail, &a.GreenhouseUserID, &a.CandidateID, &job, &a.Body, &a.Visibility,
		&a.State, &a.Attempts, &next, &created, &updated, &finished, &result, &a.Outcome, &status, &a.Response)
	a.JobID, a.ResultID, a.ResponseStatus = job.Int64, result.Int64, int(status.Int64)
	a.NextAttemptAt, a.CreatedAt, a.UpdatedAt, a.FinishedAt = parseTime(next), parseTime(created), parseTime(updated), parseTime(finished)
	return a, err
}

func shorten(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxResponse {
		return s
	}
	return strings.ToValidUTF8(s[:maxResponse], "") + "…"
}

// CreateAction records an action to send now, and its "queued" event.
func (d *DB) CreateAction(ctx context.Context, a Action) (Action, error) {
	switch a.Kind {
	case ActionAddProspect, ActionAddCandidate:
		if a.JobID == 0 {
			return a, fmt.Errorf("db: create action: %s needs a job: %w", a.Kind, ErrConflict)
		}
	case ActionAddNote:
		if strings.TrimSpace(a.Body) == "" {
			return a, fmt.Errorf("db: create action: a note needs a body: %w", ErrConflict)
		}
	default:
		return a, fmt.Errorf("db: create action: unknown kind %q: %w", a.Kind, ErrConflict)
	}
	if a.CandidateID == 0 || a.AccountID == 0 || a.GreenhouseUserID == 0 {
		return a, fmt.Errorf("db: create action: candidate, account and Greenhouse user are required: %w", ErrConflict)
	}
	err := d.Update(ctx, func(tx *Tx) error {
		a.State, a.Attempts = ActionPending, 0
		a.CreatedAt, a.UpdatedAt, a.NextAttemptAt = tx.now, tx.now, tx.now
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO actions (kind, account_id, account_email, greenhouse_user_id, candidate_id,
			job_id, body, visibility, state, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Kind, a.AccountID, a.AccountEmail, a.GreenhouseUserID, a.CandidateID, nullInt(a.JobID), a.Body, a.Visibility,
			a.State, formatTime(tx.now), formatTime(tx.now), formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("db: create action: %w", err)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("db: create action: %w", err)
		}
		return tx.actionEvent(ctx, a.ID, "queued", 0, "")
	})
	return a, err
}

// Action reads an action by id.
func (d *DB) Action(ctx context.Context, id int64) (Action, error) {
	a, err := scanAction(d.read.QueryRowContext(ctx, `SELECT `+actionCols+` FROM actions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("db: action %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("db: action %d: %w", id, err)
	}
	return a, nil
}

func (d *DB) actions(ctx context.Context, q string, args ...any) ([]Action, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+actionCols+` FROM actions `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("db: actions: %w", err)
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, fmt.Errorf("db: actions: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DueActions lists up to limit unfinished actions due at or before now,
// oldest first. Actions left sending by a crash are due at once.
func (d *DB) DueActions(ctx context.Context, now time.Time, limit int) ([]Action, error) {
	return d.actions(ctx, `WHERE state IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
		formatTime(now), limit)
}

// NextActionDue is when the next unfinished action is due; zero when none
// is waiting.
func (d *DB) NextActionDue(ctx context.Context) (time.Time, error) {
	var at sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT min(next_attempt_at) FROM actions WHERE state IN ('pending', 'sending')`).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("db: next action due: %w", err)
	}
	return parseTime(at), nil
}

// CandidateActions lists a candidate's actions, newest first.
func (d *DB) CandidateActions(ctx context.Context, candidateID int64) ([]Action, error) {
	return d.actions(ctx, `WHERE candidate_id = ? ORDER BY id DESC`, candidateID)
}

// RecentActions lists the latest actions of everyone, newest first.
func (d *DB) RecentActions(ctx context.Context, limit int) ([]Action, error) {
	return d.actions(ctx, `ORDER BY id DESC LIMIT ?`, limit)
}

// ActionEvents lists an action's steps in order.
func (d *DB) ActionEvents(ctx context.Context, actionID int64) ([]ActionEvent, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id, action_id, at, event, status, detail FROM action_events
		WHERE action_id = ? ORDER BY id`, actionID)
	if err != nil {
		return nil, fmt.Errorf("db: action events: %w", err)
	}
	defer rows.Close()
	var out []ActionEvent
	for rows.Next() {
		var e ActionEvent
		var at sql.NullString
		var status sql.NullInt64
		if err := rows.Scan(&e.ID, &e.ActionID, &at, &e.Event, &status, &e.Detail); err != nil {
			return nil, fmt.Errorf("db: action events: %w", err)
		}
		e.At, e.Status = parseTime(at), int(status.Int64)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (tx *Tx) actionEvent(ctx context.Context, id int64, event string, status int, detail string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO action_events (action_id, at, event, status, detail) VALUES (?, ?, ?, ?, ?)`,
		id, formatTime(tx.now), event, nullInt(int64(status)), shorten(detail))
	if err != nil {
		return fmt.Errorf("db: action %d event: %w", id, err)
	}
	return nil
}

// update changes an unfinished action; a finished one is ErrConflict, so
// an outcome is recorded once.
func (tx *Tx) updateAction(ctx context.Context, id int64, set string, args ...any) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE actions SET `+set+`, updated_at = ? WHERE id = ? AND state IN ('pending', 'sending')`,
		append(args, formatTime(tx.now), id)...)
	if err != nil {
		return fmt.Errorf("db: update action %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: action %d is finished or gone: %w", id, ErrConflict)
	}
	return nil
}

// StartAttempt marks an action as being sent, before the request leaves:
// should Shortlist stop before it records the answer, the next start knows
// the write may have reached Greenhouse.
func (d *DB) StartAttempt(ctx context.Context, id int64) (Action, error) {
	err := d.Update(ctx, func(tx *Tx) error {
		if err := tx.updateAction(ctx, id, `state = 'sending', attempts = attempts + 1`); err != nil {
			return err
		}
		return tx.actionEvent(ctx, id, "attempt", 0, "")
	})
	if err != nil {
		return Action{}, err
	}
	return d.Action(ctx, id)
}

// RetryAction puts an action back to wait until at, after an attempt that
// may be repeated (Greenhouse unavailable or busy).
func (d *DB) RetryAction(ctx context.Context, id int64, at time.Time, status int, answer, outcome string) error {
	return d.Update(ctx, func(tx *Tx) error {
		if err := tx.updateAction(ctx, id, `state = 'pending', next_attempt_at = ?, outcome = ?, response_status = ?, response = ?`,
			formatTime(at), outcome, nullInt(int64(status)), shorten(answer)); err != nil {
			return err
		}
		return tx.actionEvent(ctx, id, "retry", status, outcome)
	})
}

// FailAction ends an action that cannot succeed, saying why.
func (d *DB) FailAction(ctx context.Context, id int64, status int, answer, outcome string) error {
	return d.Update(ctx, func(tx *Tx) error {
		if err := tx.updateAction(ctx, id, `state = 'failed', finished_at = ?, outcome = ?, response_status = ?, response = ?`,
			formatTime(tx.now), outcome, nullInt(int64(status)), shorten(answer)); err != nil {
			return err
		}
		return tx.actionEvent(ctx, id, "failed", status, outcome)
	})
}

// FinishAction ends an action that succeeded, with the record Greenhouse
// created (or the one found already there: found). The caller stores the
// record in the same transaction, so the action and its result land
// together.
func (tx *Tx) FinishAction(ctx context.Context, id, resultID int64, found bool, status int, answer, outcome string) error {
	if err := tx.updateAction(ctx, id, `state = 'done', finished_at = ?, result_id = ?, outcome = ?, response_status = ?, response = ?`,
		formatTime(tx.now), nullInt(resultID), outcome, nullInt(int64(status)), shorten(answer)); err != nil {
		return err
	}
	event := "done"
	if found {
		event = "found"
	}
	return tx.actionEvent(ctx, id, event, status, outcome)
}

// NoteView is a note on a candidate as pages and the API show it: the
// synced note with its author's name, or one still on its way to
// Greenhouse (Pending, with the action's id).
type NoteView struct {
	ID         int64 // the note's id in Greenhouse; 0 while pending
	ActionID   int64 // the action that writes it, while pending
	Body       string
	Visibility string
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	Pending    bool
}

// CandidateNotes lists a candidate's notes, newest first: the synced notes
// (type NOTE) with their authors, and the notes of actions not yet done,
// marked Pending (failed ones are told to their author on the action). own, when not 0, is the Greenhouse user of the reader:
// with all false, private and admin-only notes show only to their author.
func (d *DB) CandidateNotes(ctx context.Context, candidateID int64, all bool, own int64) ([]NoteView, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT n.id, 0, n.body, n.visibility, coalesce(n.user_id, 0),
			coalesce(nullif(u.name, ''), trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))), n.created_at, 0
		FROM notes n LEFT JOIN users u ON u.id = n.user_id
		WHERE n.candidate_id = ?1 AND n.type IN ('NOTE', '') AND (?2 OR n.visibility = 'public' OR n.user_id = ?3)
		UNION ALL
		SELECT 0, a.id, a.body, a.visibility, a.greenhouse_user_id,
			coalesce(nullif(u.name, ''), trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))), a.created_at, 1
		FROM actions a LEFT JOIN users u ON u.id = a.greenhouse_user_id
		WHERE a.candidate_id = ?1 AND a.kind = 'add_note' AND a.state IN ('pending', 'sending')
			AND (?2 OR a.visibility = 'public' OR a.greenhouse_user_id = ?3)
		ORDER BY 7 DESC, 1 DESC, 2 DESC`, candidateID, all, own)
	if err != nil {
		return nil, fmt.Errorf("db: notes of candidate %d: %w", candidateID, err)
	}
	defer rows.Close()
	var out []NoteView
	for rows.Next() {
		var n NoteView
		var at sql.NullString
		if err := rows.Scan(&n.ID, &n.ActionID, &n.Body, &n.Visibility, &n.AuthorID, &n.AuthorName, &at, &n.Pending); err != nil {
			return nil, fmt.Errorf("db: notes of candidate %d: %w", candidateID, err)
		}
		n.CreatedAt = parseTime(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// FirstStage is a job's first active interview stage, where a candidate
// added to the job starts; ErrNotFound when none is synced.
func (d *DB) FirstStage(ctx context.Context, jobID int64) (JobInterviewStage, error) {
	s := JobInterviewStage{JobID: jobID, Active: true}
	err := d.read.QueryRowContext(ctx, `SELECT id, name, sort_order FROM job_interview_stages
		WHERE job_id = ? AND active = 1 ORDER BY sort_order, id LIMIT 1`, jobID).Scan(&s.ID, &s.Name, &s.SortOrder)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("db: first stage of job %d: %w", jobID, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("db: first stage of job %d: %w", jobID, err)
	}
	return s, nil
}

// OpenActions lists an account's unfinished actions on the given
// candidates, oldest first: what a page shows as under way after a reload.
func (d *DB) OpenActions(ctx context.Context, accountID int64, candidateIDs []int64) ([]Action, error) {
	if len(candidateIDs) == 0 {
		return nil, nil
	}
	return d.actions(ctx, `WHERE account_id = ? AND state IN ('pending', 'sending')
		AND candidate_id IN (SELECT value FROM json_each(?)) ORDER BY id`, accountID, idsJSON(candidateIDs))
}
