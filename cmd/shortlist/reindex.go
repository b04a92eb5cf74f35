package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app"
)

// reindex rebuilds the search index from the database.
func (m *Main) reindex(ctx context.Context, args []string) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("reindex", "[--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: m.logger(cfg.LogLevel)})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	var mu sync.Mutex
	last := time.Time{}
	err = a.Indexer.Rebuild(ctx, func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) > 500*time.Millisecond || done == total {
			last = time.Now()
			fmt.Fprintf(m.Stderr, "\rindexing %d/%d candidates", done, total)
		}
	})
	fmt.Fprintln(m.Stderr)
	if err != nil {
		return err
	}
	n, _ := a.Index.DocCount()
	fmt.Fprintf(m.Stdout, "Search index rebuilt: %d candidates in %s.\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
