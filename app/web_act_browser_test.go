//go:build browser

package app

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/playwright-community/playwright-go"
)

// TestBrowserActInGreenhouse: a recruiter linked to a Greenhouse user
// rediscovers a candidate on Discover, adds them to the job (the row goes
// from pending to the new prospect), writes a private note, adds two more
// with the bulk form, and finds the application and the note on the
// candidate's page; Greenhouse holds them, made by that recruiter's user.
func TestBrowserActInGreenhouse(t *testing.T) {
	d := addActData(t)
	b := startBrowser(t)
	_, srv := startServer(t, fx.app)
	startSender(t)
	_, page := b.newPage(t, srv.URL, 1440, 900)
	login := extraLogins[d.role]
	browserLogin(t, page, login.email, login.password)

	goTo(t, page, discoverJobURL(d.job.ID)+"&applied_only=0")
	rows := page.Locator(`[data-testid="candidate-row"][data-applied="false"]`)
	must(t, expect.Locator(rows.First()).ToBeVisible())
	must(t, expect.Locator(page.GetByTestId("bulk-add")).ToBeVisible())
	row := rows.First()
	idAttr, err := row.GetAttribute("data-candidate-id")
	must(t, err)
	cand, err := strconv.ParseInt(idAttr, 10, 64)
	must(t, err)
	row = page.Locator(`[data-testid="candidate-row"][data-candidate-id="` + idAttr + `"]`)

	// Add to job: the row shows the action at once, then the new prospect.
	must(t, row.GetByTestId("add-to-job").Click())
	must(t, row.GetByTestId("add-as-prospect").Click())
	status := row.GetByTestId("add-slot").GetByTestId("action-status")
	must(t, expect.Locator(status).ToBeVisible())
	must(t, expect.Locator(status).ToHaveAttribute("data-state", "done"))
	must(t, expect.Locator(status.GetByTestId("action-prospect")).ToBeVisible())
	must(t, expect.Locator(status.GetByTestId("action-outcome")).ToContainText("as a prospect"))
	appID, err := status.GetAttribute("data-result-id")
	must(t, err)
	must(t, expect.Locator(row.GetByTestId("job-status")).ToContainText("prospect, added by you"))

	// A private note on the same row.
	must(t, row.GetByTestId("add-note-open").Click())
	noteText := "Rediscovered in Shortlist: worth a call for " + d.job.Name
	must(t, row.GetByTestId("note-body").Fill(noteText))
	_, err = row.GetByTestId("note-visibility").SelectOption(playwright.SelectOptionValues{Values: &[]string{"private"}})
	must(t, err)
	must(t, row.GetByTestId("add-note").Click())
	noteStatus := row.GetByTestId("note-slot").GetByTestId("action-status")
	must(t, expect.Locator(noteStatus).ToHaveAttribute("data-state", "done"))
	must(t, expect.Locator(noteStatus).ToContainText("Note added."))
	must(t, expect.Locator(row.GetByTestId("note-body")).ToHaveValue(""))
	noteID, err := noteStatus.GetAttribute("data-result-id")
	must(t, err)
	noOverflow(t, page)
	b.screenshot(t, page, "discover-act")

	// Bulk: two more rows at once.
	others := page.Locator(`[data-testid="candidate-row"][data-applied="false"]:not([data-candidate-id="` + idAttr + `"])`)
	var bulk []string
	for i := 0; i < 2; i++ {
		r := others.Nth(i)
		id, err := r.GetAttribute("data-candidate-id")
		must(t, err)
		bulk = append(bulk, id)
	}
	for _, id := range bulk {
		must(t, page.Locator(`[data-testid="candidate-row"][data-candidate-id="`+id+`"]`).GetByTestId("bulk-select").Check())
	}
	must(t, page.GetByTestId("bulk-add-submit").Click())
	must(t, expect.Locator(page.GetByTestId("bulk-summary")).ToHaveText("2 candidates sent to Greenhouse."))
	for _, id := range bulk {
		st := page.Locator(`[data-testid="candidate-row"][data-candidate-id="` + id + `"]`).GetByTestId("action-status")
		must(t, expect.Locator(st).ToHaveAttribute("data-state", "done"))
	}

	// Greenhouse holds both, made by the recruiter's Greenhouse user.
	for _, x := range []struct{ res, id string }{{"applications", appID}, {"notes", noteID}} {
		id, err := strconv.ParseInt(x.id, 10, 64)
		must(t, err)
		if by, ok := fx.sim.CreatedBy(x.res, id); !ok || by != d.ghUser {
			t.Errorf("Greenhouse has %s %d made by %d (%v), want %d", x.res, id, by, ok, d.ghUser)
		}
	}
	if app, ok := fx.simApplication(mustInt(t, appID)); !ok || app.CandidateID != cand || !app.Prospect {
		t.Errorf("Greenhouse's application %s is %+v", appID, app)
	}

	// The candidate page shows the new prospect application and the note.
	goTo(t, page, "/candidates/"+idAttr)
	appRow := page.GetByTestId("application-row").Filter(playwright.LocatorFilterOptions{HasText: d.job.Name})
	must(t, expect.Locator(appRow.GetByTestId("prospect-badge").First()).ToBeVisible())
	must(t, expect.Locator(page.GetByTestId("notes").GetByTestId("note").First()).ToContainText(noteText))
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/candidates/`+idAttr+`$`)))
	b.screenshot(t, page, "candidate-notes")

	// The owner finds the recruiter's link and the actions in My Company.
	_, owner := b.newPage(t, srv.URL, 1440, 900)
	browserLogin(t, owner, ownerEmail, ownerPass)
	goTo(t, owner, "/company")
	userRow := owner.Locator(`[data-testid="user-row"][data-email="` + login.email + `"]`)
	must(t, expect.Locator(userRow.GetByTestId("user-greenhouse")).ToContainText("set by an owner"))
	must(t, userRow.GetByTestId("gh-user-edit").Click())
	must(t, expect.Locator(userRow.GetByTestId("gh-user-select")).ToHaveValue(strconv.FormatInt(d.ghUser, 10)))
	must(t, expect.Locator(owner.GetByTestId("actions-table").GetByTestId("action-row").First()).ToContainText(login.email))
	noOverflow(t, owner)
	b.screenshot(t, owner, "company-actions")
}

// noOverflow fails when the page is wider than the window (a control
// pushing a table out of its column).
func noOverflow(t *testing.T, page playwright.Page) {
	t.Helper()
	v, err := page.Evaluate(`() => document.documentElement.scrollWidth - window.innerWidth`)
	must(t, err)
	if n, ok := v.(int); !ok || n > 0 {
		t.Errorf("%s is %v px wider than the window", page.URL(), v)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	must(t, err)
	return n
}
