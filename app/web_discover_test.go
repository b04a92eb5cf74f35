package app

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

var rowRe = regexp.MustCompile(`data-testid="candidate-row" data-candidate-id="(\d+)"`)

func rowIDs(body string) []string {
	var ids []string
	for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// addJobWithoutApplicants stores an open job with a live post that nobody
// applied to.
func addJobWithoutApplicants(t *testing.T) db.JobListing {
	t.Helper()
	ctx := context.Background()
	src := fx.busiestJob()
	jd, err := fx.app.DB.JobDetail(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	post, _ := jd.JobPostForRanking()
	now := time.Now().UTC()
	id := int64(990000 + time.Now().UnixNano()%1000)
	err = fx.app.DB.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Job{{ID: id, Name: "Quiet Role " + strconv.FormatInt(id, 10), Status: db.JobOpen,
			DepartmentID: src.DepartmentID, OfficeIDs: src.OfficeIDs, OpenedAt: now, CreatedAt: now, UpdatedAt: now}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.JobPost{{ID: id, JobID: id, Title: "Quiet Role", Live: true, Active: true,
			Content: post.Content, CreatedAt: now, UpdatedAt: now}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	jd, err = fx.app.DB.JobDetail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return jd.JobListing
}

func TestJobsPage(t *testing.T) {
	_, srv := startServer(t, fx.app)
	job := fx.busiestJob()
	word := strings.Fields(job.Name)[0]
	runScenarios(t, srv.URL, []scenario{
		{Name: "List", As: "recruiter", URL: "/jobs", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="jobs-table"`, `<th scope="col">Department</th>`, `<th scope="row">`, `data-testid="jobs-department"`,
				"/discover?job=" + strconv.FormatInt(job.ID, 10) + "&amp;applied_only=1"}},
		{Name: "SearchFragment", As: "recruiter", URL: "/jobs?q=" + url.QueryEscape(word) + "&status=any", Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`data-testid="jobs-table"`, job.Name}, NotExpectedContent: []string{"<html", `data-testid="jobs-filters"`}},
		{Name: "NoMatch", As: "recruiter", URL: "/jobs?q=zzzqqq", ExpectedStatus: http.StatusOK, ExpectedContent: []string{`data-testid="jobs-empty"`}},
		{Name: "Closed", As: "recruiter", URL: "/jobs?status=closed", ExpectedStatus: http.StatusOK, NotExpectedContent: []string{`class="badge badge-open"`}},
		{Name: "BadStatus", As: "recruiter", URL: "/jobs?status=paused", ExpectedStatus: http.StatusBadRequest},
		{Name: "Department", As: "recruiter", URL: "/jobs?status=any&department=" + strconv.FormatInt(job.DepartmentID, 10), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{job.Name}},
	})
}

func TestDiscover(t *testing.T) {
	_, srv := startServer(t, fx.app)
	job := fx.busiestJob()
	jobID := strconv.FormatInt(job.ID, 10)
	c := loggedIn(t, srv.URL, "recruiter")

	t.Run("NoJob", func(t *testing.T) {
		res := c.get("/discover")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Type a job title…") || !strings.Contains(res.Body, `role="combobox"`) {
			t.Fatalf("%d\n%s", res.Status, excerpt(res.Body))
		}
	})

	var applied []string
	t.Run("AppliedOnly", func(t *testing.T) {
		res := c.get("/discover?job=" + jobID + "&applied_only=1")
		applied = rowIDs(res.Body)
		if res.Status != http.StatusOK || len(applied) == 0 {
			t.Fatalf("%d, %d rows\n%s", res.Status, len(applied), excerpt(res.Body))
		}
		if len(applied) > discoverPerPage {
			t.Fatalf("%d rows on a page", len(applied))
		}
		for _, want := range []string{`data-testid="score-percent">100%</span>`, "<meter", `title="Raw score `, `data-testid="matched-terms"`,
			`data-testid="match-link"`, `<th scope="col">Score</th>`, `checked`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("lacks %q", want)
			}
		}
		if strings.Contains(res.Body, `data-testid="applicant-badge"`) {
			t.Errorf("applicant badges shown with Applied Only on")
		}
	})

	t.Run("Everyone", func(t *testing.T) {
		res := c.do(http.MethodGet, "/discover?job="+jobID+"&applied_only=0&applied_only=0", nil, map[string]string{"HX-Request": "true"})
		if res.Status != http.StatusOK || strings.Contains(res.Body, "<html") {
			t.Fatalf("fragment: %d", res.Status)
		}
		if got := res.Header.Get("HX-Push-Url"); got != "/discover?applied_only=0&job="+jobID {
			t.Errorf("HX-Push-Url = %q", got)
		}
		everyone := rowIDs(res.Body)
		if len(everyone) != discoverPerPage {
			t.Fatalf("%d rows, want a full page", len(everyone))
		}
		if strings.Join(everyone, ",") == strings.Join(applied, ",") {
			t.Errorf("turning off Applied Only changed nothing")
		}
		if !strings.Contains(res.Body, "not applied") {
			t.Errorf("no non-applicant marked")
		}
		if !strings.Contains(res.Body, `data-testid="pager-next"`) {
			t.Errorf("no next page link")
		}
		page2 := rowIDs(c.get("/discover?job=" + jobID + "&applied_only=0&page=2").Body)
		if len(page2) == 0 || page2[0] == everyone[0] {
			t.Errorf("page 2 = %v", page2)
		}
	})

	t.Run("BadgesForApplicants", func(t *testing.T) {
		// Applicants ranked among everyone carry a badge; find a page with one.
		for page := 1; page <= 8; page++ {
			body := c.get("/discover?job=" + jobID + "&applied_only=0&page=" + strconv.Itoa(page)).Body
			if strings.Contains(body, `data-testid="applicant-badge"`) {
				return
			}
		}
		t.Errorf("no applicant badge on the first 8 pages of everyone")
	})

	t.Run("TypedTitle", func(t *testing.T) {
		res := c.get("/discover?q=" + url.QueryEscape(job.Name) + "&applied_only=1")
		if !strings.Contains(res.Body, `data-testid="ranking-job">`+job.Name) {
			t.Fatalf("typed title did not resolve to the job\n%s", excerpt(res.Body))
		}
		res = c.get("/discover?q=zzzqqq")
		if !strings.Contains(res.Body, `data-testid="discover-empty-notfound"`) {
			t.Fatalf("unknown title\n%s", excerpt(res.Body))
		}
	})

	t.Run("Autocomplete", func(t *testing.T) {
		res := c.do(http.MethodGet, "/discover/jobs?q="+url.QueryEscape(strings.Fields(job.Name)[0]), nil, map[string]string{"HX-Request": "true"})
		if !strings.Contains(res.Body, `role="option"`) || !strings.Contains(res.Body, `data-job-id="`+jobID+`"`) {
			t.Fatalf("no option for the job\n%s", res.Body)
		}
		res = c.do(http.MethodGet, "/discover/jobs?q=zzzqqq", nil, map[string]string{"HX-Request": "true"})
		if !strings.Contains(res.Body, `data-testid="job-option-none"`) {
			t.Fatalf("no empty option\n%s", res.Body)
		}
	})

	t.Run("NoApplicants", func(t *testing.T) {
		quiet := addJobWithoutApplicants(t)
		res := c.get("/discover?job=" + strconv.FormatInt(quiet.ID, 10) + "&applied_only=1")
		if !strings.Contains(res.Body, "No one applied to this job yet — turn off Applied Only to rediscover past candidates") {
			t.Fatalf("no empty state\n%s", excerpt(res.Body))
		}
		res = c.get("/discover?job=" + strconv.FormatInt(quiet.ID, 10) + "&applied_only=0")
		if len(rowIDs(res.Body)) == 0 {
			t.Fatalf("everyone: no rows for a job without applicants")
		}
	})

	t.Run("PastTheEnd", func(t *testing.T) {
		res := c.get("/discover?job=" + jobID + "&applied_only=1&page=999")
		if res.Status != http.StatusOK || len(rowIDs(res.Body)) == 0 {
			t.Fatalf("page past the end: %d", res.Status)
		}
	})
}

func TestDiscoverNotSynced(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.AddUser(ctx, ownerEmail, "", db.RoleOwner, ownerPass); err != nil {
		t.Fatal(err)
	}
	_, srv := startServer(t, a)
	runScenarios(t, srv.URL, []scenario{
		{Name: "Discover", As: "owner", URL: "/discover", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Nothing synced yet — an owner can connect Greenhouse under My Company"}},
		{Name: "Jobs", As: "owner", URL: "/jobs", ExpectedStatus: http.StatusOK, ExpectedContent: []string{`data-testid="jobs-empty-unsynced"`}},
		{Name: "Company", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="not-connected-badge"`, `data-testid="connection-form"`, `data-testid="sync-never"`}},
		{Name: "ConnectEmpty", As: "owner", Method: "POST", URL: "/company/connection", Form: url.Values{}, ExpectedStatus: http.StatusSeeOther},
		{Name: "ConnectEmptyMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Not saved: Enter a Harvest v3 client id and secret, or a Harvest v1 API key"}},
		{Name: "SyncNotConnected", As: "owner", Method: "POST", URL: "/company/sync", ExpectedStatus: http.StatusConflict},
	})
}

func TestConnectFromMyCompany(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Greenhouse: Greenhouse{APIURL: fx.simURL, TokenURL: fx.simURL + "/token"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.AddUser(ctx, ownerEmail, "", db.RoleOwner, ownerPass); err != nil {
		t.Fatal(err)
	}
	_, srv := startServer(t, a)
	sc := fx.sim.Config()
	runScenarios(t, srv.URL, []scenario{
		{Name: "TestBad", As: "owner", Method: "POST", URL: "/company/connection/check",
			Form: url.Values{"client_id": {sc.ClientID}, "client_secret": {"wrong"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "TestBadMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"The connection test failed"}},
		{Name: "TestOK", As: "owner", Method: "POST", URL: "/company/connection/check",
			Form: url.Values{"client_id": {sc.ClientID}, "client_secret": {sc.ClientSecret}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "TestOKMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"The connection works."}, NotExpectedContent: []string{`data-testid="connected-badge"`}},
		{Name: "Save", As: "owner", Method: "POST", URL: "/company/connection",
			Form: url.Values{"client_id": {sc.ClientID}, "client_secret": {sc.ClientSecret}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "Connected", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`data-testid="connected-badge"`, `data-testid="secret-saved"`, `value="` + sc.ClientID + `"`, `data-testid="sync-now"`, `data-testid="disconnect-form"`},
			NotExpectedContent: []string{sc.ClientSecret}},
		{Name: "ResaveKeepsSecret", As: "owner", Method: "POST", URL: "/company/connection",
			Form: url.Values{"client_id": {sc.ClientID}, "client_secret": {""}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "StillConnected", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"Connected to Greenhouse (Harvest v3)"}},
		{Name: "SyncStarts", As: "owner", Method: "POST", URL: "/company/sync", Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`data-running="true"`, `hx-trigger="every 2s"`}},
		{Name: "DisconnectNeedsConfirm", As: "owner", Method: "POST", URL: "/company/connection/disconnect", ExpectedStatus: http.StatusSeeOther},
		{Name: "StillConnectedAfterUnconfirmed", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{`data-testid="connected-badge"`}},
	})
	// Let the background sync finish before disconnecting and closing.
	deadline := time.Now().Add(2 * time.Minute)
	for a.Syncer() != nil && a.Syncer().Status().Running {
		if time.Now().After(deadline) {
			t.Fatal("the background sync was still running after 2 minutes")
		}
		time.Sleep(50 * time.Millisecond)
	}
	runScenarios(t, srv.URL, []scenario{
		{Name: "Disconnect", As: "owner", Method: "POST", URL: "/company/connection/disconnect", Form: url.Values{"confirm": {"yes"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "Disconnected", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="not-connected-badge"`, "Greenhouse is disconnected."}},
	})
}

func TestMatchAndCandidatePages(t *testing.T) {
	_, srv := startServer(t, fx.app)
	job := fx.busiestJob()
	jobID := strconv.FormatInt(job.ID, 10)
	c := loggedIn(t, srv.URL, "recruiter")
	ids := rowIDs(c.get("/discover?job=" + jobID + "&applied_only=0").Body)
	if len(ids) == 0 {
		t.Fatal("no ranked candidates")
	}
	back := "?applied_only=0&job=" + jobID + "&page=2"
	runScenarios(t, srv.URL, []scenario{
		{Name: "Match", As: "recruiter", URL: "/jobs/" + jobID + "/candidates/" + ids[0] + "/match" + back, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="match-pairs"`, `data-testid="match-pair"`, "<mark>", "<meter", `data-testid="match-strength"`,
				`href="/discover?applied_only=0&amp;job=` + jobID + `&amp;page=2"`, `href="/candidates/` + ids[0] + `?`}},
		{Name: "MatchUnknownJob", As: "recruiter", URL: "/jobs/999999999/candidates/" + ids[0] + "/match", ExpectedStatus: http.StatusNotFound},
		{Name: "Candidate", As: "recruiter", URL: "/candidates/" + ids[0] + back, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="candidate-name"`, `data-testid="applications-table"`, `<th scope="col">Current stage</th>`,
				`data-testid="resume-status"`, `data-testid="back-to-ranking"`}},
	})
}
