package extract

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// shared is the Extractor most tests use, so that PDFium is started once per
// test binary. Its compilation cache lives in the user's cache directory,
// like Go's build cache, so that later runs start PDFium in about 0.1 s.
var (
	sharedOnce sync.Once
	shared     *Extractor
)

func sharedExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	sharedOnce.Do(func() {
		opts := Options{Workers: 2}
		if dir, err := os.UserCacheDir(); err == nil {
			opts.CacheDir = filepath.Join(dir, "shortlist-test", "wazero")
		}
		shared = New(opts)
	})
	return shared
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			println("extract: closing shared extractor:", err.Error())
			code = 1
		}
	}
	os.Exit(code)
}
