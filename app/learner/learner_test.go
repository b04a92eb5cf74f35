package learner_test

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/extract"
	"github.com/shortlist-hq/shortlist/app/indexer"
	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/app/learner/learntest"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// world is a database with a planted history, its search index and a
// learner.
type world struct {
	db *db.DB
	ix *search.Index
	x  *indexer.Indexer
	l  *learner.Learner
	w  learntest.World
	// now is the learner's clock.
	now time.Time
}

func jobText(jd db.JobDetail) search.Job {
	j := search.Job{ID: jd.ID, Title: jd.Name}
	if p, ok := jd.JobPostForRanking(); ok {
		j.Text = extract.HTMLToText(p.Content)
	}
	return j
}

func newWorld(t *testing.T, cfg learntest.Config) *world {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	d, err := db.Open(ctx, filepath.Join(dir, "shortlist.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetTextSource(d.ResumeTexts)
	w := &world{db: d, ix: ix, x: indexer.New(d, ix, nil), w: learntest.Plant(t, d, cfg)}
	w.index(t)
	w.now = cfg.Start
	if w.now.IsZero() {
		w.now = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	w.now = w.now.AddDate(0, 6, 0)
	w.l = learner.New(d, ix, learner.Options{JobText: jobText, Now: func() time.Time { return w.now }})
	if err := w.l.Load(ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) index(t *testing.T) {
	t.Helper()
	if _, err := w.x.EnsureFresh(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}

func (w *world) train(t *testing.T) (db.RankingModel, learner.Backtest) {
	t.Helper()
	rec, err := w.l.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	runs, err := w.db.RankingModels(context.Background(), 1)
	if err != nil || len(runs) != 1 || runs[0].ID != rec.ID {
		t.Fatalf("the run was not stored: %+v, %v", runs, err)
	}
	m, err := learnerBacktest(rec)
	if err != nil {
		t.Fatal(err)
	}
	return rec, m
}

// TestPlantedSignalIsAdopted: the team interviews applicants with five
// years in the role, which the lexical ranker cannot see and the features
// can; the backtest shows the model ranking better with an interval above
// zero, and the model goes into use.
func TestPlantedSignalIsAdopted(t *testing.T) {
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 1, Applicants: 60})
	rec, bt := w.train(t)
	t.Logf("backtest: %+v\nreason: %s", bt, rec.Reason)
	if rec.Outcome != db.ModelAdopted {
		t.Fatalf("outcome %q (%s), want adopted", rec.Outcome, rec.Reason)
	}
	if bt.VsLexical.NDCG10.CI95[0] <= 0 || bt.Learned.NDCG10 <= bt.Lexical.NDCG10 {
		t.Errorf("adopted without beating lexical: %+v", bt)
	}
	if bt.TestJobs < learner.MinTestJobs || bt.TrainExamples == 0 || !bt.Cutoff.After(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("backtest %+v: no real time split", bt)
	}
	m := w.l.InUse()
	if m == nil || m.Run.ID != rec.ID {
		t.Fatalf("model in use %+v, want run %d", m, rec.ID)
	}
	// What the model learned is the planted signal.
	if m.Model.Weight("relevant_years") <= 0 && m.Model.Weight("experience_shortfall") >= 0 {
		t.Errorf("weights %v: the years in the role should count", m.Model.Weights)
	}
	// A fresh learner reads the adopted model back.
	again := learner.New(w.db, w.ix, learner.Options{JobText: jobText})
	if err := again.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := again.InUse(); got == nil || got.Run.ID != rec.ID {
		t.Errorf("after Load the model in use is %+v, want run %d", got, rec.ID)
	}
}

// TestNoiseStaysLexical: decisions drawn at random teach nothing; the
// backtest's interval includes zero and rankings stay lexical, saying why.
func TestNoiseStaysLexical(t *testing.T) {
	w := newWorld(t, learntest.Config{Labels: learntest.Noise, Seed: 2, Applicants: 60})
	rec, bt := w.train(t)
	t.Logf("backtest: %+v\nreason: %s", bt, rec.Reason)
	if rec.Outcome != db.ModelLexical {
		t.Fatalf("outcome %q (%s), want lexical", rec.Outcome, rec.Reason)
	}
	if bt.VsLexical.NDCG10.CI95[0] > 0 {
		t.Errorf("noise beat lexical: %+v", bt)
	}
	if !strings.Contains(rec.Reason, "does not beat the lexical ranker") || !strings.Contains(rec.Reason, "Rankings stay lexical") {
		t.Errorf("reason %q does not say why", rec.Reason)
	}
	if w.l.InUse() != nil {
		t.Error("a model is in use")
	}
	p, err := w.l.Page(context.Background(), jobText(mustJob(t, w.db, w.w.JobIDs[0])), search.RankOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if p.Model != nil || len(p.Items) == 0 || p.Items[0].Learned {
		t.Errorf("page %+v, want lexical items", p)
	}
}

// TestRetrainThatDoesWorseKeepsModel: after a model is adopted, new
// decisions are noise; the retrain does not beat the lexical ranker on
// them, and the model in use stays.
func TestRetrainThatDoesWorseKeepsModel(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 1, Applicants: 60})
	first, _ := w.train(t)
	if first.Outcome != db.ModelAdopted {
		t.Fatalf("first run %q: %s", first.Outcome, first.Reason)
	}
	// Twice as many new decisions, after the first ones, at random.
	learntest.Plant(t, w.db, learntest.Config{Labels: learntest.Noise, Seed: 3, IDBase: 1_000_000, Applicants: 60,
		Start: time.Date(2025, 5, 15, 0, 0, 0, 0, time.UTC), Days: 60})
	w.index(t)
	due, why, err := w.l.Due(ctx)
	if err != nil || !due {
		t.Fatalf("retrain not due after many new decisions (%q, %v)", why, err)
	}
	second, bt := w.train(t)
	t.Logf("backtest: %+v\nreason: %s", bt, second.Reason)
	if second.Outcome != db.ModelKept {
		t.Fatalf("second run %q (%s), want kept", second.Outcome, second.Reason)
	}
	if bt.Previous == nil || bt.VsPrevious == nil {
		t.Error("the backtest did not rank with the model in use")
	}
	if m := w.l.InUse(); m == nil || m.Run.ID != first.ID {
		t.Fatalf("model in use %+v, want the first run's (%d)", m, first.ID)
	}
	adopted, err := w.db.AdoptedRankingModel(ctx, learn.FeatureSet)
	if err != nil || adopted.ID != first.ID {
		t.Errorf("adopted run %d (%v), want %d", adopted.ID, err, first.ID)
	}
}

// TestVerdict covers every branch of the adoption rule.
func TestVerdict(t *testing.T) {
	diff := func(lo, hi float64) learner.Differences {
		var d learner.Differences
		d.NDCG10.Mean, d.NDCG10.CI95 = (lo+hi)/2, [2]float64{lo, hi}
		return d
	}
	good := learner.Backtest{TestJobs: 8, Lexical: metrics(0.5), Learned: metrics(0.7), VsLexical: diff(0.05, 0.3)}
	worseThanPrev := good
	p := metrics(0.8)
	worseThanPrev.Previous = &p
	for _, tc := range []struct {
		name    string
		bt      learner.Backtest
		hasPrev bool
		want    string
		reason  string
	}{
		{"beats lexical", good, false, db.ModelAdopted, "beats the lexical ranker"},
		{"beats lexical and the model in use", good, true, db.ModelAdopted, "beats the lexical ranker"},
		{"interval includes zero", learner.Backtest{TestJobs: 8, VsLexical: diff(-0.1, 0.2)}, false, db.ModelLexical, "does not beat"},
		{"interval includes zero, model in use", learner.Backtest{TestJobs: 8, VsLexical: diff(-0.1, 0.2)}, true, db.ModelKept, "model in use stays"},
		{"too few test jobs", learner.Backtest{TestJobs: 2, VsLexical: diff(0.1, 0.2)}, false, db.ModelLexical, "Too few jobs"},
		{"no comparison", learner.Backtest{Problem: "no pairs"}, false, db.ModelLexical, "could not compare"},
		{"worse than the model in use", worseThanPrev, true, db.ModelKept, "did worse than the model in use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, reason := learner.Verdict(tc.bt, tc.hasPrev)
			if got != tc.want || !strings.Contains(reason, tc.reason) {
				t.Errorf("Verdict = %q, %q; want %q with %q", got, reason, tc.want, tc.reason)
			}
		})
	}
}

// TestPageExplainsEveryScore: learned and lexical pages alike, every
// item's score parts sum to its score; the learned page is the lexical top
// re-ranked, and pages past the re-ranked top continue lexically.
func TestPageExplainsEveryScore(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 1, Jobs: 6, Applicants: 30})
	job := jobText(mustJob(t, w.db, w.w.JobIDs[0]))
	check := func(name string, p *learner.Page, learned bool) {
		t.Helper()
		if len(p.Items) == 0 {
			t.Fatalf("%s: empty page", name)
		}
		for _, it := range p.Items {
			var sum float64
			for _, c := range it.Parts {
				sum += c
			}
			if len(it.Parts) == 0 || math.Abs(sum-it.Score) > 1e-9*max(1, math.Abs(it.Score)) {
				t.Errorf("%s: candidate %d: parts %v sum to %v, score %v", name, it.Hit.ID, it.Parts, sum, it.Score)
			}
			if it.Learned != learned {
				t.Errorf("%s: candidate %d learned = %v", name, it.Hit.ID, it.Learned)
			}
		}
	}
	lex, err := w.l.Page(ctx, job, search.RankOptions{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	check("lexical", lex, false)
	if _, ok := lex.Items[0].Parts["other"]; ok && len(lex.Items[0].Parts) == 1 {
		t.Errorf("lexical parts %v name no term", lex.Items[0].Parts)
	}

	m := learn.Untrained()
	m.Weights[learn.RelevantYears] = 3 // years in the role lead
	m.Depth = 20
	w.l.Use(m)
	all, err := w.l.Page(ctx, job, search.RankOptions{AppliedOnly: true, Limit: 30})
	if err != nil {
		t.Fatal(err)
	}
	check("learned", all, true)
	if all.Model == nil || all.Depth != len(all.Items) {
		t.Errorf("learned page: model %v, depth %d for %d items", all.Model, all.Depth, len(all.Items))
	}
	years := map[int64]int{}
	for _, a := range w.w.Applications {
		years[a.CandidateID] = a.Years
	}
	if first, last := years[all.Items[0].Hit.ID], years[all.Items[len(all.Items)-1].Hit.ID]; first <= last {
		t.Errorf("re-ranked by years: first has %d years, last %d", first, last)
	}
	// Everyone's ranking: the model re-ranks its Depth, then lexical.
	// (Applied Only re-ranks every applicant, whatever the Depth.)
	past, err := w.l.Page(ctx, job, search.RankOptions{Offset: 10, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if past.Ranking.Total < 30 {
		t.Fatalf("only %d candidates match the job", past.Ranking.Total)
	}
	if len(past.Items) != 20 || !past.Items[9].Learned || past.Items[10].Learned {
		t.Errorf("items 11-30: %d items, learned %v/%v; want the 10th learned, the 11th lexical", len(past.Items),
			past.Items[9].Learned, past.Items[10].Learned)
	}
	check("learned head", &learner.Page{Items: past.Items[:10]}, true)
	check("lexical tail", &learner.Page{Items: past.Items[10:]}, false)

	ex, err := w.l.Explain(ctx, job, search.RankOptions{AppliedOnly: true}, all.Items[2].Hit.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Found || ex.Rank != 3 || len(ex.Rows) != int(learn.NumFeatures) || ex.Rows[0].Feature != "relevant_years" {
		t.Errorf("explanation %+v", ex)
	}
}

func mustJob(t *testing.T, d *db.DB, id int64) db.JobDetail {
	t.Helper()
	jd, err := d.JobDetail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return jd
}

func learnerBacktest(rec db.RankingModel) (learner.Backtest, error) {
	var bt learner.Backtest
	err := json.Unmarshal([]byte(rec.Backtest), &bt)
	return bt, err
}

func metrics(ndcg float64) eval.Metrics { return eval.Metrics{NDCG10: ndcg} }

// TestUnusableStoredModel: a stored model this build cannot use (another
// feature set, or damaged) is not loaded; rankings are lexical and say
// why, and nothing fails.
func TestUnusableStoredModel(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 1, Jobs: 2, Applicants: 5})
	for _, m := range []db.RankingModel{
		{FeatureSet: learn.FeatureSet + 1, Model: `{"version":1,"feature_set":99}`, Outcome: db.ModelAdopted},
		{FeatureSet: learn.FeatureSet, Model: `{"version":1,"feature_set":1,"features":["x"]}`, Outcome: db.ModelAdopted},
	} {
		m.TrainedAt = w.now
		if _, err := w.db.SaveRankingModel(ctx, m); err != nil {
			t.Fatal(err)
		}
		l := learner.New(w.db, w.ix, learner.Options{JobText: jobText})
		if err := l.Load(ctx); err != nil {
			t.Fatalf("feature set %d: Load: %v", m.FeatureSet, err)
		}
		if l.InUse() != nil {
			t.Errorf("feature set %d: an unusable model is in use", m.FeatureSet)
		}
		why, err := l.LexicalReason(ctx)
		if err != nil || !strings.Contains(why, "next training run replaces it") {
			t.Errorf("feature set %d: reason %q (%v)", m.FeatureSet, why, err)
		}
	}
}
