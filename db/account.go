package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Roles a Shortlist account can have.
const (
	RoleOwner     = "owner"
	RoleRecruiter = "recruiter"
)

// Account is a person who logs in to Shortlist.
type Account struct {
	ID           int64
	Email        string
	Name         string
	Role         string
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	LastLoginAt  time.Time
}

const accountCols = `id, email, name, role, password_hash, disabled, created_at, last_login_at`

func scanAccount(row interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var ca, ll sql.NullString
	err := row.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.PasswordHash, &a.Disabled, &ca, &ll)
	a.CreatedAt, a.LastLoginAt = parseTime(ca), parseTime(ll)
	return a, err
}

// CreateAccount adds an account; an email already in use is ErrConflict.
func (d *DB) CreateAccount(ctx context.Context, a Account) (Account, error) {
	err := d.Update(ctx, func(tx *Tx) error {
		a.CreatedAt = tx.now
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO accounts (email, name, role, password_hash, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, strings.TrimSpace(a.Email), a.Name, a.Role, a.PasswordHash, boolInt(a.Disabled), formatTime(a.CreatedAt))
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return Errorf(ErrConflict, "an account with email %s already exists", a.Email)
			}
			return fmt.Errorf("db: create account: %w", err)
		}
		a.ID, err = res.LastInsertId()
		return err
	})
	return a, err
}

// Account reads an account by id.
func (d *DB) Account(ctx context.Context, id int64) (Account, error) {
	a, err := scanAccount(d.read.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("db: account %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("db: account %d: %w", id, err)
	}
	return a, nil
}

// AccountByEmail reads an account by email, ignoring case.
func (d *DB) AccountByEmail(ctx context.Context, email string) (Account, error) {
	a, err := scanAccount(d.read.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE email = ?`, strings.TrimSpace(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("db: account %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("db: account %s: %w", email, err)
	}
	return a, nil
}

// Accounts lists every account, by email.
func (d *DB) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("db: accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("db: accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountAccounts is the number of accounts; zero means first-run setup.
func (d *DB) CountAccounts(ctx context.Context) (int, error) {
	var n int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM accounts`).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: count accounts: %w", err)
	}
	return n, nil
}

// AccountUpdate changes some fields of an account; nil fields stay.
type AccountUpdate struct {
	Name         *string
	Role         *string
	PasswordHash *string
	Disabled     *bool
	LastLoginAt  *time.Time
}

// UpdateAccount applies u to account id. It refuses to leave the company
// without an enabled owner. A change of password or role, or disabling the
// account, ends all of its sessions in the same transaction, so no caller
// can forget to: whoever held a session must prove themselves again.
func (d *DB) UpdateAccount(ctx context.Context, id int64, u AccountUpdate) error {
	return d.Update(ctx, func(tx *Tx) error {
		var role, hash string
		err := tx.tx.QueryRowContext(ctx, `SELECT role, password_hash FROM accounts WHERE id = ?`, id).Scan(&role, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("db: account %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("db: update account %d: %w", id, err)
		}
		endSessions := (u.Role != nil && *u.Role != role) || (u.PasswordHash != nil && *u.PasswordHash != hash) ||
			(u.Disabled != nil && *u.Disabled)
		var sets []string
		var args []any
		if u.Name != nil {
			sets, args = append(sets, "name = ?"), append(args, *u.Name)
		}
		if u.Role != nil {
			sets, args = append(sets, "role = ?"), append(args, *u.Role)
		}
		if u.PasswordHash != nil {
			sets, args = append(sets, "password_hash = ?"), append(args, *u.PasswordHash)
		}
		if u.Disabled != nil {
			sets, args = append(sets, "disabled = ?"), append(args, boolInt(*u.Disabled))
		}
		if u.LastLoginAt != nil {
			sets, args = append(sets, "last_login_at = ?"), append(args, formatTime(*u.LastLoginAt))
		}
		if len(sets) == 0 {
			return nil
		}
		res, err := tx.tx.ExecContext(ctx, `UPDATE accounts SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, id)...)
		if err != nil {
			return fmt.Errorf("db: update account %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: account %d: %w", id, ErrNotFound)
		}
		if endSessions {
			if err := deleteSessionsTx(ctx, tx, id); err != nil {
				return err
			}
		}
		var owners int
		if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE role = 'owner' AND disabled = 0`).Scan(&owners); err != nil {
			return fmt.Errorf("db: count owners: %w", err)
		}
		if owners == 0 {
			return Errorf(ErrConflict, "the company must keep at least one enabled owner")
		}
		return nil
	})
}

// APIToken is a personal API token (its secret is never stored).
type APIToken struct {
	ID         int64
	AccountID  int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// CreateAPIToken stores a token's hash for an account.
func (d *DB) CreateAPIToken(ctx context.Context, accountID int64, name, prefix, hash string) (APIToken, error) {
	t := APIToken{AccountID: accountID, Name: name, Prefix: prefix}
	err := d.Update(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.now
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO api_tokens (account_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)`,
			accountID, name, hash, prefix, formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("db: create api token: %w", err)
		}
		t.ID, err = res.LastInsertId()
		return err
	})
	return t, err
}

// AccountByTokenHash finds the enabled account owning a live token, and
// the token's id (for TouchAPIToken).
func (d *DB) AccountByTokenHash(ctx context.Context, hash string) (Account, int64, error) {
	var tokenID int64
	err := d.read.QueryRowContext(ctx, `SELECT t.id FROM api_tokens t JOIN accounts a ON a.id = t.account_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled = 0`, hash).Scan(&tokenID)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, 0, fmt.Errorf("db: api token: %w", ErrNotFound)
	}
	if err != nil {
		return Account{}, 0, fmt.Errorf("db: api token: %w", err)
	}
	a, err := scanAccount(d.read.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts
		WHERE id = (SELECT account_id FROM api_tokens WHERE id = ?)`, tokenID))
	if err != nil {
		return a, 0, fmt.Errorf("db: api token account: %w", err)
	}
	return a, tokenID, nil
}

// TouchAPIToken records that a token was just used.
func (d *DB) TouchAPIToken(ctx context.Context, tokenID int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, formatTime(tx.now), tokenID); err != nil {
			return fmt.Errorf("db: record api token use: %w", err)
		}
		return nil
	})
}

// APITokens lists an account's tokens, newest first.
func (d *DB) APITokens(ctx context.Context, accountID int64) ([]APIToken, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id, account_id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE account_id = ? ORDER BY id DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("db: api tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var ca, lu, ra sql.NullString
		if err := rows.Scan(&t.ID, &t.AccountID, &t.Name, &t.Prefix, &ca, &lu, &ra); err != nil {
			return nil, fmt.Errorf("db: api tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = parseTime(ca), parseTime(lu), parseTime(ra)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of an account's tokens.
func (d *DB) RevokeAPIToken(ctx context.Context, accountID, tokenID int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL`,
			formatTime(tx.now), tokenID, accountID)
		if err != nil {
			return fmt.Errorf("db: revoke api token %d: %w", tokenID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: api token %d: %w", tokenID, ErrNotFound)
		}
		return nil
	})
}

// Setting reads a company setting; a missing one is "".
func (d *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := d.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("db: setting %s: %w", key, err)
	}
	return v, nil
}

// Settings reads every company setting.
func (d *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("db: settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("db: settings: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSettings writes settings in one transaction; an empty value deletes
// the key.
func (d *DB) SetSettings(ctx context.Context, kv map[string]string) error {
	return d.Update(ctx, func(tx *Tx) error {
		for k, v := range kv {
			var err error
			if v == "" {
				_, err = tx.tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, k)
			} else {
				_, err = tx.tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
					ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, k, v, formatTime(tx.now))
			}
			if err != nil {
				return fmt.Errorf("db: set setting %s: %w", k, err)
			}
		}
		return nil
	})
}
