package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SyncState is one resource's sync progress.
type SyncState struct {
	Resource string
	// HighWater: the next incremental pass asks for records updated at or
	// after this. Zero means no pass has completed, so the next one is full.
	HighWater time.Time
	// PassStartedAt is when the pass in flight began; it becomes HighWater
	// when the pass's last page commits.
	PassStartedAt time.Time
	PassFull      bool
	// Cursor is the URL of the next page of the pass in flight, or empty.
	Cursor     string
	Fetched    int // records fetched by the pass in flight
	LastPassAt time.Time
	// Deferred counts the records the pass in flight skipped because
	// Greenhouse was still processing them. While it is not zero the pass
	// may not move HighWater past DeferredFloor (zero: not at all), so the
	// next pass reads them; DeferredOpen says the floor waits for the next
	// record of the list.
	Deferred      int
	DeferredFloor time.Time
	DeferredOpen  bool
}

// InFlight reports whether a pass was interrupted and can resume.
func (s SyncState) InFlight() bool { return s.Cursor != "" }

// SyncState reads a resource's progress; a resource never synced has a zero
// state.
func (d *DB) SyncState(ctx context.Context, resource string) (SyncState, error) {
	return syncState(ctx, d.read, resource)
}

// SyncState reads a resource's progress inside the transaction.
func (tx *Tx) SyncState(ctx context.Context, resource string) (SyncState, error) {
	return syncState(ctx, tx.tx, resource)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func syncState(ctx context.Context, q querier, resource string) (SyncState, error) {
	s := SyncState{Resource: resource}
	var hw, ps, lp, df sql.NullString
	err := q.QueryRowContext(ctx, `SELECT high_water, pass_started_at, pass_full, cursor, fetched, last_pass_at,
		deferred, deferred_floor, deferred_open
		FROM sync_state WHERE resource = ?`, resource).Scan(&hw, &ps, &s.PassFull, &s.Cursor, &s.Fetched, &lp,
		&s.Deferred, &df, &s.DeferredOpen)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("db: sync state %s: %w", resource, err)
	}
	s.HighWater, s.PassStartedAt, s.LastPassAt, s.DeferredFloor = parseTime(hw), parseTime(ps), parseTime(lp), parseTime(df)
	return s, nil
}

// SyncStates lists every resource's progress.
func (d *DB) SyncStates(ctx context.Context) ([]SyncState, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT resource, high_water, pass_started_at, pass_full, cursor, fetched, last_pass_at,
		deferred, deferred_floor, deferred_open
		FROM sync_state ORDER BY resource`)
	if err != nil {
		return nil, fmt.Errorf("db: sync states: %w", err)
	}
	defer rows.Close()
	var out []SyncState
	for rows.Next() {
		var s SyncState
		var hw, ps, lp, df sql.NullString
		if err := rows.Scan(&s.Resource, &hw, &ps, &s.PassFull, &s.Cursor, &s.Fetched, &lp, &s.Deferred, &df, &s.DeferredOpen); err != nil {
			return nil, fmt.Errorf("db: sync states: %w", err)
		}
		s.HighWater, s.PassStartedAt, s.LastPassAt, s.DeferredFloor = parseTime(hw), parseTime(ps), parseTime(lp), parseTime(df)
		out = append(out, s)
	}
	return out, rows.Err()
}

// SaveSyncState stores a resource's progress.
func (tx *Tx) SaveSyncState(ctx context.Context, s SyncState) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO sync_state
		(resource, high_water, pass_started_at, pass_full, cursor, fetched, last_pass_at, deferred, deferred_floor, deferred_open, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (resource) DO UPDATE SET high_water = excluded.high_water, pass_started_at = excluded.pass_started_at,
		pass_full = excluded.pass_full, cursor = excluded.cursor, fetched = excluded.fetched,
		last_pass_at = excluded.last_pass_at, deferred = excluded.deferred, deferred_floor = excluded.deferred_floor,
		deferred_open = excluded.deferred_open, updated_at = excluded.updated_at`,
		s.Resource, nullTime(s.HighWater), nullTime(s.PassStartedAt), boolInt(s.PassFull), s.Cursor, s.Fetched,
		nullTime(s.LastPassAt), s.Deferred, nullTime(s.DeferredFloor), boolInt(s.DeferredOpen), formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("db: save sync state %s: %w", s.Resource, err)
	}
	return nil
}

// SyncRun is one run of the sync.
type SyncRun struct {
	ID                    int64
	Kind, APIVersion      string
	StartedAt, FinishedAt time.Time
	Outcome, Error        string
	Records, Files        int
}

// Sync run outcomes.
const (
	RunRunning   = "running"
	RunOK        = "ok"
	RunFailed    = "failed"
	RunCancelled = "cancelled"
)

// StartSyncRun records the start of a run and returns its id.
func (d *DB) StartSyncRun(ctx context.Context, kind, apiVersion string) (int64, error) {
	var id int64
	err := d.Update(ctx, func(tx *Tx) error {
		// A run still "running" was cut off by a crash or kill.
		if _, err := tx.tx.ExecContext(ctx, `UPDATE sync_runs SET outcome = ?, error = 'interrupted', finished_at = ?
			WHERE outcome = ?`, RunFailed, formatTime(tx.now), RunRunning); err != nil {
			return err
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO sync_runs (kind, api_version, started_at, outcome) VALUES (?, ?, ?, ?)`,
			kind, apiVersion, formatTime(tx.now), RunRunning)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("db: start sync run: %w", err)
	}
	return id, nil
}

// FinishSyncRun records how a run ended.
func (d *DB) FinishSyncRun(ctx context.Context, r SyncRun) error {
	err := d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE sync_runs SET finished_at = ?, outcome = ?, error = ?, records = ?, files = ?
			WHERE id = ?`, formatTime(tx.now), r.Outcome, r.Error, r.Records, r.Files, r.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("db: finish sync run %d: %w", r.ID, err)
	}
	return nil
}

// LastSyncRuns returns the most recent runs, newest first.
func (d *DB) LastSyncRuns(ctx context.Context, n int) ([]SyncRun, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id, kind, api_version, started_at, finished_at, outcome, error, records, files
		FROM sync_runs ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("db: last sync runs: %w", err)
	}
	defer rows.Close()
	var out []SyncRun
	for rows.Next() {
		var r SyncRun
		var st, fin sql.NullString
		if err := rows.Scan(&r.ID, &r.Kind, &r.APIVersion, &st, &fin, &r.Outcome, &r.Error, &r.Records, &r.Files); err != nil {
			return nil, fmt.Errorf("db: last sync runs: %w", err)
		}
		r.StartedAt, r.FinishedAt = parseTime(st), parseTime(fin)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Counts returns the number of rows in each synced table.
func (d *DB) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range Tables() {
		var n int
		if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("db: count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// TextCounts summarizes attachment text extraction.
type TextCounts struct {
	Resumes         int // resume attachments
	ResumesWithText int // resumes whose text was extracted
	Failed          int // attachments whose extraction failed
	Pending         int // resume attachments not yet downloaded
}

// TextCounts counts resumes by extraction outcome.
func (d *DB) TextCounts(ctx context.Context) (TextCounts, error) {
	var c TextCounts
	err := d.read.QueryRowContext(ctx, `SELECT
		count(*),
		count(*) FILTER (WHERE t.status = 'ok'),
		count(*) FILTER (WHERE t.status = 'failed'),
		count(*) FILTER (WHERE t.attachment_id IS NULL)
		FROM attachments a LEFT JOIN attachment_texts t ON t.attachment_id = a.id
		WHERE a.type = 'resume'`).Scan(&c.Resumes, &c.ResumesWithText, &c.Failed, &c.Pending)
	if err != nil {
		return c, fmt.Errorf("db: text counts: %w", err)
	}
	return c, nil
}
