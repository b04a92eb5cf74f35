package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
)

// evalCmd runs a labelled evaluation set through the real index and ranker
// and prints nDCG@10, Recall@50 and MRR for Shortlist's ranker and the naive
// baseline (the whole job text as one BM25 query).
func (m *Main) evalCmd(ctx context.Context, args []string) error {
	fs := m.flags("eval", "--set FILE [--json]")
	setPath := fs.String("set", "", "evaluation set (JSON: documents, queries, judgments)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *setPath == "" {
		fs.Usage()
		return errUsage
	}
	set, err := eval.Load(*setPath)
	if err != nil {
		return err
	}
	rep, err := eval.Run(ctx, set, search.DefaultParams())
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(m.Stdout, "%s: %d queries\n\n", rep.Set, rep.Queries)
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ranker\tnDCG@10\tRecall@50\tMRR\t")
	for _, name := range []string{eval.Shortlist, eval.Baseline} {
		r := rep.Rankers[name]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t\n", name, r.NDCG10, r.Recall50, r.MRR)
	}
	tw.Flush()
	if len(rep.Categories) > 0 {
		fmt.Fprintf(m.Stdout, "\nnDCG@10 by category (shortlist / baseline):\n")
		cats := make([]string, 0, len(rep.Categories))
		for c := range rep.Categories {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		tw = tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
		for _, c := range cats {
			cr := rep.Categories[c]
			fmt.Fprintf(tw, "  %s\t%d queries\t%.3f / %.3f\n", c, cr.Queries, cr.Rankers[eval.Shortlist].NDCG10, cr.Rankers[eval.Baseline].NDCG10)
		}
		tw.Flush()
	}
	return nil
}
