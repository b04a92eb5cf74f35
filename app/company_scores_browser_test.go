//go:build browser

package app

import (
	"regexp"
	"testing"
	"time"

	"github.com/playwright-community/playwright-go"

	"github.com/shortlist-hq/shortlist/app/simulator"
)

// TestBrowserCompanyScores: an owner chooses the Greenhouse field for the
// score, writes the scores now and watches the run finish; then makes,
// rotates and revokes an Assessment Partner key.
func TestBrowserCompanyScores(t *testing.T) {
	pace := fx.app.scores.pace
	fx.app.scores.pace = time.Millisecond
	t.Cleanup(func() { fx.app.scores.pace = pace })
	b := startBrowser(t)
	_, srv := startServer(t, fx.app)
	_, page := b.newPage(t, srv.URL, 1280, 900)
	browserLogin(t, page, ownerEmail, ownerPass)

	goTo(t, page, "/company")
	field := page.GetByTestId("writeback-field")
	opt := field.Locator("option", playwright.LocatorLocatorOptions{HasText: simulator.ShortlistScoreField})
	value, err := opt.GetAttribute("value")
	must(t, err)
	_, err = field.SelectOption(playwright.SelectOptionValues{Values: &[]string{value}})
	must(t, err)
	_, err = page.GetByTestId("writeback-schedule").SelectOption(playwright.SelectOptionValues{Values: &[]string{"off"}})
	must(t, err)
	must(t, page.GetByTestId("writeback-save").Click())
	must(t, expect.Locator(page.GetByTestId("flash-success")).ToContainText("Score settings saved"))
	must(t, page.GetByTestId("writeback-run").Click())
	must(t, expect.Locator(page.Locator(`#writeback-status[data-running="false"]`)).ToBeVisible(
		playwright.LocatorAssertionsToBeVisibleOptions{Timeout: playwright.Float(120000)}))
	must(t, expect.Locator(page.GetByTestId("writeback-last")).ToContainText("ok"))
	must(t, expect.Locator(page.GetByTestId("writeback-totals")).Not().ToContainText("holds 0 scores"))

	must(t, page.Locator("#assessment-key-name").Fill("Greenhouse (browser test)"))
	must(t, page.GetByTestId("assessment-key-create").Click())
	key := page.GetByTestId("assessment-key-value")
	must(t, expect.Locator(key).ToHaveValue(regexp.MustCompile(`^sla_`)))
	first, err := key.InputValue()
	must(t, err)
	b.screenshot(t, page, "company-scores")
	row := page.GetByTestId("assessment-key-row").Filter(playwright.LocatorFilterOptions{HasText: "Greenhouse (browser test)"}).
		Filter(playwright.LocatorFilterOptions{Has: page.GetByTestId("assessment-key-rotate")})
	must(t, row.GetByTestId("assessment-key-rotate").Click())
	must(t, expect.Locator(page.GetByTestId("assessment-key-value")).Not().ToHaveValue(first))
	row = page.GetByTestId("assessment-key-row").Filter(playwright.LocatorFilterOptions{HasText: "Greenhouse (browser test)"}).
		Filter(playwright.LocatorFilterOptions{Has: page.GetByTestId("assessment-key-revoke")})
	must(t, row.GetByTestId("assessment-key-revoke").Click())
	must(t, expect.Locator(page.GetByTestId("flash-success")).ToContainText("Key revoked"))
	must(t, expect.Locator(page.GetByTestId("assessment-key-row").Filter(playwright.LocatorFilterOptions{HasText: "Greenhouse (browser test)"}).
		Filter(playwright.LocatorFilterOptions{Has: page.GetByTestId("assessment-key-revoke")})).ToHaveCount(0))
}
