package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/audit"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// auditCmd prints a bias audit of the ranking Discover shows for each
// job's applicants, from the EEOC answers synced from Greenhouse.
func (m *Main) auditCmd(ctx context.Context, args []string) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("audit", "[--job ID] [--json] [--data DIR]")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	jobID := fs.Int64("job", 0, "audit this job only (its Greenhouse job id)")
	asJSON := fs.Bool("json", false, "print one JSON object (impact ratios per job and overall)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *jobID < 0 {
		fs.Usage()
		return errUsage
	}
	opts := app.Options{Logger: m.logger(cfg.LogLevel)}
	a, err := app.Open(ctx, cfg, opts)
	if errors.Is(err, search.ErrInUse) {
		// A running server holds the index: rank on a copy built from the
		// same database by the same indexer.
		dir, err := os.MkdirTemp("", "shortlist-audit-index-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		fmt.Fprintln(m.Stderr, "The search index is in use by a running Shortlist; ranking on a copy rebuilt from the database.")
		opts.IndexDir = dir
		a, err = app.Open(ctx, cfg, opts)
		if err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	defer a.Close()
	// Audit the ranking the server would show: the index brought up to
	// date with the database first.
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if _, err := a.Indexer.Drain(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	rep, err := a.Audit(ctx, *jobID)
	if errors.Is(err, db.ErrNotFound) {
		return fmt.Errorf("no job %d that Discover lists in %s", *jobID, cfg.DataDir)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printAudit(m.Stdout, rep)
	return nil
}

// printAudit writes the report as text tables.
func printAudit(w io.Writer, rep *app.AuditReport) {
	fmt.Fprintf(w, "Bias audit of %s\n%s, %d EEOC answers synced\n\n", rep.Ranking, rep.GeneratedAt.Format("2006-01-02 15:04 MST"), rep.EEOCAnswers)
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "  - %s\n", n)
	}
	if len(rep.Jobs) == 0 {
		return
	}
	if len(rep.Jobs) > 1 {
		fmt.Fprintf(w, "\nOverall: %d jobs, %d applications, %d with answers\n", len(rep.Jobs), rep.Overall.Applicants, rep.Overall.Answered)
		printResult(w, rep.Overall)
	}
	for _, j := range rep.Jobs {
		fmt.Fprintf(w, "\nJob %d %s (%s): %d applicants, %d with answers, median score %.3f\n", j.ID, j.Name, j.Status,
			j.Applicants, j.Answered, j.Median)
		printResult(w, j.Result)
	}
}

func printResult(w io.Writer, r audit.Result) {
	tables := []audit.Table{r.Sex, r.Race}
	if r.IntersectionShown {
		tables = append(tables, r.Intersection)
	}
	for _, t := range tables {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s	n	above median	scoring rate	impact ratio	in top %d	top rate	impact ratio	\n", dimLabel(t.Dimension), audit.TopN)
		for _, c := range t.Categories {
			flag := ""
			switch {
			case c.TooFew:
				flag = "too few to compare"
			case c.Flagged:
				flag = fmt.Sprintf("FLAGGED: under %.2f", audit.FlagBelow)
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%.1f%%\t%s\t%d\t%.1f%%\t%s\t%s\n", c.Name, c.N, c.Above, 100*c.ScoringRate,
				ratioText(c.ImpactRatio), c.Top, 100*c.TopRate, ratioText(c.TopImpactRatio), flag)
		}
		fmt.Fprintf(tw, "  %s (no answer)\t%d\n", audit.Unknown, t.Unknown)
		tw.Flush()
	}
	if !r.IntersectionShown && r.Answered > 0 {
		fmt.Fprintln(w, "  Sex and race/ethnicity combined: too few people per combination.")
	}
}

func dimLabel(d string) string {
	switch d {
	case audit.DimSex:
		return "Sex"
	case audit.DimRace:
		return "Race/ethnicity"
	}
	return "Sex and race/ethnicity"
}

func ratioText(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f", *r)
}
