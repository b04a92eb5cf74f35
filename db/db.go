// Package db is Shortlist's storage: one SQLite file (pure-Go modernc driver)
// holding the Greenhouse records we sync, resume text, sync progress and the
// app's own accounts and settings. It imports nothing else from the project;
// SQL lives here and only here.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB holds two pools on one file. SQLite allows a single writer at a time, so
// writes go through a one-connection pool and queue in Go rather than failing
// with SQLITE_BUSY; reads use a separate pool and, thanks to WAL, never wait
// for the writer.
type DB struct {
	write *sql.DB
	read  *sql.DB
	path  string

	// Now is the clock used for the times the app stamps itself. Tests
	// replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	// busy_timeout must come first so the pragmas after it wait for locks
	// instead of failing. foreign_keys is off by default in SQLite for
	// historical reasons. synchronous(NORMAL) is safe with WAL: a crash can
	// lose the last transactions but never corrupts the file.
	// secure_delete(FAST) zeroes deleted rows in the pages it rewrites
	// anyway, so a person Greenhouse deleted does not linger in free space.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)" +
		"&_pragma=synchronous(NORMAL)&_pragma=journal_size_limit(67108864)&_pragma=cache_size(-32000)&_pragma=secure_delete(FAST)"
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	// Writes take the lock up front: a deferred transaction that reads
	// first and then writes can fail with SQLITE_BUSY instead of waiting.
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	d := &DB{write: w, read: r, path: path, Now: func() time.Time { return time.Now().UTC() }}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// createPrivate creates the database file, if missing, readable and
// writable by its owner only (0600), whatever the umask: it holds session
// keys and secrets. SQLite gives the -wal and -shm files it creates the
// database file's mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	return nil
}

// Path is the database file's path.
func (d *DB) Path() string { return d.path }

// Close closes both pools.
func (d *DB) Close() error {
	return errors.Join(d.read.Close(), d.write.Close())
}

// Tx is a write transaction. Exported DB methods own their transactions;
// Update hands one to callers (the sync) that must commit several kinds of
// write together, such as a page of records and the cursor that follows it.
type Tx struct {
	tx  *sql.Tx
	now time.Time
}

// Update runs fn in one write transaction, committing if fn returns nil.
func (d *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	tx := &Tx{tx: sqltx, now: d.Now().UTC()}
	if err := fn(tx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Now is the time the transaction began, by the DB's clock.
func (tx *Tx) Now() time.Time { return tx.now }

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in file-name order.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("db: create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("db: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := path.Base(name)
		var n int
		if err := d.write.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, base).Scan(&n); err != nil {
			return fmt.Errorf("db: check migration %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			return fmt.Errorf("db: read migration %s: %w", base, err)
		}
		err = d.Update(ctx, func(tx *Tx) error {
			if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("db: migration %s: %w", base, err)
			}
			_, err := tx.tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, base, formatTime(tx.now))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SchemaUpToDate reports whether every embedded migration has been applied.
func (d *DB) SchemaUpToDate(ctx context.Context) (bool, error) {
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	var n int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM migrations`).Scan(&n); err != nil {
		return false, fmt.Errorf("db: count migrations: %w", err)
	}
	return n == len(names), nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
