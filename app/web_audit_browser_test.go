//go:build browser

package app

import (
	"regexp"
	"testing"
)

// TestBrowserBiasAudit: an owner reaches the Bias audit from the
// navigation and reads impact ratios per category; on a phone the wide
// tables scroll inside their box, not the page; a recruiter has no link.
func TestBrowserBiasAudit(t *testing.T) {
	b := startBrowser(t)
	_, srv := startServer(t, fx.app)
	_, page := b.newPage(t, srv.URL, 1280, 900)
	browserLogin(t, page, ownerEmail, ownerPass)
	must(t, page.GetByTestId("nav-audit").Click())
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/audit$`)))
	must(t, expect.Locator(page.Locator("h1")).ToHaveText("Bias audit"))
	must(t, expect.Locator(page.GetByTestId("audit-overall")).ToBeVisible())
	must(t, expect.Locator(page.GetByTestId("impact-ratio").First()).ToHaveText(regexp.MustCompile(`^(\d\.\d\d|—)$`)))
	b.screenshot(t, page, "audit")
	// A job's details open from the list.
	must(t, page.GetByTestId("audit-job").First().Locator("summary").Click())
	must(t, expect.Locator(page.GetByTestId("audit-job").First().GetByTestId("audit-table").First()).ToBeVisible())

	_, phone := b.newPage(t, srv.URL, 390, 844)
	browserLogin(t, phone, ownerEmail, ownerPass)
	goTo(t, phone, "/audit")
	wide, err := phone.Evaluate(`() => document.documentElement.scrollWidth > window.innerWidth + 1`, nil)
	must(t, err)
	if wide != false {
		t.Error("the audit page scrolls sideways on a phone")
	}
	b.screenshot(t, phone, "audit-phone")

	_, rec := b.newPage(t, srv.URL, 1280, 900)
	browserLogin(t, rec, recruiterEmail, recruiterPass)
	must(t, expect.Locator(rec.GetByTestId("nav-audit")).ToHaveCount(0))
}
