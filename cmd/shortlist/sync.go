package main

import (
	"context"
	"fmt"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/ingest"
)

// syncCmd runs one sync with progress on the terminal.
func (m *Main) syncCmd(ctx context.Context, args []string) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("sync", "[--data DIR] [--full [--allow-shrink]]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	full := fs.Bool("full", false, "read everything again (and drop what Greenhouse no longer has), not only what changed")
	allowShrink := fs.Bool("allow-shrink", false, "with --full: drop what Greenhouse no longer lists even when a resource came back empty "+
		"or under half its size (a sync otherwise refuses, in case the answer was wrong); check Greenhouse first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *allowShrink && !*full {
		return fmt.Errorf("--allow-shrink needs --full: only a full sync removes what Greenhouse no longer lists")
	}
	bar := newProgressBar(m.Stderr)
	a, err := app.Open(ctx, cfg, app.Options{Logger: m.logger(cfg.LogLevel), Progress: bar.Update})
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.SyncWith(ctx, ingest.RunOptions{Full: *full, AllowShrink: *allowShrink})
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
