// Package sharedtest finds the shared folder of real data and Greenhouse
// fixtures that tests read at run time: the folder named "shared" beside the
// repository (../shared), or $SHORTLIST_SHARED when set (the Makefile sets
// it to that same folder). Nothing in it is ever copied into the repository.
//
// It sits under db, the bottom of the import graph, so that the tests of
// every package can use it without reversing the direction of imports.
package sharedtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Required reports whether a missing shared folder must fail the run rather
// than skip the tests that need it: under CI (CI=true) or when
// SHORTLIST_REQUIRE_SHARED is set to a true value.
func Required() bool {
	for _, v := range []string{os.Getenv("CI"), os.Getenv("SHORTLIST_REQUIRE_SHARED")} {
		if b, err := strconv.ParseBool(v); err == nil && b {
			return true
		}
	}
	return false
}

// Root returns the shared folder, or an error saying where it looked.
func Root() (string, error) {
	if d := os.Getenv("SHORTLIST_SHARED"); d != "" {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return "", fmt.Errorf("SHORTLIST_SHARED=%s is not a folder", d)
		}
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared")
			if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
				return "", fmt.Errorf("no shared folder at %s (beside the repository)", p)
			}
			return p, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("no go.mod above the test's folder")
		}
	}
}

// Path returns elem joined under the shared folder. When the folder is
// absent the test is skipped, or fails if Required; when the folder is there
// but elem is not, the test fails (the data is expected, not optional).
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	root, err := Root()
	if err != nil {
		if Required() {
			tb.Fatalf("shared test data is required (CI or SHORTLIST_REQUIRE_SHARED): %v", err)
		}
		tb.Skipf("shared test data not available: %v (set SHORTLIST_SHARED, or SHORTLIST_REQUIRE_SHARED=1 to fail instead)", err)
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("shared test data: %v", err)
	}
	return p
}

// Fixtures returns the folder of Greenhouse's documented payloads.
func Fixtures(tb testing.TB) string {
	tb.Helper()
	return Path(tb, "fixtures", "greenhouse")
}

// Data returns a path under the shared data folder (resumes, jobs, eval).
func Data(tb testing.TB, elem ...string) string {
	tb.Helper()
	return Path(tb, append([]string{"data"}, elem...)...)
}
