//go:build unix

package db_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// TestOpenCreatesPrivateFiles checks that a new database and the WAL files
// SQLite makes beside it are readable by their owner only, even with a
// umask that lets everyone read.
func TestOpenCreatesPrivateFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shortlist.db")
	old := syscall.Umask(0)
	d, err := db.Open(context.Background(), path)
	if err == nil {
		err = d.SetSettings(context.Background(), map[string]string{"k": "v"})
	}
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: mode %v, want -rw-------", filepath.Base(p), got)
		}
	}
}
