package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// evalCmd runs a labelled evaluation set through the real index and ranker
// and prints nDCG@10, Recall@50 and MRR for Shortlist's ranker and the naive
// baseline (the whole job text as one BM25 query). With --train or --folds
// it adds the learned re-ranker: trained on another set's judgments, or
// cross-validated by query on this one.
func (m *Main) evalCmd(ctx context.Context, args []string) error {
	fs := m.flags("eval", "--set FILE [--train FILE | --folds K] [--depth N] [--json]")
	setPath := fs.String("set", "", "evaluation set (JSON: documents, queries, judgments)")
	trainPath := fs.String("train", "", "train the learned ranker on this set's judgments and rank --set's queries")
	folds := fs.Int("folds", 0, "cross-validate the learned ranker by query on --set with K folds (K ≥ 2)")
	depth := fs.Int("depth", learn.DefaultDepth, "number of lexical hits the learned ranker re-ranks")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *setPath == "" {
		fs.Usage()
		return errUsage
	}
	switch {
	case *trainPath != "" && *folds != 0:
		return fmt.Errorf("eval: --train and --folds exclude each other: %w", errUsage)
	case *folds == 1 || *folds < 0:
		return fmt.Errorf("eval: --folds %d: need at least 2 folds: %w", *folds, errUsage)
	case *depth < 1:
		return fmt.Errorf("eval: --depth %d: need at least 1: %w", *depth, errUsage)
	}
	set, err := eval.Load(*setPath)
	if err != nil {
		return err
	}
	var train *eval.Set
	if *trainPath != "" {
		if train, err = eval.Load(*trainPath); err != nil {
			return err
		}
	}

	ev, err := eval.NewEvaluator(ctx, set)
	if err != nil {
		return err
	}
	defer ev.Close()
	p := search.DefaultParams()
	cats := set.Categories(nil)
	rep, err := ev.Report(ctx, p, set.Queries, cats)
	if err != nil {
		return err
	}
	opts := eval.LearnOptions{Depth: *depth}
	switch {
	case *folds >= 2:
		err = ev.CrossValidate(ctx, &rep, p, set.Queries, cats, *folds, opts)
	case train != nil:
		tev, terr := eval.NewEvaluator(ctx, train)
		if terr != nil {
			return terr
		}
		err = ev.TrainedOn(ctx, &rep, tev, p, set.Queries, cats, opts)
		err = errors.Join(err, tev.Close())
	}
	if err != nil {
		return err
	}

	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	m.printEval(rep)
	return nil
}

// printEval prints a report as tables.
func (m *Main) printEval(rep eval.Report) {
	fmt.Fprintf(m.Stdout, "%s: %d queries\n\n", rep.Set, rep.Queries)
	names := []string{eval.Shortlist, eval.Baseline}
	if _, ok := rep.Rankers[eval.Learned]; ok {
		names = append(names, eval.Learned)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ranker\tnDCG@10\tRecall@50\tMRR\t")
	for _, name := range names {
		r := rep.Rankers[name]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t\n", name, r.NDCG10, r.Recall50, r.MRR)
	}
	tw.Flush()
	if l := rep.Learning; l != nil {
		how := fmt.Sprintf("cross-validated by query, %d folds", len(l.Folds))
		if l.Mode == "train" {
			how = "trained on " + l.Train
		}
		fmt.Fprintf(m.Stdout, "\nlearned: %s, top %d re-ranked\n", how, l.Depth)
		tw = tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "fold\tqueries\ttrained on\tlearned\tshortlist\tbaseline\t(nDCG@10)")
		for _, f := range l.Folds {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", f.Fold, f.Queries, f.TrainQueries,
				f.Rankers[eval.Learned].NDCG10, f.Rankers[eval.Shortlist].NDCG10, f.Rankers[eval.Baseline].NDCG10)
		}
		tw.Flush()
		for _, d := range []struct {
			name string
			d    eval.Difference
		}{{"shortlist", l.VsShortlist}, {"baseline", l.VsBaseline}} {
			fmt.Fprintf(m.Stdout, "learned − %s: %+.3f ± %.3f (95%% paired bootstrap %+.3f … %+.3f, %d queries)\n",
				d.name, d.d.Mean, d.d.SE, d.d.CI95[0], d.d.CI95[1], d.d.N)
		}
	}
	if len(rep.Categories) > 0 {
		fmt.Fprintf(m.Stdout, "\nnDCG@10 by category (%s):\n", joinNames(names))
		cats := make([]string, 0, len(rep.Categories))
		for c := range rep.Categories {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		tw = tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
		for _, c := range cats {
			cr := rep.Categories[c]
			fmt.Fprintf(tw, "  %s\t%d queries\t", c, cr.Queries)
			for i, name := range names {
				if i > 0 {
					fmt.Fprint(tw, " / ")
				}
				fmt.Fprintf(tw, "%.3f", cr.Rankers[name].NDCG10)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += " / "
		}
		out += n
	}
	return out
}
