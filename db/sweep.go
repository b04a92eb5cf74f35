package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// A sweep removes the rows a complete full walk of Greenhouse did not see.
// A walk can be complete and still wrong: Greenhouse answers the list routes
// with an empty list when the token's user is not a Site Admin, and a walk
// can end early. Deleting on such a walk would empty the tables, so a sweep
// is guarded (SweepAllowed) and recorded (table sweeps).

// sweepSlack is how many rows a sweep may always remove, whatever share of
// the table they are (as long as the walk saw something): small lookup
// lists change by a row or two (3 offices becoming 1 is an ordinary edit),
// while a bad read takes away most of a large table.
const sweepSlack = 3

// SweepAllowed reports whether a sweep that would remove remove of the
// stored rows of a table, after a walk that listed seen of them, is safe:
//   - removing nothing always is;
//   - a walk that listed nothing while rows are stored never is (that is
//     what a token without Site Admin rights gets);
//   - otherwise at least half of the stored rows must remain, unless the
//     sweep removes no more than sweepSlack rows.
//
// stored counts the rows at the end of the walk (those it added included).
func SweepAllowed(stored, seen, remove int) bool {
	switch {
	case remove <= 0:
		return true
	case seen == 0:
		return false
	}
	kept := stored - remove
	return kept*2 >= stored || remove <= sweepSlack
}

// Sweep outcomes.
const (
	SweepDone    = "done"
	SweepRefused = "refused"
	SweepForced  = "forced" // past the guard, because the operator allowed it
)

// SweepCount is what a sweep found in one table.
type SweepCount struct {
	Table  string
	Stored int // rows in the table when the walk ended
	Seen   int // rows the walk listed
	Remove int // rows the walk did not list (and not updated since it began)
}

// SweepRefusedError is returned by Tx.Sweep when removing what a walk did
// not list would shrink a table past the guard (see SweepAllowed). Nothing
// was removed.
type SweepRefusedError struct {
	Counts []SweepCount // the tables refused
}

func (e *SweepRefusedError) Error() string {
	parts := make([]string, len(e.Counts))
	for i, c := range e.Counts {
		parts[i] = c.String()
	}
	return "refused to remove rows: " + strings.Join(parts, "; ")
}

// String describes the refusal of one table in words.
func (c SweepCount) String() string {
	name := strings.ReplaceAll(c.Table, "_", " ")
	if c.Seen == 0 {
		return fmt.Sprintf("Greenhouse listed no %s but %d are stored", name, c.Stored)
	}
	return fmt.Sprintf("Greenhouse listed %d %s but %d are stored; removing the %d it did not list would take more than half",
		c.Seen, name, c.Stored, c.Remove)
}

// SweepOptions say how to sweep.
type SweepOptions struct {
	// PassStarted is when the walk began: rows updated since (created
	// behind its cursor, or by a webhook) stay.
	PassStarted time.Time
	// AllowShrink removes rows even past the guard, for when the operator
	// has checked that Greenhouse really lost them.
	AllowShrink bool
}

// Sweep deletes, from each of tables, the rows a completed full walk did not
// see and that were not updated after it began, and records each table's
// sweep. The tables are those one walk fills, so it is all or nothing: if
// any of them fails the guard (SweepAllowed) and o.AllowShrink is off, no
// row of any is removed, the refusals are recorded, and the error is a
// *SweepRefusedError. Either way the walk's seen sets are forgotten. It
// returns how many rows went.
func (tx *Tx) Sweep(ctx context.Context, tables []string, o SweepOptions) (int, error) {
	passStarted := formatTime(o.PassStarted)
	counts := make([]SweepCount, len(tables))
	var refused []SweepCount
	for i, table := range tables {
		c, err := tx.sweepCount(ctx, table, passStarted)
		if err != nil {
			return 0, err
		}
		counts[i] = c
		if !SweepAllowed(c.Stored, c.Seen, c.Remove) {
			refused = append(refused, c)
		}
	}
	if len(refused) > 0 && !o.AllowShrink {
		for _, c := range counts {
			if err := tx.forgetSeen(ctx, c.Table); err != nil {
				return 0, err
			}
		}
		for _, c := range refused {
			if err := tx.recordSweep(ctx, c, 0, SweepRefused); err != nil {
				return 0, err
			}
		}
		return 0, &SweepRefusedError{Counts: refused}
	}
	total := 0
	for _, c := range counts {
		cols := keyColumns[c.Table]
		q := fmt.Sprintf(`DELETE FROM %s WHERE %s NOT IN (SELECT key FROM sync_seen WHERE resource = ?)
			AND (updated_at IS NULL OR updated_at < ?)`, c.Table, keyExpr(cols))
		res, err := tx.tx.ExecContext(ctx, q, c.Table, passStarted)
		if err != nil {
			return total, fmt.Errorf("db: sweep %s: %w", c.Table, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("db: sweep %s: %w", c.Table, err)
		}
		if err := tx.forgetSeen(ctx, c.Table); err != nil {
			return total, err
		}
		outcome := SweepDone
		if !SweepAllowed(c.Stored, c.Seen, c.Remove) {
			outcome = SweepForced
		}
		if err := tx.recordSweep(ctx, c, int(n), outcome); err != nil {
			return total, err
		}
		total += int(n)
	}
	return total, nil
}

// sweepCount counts, in the transaction, what sweeping table would do.
func (tx *Tx) sweepCount(ctx context.Context, table, passStarted string) (SweepCount, error) {
	c := SweepCount{Table: table}
	cols, ok := keyColumns[table]
	if !ok {
		return c, fmt.Errorf("db: sweep: unknown table %q", table)
	}
	q := fmt.Sprintf(`SELECT
		(SELECT count(*) FROM %[1]s),
		(SELECT count(*) FROM sync_seen WHERE resource = ?1),
		(SELECT count(*) FROM %[1]s WHERE %[2]s NOT IN (SELECT key FROM sync_seen WHERE resource = ?1)
			AND (updated_at IS NULL OR updated_at < ?2))`, table, keyExpr(cols))
	if err := tx.tx.QueryRowContext(ctx, q, table, passStarted).Scan(&c.Stored, &c.Seen, &c.Remove); err != nil {
		return c, fmt.Errorf("db: sweep %s: count: %w", table, err)
	}
	return c, nil
}

func (tx *Tx) forgetSeen(ctx context.Context, table string) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM sync_seen WHERE resource = ?`, table); err != nil {
		return fmt.Errorf("db: sweep %s: forget seen: %w", table, err)
	}
	return nil
}

// sweepNoopKeep is how long a sweep that removed nothing stays on record:
// lookups are swept on every run, and only what a sweep did matters later.
const sweepNoopKeep = 30 * 24 * time.Hour

func (tx *Tx) recordSweep(ctx context.Context, c SweepCount, removed int, outcome string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO sweeps (resource, swept_at, stored, seen, removed, outcome)
		VALUES (?, ?, ?, ?, ?, ?)`, c.Table, formatTime(tx.now), c.Stored, c.Seen, removed, outcome)
	if err != nil {
		return fmt.Errorf("db: record sweep of %s: %w", c.Table, err)
	}
	_, err = tx.tx.ExecContext(ctx, `DELETE FROM sweeps WHERE removed = 0 AND outcome = ? AND swept_at < ?`,
		SweepDone, formatTime(tx.now.Add(-sweepNoopKeep)))
	if err != nil {
		return fmt.Errorf("db: prune sweeps: %w", err)
	}
	return nil
}

// Sweep is the record of one sweep.
type Sweep struct {
	ID       int64
	Resource string // the table swept
	At       time.Time
	Stored   int
	Seen     int
	Removed  int
	Outcome  string // SweepDone, SweepRefused or SweepForced
}

// RecentSweeps returns the newest sweeps that removed rows or were refused,
// newest first; sweeps that found nothing to remove are left out.
func (d *DB) RecentSweeps(ctx context.Context, limit int) ([]Sweep, error) {
	return d.sweeps(ctx, `WHERE removed > 0 OR outcome <> ? ORDER BY id DESC LIMIT ?`, SweepDone, limit)
}

// Sweeps returns every recorded sweep of table, oldest first.
func (d *DB) Sweeps(ctx context.Context, table string) ([]Sweep, error) {
	return d.sweeps(ctx, `WHERE resource = ? ORDER BY id`, table)
}

func (d *DB) sweeps(ctx context.Context, where string, args ...any) ([]Sweep, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id, resource, swept_at, stored, seen, removed, outcome FROM sweeps `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("db: sweeps: %w", err)
	}
	defer rows.Close()
	var out []Sweep
	for rows.Next() {
		var s Sweep
		var at sql.NullString
		if err := rows.Scan(&s.ID, &s.Resource, &at, &s.Stored, &s.Seen, &s.Removed, &s.Outcome); err != nil {
			return nil, fmt.Errorf("db: sweeps: %w", err)
		}
		s.At = parseTime(at)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: sweeps: %w", err)
	}
	return out, nil
}
