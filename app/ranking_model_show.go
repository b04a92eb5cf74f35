package app

import (
	"encoding/json"
	"net/http"

	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/search/eval"
	"github.com/shortlist-hq/shortlist/search/learn"
	"github.com/shortlist-hq/shortlist/views"
)

// rankingModelShow is the Ranking model page: which ranker ranks and why,
// the training examples, the latest backtest, the feature weights, the
// last runs, and the owner's switch. Owners only.
func (s *server) rankingModelShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, err := s.Learner.Status(ctx, 10)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := views.RankingModelProps{
		Mode: st.Mode, Training: st.Training,
		Rejected: st.Counts.Rejected, Interviewed: st.Counts.Interviewed, Offered: st.Counts.Offered, Undecided: st.Counts.Undecided,
		MinDecisions: st.MinDecisions, RetrainAfter: st.RetrainAfter,
		CacheEntries: st.Cache.Entries, CacheLists: st.Cache.Lists, CacheBytes: st.Cache.Bytes, CacheHits: st.Cache.Hits, CacheMisses: st.Cache.Misses,
	}
	if p.Ranker, err = s.ranker(ctx, s.Learner.InUse(), learn.DefaultDepth); err != nil {
		s.error(w, r, err)
		return
	}
	var weightsFrom *learn.Model
	if a := st.Adopted; a != nil {
		p.Adopted = &views.RunView{ID: a.Run.ID, TrainedAt: a.Run.TrainedAt, Outcome: a.Run.Outcome, Examples: a.Run.Examples, Jobs: a.Run.Jobs}
		weightsFrom, p.WeightsOfRun = a.Model, a.Run.ID
	}
	for _, run := range st.Runs {
		rv := views.RunView{ID: run.ID, TrainedAt: run.TrainedAt, Outcome: run.Outcome, Reason: run.Reason, Examples: run.Examples,
			Jobs: run.Jobs, InUse: st.Adopted != nil && st.Adopted.Run.ID == run.ID && st.Mode != learner.ModeLexical}
		var bt learner.Backtest
		if json.Unmarshal([]byte(run.Backtest), &bt) == nil && bt.TestJobs > 0 && bt.Problem == "" {
			rv.HasBacktest, rv.NDCGLexical, rv.NDCGLearned = true, bt.Lexical.NDCG10, bt.Learned.NDCG10
		}
		if p.Backtest == nil && !bt.Cutoff.IsZero() {
			p.Backtest = backtestView(run.ID, bt)
		}
		if weightsFrom == nil && run.Model != "" {
			if m, err := learn.Load([]byte(run.Model)); err == nil {
				weightsFrom, p.WeightsOfRun = m, run.ID
			}
		}
		p.Runs = append(p.Runs, rv)
	}
	if weightsFrom != nil {
		for i, f := range weightsFrom.Features {
			p.Weights = append(p.Weights, views.WeightView{Feature: f, Weight: weightsFrom.Weights[i]})
		}
	}
	s.render(w, r, http.StatusOK, views.RankingModelPage(s.layout(w, r, "Ranking model", "company"), p))
}

func backtestView(run int64, bt learner.Backtest) *views.BacktestView {
	v := &views.BacktestView{RunID: run, Cutoff: bt.Cutoff, TrainExamples: bt.TrainExamples, TrainJobs: bt.TrainJobs,
		TestJobs: bt.TestJobs, TestApplicants: bt.TestApplicants, HasPrevious: bt.Previous != nil, Problem: bt.Problem}
	if v.Problem == "" && bt.TestJobs == 0 {
		v.Problem = "No job was decided after the cutoff with both an interview and a rejection, so there was nothing to compare."
	}
	var prev eval.Metrics
	if bt.Previous != nil {
		prev = *bt.Previous
	}
	row := func(metric string, lex, lrn, pr float64, d eval.Difference) views.BacktestRow {
		return views.BacktestRow{Metric: metric, Lexical: lex, Learned: lrn, Previous: pr, Diff: d.Mean, Low: d.CI95[0], High: d.CI95[1]}
	}
	v.Rows = []views.BacktestRow{
		row("nDCG@10", bt.Lexical.NDCG10, bt.Learned.NDCG10, prev.NDCG10, bt.VsLexical.NDCG10),
		row("Recall@50", bt.Lexical.Recall50, bt.Learned.Recall50, prev.Recall50, bt.VsLexical.Recall50),
		row("MRR", bt.Lexical.MRR, bt.Learned.MRR, prev.MRR, bt.VsLexical.MRR),
	}
	return v
}
