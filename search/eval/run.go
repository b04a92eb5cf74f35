package eval

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"sort"
	"time"

	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// Ranker names in a Report.
const (
	Shortlist = "shortlist"
	Baseline  = "baseline"
)

// Report is the outcome of one evaluation. Set, Queries and Rankers are the
// stable part; the rest is for diagnosis.
type Report struct {
	Set     string             `json:"set"`
	Queries int                `json:"queries"`
	Rankers map[string]Metrics `json:"rankers"`
	// Skipped counts queries left out because no document is relevant.
	Skipped    int                       `json:"skipped_queries,omitempty"`
	Categories map[string]CategoryReport `json:"categories,omitempty"`
	Timings    Timings                   `json:"timings"`
	Params     search.Params             `json:"params"`
	// Learning is set when the report has a learned ranker (see
	// Evaluator.CrossValidate and Evaluator.TrainedOn).
	Learning *Learning `json:"learning,omitempty"`
	// PerQuery holds the Shortlist ranker's metrics per query id, for
	// paired comparisons of parameter settings.
	PerQuery map[string]Metrics `json:"-"`

	perRanker map[string]map[string]Metrics // ranker → query → metrics
}

// CategoryReport is the breakdown for one query category.
type CategoryReport struct {
	Queries int                `json:"queries"`
	Rankers map[string]Metrics `json:"rankers"`
}

// Timings are wall-clock figures of the run. Query times rank every document
// (no page limit) without explanations, so they are not product latencies;
// see the package benchmarks for those.
type Timings struct {
	IndexMS       float64 `json:"index_ms"`
	ShortlistP50  float64 `json:"shortlist_p50_ms"`
	ShortlistP95  float64 `json:"shortlist_p95_ms"`
	BaselineP50   float64 `json:"baseline_p50_ms"`
	BaselineP95   float64 `json:"baseline_p95_ms"`
	AvgQueryTerms float64 `json:"avg_query_terms"`
}

// Run indexes set's documents and reports both rankers over all queries,
// with a per-category breakdown when the set allows one.
func Run(ctx context.Context, set *Set, p search.Params) (Report, error) {
	ev, err := NewEvaluator(ctx, set)
	if err != nil {
		return Report{}, err
	}
	defer ev.Close()
	return ev.Report(ctx, p, set.Queries, set.Categories(nil))
}

// Evaluator holds a set's documents indexed once, so many parameter settings
// can be compared cheaply.
type Evaluator struct {
	set     *Set
	dir     string
	ix      *search.Index
	ids     map[int64]string // index id → set document id
	indexMS float64

	baseline     map[string][]string
	baselineTime map[string]time.Duration

	cands []learn.Candidate // the documents as the learned ranker sees them
	now   time.Time         // the latest date in the documents
}

// NewEvaluator indexes set's documents (resume text only) in a temporary
// scorch BM25 index.
func NewEvaluator(ctx context.Context, set *Set) (*Evaluator, error) {
	dir, err := os.MkdirTemp("", "shortlist-eval-")
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ev := &Evaluator{set: set, dir: dir, ix: ix, ids: make(map[int64]string, len(set.Documents))}
	start := time.Now()
	err = ix.Rebuild(ctx, func(ctx context.Context, w *search.Writer) error {
		for i, d := range set.Documents {
			id := int64(i + 1)
			ev.ids[id] = d.ID
			if err := w.Add(search.Document{ID: id, Resume: d.Text}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		ev.Close()
		return nil, err
	}
	ev.indexMS = ms(time.Since(start))
	ix.SetTextSource(func(ctx context.Context, ids []int64) (map[int64]string, error) {
		out := make(map[int64]string, len(ids))
		for _, id := range ids {
			if id >= 1 && int(id) <= len(set.Documents) {
				out[id] = set.Documents[id-1].Text
			}
		}
		return out, nil
	})
	return ev, nil
}

// Close removes the temporary index.
func (ev *Evaluator) Close() error {
	err := ev.ix.Close()
	os.RemoveAll(ev.dir)
	return err
}

// Index returns the evaluator's index (for experiments).
func (ev *Evaluator) Index() *search.Index { return ev.ix }

// Rank ranks every document for q with the Shortlist ranker.
func (ev *Evaluator) Rank(ctx context.Context, q Query, p search.Params) ([]string, int, time.Duration, error) {
	r, err := ev.ix.Rank(ctx, search.Job{Title: q.Title, Text: q.Text}, search.RankOptions{
		Limit: len(ev.set.Documents), Params: &p, NoDetails: true,
	})
	if err != nil {
		return nil, 0, 0, fmt.Errorf("eval: rank %s: %w", q.ID, err)
	}
	return ev.docIDs(r.Hits), len(r.Query.Terms), r.Took, nil
}

// RankBaseline ranks every document for q with the whole job text (title
// and posting) as one BM25 MatchQuery.
func (ev *Evaluator) RankBaseline(ctx context.Context, q Query) ([]string, time.Duration, error) {
	if ev.baseline == nil {
		ev.baseline, ev.baselineTime = map[string][]string{}, map[string]time.Duration{}
	}
	if r, ok := ev.baseline[q.ID]; ok {
		return r, ev.baselineTime[q.ID], nil
	}
	r, err := ev.ix.SearchText(ctx, 0, q.Title+"\n"+q.Text, search.RankOptions{
		Limit: len(ev.set.Documents), NoDetails: true,
	})
	if err != nil {
		return nil, 0, fmt.Errorf("eval: baseline %s: %w", q.ID, err)
	}
	ev.baseline[q.ID], ev.baselineTime[q.ID] = ev.docIDs(r.Hits), r.Took
	return ev.baseline[q.ID], r.Took, nil
}

func (ev *Evaluator) docIDs(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = ev.ids[h.ID]
	}
	return out
}

// Report evaluates both rankers on queries. categories (query id → name) may
// be nil.
func (ev *Evaluator) Report(ctx context.Context, p search.Params, queries []Query, categories map[string]string) (Report, error) {
	rep := Report{Set: ev.set.Name, Params: p, Rankers: map[string]Metrics{}, PerQuery: map[string]Metrics{},
		perRanker: map[string]map[string]Metrics{}}
	rep.Timings.IndexMS = ev.indexMS
	var all = map[string][]Metrics{}
	byCat := map[string]map[string][]Metrics{}
	var slTimes, blTimes []time.Duration
	var terms int
	for _, q := range queries {
		rel := ev.set.Relevance(q.ID)
		if !hasRelevant(rel) {
			rep.Skipped++
			continue
		}
		sl, n, took, err := ev.Rank(ctx, q, p)
		if err != nil {
			return rep, err
		}
		terms += n
		slTimes = append(slTimes, took)
		bl, btook, err := ev.RankBaseline(ctx, q)
		if err != nil {
			return rep, err
		}
		blTimes = append(blTimes, btook)

		ms := map[string]Metrics{Shortlist: score(sl, rel), Baseline: score(bl, rel)}
		rep.PerQuery[q.ID] = ms[Shortlist]
		for name, m := range ms {
			all[name] = append(all[name], m)
			if rep.perRanker[name] == nil {
				rep.perRanker[name] = map[string]Metrics{}
			}
			rep.perRanker[name][q.ID] = m
		}
		if c, ok := categories[q.ID]; ok {
			if byCat[c] == nil {
				byCat[c] = map[string][]Metrics{}
			}
			for name, m := range ms {
				byCat[c][name] = append(byCat[c][name], m)
			}
		}
		rep.Queries++
	}
	for name, ms := range all {
		rep.Rankers[name] = mean(ms)
	}
	if len(byCat) > 0 {
		rep.Categories = map[string]CategoryReport{}
		for c, rankers := range byCat {
			cr := CategoryReport{Rankers: map[string]Metrics{}}
			for name, ms := range rankers {
				cr.Rankers[name] = mean(ms)
				cr.Queries = len(ms)
			}
			rep.Categories[c] = cr
		}
	}
	rep.Timings.ShortlistP50, rep.Timings.ShortlistP95 = percentiles(slTimes)
	rep.Timings.BaselineP50, rep.Timings.BaselineP95 = percentiles(blTimes)
	if rep.Queries > 0 {
		rep.Timings.AvgQueryTerms = float64(terms) / float64(rep.Queries)
	}
	return rep, nil
}

// Split divides queries into a tuning half and a confirmation half,
// deterministically (by a hash of the id) and stratified by category when
// categories are given, so both halves are drawn the same way. Only the
// grouping matters, not the names: labelled and unlabelled categories give
// the same halves.
func Split(queries []Query, categories map[string]string) (tune, confirm []Query) {
	f := Folds(queries, categories, 2)
	return f[0], f[1]
}

// Folds divides queries into k folds for cross-validation the way Split
// halves them: each category's queries sorted by a hash of their id and
// dealt in turn, so the folds are balanced, stratified and the same on
// every run.
func Folds(queries []Query, categories map[string]string, k int) [][]Query {
	groups := map[string][]Query{}
	for _, q := range queries {
		groups[categories[q.ID]] = append(groups[categories[q.ID]], q)
	}
	// Order groups by their smallest query id.
	type group struct {
		first string
		qs    []Query
	}
	ordered := make([]group, 0, len(groups))
	for _, qs := range groups {
		first := qs[0].ID
		for _, q := range qs {
			first = min(first, q.ID)
		}
		ordered = append(ordered, group{first, qs})
	}
	sort.Slice(ordered, func(a, b int) bool { return ordered[a].first < ordered[b].first })
	folds := make([][]Query, k)
	i := 0
	for _, g := range ordered {
		qs := g.qs
		sort.Slice(qs, func(a, b int) bool { return hash(qs[a].ID) < hash(qs[b].ID) })
		for _, q := range qs {
			folds[i%k] = append(folds[i%k], q)
			i++
		}
	}
	return folds
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentiles returns the p50 and p95 of ds in milliseconds.
func percentiles(ds []time.Duration) (p50, p95 float64) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) float64 { return ms(s[min(len(s)-1, int(p*float64(len(s))))]) }
	return at(0.50), at(0.95)
}

// PairedDiff compares the Shortlist ranker's nDCG@10 in two reports over the
// queries both hold: the mean difference (b − a) and its standard error.
func PairedDiff(a, b Report) (mean, se float64, n int) {
	var diffs []float64
	for id, ma := range a.PerQuery {
		if mb, ok := b.PerQuery[id]; ok {
			diffs = append(diffs, mb.NDCG10-ma.NDCG10)
		}
	}
	n = len(diffs)
	if n < 2 {
		return 0, 0, n
	}
	for _, d := range diffs {
		mean += d
	}
	mean /= float64(n)
	var ss float64
	for _, d := range diffs {
		ss += (d - mean) * (d - mean)
	}
	return mean, math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n)), n
}
