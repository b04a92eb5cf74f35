package db

import (
	"context"
	"fmt"
	"strings"
)

// Queued is a candidate whose search document is stale.
type Queued struct {
	Seq         int64
	CandidateID int64
}

// IndexQueue returns up to limit stale candidates, oldest change first.
func (d *DB) IndexQueue(ctx context.Context, limit int) ([]Queued, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT seq, candidate_id FROM index_outbox ORDER BY seq LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("db: index queue: %w", err)
	}
	defer rows.Close()
	var out []Queued
	for rows.Next() {
		var q Queued
		if err := rows.Scan(&q.Seq, &q.CandidateID); err != nil {
			return nil, fmt.Errorf("db: index queue: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// AckIndexQueue removes entries the index now reflects. An entry re-queued
// since it was read has a new seq and stays.
func (d *DB) AckIndexQueue(ctx context.Context, items []Queued) error {
	if len(items) == 0 {
		return nil
	}
	seqs := make([]string, len(items))
	for i, q := range items {
		seqs[i] = fmt.Sprint(q.Seq)
	}
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `DELETE FROM index_outbox WHERE seq IN (`+strings.Join(seqs, ",")+`)`)
		if err != nil {
			return fmt.Errorf("db: ack index queue: %w", err)
		}
		return nil
	})
}

// IndexQueueLen is how many candidates wait for the indexer.
func (d *DB) IndexQueueLen(ctx context.Context) (int, error) {
	var n int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM index_outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: index queue length: %w", err)
	}
	return n, nil
}

// ClearIndexQueue empties the queue, after a full rebuild made it moot.
// Entries newer than maxSeq (changes during the rebuild) stay.
func (d *DB) ClearIndexQueue(ctx context.Context, maxSeq int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `DELETE FROM index_outbox WHERE seq <= ?`, maxSeq)
		if err != nil {
			return fmt.Errorf("db: clear index queue: %w", err)
		}
		return nil
	})
}

// IndexQueueHead is the highest seq queued so far (0 when empty and fresh).
func (d *DB) IndexQueueHead(ctx context.Context) (int64, error) {
	var n int64
	err := d.read.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'index_outbox'), 0)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("db: index queue head: %w", err)
	}
	return n, nil
}
