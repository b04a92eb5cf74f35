package app

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/learner/learntest"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// plantedApp is a Shortlist whose Greenhouse history was planted (see
// learntest): the team interviews applicants with five years in the role,
// which only the learned model can see.
type plantedApp struct {
	app   *App
	world learntest.World
	// owner logs in with ownerEmail and ownerPass; recruiter likewise.
}

func newPlantedApp(t *testing.T) *plantedApp {
	t.Helper()
	ctx := context.Background()
	a, err := Open(ctx, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	w := learntest.Plant(t, a.DB, learntest.Config{Labels: learntest.Signal, Seed: 1, Applicants: 60})
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ email, role, pass string }{
		{ownerEmail, db.RoleOwner, ownerPass}, {recruiterEmail, db.RoleRecruiter, recruiterPass},
	} {
		if _, err := a.AddUser(ctx, u.email, "", u.role, u.pass); err != nil {
			t.Fatal(err)
		}
	}
	return &plantedApp{app: a, world: w}
}

// apiRanking is the API's ranking of a job and the model header.
func apiRanking(t *testing.T, a *App, base, token string, job int64, appliedOnly bool) ([]apiRanked, string) {
	t.Helper()
	c := newClient(t, base)
	res := c.do(http.MethodGet, "/api/v1/jobs/"+strconv.FormatInt(job, 10)+"/candidates?limit=100&applied_only="+strconv.FormatBool(appliedOnly),
		nil, map[string]string{"Authorization": "Bearer " + token})
	if res.Status != http.StatusOK {
		t.Fatalf("API ranking: %d %s", res.Status, res.Body)
	}
	var items []apiRanked
	if err := json.Unmarshal([]byte(res.Body), &items); err != nil {
		t.Fatal(err)
	}
	return items, res.Header.Get("X-Shortlist-Model")
}

// checkParts fails unless every item's score parts sum to its score and
// name what learned says they should (features, or job terms).
func checkParts(t *testing.T, items []apiRanked, learned bool) {
	t.Helper()
	if len(items) == 0 {
		t.Fatal("empty ranking")
	}
	features := map[string]bool{}
	for _, f := range learn.FeatureNames() {
		features[f] = true
	}
	for _, it := range items {
		if len(it.ScoreParts) == 0 {
			t.Fatalf("candidate %d: no score_parts", it.ID)
		}
		var sum float64
		for k, v := range it.ScoreParts {
			sum += v
			if learned != features[k] && (learned || !strings.HasPrefix(k, "term:") && k != "other") {
				t.Errorf("candidate %d: part %q in a learned=%v ranking", it.ID, k, learned)
			}
		}
		if math.Abs(sum-it.Score) > 1e-6*max(1, math.Abs(it.Score)) {
			t.Errorf("candidate %d: parts sum to %v, score %v", it.ID, sum, it.Score)
		}
	}
}

// TestScorePartsOnTheDemo: on the simulated company, lexical rankings in
// the API explain every score by job term, and say the lexical ranker
// ranked them; with a model in use, by feature.
func TestScorePartsOnTheDemo(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	tok, _, err := fx.app.CreateToken(ctx, recruiterEmail, "score parts")
	if err != nil {
		t.Fatal(err)
	}
	job := fx.busiestJob().ID
	items, model := apiRanking(t, fx.app, srv.URL, tok, job, false)
	if model != "lexical" {
		t.Errorf("X-Shortlist-Model %q, want lexical", model)
	}
	checkParts(t, items, false)

	m := learn.Untrained()
	m.Weights[learn.TitleMatch] = 2
	fx.app.Learner.Use(m)
	t.Cleanup(func() { fx.app.Learner.Use(nil) })
	items, model = apiRanking(t, fx.app, srv.URL, tok, job, false)
	if !strings.HasPrefix(model, "learned-") {
		t.Errorf("X-Shortlist-Model %q, want learned-…", model)
	}
	checkParts(t, items, true)
	for i := 1; i < len(items); i++ {
		if items[i].Score > items[i-1].Score+1e-12 {
			t.Fatalf("learned ranking out of order at %d: %v after %v", i, items[i].Score, items[i-1].Score)
		}
	}
	c := loggedIn(t, srv.URL, "recruiter")
	page := c.get("/discover?job=" + strconv.FormatInt(job, 10) + "&applied_only=0")
	if !strings.Contains(page.Body, `data-model="learned-`) || !strings.Contains(page.Body, "Ranked by the learned model") {
		t.Errorf("Discover does not say the learned model ranked:\n%s", excerpt(page.Body))
	}
	match := c.get("/jobs/" + strconv.FormatInt(job, 10) + "/candidates/" + strconv.FormatInt(items[0].ID, 10) + "/match?job=" +
		strconv.FormatInt(job, 10) + "&applied_only=0")
	if n := strings.Count(match.Body, `data-testid="why-row"`); n != int(learn.NumFeatures) {
		t.Errorf("Match shows %d feature rows, want %d\n%s", n, learn.NumFeatures, excerpt(match.Body))
	}
}

// TestRankingModelEndToEnd: an owner trains the model on the planted
// history from the Ranking model page; the backtest shows it beating the
// lexical ranker, rankings switch to it (Discover, the API, Match), and
// the owner's switch turns it off and on again. Recruiters may not see the
// page.
func TestRankingModelEndToEnd(t *testing.T) {
	pa := newPlantedApp(t)
	a := pa.app
	ctx := context.Background()
	_, srv := startServer(t, a)
	owner := newClient(t, srv.URL)
	owner.login(ownerEmail, ownerPass)
	recruiter := newClient(t, srv.URL)
	recruiter.login(recruiterEmail, recruiterPass)
	tok, _, err := a.CreateToken(ctx, recruiterEmail, "")
	if err != nil {
		t.Fatal(err)
	}
	job := pa.world.JobIDs[0]
	discover := "/discover?job=" + strconv.FormatInt(job, 10) + "&applied_only=1"

	if res := recruiter.get("/company/ranking-model"); res.Status != http.StatusForbidden {
		t.Errorf("recruiter: %d, want 403", res.Status)
	}
	res := owner.get("/company/ranking-model")
	for _, want := range []string{`data-testid="model-status"`, `data-model="lexical"`, "No model has been trained yet", `data-testid="count-interviewed"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("before training, the page lacks %q\n%s", want, excerpt(res.Body))
		}
	}
	if res := recruiter.get(discover); !strings.Contains(res.Body, "No model has been trained yet") {
		t.Errorf("Discover does not say why it is lexical:\n%s", excerpt(res.Body))
	}

	if res := owner.post("/company/ranking-model/train", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("train now: %d", res.Status)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		runs, err := a.DB.RankingModels(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) == 1 && !a.Learner.Training() {
			if runs[0].Outcome != db.ModelAdopted {
				t.Fatalf("run %q: %s", runs[0].Outcome, runs[0].Reason)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no training run recorded 2 minutes after Train now")
		}
		time.Sleep(50 * time.Millisecond)
	}
	res = owner.get("/company/ranking-model")
	for _, want := range []string{`data-testid="model-adopted"`, `data-testid="backtest-table"`, `data-metric="nDCG@10"`, `data-metric="Recall@50"`,
		`data-metric="MRR"`, `data-testid="weights-table"`, `data-outcome="adopted"`, `data-testid="run-in-use"`, "Ranked by the learned model"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("after training, the page lacks %q\n%s", want, excerpt(res.Body))
		}
	}
	if n := strings.Count(res.Body, `data-testid="weight-row"`); n != int(learn.NumFeatures) {
		t.Errorf("%d weights shown, want %d", n, learn.NumFeatures)
	}

	items, model := apiRanking(t, a, srv.URL, tok, job, true)
	if model != a.Learner.InUse().Name() {
		t.Errorf("X-Shortlist-Model %q, want %q", model, a.Learner.InUse().Name())
	}
	checkParts(t, items, true)
	if res := recruiter.get(discover); !strings.Contains(res.Body, "Ranked by the learned model") {
		t.Errorf("Discover does not say the learned model ranked:\n%s", excerpt(res.Body))
	}
	match := recruiter.get("/jobs/" + strconv.FormatInt(job, 10) + "/candidates/" + strconv.FormatInt(items[0].ID, 10) + "/match?" +
		url.Values{"job": {strconv.FormatInt(job, 10)}, "applied_only": {"1"}}.Encode())
	if !strings.Contains(match.Body, `data-testid="why-table"`) || !strings.Contains(match.Body, "Rank 1 among the applicants") {
		t.Errorf("Match does not explain the top candidate's score:\n%s", excerpt(match.Body))
	}

	if res := owner.post("/company/ranking-model", url.Values{"mode": {"lexical"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("switch off: %d", res.Status)
	}
	if _, model := apiRanking(t, a, srv.URL, tok, job, true); model != "lexical" {
		t.Errorf("switched off, X-Shortlist-Model is %q", model)
	}
	if res := recruiter.get(discover); !strings.Contains(res.Body, "An owner switched the learned model off") {
		t.Errorf("Discover does not say the model is off:\n%s", excerpt(res.Body))
	}
	if res := owner.post("/company/ranking-model", url.Values{"mode": {"sometimes"}}); res.Status != http.StatusBadRequest {
		t.Errorf("unknown mode: %d, want 400", res.Status)
	}
	if a.Learner.Mode() != "lexical" {
		t.Errorf("a refused mode changed it to %q", a.Learner.Mode())
	}
	owner.post("/company/ranking-model", url.Values{"mode": {"auto"}})
	if _, model := apiRanking(t, a, srv.URL, tok, job, true); !strings.HasPrefix(model, "learned-") {
		t.Errorf("switched on again, X-Shortlist-Model is %q", model)
	}
}
