package learner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// ErrBusy means a training run is in progress already.
var ErrBusy = errors.New("learner: a training run is in progress")

// Backtest parameters.
const (
	// TrainShare is the share of the decisions, in time order, before the
	// cutoff: the model is tested on the rest.
	TrainShare = 0.7
	// MinTestJobs is how many jobs with decisions after the cutoff (at
	// least one interview and one rejection each) a verdict needs.
	MinTestJobs = 5
)

// Backtest compares the model with the lexical ranker on the decisions
// made after a cutoff, training only on those made before it.
type Backtest struct {
	Cutoff time.Time `json:"cutoff"`
	// Decisions are all the decisions known; TrainExamples those known at
	// the cutoff that the model trained on (applicants the index ranks),
	// from TrainJobs jobs.
	Decisions     int `json:"decisions"`
	TrainExamples int `json:"train_examples"`
	TrainJobs     int `json:"train_jobs"`
	// TestJobs are the jobs ranked after the cutoff (with an interview and
	// a rejection among their new decisions), TestApplicants their
	// applicants decided after it.
	TestJobs       int `json:"test_jobs"`
	TestApplicants int `json:"test_applicants"`
	// Lexical, Learned and (when a model was in use) Previous are the
	// rankers' mean metrics over the test jobs.
	Lexical  eval.Metrics  `json:"lexical"`
	Learned  eval.Metrics  `json:"learned"`
	Previous *eval.Metrics `json:"previous,omitempty"`
	// VsLexical are the paired differences, learned minus lexical, per
	// metric; VsPrevious learned minus the model in use, nDCG@10.
	VsLexical  Differences      `json:"learned_minus_lexical"`
	VsPrevious *eval.Difference `json:"learned_minus_previous,omitempty"`
	// Problem, when set, says why there was no comparison.
	Problem string `json:"problem,omitempty"`
}

// Differences are paired differences of each metric over jobs.
type Differences struct {
	NDCG10   eval.Difference `json:"ndcg@10"`
	Recall50 eval.Difference `json:"recall@50"`
	MRR      eval.Difference `json:"mrr"`
}

// Train runs one training run now: backtest, training on every decision,
// and the verdict, all recorded. It returns the run; an adopted model is in
// use when it returns.
func (l *Learner) Train(ctx context.Context) (db.RankingModel, error) {
	if !l.training.TryLock() {
		return db.RankingModel{}, ErrBusy
	}
	defer l.training.Unlock()
	l.mu.Lock()
	l.busy = true
	prev := l.model
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.busy = false
		l.mu.Unlock()
	}()
	start := time.Now()
	rec, m, err := l.train(ctx, prev)
	if err != nil {
		return rec, err
	}
	id, err := l.db.SaveRankingModel(ctx, rec)
	if err != nil {
		return rec, err
	}
	rec.ID = id
	if rec.Outcome == db.ModelAdopted {
		m.Run = rec
		l.mu.Lock()
		l.model = m
		l.mu.Unlock()
	}
	l.log.Info("ranking model trained", slog.Int64("run", id), slog.String("outcome", rec.Outcome), slog.String("reason", rec.Reason),
		slog.Int("examples", rec.Examples), slog.Duration("took", time.Since(start)))
	return rec, nil
}

// train does the work of a run; the run's record says what came of it.
func (l *Learner) train(ctx context.Context, prev *Model) (db.RankingModel, *Model, error) {
	rec := db.RankingModel{TrainedAt: l.now(), FeatureSet: learn.FeatureSet}
	keep := func(why string) (db.RankingModel, *Model, error) {
		rec.Outcome, rec.Reason = verdictWithout(prev != nil, why)
		return rec, nil, nil
	}
	counts, err := l.db.CountDecisions(ctx)
	if err != nil {
		return rec, nil, err
	}
	rec.Decisions = counts.Events()
	all, err := l.db.Decisions(ctx, time.Time{})
	if err != nil {
		return rec, nil, err
	}
	if len(all) < l.opts.MinDecisions {
		return keep(fmt.Sprintf("Only %d decisions so far; training waits for %d.", len(all), l.opts.MinDecisions))
	}
	cutoff := cutoffOf(all, TrainShare)
	before, err := l.db.Decisions(ctx, cutoff)
	if err != nil {
		return rec, nil, err
	}
	lists, err := l.jobLists(ctx, all)
	if err != nil {
		return rec, nil, err
	}
	bt := Backtest{Cutoff: cutoff, Decisions: len(all)}
	trainEx := examples(before, lists)
	bt.TrainExamples, bt.TrainJobs = len(trainEx), jobsIn(trainEx)
	tests := testLists(all, before, lists)
	bt.TestJobs = len(tests)
	for _, t := range tests {
		bt.TestApplicants += len(t.ids)
	}
	if early, err := learn.Train(trainEx, learn.TrainOptions{}); err != nil {
		if !errors.Is(err, learn.ErrNoPairs) {
			return rec, nil, err
		}
		bt.Problem = "no job had both an interview and a rejection before the cutoff"
	} else {
		var prevModel *learn.Model
		if prev != nil {
			prevModel = prev.Model
		}
		compare(&bt, tests, early, prevModel)
	}

	final, err := learn.Train(examples(all, lists), learn.TrainOptions{})
	if errors.Is(err, learn.ErrNoPairs) {
		rec.Backtest = jsonText(bt)
		return keep("No job has both an interview and a rejection yet: there is nothing to learn an order from.")
	}
	if err != nil {
		return rec, nil, err
	}
	final.Trained.At = rec.TrainedAt
	model, err := json.Marshal(final)
	if err != nil {
		return rec, nil, fmt.Errorf("learner: encode model: %w", err)
	}
	rec.Model, rec.Examples, rec.Jobs = string(model), final.Trained.Examples, final.Trained.Queries
	rec.Backtest = jsonText(bt)
	rec.Outcome, rec.Reason = Verdict(bt, prev != nil)
	return rec, &Model{Model: final, Backtest: bt}, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Verdict decides what a run's model becomes from its backtest: adopted
// only when it beats the lexical ranker with the 95% interval of the
// nDCG@10 difference above zero and, when a model is in use (hasPrevious),
// it does no worse than that model on the same jobs. Otherwise the model
// in use stays (db.ModelKept) or, without one, the ranking stays lexical
// (db.ModelLexical). The reason is written for the owner.
func Verdict(bt Backtest, hasPrevious bool) (outcome, reason string) {
	switch {
	case bt.Problem != "":
		return verdictWithout(hasPrevious, "The backtest could not compare: "+bt.Problem+".")
	case bt.TestJobs < MinTestJobs:
		return verdictWithout(hasPrevious, fmt.Sprintf("Too few jobs were decided after %s to judge the model: %d, and it takes %d.",
			bt.Cutoff.Format("2 Jan 2006"), bt.TestJobs, MinTestJobs))
	}
	d := bt.VsLexical.NDCG10
	summary := fmt.Sprintf("nDCG@10 %.3f learned against %.3f lexical over %d jobs, a difference of %+.3f (95%% interval %+.3f to %+.3f)",
		bt.Learned.NDCG10, bt.Lexical.NDCG10, bt.TestJobs, d.Mean, d.CI95[0], d.CI95[1])
	if d.CI95[0] <= 0 {
		return verdictWithout(hasPrevious, "The learned model does not beat the lexical ranker on the backtest: "+summary+
			"; the interval must be above zero.")
	}
	if hasPrevious && bt.Previous != nil && bt.Learned.NDCG10 < bt.Previous.NDCG10 {
		return db.ModelKept, fmt.Sprintf("The new model did worse than the model in use on the same jobs (nDCG@10 %.3f against %.3f), so the model in use stays.",
			bt.Learned.NDCG10, bt.Previous.NDCG10)
	}
	return db.ModelAdopted, "The learned model beats the lexical ranker: " + summary + "."
}

func verdictWithout(hasPrevious bool, why string) (string, string) {
	if hasPrevious {
		return db.ModelKept, why + " The model in use stays."
	}
	return db.ModelLexical, why + " Rankings stay lexical."
}

// cutoffOf is the time by which share of the decisions were made.
func cutoffOf(ds []db.Decision, share float64) time.Time {
	ts := make([]time.Time, len(ds))
	for i, d := range ds {
		ts[i] = d.DecidedAt
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return ts[min(len(ts)-1, int(share*float64(len(ts))))]
}

// jobList is a job's applicants in lexical order with their features.
type jobList struct {
	pos     map[int64]int // candidate → position
	vectors []learn.Vector
}

// jobLists ranks the applicants of every job the decisions are about, as
// Discover's Applied Only does (everyone's view), and extracts their
// features (through the cache, so the applicants' features are ready for
// Applied Only too).
func (l *Learner) jobLists(ctx context.Context, ds []db.Decision) (map[int64]*jobList, error) {
	out := map[int64]*jobList{}
	for _, d := range ds {
		if _, done := out[d.JobID]; done {
			continue
		}
		jl := &jobList{pos: map[int64]int{}}
		out[d.JobID] = jl
		jd, err := l.db.JobDetail(ctx, d.JobID)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		job := l.opts.JobText(jd)
		r, err := l.ix.Rank(ctx, job, search.RankOptions{AppliedOnly: true, Limit: AppliedDepth, NoDetails: true})
		if err != nil {
			return nil, fmt.Errorf("learner: rank job %d: %w", d.JobID, err)
		}
		if len(r.Hits) == 0 {
			continue
		}
		ids := make([]int64, len(r.Hits))
		lex := make([]float64, len(r.Hits))
		for i, h := range r.Hits {
			ids[i], lex[i] = h.ID, h.Score
			jl.pos[h.ID] = i
		}
		if jl.vectors, _, err = l.cache.vectors(ctx, job, ids, lex, l.profile(job, r.Query)); err != nil {
			return nil, fmt.Errorf("learner: features of job %d: %w", d.JobID, err)
		}
	}
	return out, nil
}

// labelled keeps one decision per job and candidate (the highest grade: a
// candidate who applied twice), for the candidates the job's list holds.
func labelled(ds []db.Decision, lists map[int64]*jobList) map[int64]map[int64]int {
	out := map[int64]map[int64]int{}
	for _, d := range ds {
		jl := lists[d.JobID]
		if jl == nil {
			continue
		}
		if _, ok := jl.pos[d.CandidateID]; !ok {
			continue
		}
		if out[d.JobID] == nil {
			out[d.JobID] = map[int64]int{}
		}
		if r, ok := out[d.JobID][d.CandidateID]; !ok || d.Relevance > r {
			out[d.JobID][d.CandidateID] = d.Relevance
		}
	}
	return out
}

// examples are the decisions as training examples: each job a query, its
// judged applicants with their features and lexical rank.
func examples(ds []db.Decision, lists map[int64]*jobList) []learn.Example {
	var out []learn.Example
	for job, rel := range labelled(ds, lists) {
		jl := lists[job]
		q := strconv.FormatInt(job, 10)
		for cand, r := range rel {
			i := jl.pos[cand]
			out = append(out, learn.Example{Query: q, Features: jl.vectors[i], Relevance: r, Rank: i})
		}
	}
	// Map order must not reach the model.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Query != out[j].Query {
			return out[i].Query < out[j].Query
		}
		return out[i].Rank < out[j].Rank
	})
	return out
}

func jobsIn(ex []learn.Example) int {
	seen := map[string]bool{}
	for _, e := range ex {
		seen[e.Query] = true
	}
	return len(seen)
}

// testList is one job's applicants decided after the cutoff, in lexical
// order.
type testList struct {
	job     int64
	ids     []string
	rel     map[string]int
	vectors []learn.Vector
}

// testLists are the jobs' applicants decided after the cutoff (all but
// those decided before it), for jobs where at least one was interviewed
// and one was not: a list all of one grade ranks the same in any order.
func testLists(all, before []db.Decision, lists map[int64]*jobList) []testList {
	known := labelled(before, lists)
	var out []testList
	for job, rel := range labelled(all, lists) {
		jl := lists[job]
		type cand struct {
			id  int64
			pos int
		}
		var cs []cand
		var pos, neg bool
		for id, r := range rel {
			if _, seen := known[job][id]; seen {
				continue
			}
			cs = append(cs, cand{id, jl.pos[id]})
			pos, neg = pos || r > 0, neg || r == 0
		}
		if !pos || !neg {
			continue
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].pos < cs[j].pos })
		t := testList{job: job, rel: map[string]int{}}
		for _, c := range cs {
			id := strconv.FormatInt(c.id, 10)
			t.ids = append(t.ids, id)
			t.rel[id] = rel[c.id]
			t.vectors = append(t.vectors, jl.vectors[c.pos])
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].job < out[j].job })
	return out
}

// compare ranks the test lists lexically, with m and with prev (when not
// nil), and fills bt's metrics and paired differences.
func compare(bt *Backtest, tests []testList, m, prev *learn.Model) {
	if len(tests) == 0 {
		return
	}
	var lex, lrn, prv []eval.Metrics
	var dN, dR, dM, dP []float64
	for _, t := range tests {
		ml := metrics(t.ids, t.rel)
		mm := metrics(reordered(m, t), t.rel)
		lex, lrn = append(lex, ml), append(lrn, mm)
		dN, dR, dM = append(dN, mm.NDCG10-ml.NDCG10), append(dR, mm.Recall50-ml.Recall50), append(dM, mm.MRR-ml.MRR)
		if prev != nil {
			mp := metrics(reordered(prev, t), t.rel)
			prv = append(prv, mp)
			dP = append(dP, mm.NDCG10-mp.NDCG10)
		}
	}
	bt.Lexical, bt.Learned = mean(lex), mean(lrn)
	bt.VsLexical = Differences{NDCG10: eval.PairedDifference(dN), Recall50: eval.PairedDifference(dR), MRR: eval.PairedDifference(dM)}
	if prev != nil {
		p := mean(prv)
		d := eval.PairedDifference(dP)
		bt.Previous, bt.VsPrevious = &p, &d
	}
}

func reordered(m *learn.Model, t testList) []string {
	out := make([]string, 0, len(t.ids))
	for _, s := range m.Rerank(t.vectors) {
		out = append(out, t.ids[s.Index])
	}
	return out
}

func metrics(ranking []string, rel map[string]int) eval.Metrics {
	return eval.Metrics{
		NDCG10:   eval.NDCG(ranking, rel, eval.NDCGDepth),
		Recall50: eval.Recall(ranking, rel, eval.RecallDepth),
		MRR:      eval.ReciprocalRank(ranking, rel),
	}
}

func mean(ms []eval.Metrics) eval.Metrics {
	var out eval.Metrics
	for _, m := range ms {
		out.NDCG10 += m.NDCG10
		out.Recall50 += m.Recall50
		out.MRR += m.MRR
	}
	if n := float64(len(ms)); n > 0 {
		out.NDCG10 /= n
		out.Recall50 /= n
		out.MRR /= n
	}
	return out
}
