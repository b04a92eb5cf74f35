package simulator

import (
	"os"
	"path/filepath"
)

// sharedDir finds the shared folder of fixtures and real data that tests
// read at run time: $SHORTLIST_SHARED, the "shared" folder beside the
// repository, or /work/shared. It returns "" when none exists.
func sharedDir(elem ...string) string {
	for _, root := range []string{os.Getenv("SHORTLIST_SHARED"), filepath.Join("..", "..", "..", "shared"), "/work/shared"} {
		if root == "" {
			continue
		}
		p := filepath.Join(append([]string{root}, elem...)...)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}
