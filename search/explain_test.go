package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The test oracle: Bleve's own Explain output, parsed into per-clause
// scores. explainPage must agree with it.

// explain re-runs the ranking query restricted to ids with explanations on.
// Explaining during the main search would build an explanation tree for
// every matching candidate; restricted to one page it costs little.
func (ix *Index) explain(ctx context.Context, main query.Query, ids []string) (map[string]*bsearch.Explanation, error) {
	only := bleve.NewDocIDQuery(ids)
	only.SetBoost(zeroBoost)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(main, only), len(ids), 0, true)
	// The ranker's BM25 statistics (see lengths.go).
	stats, err := ix.bm25Stats(DefaultParams())
	if err != nil {
		return nil, err
	}
	if stats != nil {
		req.PreSearchData = map[string]any{bsearch.BM25PreSearchDataKey: stats}
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: explain: %w", err)
	}
	out := make(map[string]*bsearch.Explanation, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Expl
	}
	return out, nil
}

// clauseKey names a clause by its sorted stems: a phrase's conjunction
// reorders its terms in explanations.
func clauseKey(stems []string) string {
	if len(stems) == 1 {
		return stems[0]
	}
	s := append([]string(nil), stems...)
	sort.Strings(s)
	return strings.Join(s, " ")
}

// collectClauses walks an explanation down to the ranking disjunction (the
// node with a coord factor) and adds each of its clauses' value, times coord,
// to out. A clause is a term leaf or a phrase's conjunction of leaves.
func collectClauses(e *bsearch.Explanation, mult float64, out map[string]float64) {
	if e == nil {
		return
	}
	if isCoord(e) {
		coord := e.Children[1].Value
		for _, c := range e.Children[0].Children {
			if stems := leafStems(c); len(stems) > 0 {
				out[clauseKey(stems)] += c.Value * mult * coord
			}
		}
		return
	}
	for _, c := range e.Children {
		collectClauses(c, mult, out)
	}
}

func isCoord(e *bsearch.Explanation) bool {
	return len(e.Children) == 2 && e.Children[0] != nil && e.Children[1] != nil &&
		strings.HasPrefix(e.Children[1].Message, "coord(")
}

// leafStems returns the stems of the term leaves under e (e itself for a
// leaf).
func leafStems(e *bsearch.Explanation) []string {
	if e == nil {
		return nil
	}
	if s, ok := leafStem(e); ok {
		return []string{s}
	}
	var out []string
	for _, c := range e.Children {
		out = append(out, leafStems(c)...)
	}
	return out
}

// leafStem parses a term-score explanation on the text or headline field:
// "weight(text:python^1.2 in 7), product of:" or, when the query weight is
// exactly 1, "fieldWeight(text:python in 7), ...". A term's text and
// headline clauses share its key, so the oracle sums them as the ranker's
// explanation does.
func leafStem(e *bsearch.Explanation) (string, bool) {
	for _, field := range []string{FieldText, FieldHeadline} {
		if rest, ok := strings.CutPrefix(e.Message, "weight("+field+":"); ok {
			if i := strings.LastIndex(rest, "^"); i >= 0 {
				return rest[:i], true
			}
		}
		if rest, ok := strings.CutPrefix(e.Message, "fieldWeight("+field+":"); ok {
			if i := strings.LastIndex(rest, " in "); i >= 0 {
				return rest[:i], true
			}
		}
	}
	return "", false
}

// bleveClauses returns, per hit id, the score of each clause (keyed by
// clauseKey of its stems) according to Bleve's explanation.
func bleveClauses(t *testing.T, ix *Index, main query.Query, ids []string) map[string]map[string]float64 {
	t.Helper()
	ix.mu.RLock()
	expl, err := ix.explain(context.Background(), main, ids)
	ix.mu.RUnlock()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]float64{}
	for id, e := range expl {
		out[id] = map[string]float64{}
		collectClauses(e, 1, out[id])
	}
	return out
}

func TestExplainMatchesBleve(t *testing.T) {
	ctx := context.Background()
	ix := team(t)
	phrases := DefaultParams()
	phrases.MaxPhrases, phrases.MinPhraseTF, phrases.FeedbackDocs = 3, 1, 0

	headlineOnly := DefaultParams()
	headlineOnly.MaxTerms, headlineOnly.HeadlineWeight = 1, 0.3

	tests := []struct {
		name string
		rank func() (*Ranking, query.Query, error)
		// headline is how many terms must have a headline clause, and
		// headlineOnly how many no text clause.
		headline, headlineOnly int
	}{
		{"Terms", func() (*Ranking, query.Query, error) {
			r, err := ix.Rank(ctx, goJob, RankOptions{})
			return r, r.Query.bleveQuery(), err
		}, 2, 0},
		{"HeadlineOnly", func() (*Ranking, query.Query, error) {
			job := Job{ID: 100, Title: "Go Developer Kubernetes", Text: "Postgres tuning"}
			r, err := ix.Rank(ctx, job, RankOptions{Params: &headlineOnly})
			return r, r.Query.bleveQuery(), err
		}, 3, 2},
		{"Phrases", func() (*Ranking, query.Query, error) {
			job := Job{ID: 100, Title: "Go Developer", Text: "Kubernetes operators in Go; Postgres tuning"}
			r, err := ix.Rank(ctx, job, RankOptions{Params: &phrases})
			return r, r.Query.bleveQuery(), err
		}, 1, 0},
		{"AppliedOnly", func() (*Ranking, query.Query, error) {
			r, err := ix.Rank(ctx, goJob, RankOptions{AppliedOnly: true})
			return r, r.Query.bleveQuery(), err
		}, 2, 0},
		{"SearchText", func() (*Ranking, query.Query, error) {
			text := "Go Go services, Kubernetes and Postgres"
			r, err := ix.SearchText(ctx, 0, text, RankOptions{})
			mq := bleve.NewMatchQuery(text)
			mq.SetField(FieldText)
			mq.Analyzer = textAnalyzer
			return r, mq, err
		}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, main, err := tt.rank()
			if err != nil {
				t.Fatal(err)
			}
			var headline, headlineOnly int
			for _, qt := range r.Query.Terms {
				if qt.headlineClause() {
					headline++
					if !qt.textClause() {
						headlineOnly++
					}
				}
			}
			if headline < tt.headline || headlineOnly < tt.headlineOnly {
				t.Errorf("%d headline clauses, %d headline-only terms; want at least %d and %d", headline, headlineOnly, tt.headline, tt.headlineOnly)
			}
			if len(r.Hits) < 2 {
				t.Fatalf("only %d hits", len(r.Hits))
			}
			ids := make([]string, len(r.Hits))
			for i, h := range r.Hits {
				ids[i] = docID(h.ID)
			}
			oracle := bleveClauses(t, ix, main, ids)

			// explainPage's own recomputation of the score, before rescaling.
			ix.mu.RLock()
			res, _ := ix.bi.Search(bleve.NewSearchRequestOptions(main, 100, 0, false))
			pe, err := ix.explainPage(ctx, r.Query, DefaultParams(), res.Hits, 0, false)
			ix.mu.RUnlock()
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range r.Hits {
				id := docID(h.ID)
				if got := pe.computed[id]; math.Abs(got-h.Score) > 1e-9*h.Score {
					t.Errorf("hit %s: recomputed score %v, Bleve %v", id, got, h.Score)
				}
				var sum float64
				for _, v := range oracle[id] {
					sum += v
				}
				if math.Abs(sum-h.Score) > 1e-9*h.Score {
					t.Errorf("hit %s: Bleve explanation sums to %v, score %v", id, sum, h.Score)
				}
				got := map[string]float64{}
				for _, m := range h.Matched {
					for _, qt := range r.Query.Terms {
						if qt.Term == m.Term {
							got[clauseKey(strings.Fields(qt.Stem))] += m.Contribution
						}
					}
				}
				if fmt.Sprint(keys(got)) != fmt.Sprint(keys(oracle[id])) {
					t.Errorf("hit %s: matched %v, Bleve %v", id, keys(got), keys(oracle[id]))
					continue
				}
				for k, v := range oracle[id] {
					if math.Abs(got[k]-v) > 1e-9*h.Score {
						t.Errorf("hit %s clause %q: contribution %v, Bleve %v", id, k, got[k], v)
					}
				}
			}
		})
	}
}

func keys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
