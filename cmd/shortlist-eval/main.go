// Command shortlist-eval evaluates the Shortlist ranker on judged sets.
//
//	go run ./cmd/shortlist-eval \
//	    -set ../shared/data/eval/category-match-dev.json \
//	    -set ../shared/data/eval/hr-graded-dev.json -split
//
// It prints one JSON report per set (and per half with -split); -labels
// names the categories of the Monster queries
// (../shared/data/jobs/monster_jobs_labelled.csv). With -sweep
// Name=v1,v2,... it instead evaluates each value of one Params field on the
// tuning and confirmation halves of every set and prints nDCG@10 per half,
// the paired difference from the sweep's first value on the confirmation
// half and over all queries (± standard error), Recall@50 and MRR; repeat
// -sweep to sweep several fields, each from the -params base. -show N prints
// the query terms chosen for the first N queries.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	var sets, sweeps multiFlag
	flag.Var(&sets, "set", "evaluation set JSON file (repeatable)")
	flag.Var(&sweeps, "sweep", "Params field and values to sweep, e.g. MaxTerms=10,25,40 (repeatable)")
	params := flag.String("params", "", `JSON object overriding DefaultParams, e.g. {"MaxTerms":30}`)
	split := flag.Bool("split", false, "also report the tuning and confirmation halves")
	labels := flag.String("labels", "", "CSV with jd_id,category columns naming the categories of Monster queries")
	k1 := flag.Float64("k1", bsearch.BM25_k1, "BM25 k1 (process-global in bleve)")
	b := flag.Float64("b", bsearch.BM25_b, "BM25 b (process-global in bleve)")
	show := flag.Int("show", 0, "print the query terms chosen for the first N queries of each set, then exit")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if len(sets) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), sets, sweeps, *params, *split, *labels, *k1, *b, *show); err != nil {
		log.Error("eval failed", slog.Any("error", err))
		os.Exit(1)
	}
}

func run(ctx context.Context, sets, sweeps []string, params string, split bool, labelsPath string, k1, b float64, show int) error {
	bsearch.BM25_k1, bsearch.BM25_b = k1, b
	base := search.DefaultParams()
	if params != "" {
		if err := json.Unmarshal([]byte(params), &base); err != nil {
			return fmt.Errorf("-params: %w", err)
		}
	}
	var labels map[string]string
	if labelsPath != "" {
		var err error
		if labels, err = eval.LoadLabels(labelsPath, "jd_id", "category", "monster-"); err != nil {
			return err
		}
	}

	type loaded struct {
		set           *eval.Set
		ev            *eval.Evaluator
		cats          map[string]string
		tune, confirm []eval.Query
	}
	var all []loaded
	for _, path := range sets {
		s, err := eval.Load(path)
		if err != nil {
			return err
		}
		ev, err := eval.NewEvaluator(ctx, s)
		if err != nil {
			return err
		}
		defer ev.Close()
		cats := s.Categories(labels)
		tune, confirm := eval.Split(s.Queries, cats)
		all = append(all, loaded{s, ev, cats, tune, confirm})
	}

	if show > 0 {
		for _, l := range all {
			for _, q := range l.set.Queries[:min(show, len(l.set.Queries))] {
				qq, err := l.ev.Index().QueryFor(ctx, search.Job{Title: q.Title, Text: q.Text}, base)
				if err != nil {
					return err
				}
				fmt.Printf("%s %s [%s] %q\n", l.set.Name, q.ID, l.cats[q.ID], q.Title)
				for _, t := range qq.Terms {
					fmt.Printf("    %-28s tf=%-4.0f df=%-4d idf=%.2f w=%.3f\n", t.Term, t.TF, t.DocFreq, t.IDF, t.Weight)
				}
			}
		}
		return nil
	}

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if len(sweeps) == 0 {
		for _, l := range all {
			rep, err := l.ev.Report(ctx, base, l.set.Queries, l.cats)
			if err != nil {
				return err
			}
			if err := enc.Encode(rep); err != nil {
				return err
			}
			if !split {
				continue
			}
			for _, half := range []struct {
				name string
				qs   []eval.Query
			}{{"tune", l.tune}, {"confirm", l.confirm}} {
				rep, err := l.ev.Report(ctx, base, half.qs, nil)
				if err != nil {
					return err
				}
				rep.Set += "/" + half.name
				if err := enc.Encode(rep); err != nil {
					return err
				}
			}
		}
		return nil
	}

	fmt.Printf("%-16s %-8s", "param", "value")
	for _, l := range all {
		fmt.Printf(" | %-18s tune  conf  Δconf±se      Δall±se       (R@50 t/c, MRR t/c)", l.set.Name)
	}
	fmt.Println()
	for _, sw := range sweeps {
		name, values, ok := strings.Cut(sw, "=")
		if !ok {
			return fmt.Errorf("-sweep %q: want Name=v1,v2", sw)
		}
		// Paired differences are against the sweep's first value, on the
		// confirmation half and over all queries of the set.
		first := make([]eval.Report, len(all))
		firstConf := make([]eval.Report, len(all))
		for k, v := range strings.Split(values, ",") {
			p := base
			if err := setParam(&p, name, v); err != nil {
				return err
			}
			fmt.Printf("%-16s %-8s", name, v)
			for i, l := range all {
				t, err := l.ev.Report(ctx, p, l.tune, nil)
				if err != nil {
					return err
				}
				c, err := l.ev.Report(ctx, p, l.confirm, nil)
				if err != nil {
					return err
				}
				whole, err := l.ev.Report(ctx, p, l.set.Queries, nil)
				if err != nil {
					return err
				}
				if k == 0 {
					first[i], firstConf[i] = whole, c
				}
				d, se, _ := eval.PairedDiff(first[i], whole)
				dc, sec, _ := eval.PairedDiff(firstConf[i], c)
				ts, cs := t.Rankers[eval.Shortlist], c.Rankers[eval.Shortlist]
				fmt.Printf(" | %-18s %.3f %.3f %+.3f±%.3f %+.3f±%.3f (%.3f/%.3f, %.3f/%.3f)", "", ts.NDCG10, cs.NDCG10, dc, sec, d, se, ts.Recall50, cs.Recall50, ts.MRR, cs.MRR)
			}
			fmt.Println()
		}
	}
	return nil
}

// setParam sets one Params field by its Go name from a JSON value.
func setParam(p *search.Params, name, value string) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if _, ok := m[name]; !ok {
		return fmt.Errorf("unknown Params field %q", name)
	}
	m[name] = json.RawMessage(value)
	b, err = json.Marshal(m)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, p); err != nil {
		return fmt.Errorf("%s=%s: %w", name, value, err)
	}
	return nil
}
