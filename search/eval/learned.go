package eval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// Learned names the learned re-ranker in a Report.
const Learned = "learned"

// Learning describes how the learned ranker in a Report was trained and
// how it compares with the others.
type Learning struct {
	// Mode is "folds" (cross-validation by query on the set) or "train"
	// (trained on another set's judgments).
	Mode string `json:"mode"`
	// Train names the training set in mode "train".
	Train string `json:"train,omitempty"`
	// Depth is how many lexical hits were re-ranked.
	Depth int `json:"depth"`
	// Folds holds each held-out fold's figures (one entry in mode "train").
	Folds []FoldReport `json:"folds"`
	// VsShortlist and VsBaseline are the paired differences of nDCG@10
	// (learned minus the other) over the held-out queries.
	VsShortlist Difference `json:"learned_minus_shortlist"`
	VsBaseline  Difference `json:"learned_minus_baseline"`
	// FeatureP50MS is the median time spent extracting one query's
	// features (Depth candidates; resumes analysed once per query, with no
	// cache across queries).
	FeatureP50MS float64 `json:"feature_p50_ms"`
}

// FoldReport is one held-out fold.
type FoldReport struct {
	Fold         int                `json:"fold"`
	Queries      int                `json:"queries"`
	TrainQueries int                `json:"train_queries"`
	Rankers      map[string]Metrics `json:"rankers"`
	Model        *learn.Model       `json:"model"`
}

// Difference is a paired difference of nDCG@10 over queries with its
// standard error and a 95% paired bootstrap interval.
type Difference struct {
	Mean float64    `json:"mean"`
	SE   float64    `json:"se"`
	CI95 [2]float64 `json:"ci95"`
	N    int        `json:"n"`
}

// list is one query's lexical top Depth with features.
type list struct {
	ranking []string // the whole lexical ranking (set document ids)
	feats   []learn.Vector
}

// candidates returns the allow-listed candidates of the set's documents,
// built once, and sets ev.now to the latest date in them (the set's
// present, for experience and recency).
func (ev *Evaluator) candidates() []learn.Candidate {
	if ev.cands == nil {
		ev.cands = make([]learn.Candidate, len(ev.set.Documents))
		for i, d := range ev.set.Documents {
			ev.cands[i] = learn.FromDocument(search.Document{Resume: d.Text})
			if t := learn.LatestDate(d.Text); t.After(ev.now) {
				ev.now = t
			}
		}
	}
	return ev.cands
}

// lists ranks every query lexically and extracts the features of its top
// depth documents.
func (ev *Evaluator) lists(ctx context.Context, p search.Params, queries []Query, depth int) (map[string]*list, []time.Duration, error) {
	cands := ev.candidates()
	pos := make(map[string]int, len(ev.set.Documents))
	for i, d := range ev.set.Documents {
		pos[d.ID] = i
	}
	text, _ := ev.ix.AverageLengths()
	corpus := learn.Corpus{AvgResumeLength: text, Now: ev.now}
	out := make(map[string]*list, len(queries))
	var took []time.Duration
	for _, q := range queries {
		r, err := ev.ix.Rank(ctx, search.Job{Title: q.Title, Text: q.Text}, search.RankOptions{
			Limit: len(ev.set.Documents), Params: &p, NoDetails: true,
		})
		if err != nil {
			return nil, nil, fmt.Errorf("eval: rank %s: %w", q.ID, err)
		}
		start := time.Now()
		l := &list{ranking: ev.docIDs(r.Hits)}
		prof := learn.NewProfile(learn.Job{Title: q.Title, Text: q.Text}, r.Query)
		top := l.ranking[:min(depth, len(l.ranking))]
		list := make([]learn.Candidate, len(top))
		lex := make([]float64, len(top))
		for i, id := range top {
			list[i], lex[i] = cands[pos[id]], r.Hits[i].Score
		}
		l.feats = prof.ExtractList(list, lex, corpus)
		took = append(took, time.Since(start))
		out[q.ID] = l
	}
	return out, took, nil
}

// examples turns lists into training examples with set's judgments.
func examples(set *Set, queries []Query, lists map[string]*list) []learn.Example {
	var out []learn.Example
	for _, q := range queries {
		l := lists[q.ID]
		rel := set.Relevance(q.ID)
		for i, f := range l.feats {
			out = append(out, learn.Example{Query: q.ID, Features: f, Relevance: max(rel[l.ranking[i]], 0), Rank: i})
		}
	}
	return out
}

// rerank orders a list with m: the re-ranked top, then the rest of the
// lexical ranking.
func rerank(m *learn.Model, l *list) []string {
	out := make([]string, 0, len(l.ranking))
	for _, s := range m.Rerank(l.feats) {
		out = append(out, l.ranking[s.Index])
	}
	return append(out, l.ranking[len(l.feats):]...)
}

// LearnOptions configure the learned ranker's evaluation.
type LearnOptions struct {
	// Depth is the number of lexical hits re-ranked (learn.DefaultDepth
	// when 0).
	Depth int
	Train learn.TrainOptions
}

// CrossValidate trains the learned ranker on k−1 folds of queries and
// ranks the held-out fold, for each of k folds (Folds), and adds the
// held-out rankings' metrics to rep as the "learned" ranker. rep must come
// from ev.Report with the same queries.
func (ev *Evaluator) CrossValidate(ctx context.Context, rep *Report, p search.Params, queries []Query, categories map[string]string, k int, opts LearnOptions) error {
	if k < 2 {
		return fmt.Errorf("eval: --folds %d: need at least 2", k)
	}
	opts = opts.withDefaults()
	judged := withRelevant(ev.set, queries)
	lists, took, err := ev.lists(ctx, p, judged, opts.Depth)
	if err != nil {
		return err
	}
	lr := &Learning{Mode: "folds", Depth: opts.Depth}
	perQuery := map[string]Metrics{}
	folds := Folds(judged, categories, k)
	for i, fold := range folds {
		var train []Query
		for j, other := range folds {
			if j != i {
				train = append(train, other...)
			}
		}
		m, err := learn.Train(examples(ev.set, train, lists), opts.Train)
		if err != nil {
			return fmt.Errorf("eval: fold %d: %w", i, err)
		}
		fr := FoldReport{Fold: i, Queries: len(fold), TrainQueries: len(train), Model: m, Rankers: map[string]Metrics{}}
		var ms, sl, bl []Metrics
		for _, q := range fold {
			mq := score(rerank(m, lists[q.ID]), ev.set.Relevance(q.ID))
			perQuery[q.ID] = mq
			ms = append(ms, mq)
			sl = append(sl, rep.perRanker[Shortlist][q.ID])
			bl = append(bl, rep.perRanker[Baseline][q.ID])
		}
		fr.Rankers[Learned], fr.Rankers[Shortlist], fr.Rankers[Baseline] = mean(ms), mean(sl), mean(bl)
		lr.Folds = append(lr.Folds, fr)
	}
	lr.FeatureP50MS, _ = percentiles(took)
	rep.addLearned(lr, perQuery, categories)
	return nil
}

// TrainedOn trains the learned ranker on all judged queries of train (its
// own evaluator) and adds its rankings of queries to rep as the "learned"
// ranker.
func (ev *Evaluator) TrainedOn(ctx context.Context, rep *Report, train *Evaluator, p search.Params, queries []Query, categories map[string]string, opts LearnOptions) error {
	opts = opts.withDefaults()
	tq := withRelevant(train.set, train.set.Queries)
	tl, _, err := train.lists(ctx, p, tq, opts.Depth)
	if err != nil {
		return err
	}
	m, err := learn.Train(examples(train.set, tq, tl), opts.Train)
	if err != nil {
		return fmt.Errorf("eval: train on %s: %w", train.set.Name, err)
	}
	judged := withRelevant(ev.set, queries)
	lists, took, err := ev.lists(ctx, p, judged, opts.Depth)
	if err != nil {
		return err
	}
	lr := &Learning{Mode: "train", Train: train.set.Name, Depth: opts.Depth}
	fr := FoldReport{Queries: len(judged), TrainQueries: len(tq), Model: m, Rankers: map[string]Metrics{}}
	perQuery := map[string]Metrics{}
	var ms, sl, bl []Metrics
	for _, q := range judged {
		mq := score(rerank(m, lists[q.ID]), ev.set.Relevance(q.ID))
		perQuery[q.ID] = mq
		ms = append(ms, mq)
		sl = append(sl, rep.perRanker[Shortlist][q.ID])
		bl = append(bl, rep.perRanker[Baseline][q.ID])
	}
	fr.Rankers[Learned], fr.Rankers[Shortlist], fr.Rankers[Baseline] = mean(ms), mean(sl), mean(bl)
	lr.Folds = []FoldReport{fr}
	lr.FeatureP50MS, _ = percentiles(took)
	rep.addLearned(lr, perQuery, categories)
	return nil
}

func (o LearnOptions) withDefaults() LearnOptions {
	if o.Depth <= 0 {
		o.Depth = learn.DefaultDepth
	}
	o.Train.Depth = o.Depth
	return o
}

// withRelevant keeps the queries with a relevant document (the others are
// left out of every average).
func withRelevant(set *Set, queries []Query) []Query {
	var out []Query
	for _, q := range queries {
		if hasRelevant(set.Relevance(q.ID)) {
			out = append(out, q)
		}
	}
	return out
}

// addLearned adds the learned ranker's per-query metrics to the report's
// averages and categories, and the paired comparisons.
func (rep *Report) addLearned(lr *Learning, perQuery map[string]Metrics, categories map[string]string) {
	var all []Metrics
	byCat := map[string][]Metrics{}
	ids := make([]string, 0, len(perQuery))
	for id := range perQuery {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var dsl, dbl []float64
	for _, id := range ids {
		m := perQuery[id]
		all = append(all, m)
		if c, ok := categories[id]; ok {
			byCat[c] = append(byCat[c], m)
		}
		dsl = append(dsl, m.NDCG10-rep.perRanker[Shortlist][id].NDCG10)
		dbl = append(dbl, m.NDCG10-rep.perRanker[Baseline][id].NDCG10)
	}
	rep.Rankers[Learned] = mean(all)
	for c, ms := range byCat {
		if cr, ok := rep.Categories[c]; ok {
			cr.Rankers[Learned] = mean(ms)
		}
	}
	lr.VsShortlist, lr.VsBaseline = pairedDifference(dsl), pairedDifference(dbl)
	rep.Learning = lr
}

// bootstrapResamples is the number of paired bootstrap resamples.
const bootstrapResamples = 10000

// PairedDifference summarises paired per-query differences (one ranker's
// metric minus another's on the same query): mean, standard error and a
// 95% percentile bootstrap interval over the queries (fixed seed, so
// reports repeat).
func PairedDifference(d []float64) Difference { return pairedDifference(d) }

func pairedDifference(d []float64) Difference {
	out := Difference{N: len(d)}
	if len(d) == 0 {
		return out
	}
	for _, x := range d {
		out.Mean += x
	}
	out.Mean /= float64(len(d))
	if len(d) > 1 {
		var ss float64
		for _, x := range d {
			ss += (x - out.Mean) * (x - out.Mean)
		}
		out.SE = math.Sqrt(ss/float64(len(d)-1)) / math.Sqrt(float64(len(d)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	means := make([]float64, bootstrapResamples)
	for b := range means {
		var s float64
		for range d {
			s += d[rng.IntN(len(d))]
		}
		means[b] = s / float64(len(d))
	}
	sort.Float64s(means)
	out.CI95 = [2]float64{means[int(0.025*bootstrapResamples)], means[int(0.975*bootstrapResamples)-1]}
	return out
}
