package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRequired(t *testing.T) {
	for _, tc := range []struct {
		name, ci, req string
		want          bool
	}{
		{"Neither", "", "", false},
		{"CI", "true", "", true},
		{"CIFalse", "false", "", false},
		{"Require", "", "1", true},
		{"Garbage", "yes-ish", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			t.Setenv("SHORTLIST_REQUIRE_SHARED", tc.req)
			if got := Required(); got != tc.want {
				t.Errorf("Required() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRoot(t *testing.T) {
	t.Run("Env", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("SHORTLIST_SHARED", dir)
		got, err := Root()
		if err != nil || got != dir {
			t.Fatalf("Root() = %q, %v; want %q", got, err, dir)
		}
	})
	t.Run("EnvMissing", func(t *testing.T) {
		t.Setenv("SHORTLIST_SHARED", filepath.Join(t.TempDir(), "absent"))
		if _, err := Root(); err == nil {
			t.Fatal("Root() found a folder that does not exist")
		}
	})
	t.Run("BesideModule", func(t *testing.T) {
		// A module at tmp/repo with tmp/shared beside it.
		tmp := t.TempDir()
		repo := filepath.Join(tmp, "repo", "pkg")
		if err := os.MkdirAll(repo, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, "repo", "go.mod"), []byte("module x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("SHORTLIST_SHARED", "")
		t.Chdir(repo)
		if _, err := Root(); err == nil {
			t.Fatal("Root() found a shared folder before it existed")
		}
		if err := os.Mkdir(filepath.Join(tmp, "shared"), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := Root()
		if err != nil || got != filepath.Join(tmp, "shared") {
			t.Fatalf("Root() = %q, %v", got, err)
		}
	})
}
