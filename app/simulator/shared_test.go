package simulator

import (
	"path/filepath"
	"testing"

	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

// sharedDir is a folder of the shared test data (see sharedtest.Path).
func sharedDir(tb testing.TB, elem ...string) string {
	tb.Helper()
	return filepath.Clean(sharedtest.Path(tb, elem...))
}
