package main

import (
	"context"
	"fmt"
	"time"

	"github.com/shortlist-hq/shortlist/app"
)

// syncCmd runs one sync with progress on the terminal.
func (m *Main) syncCmd(ctx context.Context, args []string) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("sync", "[--data DIR] [--full]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	full := fs.Bool("full", false, "read everything again (and drop what Greenhouse no longer has), not only what changed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	bar := newProgressBar(m.Stderr)
	a, err := app.Open(ctx, cfg, app.Options{Logger: m.logger(cfg.LogLevel), Progress: bar.Update})
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.Sync(ctx, *full)
	if s := a.Syncer(); s != nil {
		bar.Done(s.Status())
	}
	if err != nil {
		return fmt.Errorf("sync failed: %w", err)
	}
	// Bring the search index up to date with what the sync changed.
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	fmt.Fprintf(m.Stdout, "%s sync done in %s: %d records read, %d changed, %d removed; %d resumes read (%d unreadable)\n",
		sum.Kind, sum.Duration.Round(time.Millisecond), sum.Records, sum.Changed, sum.Deleted, sum.Files, sum.FilesFailed)
	return nil
}
