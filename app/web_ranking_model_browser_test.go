//go:build browser

package app

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/playwright-community/playwright-go"

	"github.com/shortlist-hq/shortlist/search/learn"
)

// TestBrowserRankingModel: on a planted history, the owner trains the
// model from the Ranking model page and reads the backtest and the
// weights; a recruiter sees on Discover that the learned model ranked, and
// on Match why a candidate has their score, feature by feature; the owner
// switches the model off and the recruiter's pages say so, Match then
// explaining the score by job term.
func TestBrowserRankingModel(t *testing.T) {
	pa := newPlantedApp(t)
	b := startBrowser(t)
	_, srv := startServer(t, pa.app)
	jobID := strconv.FormatInt(pa.world.JobIDs[0], 10)
	_, owner := b.newPage(t, srv.URL, 1280, 900)
	_, rec := b.newPage(t, srv.URL, 1280, 900)
	browserLogin(t, owner, ownerEmail, ownerPass)
	browserLogin(t, rec, recruiterEmail, recruiterPass)

	// My Company leads to the page; nothing trained yet.
	goTo(t, owner, "/company")
	must(t, owner.GetByTestId("ranking-model-link").Click())
	must(t, expect.Page(owner).ToHaveURL(regexp.MustCompile(`/company/ranking-model$`)))
	must(t, expect.Locator(owner.GetByTestId("ranking-model")).ToHaveAttribute("data-model", "lexical"))
	must(t, expect.Locator(owner.GetByTestId("model-no-runs")).ToBeVisible())
	must(t, expect.Locator(owner.GetByTestId("count-interviewed")).Not().ToHaveText("0"))

	// Train now, and wait for the outcome.
	must(t, owner.GetByTestId("model-train").Click())
	must(t, expect.Locator(owner.GetByTestId("flash-info")).ToContainText("Training started"))
	deadline := time.Now().Add(2 * time.Minute)
	for {
		goTo(t, owner, "/company/ranking-model")
		if n, _ := owner.GetByTestId("backtest-table").Count(); n == 1 && !pa.app.Learner.Training() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no backtest on the page 2 minutes after Train now")
		}
		time.Sleep(200 * time.Millisecond)
	}
	must(t, expect.Locator(owner.GetByTestId("ranking-model")).ToHaveAttribute("data-model", regexp.MustCompile(`^learned-\d+$`)))
	must(t, expect.Locator(owner.GetByTestId("backtest-row")).ToHaveCount(3))
	must(t, expect.Locator(owner.Locator(`[data-testid="backtest-row"][data-metric="nDCG@10"] [data-testid="backtest-diff"]`)).ToContainText("+"))
	must(t, expect.Locator(owner.GetByTestId("weight-row")).ToHaveCount(int(learn.NumFeatures)))
	must(t, expect.Locator(owner.GetByTestId("run-in-use")).ToBeVisible())
	b.screenshot(t, owner, "ranking-model")

	// The recruiter's Discover says which model ranked.
	goTo(t, rec, "/discover?job="+jobID+"&applied_only=1")
	note := rec.Locator("#discover-results").GetByTestId("ranking-model")
	must(t, expect.Locator(note).ToHaveAttribute("data-model", regexp.MustCompile(`^learned-\d+$`)))
	must(t, expect.Locator(note).ToContainText("Ranked by the learned model"))
	must(t, expect.Locator(rec.GetByTestId("candidate-row").First().GetByTestId("score-percent")).ToHaveText("100%"))
	b.screenshot(t, rec, "discover-learned")

	// Match: why this score, feature by feature, summing to the score.
	must(t, rec.GetByTestId("candidate-row").First().GetByTestId("match-link").Click())
	why := rec.GetByTestId("why-score")
	must(t, expect.Locator(why).ToBeVisible())
	must(t, expect.Locator(why.GetByTestId("why-summary")).ToContainText("Rank 1 among the applicants"))
	must(t, expect.Locator(why.GetByTestId("why-row")).ToHaveCount(int(learn.NumFeatures)))
	checkWhySum(t, why)
	must(t, why.ScrollIntoViewIfNeeded())
	b.screenshot(t, rec, "match-why-learned")

	// The owner switches the model off.
	must(t, owner.GetByTestId("mode-lexical").Check())
	must(t, owner.GetByTestId("model-mode-save").Click())
	must(t, expect.Locator(owner.GetByTestId("flash-success")).ToContainText("Rankings are lexical"))
	must(t, expect.Locator(owner.GetByTestId("ranking-model")).ToHaveAttribute("data-model", "lexical"))
	must(t, expect.Locator(owner.GetByTestId("model-adopted")).ToContainText("Switched off"))

	_, err := rec.Reload()
	must(t, err)
	must(t, expect.Locator(why.GetByTestId("ranking-model")).ToContainText("An owner switched the learned model off"))
	rows := why.GetByTestId("why-row")
	must(t, expect.Locator(rows.First()).ToHaveAttribute("data-feature", regexp.MustCompile(`^(term:|other$)`)))
	checkWhySum(t, why)
	must(t, why.ScrollIntoViewIfNeeded())
	b.screenshot(t, rec, "match-why-lexical")
	goTo(t, rec, "/discover?job="+jobID+"&applied_only=1")
	must(t, expect.Locator(rec.Locator("#discover-results").GetByTestId("ranking-model")).ToContainText("Ranked by job terms"))
}

// checkWhySum checks that the table's contributions add up to the score
// shown (each rounded to three decimals).
func checkWhySum(t *testing.T, why playwright.Locator) {
	t.Helper()
	total, err := why.GetByTestId("why-total").TextContent()
	must(t, err)
	cells, err := why.GetByTestId("why-contribution").AllTextContents()
	must(t, err)
	want, err := strconv.ParseFloat(strings.TrimSpace(total), 64)
	must(t, err)
	var sum float64
	for _, c := range cells {
		v, err := strconv.ParseFloat(strings.TrimPrefix(strings.TrimSpace(c), "+"), 64)
		must(t, err)
		sum += v
	}
	if d := sum - want; d > 0.0005*float64(len(cells)+1) || d < -0.0005*float64(len(cells)+1) {
		t.Errorf("contributions sum to %.4f, the score shown is %s", sum, total)
	}
}
