package app

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// Modes of the data directory and what Shortlist keeps in it. The database
// holds session keys, the webhook secret, Greenhouse credentials and
// candidates' personal data: nobody but the service's user may read it.
const (
	privateDirMode  fs.FileMode = 0o700
	privateFileMode fs.FileMode = 0o600
)

// secureDataDir creates the data directory, and gives it and what Shortlist
// keeps in it owner-only modes (0700 for folders, 0600 for files), whatever
// the umask and whatever an older version or an operator left. A mode that
// let others in is logged as a warning when tightened. Only Shortlist's own
// names are touched, in case the data directory is shared with other files.
func secureDataDir(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, privateDirMode); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	var errs []error
	restrict := func(path string, dir bool) {
		fi, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return
		}
		if err != nil {
			errs = append(errs, err)
			return
		}
		want := privateFileMode
		if dir {
			want = privateDirMode
		}
		if fi.IsDir() != dir || fi.Mode().Perm() == want {
			return
		}
		if err := os.Chmod(path, want); err != nil {
			errs = append(errs, fmt.Errorf("restrict %s to its owner: %w", path, err))
			return
		}
		if fi.Mode().Perm()&0o077 != 0 {
			log.Warn("data directory: restricted access to the service's user", slog.String("path", path),
				slog.String("was", fi.Mode().Perm().String()), slog.String("now", want.String()))
		}
	}
	restrict(dir, true)
	for _, name := range []string{"index", "cache", "acme"} {
		restrict(filepath.Join(dir, name), true)
	}
	for _, name := range []string{"shortlist.db", "shortlist.db-wal", "shortlist.db-shm", "shortlist.db-journal", "demo.json"} {
		restrict(filepath.Join(dir, name), false)
	}
	return errors.Join(errs...)
}
