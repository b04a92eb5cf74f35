//go:build unix

package app

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDataDirIsPrivate checks that the data directory and everything
// Shortlist keeps in it end up readable by the service's user only: a new
// one whatever the umask, and an existing one that an older version (or an
// operator) left open to others, which is tightened and logged.
func TestDataDirIsPrivate(t *testing.T) {
	type entry struct {
		name string
		mode fs.FileMode // before Open; 0: absent
		dir  bool
	}
	tests := []struct {
		name   string
		umask  int
		before []entry // nil: the data directory does not exist
		warns  []string
	}{
		{name: "NewWithPermissiveUmask", umask: 0},
		{name: "NewWithUsualUmask", umask: 0o022},
		{
			name: "Existing0755", umask: 0o022,
			before: []entry{{name: ".", mode: 0o755, dir: true}},
			warns:  []string{"path=" + "DATA" + " was=-rwxr-xr-x now=-rwx------"},
		},
		{
			name: "ExistingWorldReadableFiles", umask: 0o022,
			before: []entry{
				{name: ".", mode: 0o777, dir: true},
				{name: "index", mode: 0o755, dir: true},
				{name: "cache", mode: 0o775, dir: true},
				{name: "shortlist.db", mode: 0o644},
				{name: "demo.json", mode: 0o644},
			},
			warns: []string{"DATA/index was=-rwxr-xr-x", "DATA/shortlist.db was=-rw-r--r--", "DATA/demo.json was=-rw-r--r--", "DATA/cache was=-rwxrwxr-x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			for _, e := range tt.before {
				p := filepath.Join(dir, e.name)
				var err error
				if e.dir {
					err = os.MkdirAll(p, 0o700)
				} else {
					err = os.WriteFile(p, nil, 0o600)
				}
				if err == nil {
					err = os.Chmod(p, e.mode)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			old := syscall.Umask(tt.umask)
			logs := &logBuffer{}
			a, err := Open(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir}, Options{Logger: newTestLogger(logs)})
			syscall.Umask(old)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			// A write makes SQLite create its -wal and -shm files.
			if err := a.DB.SetSettings(context.Background(), map[string]string{"test.key": "v"}); err != nil {
				t.Fatal(err)
			}
			want := map[string]fs.FileMode{
				".": 0o700, "index": 0o700, "shortlist.db": 0o600, "shortlist.db-wal": 0o600, "shortlist.db-shm": 0o600,
			}
			for _, e := range tt.before {
				want[e.name] = map[bool]fs.FileMode{true: 0o700, false: 0o600}[e.dir]
			}
			for name, mode := range want {
				fi, err := os.Stat(filepath.Join(dir, name))
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if got := fi.Mode().Perm(); got != mode {
					t.Errorf("%s: mode %v, want %v", name, got, mode)
				}
			}
			out := logs.String()
			for _, w := range tt.warns {
				w = strings.ReplaceAll(w, "DATA", dir)
				if !strings.Contains(out, w) {
					t.Errorf("log lacks %q:\n%s", w, out)
				}
			}
			if len(tt.warns) == 0 && strings.Contains(out, "restricted access") {
				t.Errorf("a new data directory logged a tightening:\n%s", out)
			}
		})
	}
}
