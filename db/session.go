package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is one logged-in browser. Its cookie carries a random token and
// the row only the token's hash. The times are the web server's clock,
// passed in by the caller, which also decides when a session has expired.
type Session struct {
	ID         int64
	AccountID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	IP         string // client address last seen
	UserAgent  string // browser last seen
}

const sessionCols = `id, account_id, created_at, last_seen_at, ip, user_agent`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var s Session
	var ca, ls sql.NullString
	err := row.Scan(&s.ID, &s.AccountID, &ca, &ls, &s.IP, &s.UserAgent)
	s.CreatedAt, s.LastSeenAt = parseTime(ca), parseTime(ls)
	return s, err
}

// CreateSession stores a new session under the hash of its token.
func (d *DB) CreateSession(ctx context.Context, s Session, tokenHash string) (Session, error) {
	err := d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO sessions (account_id, token_hash, created_at, last_seen_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?)`, s.AccountID, tokenHash, formatTime(s.CreatedAt), formatTime(s.LastSeenAt), s.IP, s.UserAgent)
		if err != nil {
			return fmt.Errorf("db: create session for account %d: %w", s.AccountID, err)
		}
		s.ID, err = res.LastInsertId()
		return err
	})
	return s, err
}

// SessionByTokenHash finds the session whose token hashes to hash; an
// ended or purged one is ErrNotFound.
func (d *DB) SessionByTokenHash(ctx context.Context, hash string) (Session, error) {
	s, err := scanSession(d.read.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE token_hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("db: session: %w", ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("db: session: %w", err)
	}
	return s, nil
}

// TouchSession records that session id was used at the time at, from ip
// with user agent ua.
func (d *DB) TouchSession(ctx context.Context, id int64, at time.Time, ip, ua string) error {
	return d.Update(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, ip = ?, user_agent = ? WHERE id = ?`,
			formatTime(at), ip, ua, id); err != nil {
			return fmt.Errorf("db: touch session %d: %w", id, err)
		}
		return nil
	})
}

// DeleteSession ends session id of an account; a session that is not the
// account's (or no longer exists) is ErrNotFound.
func (d *DB) DeleteSession(ctx context.Context, accountID, id int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ? AND account_id = ?`, id, accountID)
		if err != nil {
			return fmt.Errorf("db: delete session %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: session %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// DeleteSessions ends every session of an account except keep (0 keeps
// none) and returns how many ended.
func (d *DB) DeleteSessions(ctx context.Context, accountID, keep int64) (int64, error) {
	var n int64
	err := d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ? AND id != ?`, accountID, keep)
		if err != nil {
			return fmt.Errorf("db: delete sessions of account %d: %w", accountID, err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

// Sessions lists an account's live sessions (seen since seenSince and
// created since createdSince), the most recently seen first.
func (d *DB) Sessions(ctx context.Context, accountID int64, seenSince, createdSince time.Time) ([]Session, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+sessionCols+` FROM sessions
		WHERE account_id = ? AND last_seen_at >= ? AND created_at >= ? ORDER BY last_seen_at DESC, id DESC`,
		accountID, formatTime(seenSince), formatTime(createdSince))
	if err != nil {
		return nil, fmt.Errorf("db: sessions of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("db: sessions of account %d: %w", accountID, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PurgeSessions deletes expired sessions: those last seen before
// seenBefore or created before createdBefore. It returns how many went.
func (d *DB) PurgeSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int64, error) {
	var n int64
	err := d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`,
			formatTime(seenBefore), formatTime(createdBefore))
		if err != nil {
			return fmt.Errorf("db: purge sessions: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

// deleteSessionsTx ends every session of an account inside tx.
func deleteSessionsTx(ctx context.Context, tx *Tx, accountID int64) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ?`, accountID); err != nil {
		return fmt.Errorf("db: end sessions of account %d: %w", accountID, err)
	}
	return nil
}
