//go:build browser

package app

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/playwright-community/playwright-go"
)

// Browser tests drive Debian's chromium through playwright-go against the
// real handler on loopback, seeded like the demo (the shared fixture).
// make test-browser sets PLAYWRIGHT_DRIVER_PATH and CHROMIUM_PATH. Full-page
// screenshots of the main pages land in <repo>/screenshots for review.

var expect = playwright.NewPlaywrightAssertions(15000)

// browserEnv is a running chromium.
type browserEnv struct {
	pw      *playwright.Playwright
	browser playwright.Browser
	shots   string
}

func startBrowser(t *testing.T) *browserEnv {
	t.Helper()
	driver := os.Getenv("PLAYWRIGHT_DRIVER_PATH")
	if driver == "" {
		t.Skip("PLAYWRIGHT_DRIVER_PATH is not set: run make test-browser")
	}
	chromium := os.Getenv("CHROMIUM_PATH")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	// Run never downloads: the driver is unpacked by make pw-driver and the
	// browser is Debian's.
	pw, err := playwright.Run(&playwright.RunOptions{DriverDirectory: driver, SkipInstallBrowsers: true})
	if err != nil {
		t.Fatalf("start playwright: %v", err)
	}
	t.Cleanup(func() { pw.Stop() })
	browser, err := pw.Chromium.Launch(playwright.BrowserTypeLaunchOptions{
		ExecutablePath: playwright.String(chromium),
		Headless:       playwright.Bool(true),
		Args: []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync"},
	})
	if err != nil {
		t.Fatalf("launch chromium: %v", err)
	}
	t.Cleanup(func() { browser.Close() })
	_, file, _, _ := runtime.Caller(0)
	shots := filepath.Join(filepath.Dir(file), "..", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browserEnv{pw: pw, browser: browser, shots: shots}
}

// newPage opens a page in a fresh context (its own cookies) with base URL.
func (b *browserEnv) newPage(t *testing.T, base string, width, height int) (playwright.BrowserContext, playwright.Page) {
	t.Helper()
	ctx, err := b.browser.NewContext(playwright.BrowserNewContextOptions{
		BaseURL:  playwright.String(base),
		Viewport: &playwright.Size{Width: width, Height: height},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ctx.Close() })
	page, err := ctx.NewPage()
	if err != nil {
		t.Fatal(err)
	}
	// Any script error (a CSP violation included) fails the test.
	page.On("pageerror", func(err error) { t.Errorf("page error: %v", err) })
	page.On("console", func(m playwright.ConsoleMessage) {
		// Expected refusals (403 pages, htmx's note on an error it swapped)
		// are not failures.
		if m.Type() == "error" && !strings.Contains(m.Text(), "status of 403") && !strings.Contains(m.Text(), "status of 404") &&
			!strings.Contains(m.Text(), "Response Status Error Code") {
			t.Errorf("console error: %s", m.Text())
		}
	})
	return ctx, page
}

func (b *browserEnv) screenshot(t *testing.T, page playwright.Page, name string) {
	t.Helper()
	if _, err := page.Screenshot(playwright.PageScreenshotOptions{
		Path: playwright.String(filepath.Join(b.shots, name+".png")), FullPage: playwright.Bool(true),
	}); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func goTo(t *testing.T, page playwright.Page, path string) playwright.Response {
	t.Helper()
	res, err := page.Goto(path)
	if err != nil {
		t.Fatalf("goto %s: %v", path, err)
	}
	return res
}

func browserLogin(t *testing.T, page playwright.Page, email, password string) {
	t.Helper()
	goTo(t, page, "/login")
	must(t, page.GetByLabel("Email").Fill(email))
	must(t, page.GetByLabel("Password").Fill(password))
	must(t, page.GetByTestId("login-submit").Click())
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/jobs$`)))
}

// rowIDsIn lists the candidate ids of ranking rows, in order.
func rowIDsIn(t *testing.T, rows playwright.Locator) string {
	t.Helper()
	v, err := rows.EvaluateAll(`els => els.map(e => e.dataset.candidateId).join(",")`)
	must(t, err)
	return v.(string)
}

func TestBrowserRecruiterPath(t *testing.T) {
	clearPrefixes(t)
	t.Cleanup(func() { clearPrefixes(t) })
	b := startBrowser(t)
	_, srv := startServer(t, fx.app)
	job := fx.busiestJob()
	jobID := strconv.FormatInt(job.ID, 10)
	_, page := b.newPage(t, srv.URL, 1280, 900)

	// Log in and land on Jobs.
	browserLogin(t, page, recruiterEmail, recruiterPass)
	must(t, expect.Locator(page.GetByTestId("jobs-table")).ToBeVisible())
	b.screenshot(t, page, "jobs")

	// Search jobs by title: the table updates in place and the URL follows.
	word := strings.Fields(job.Name)[0]
	must(t, page.GetByTestId("jobs-q").Fill(word))
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`[?&]q=`+regexp.QuoteMeta(word))))
	row := page.Locator(`[data-testid="job-row"][data-job-id="` + jobID + `"]`)
	must(t, expect.Locator(row).ToBeVisible())

	// Open the job's Discover: applicants only by default.
	must(t, row.GetByTestId("job-discover").Click())
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/discover\?job=`+jobID+`&applied_only=1$`)))
	rows := page.GetByTestId("candidate-row")
	must(t, expect.Locator(rows.First()).ToBeVisible())
	must(t, expect.Locator(page.GetByTestId("applied-only")).ToBeChecked())
	must(t, expect.Locator(rows.First().GetByTestId("score-percent")).ToHaveText("100%"))
	must(t, expect.Locator(page.GetByTestId("applicant-badge")).ToHaveCount(0))
	appliedIDs := rowIDsIn(t, rows)
	appliedTotal, err := page.GetByTestId("ranking-total").TextContent()
	must(t, err)
	b.screenshot(t, page, "discover-applied")

	// Turn Applied Only off: everyone is ranked, applicants get a badge.
	must(t, page.GetByTestId("applied-only").Click())
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`applied_only=0`)))
	must(t, expect.Locator(page.GetByTestId("ranking-total")).Not().ToHaveText(appliedTotal))
	must(t, expect.Locator(rows).ToHaveCount(discoverPerPage))
	if everyoneIDs := rowIDsIn(t, rows); everyoneIDs == appliedIDs {
		t.Errorf("turning off Applied Only changed neither the rows nor their order: %s", everyoneIDs)
	}
	// Applicants are usually near the top; page on until a badge shows.
	for i := 0; ; i++ {
		n, err := page.GetByTestId("applicant-badge").Count()
		must(t, err)
		if n > 0 {
			break
		}
		if i == 6 {
			t.Fatal("no applicant badge on the first pages of everyone")
		}
		must(t, page.GetByTestId("pager-next").First().Click())
		must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`page=`+strconv.Itoa(i+2))))
		must(t, expect.Locator(page.GetByTestId("pager-position")).ToContainText("Page "+strconv.Itoa(i+2)))
	}
	must(t, expect.Locator(page.GetByTestId("applicant-badge").First()).ToBeVisible())
	b.screenshot(t, page, "discover-everyone")

	// Back returns to the applicants-only ranking (state is in the URL).
	for {
		if _, err := page.GoBack(); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(page.URL(), "applied_only=1") {
			break
		}
	}
	must(t, expect.Locator(page.GetByTestId("applied-only")).ToBeChecked())
	must(t, expect.Locator(page.GetByTestId("ranking-total")).ToHaveText(appliedTotal))

	// A failed htmx request shows the error fragment in place, never a
	// blank.
	_, err = page.Evaluate(`() => htmx.ajax("GET", "/discover?job=999999999&applied_only=1", "#discover-results")`)
	must(t, err)
	must(t, expect.Locator(page.Locator("#discover-results").GetByTestId("error-fragment")).ToContainText("We could not find that"))
	goTo(t, page, "/discover?job="+jobID+"&applied_only=1")
	must(t, expect.Locator(rows.First()).ToBeVisible())

	// The job title field autocompletes; arrow keys and Enter pick a job.
	other := fx.jobs[0]
	if other.ID == job.ID {
		other = fx.jobs[1]
	}
	title := page.GetByTestId("job-title")
	must(t, title.Fill(other.Name))
	option := page.Locator(`[data-testid="job-option"][data-job-id="` + strconv.FormatInt(other.ID, 10) + `"]`)
	must(t, expect.Locator(option).ToBeVisible())
	b.screenshot(t, page, "discover-autocomplete")
	must(t, expect.Locator(title).ToHaveAttribute("aria-expanded", "true"))
	// Walk down to the option with the keyboard.
	for i := 0; i < 10; i++ {
		must(t, title.Press("ArrowDown"))
		if sel, _ := option.GetAttribute("aria-selected"); sel == "true" {
			break
		}
	}
	must(t, expect.Locator(option).ToHaveAttribute("aria-selected", "true"))
	must(t, title.Press("Enter"))
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`job=`+strconv.FormatInt(other.ID, 10))))
	must(t, expect.Locator(page.GetByTestId("ranking-job")).ToHaveText(other.Name))

	// Back to the busiest job, and open Match for its top applicant.
	goTo(t, page, "/discover?job="+jobID+"&applied_only=1")
	must(t, rows.First().GetByTestId("match-link").Click())
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/jobs/`+jobID+`/candidates/\d+/match`)))
	pairs := page.GetByTestId("match-pair")
	must(t, expect.Locator(pairs.First()).ToBeVisible())
	must(t, expect.Locator(pairs.First().Locator("mark").First()).ToBeVisible())
	must(t, expect.Locator(page.GetByTestId("match-resume-sentence").First()).Not().ToBeEmpty())
	b.screenshot(t, page, "match")

	// Phone width: the two columns stack.
	must(t, page.SetViewportSize(390, 844))
	jobBox, err := pairs.First().Locator(".match-job").BoundingBox()
	must(t, err)
	resumeBox, err := pairs.First().Locator(".match-resume").BoundingBox()
	must(t, err)
	if resumeBox.Y < jobBox.Y+jobBox.Height-1 {
		t.Errorf("match columns not stacked on a phone: job %+v, resume %+v", jobBox, resumeBox)
	}
	b.screenshot(t, page, "match-phone")
	must(t, page.SetViewportSize(1280, 900))

	// The candidate page, and back to the ranking.
	must(t, page.GetByTestId("match-candidate-link").Click())
	must(t, expect.Locator(page.GetByTestId("candidate-name")).ToBeVisible())
	must(t, expect.Locator(page.GetByTestId("resume-status")).ToBeVisible())
	b.screenshot(t, page, "candidate")
	must(t, page.GetByTestId("back-to-ranking").Click())
	must(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/discover\?applied_only=1&job=`+jobID)))

	// A recruiter is refused My Company.
	res := goTo(t, page, "/company")
	if res.Status() != http.StatusForbidden {
		t.Errorf("recruiter /company: %d, want 403", res.Status())
	}
	must(t, expect.Locator(page.GetByTestId("error-message")).ToContainText("Only an owner"))
	b.screenshot(t, page, "company-forbidden")

	goTo(t, page, "/account")
	b.screenshot(t, page, "account")
}

func TestBrowserOwnerATSLinks(t *testing.T) {
	clearPrefixes(t)
	t.Cleanup(func() { clearPrefixes(t) })
	b := startBrowser(t)
	_, srv := startServer(t, fx.app)
	job := fx.busiestJob()
	jobID := strconv.FormatInt(job.ID, 10)
	bctx, page := b.newPage(t, srv.URL, 1280, 900)

	// Greenhouse is not reachable from the test: answer its URLs locally.
	must(t, bctx.Route("https://app.greenhouse.io/**", func(r playwright.Route) {
		r.Fulfill(playwright.RouteFulfillOptions{Status: playwright.Int(200), ContentType: playwright.String("text/html"),
			Body: "<!doctype html><title>ATS</title><h1>Greenhouse stand-in</h1>"})
	}))

	browserLogin(t, page, ownerEmail, ownerPass)
	must(t, expect.Locator(page.GetByTestId("job-ats-link")).ToHaveCount(0))

	goTo(t, page, "/company")
	must(t, expect.Locator(page.GetByTestId("connected-badge")).ToBeVisible())
	must(t, page.GetByTestId("requisition-prefix").Fill("not a url"))
	must(t, page.GetByTestId("company-save").Click())
	// The browser's own url check stops the form; the field says why.
	valid, err := page.GetByTestId("requisition-prefix").Evaluate("el => el.validity.valid", nil)
	must(t, err)
	if valid != false {
		t.Errorf("an invalid prefix passed the form's check")
	}
	must(t, page.GetByTestId("requisition-prefix").Fill(reqPrefix))
	must(t, page.GetByTestId("candidate-prefix").Fill(candPrefix))
	must(t, page.GetByTestId("company-save").Click())
	must(t, expect.Locator(page.GetByTestId("flash-success")).ToContainText("Company settings saved."))
	b.screenshot(t, page, "company")

	// View in ATS on the job opens prefix + job id in a new tab.
	goTo(t, page, "/jobs?status=any")
	link := page.Locator(`[data-testid="job-row"][data-job-id="` + jobID + `"]`).GetByTestId("job-ats-link")
	must(t, expect.Locator(link).ToHaveAttribute("href", reqPrefix+jobID))
	must(t, expect.Locator(link).ToHaveAttribute("target", "_blank"))
	must(t, expect.Locator(link).ToHaveAttribute("rel", regexp.MustCompile(`noopener`)))
	popup, err := page.ExpectPopup(func() error { return link.Click() })
	must(t, err)
	must(t, popup.WaitForLoadState())
	if got := popup.URL(); got != reqPrefix+jobID {
		t.Errorf("View in ATS opened %s, want %s", got, reqPrefix+jobID)
	}
	popup.Close()

	// And on a candidate.
	goTo(t, page, "/discover?job="+jobID+"&applied_only=1")
	first := page.GetByTestId("candidate-row").First()
	candID, err := first.GetAttribute("data-candidate-id")
	must(t, err)
	must(t, first.GetByTestId("candidate-link").Click())
	clink := page.GetByTestId("candidate-ats-link")
	must(t, expect.Locator(clink).ToHaveAttribute("href", candPrefix+candID))
	popup, err = page.ExpectPopup(func() error { return clink.Click() })
	must(t, err)
	must(t, popup.WaitForLoadState())
	if got := popup.URL(); got != candPrefix+candID {
		t.Errorf("candidate View in ATS opened %s, want %s", got, candPrefix+candID)
	}
	popup.Close()

	// The sync section polls while a sync runs and settles when it ends.
	goTo(t, page, "/company")
	must(t, page.GetByTestId("sync-now").Click())
	must(t, expect.Locator(page.Locator(`#sync-status[data-running="true"]`)).ToBeVisible())
	b.screenshot(t, page, "company-syncing")
	must(t, expect.Locator(page.Locator(`#sync-status[data-running="false"]`)).ToBeVisible(playwright.LocatorAssertionsToBeVisibleOptions{Timeout: playwright.Float(120000)}))
	must(t, expect.Locator(page.GetByTestId("sync-last")).ToContainText("ok"))
	b.screenshot(t, page, "company-after-sync")
}

// TestBrowserSessions: the Account page lists where one is logged in and
// ends the other sessions; the other browser is sent to log in again.
func TestBrowserSessions(t *testing.T) {
	b := startBrowser(t)
	_, srv := startServer(t, fx.app)
	acct := tempUser(t, "browser-sessions-1")
	_, here := b.newPage(t, srv.URL, 1280, 900)
	_, there := b.newPage(t, srv.URL, 390, 844)
	browserLogin(t, here, acct.Email, "browser-sessions-1")
	browserLogin(t, there, acct.Email, "browser-sessions-1")

	goTo(t, here, "/account")
	must(t, expect.Locator(here.GetByTestId("session-row")).ToHaveCount(2))
	must(t, expect.Locator(here.GetByTestId("session-current")).ToHaveCount(1))
	b.screenshot(t, here, "account-sessions")
	must(t, here.GetByTestId("sessions-revoke-others").Click())
	must(t, expect.Locator(here.GetByTestId("flash-success")).ToContainText("Logged out 1 other session."))
	must(t, expect.Locator(here.GetByTestId("session-row")).ToHaveCount(1))

	goTo(t, there, "/jobs")
	must(t, expect.Page(there).ToHaveURL(regexp.MustCompile(`/login\?next=`)))
	must(t, expect.Locator(there.GetByTestId("flash-info")).ToContainText("Your session has ended"))

	// Logging out here ends this session too.
	must(t, here.GetByTestId("account-menu").Locator("summary").Click())
	must(t, here.GetByTestId("logout").Click())
	must(t, expect.Page(here).ToHaveURL(regexp.MustCompile(`/login$`)))
	goTo(t, here, "/account")
	must(t, expect.Page(here).ToHaveURL(regexp.MustCompile(`/login\?next=`)))
}
