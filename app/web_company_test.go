package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/db"
)

const (
	reqPrefix  = "https://app.greenhouse.io/sdash/"
	candPrefix = "https://app.greenhouse.io/people/"
)

func clearPrefixes(t *testing.T) {
	t.Helper()
	err := fx.app.DB.SetSettings(context.Background(), map[string]string{SettingRequisitionPrefix: "", SettingCandidatePrefix: "", SettingCompanyName: ""})
	if err != nil {
		t.Fatal(err)
	}
}

func TestATSLinks(t *testing.T) {
	clearPrefixes(t)
	t.Cleanup(func() { clearPrefixes(t) })
	_, srv := startServer(t, fx.app)
	c := loggedIn(t, srv.URL, "recruiter")
	job := fx.busiestJob()
	tok, _, err := fx.app.CreateToken(context.Background(), recruiterEmail, "ats")
	if err != nil {
		t.Fatal(err)
	}
	var ranked []map[string]any
	apiGet(t, srv.URL, tok, "/api/v1/jobs/"+strconv.FormatInt(job.ID, 10)+"/candidates?limit=1", &ranked)
	candID := strconv.FormatInt(int64(ranked[0]["id"].(float64)), 10)
	jobID := strconv.FormatInt(job.ID, 10)
	discover := "/discover?job=" + jobID + "&applied_only=1"

	t.Run("AbsentWithoutPrefixes", func(t *testing.T) {
		for _, path := range []string{"/jobs", discover, "/candidates/" + candID} {
			if body := c.get(path).Body; strings.Contains(body, "View in ATS") {
				t.Errorf("%s shows View in ATS without a prefix", path)
			}
		}
		if ranked[0]["ats_url"] != nil {
			t.Errorf("API ats_url = %v, want null", ranked[0]["ats_url"])
		}
	})

	o := loggedIn(t, srv.URL, "owner")
	res := o.post("/company", url.Values{"company_name": {"Acme"}, "requisition_prefix": {reqPrefix}, "candidate_prefix": {candPrefix}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save prefixes: %d\n%s", res.Status, excerpt(res.Body))
	}

	t.Run("PresentWithPrefixes", func(t *testing.T) {
		wantJob := `href="` + reqPrefix + jobID + `" target="_blank" rel="noopener noreferrer"`
		wantCand := `href="` + candPrefix + candID + `" target="_blank" rel="noopener noreferrer"`
		if body := c.get("/jobs").Body; !strings.Contains(body, wantJob) {
			t.Errorf("/jobs lacks %s", wantJob)
		}
		if body := c.get(discover).Body; !strings.Contains(body, wantJob) {
			t.Errorf("Discover lacks %s", wantJob)
		}
		if body := c.get("/candidates/" + candID).Body; !strings.Contains(body, wantCand) {
			t.Errorf("candidate page lacks %s", wantCand)
		}
		var again []map[string]any
		apiGet(t, srv.URL, tok, "/api/v1/jobs/"+jobID+"/candidates?limit=1", &again)
		if again[0]["ats_url"] != candPrefix+candID {
			t.Errorf("API ats_url = %v", again[0]["ats_url"])
		}
		var jobs []map[string]any
		apiGet(t, srv.URL, tok, "/api/v1/jobs", &jobs)
		for _, j := range jobs {
			if int64(j["id"].(float64)) == job.ID && j["ats_url"] != reqPrefix+jobID {
				t.Errorf("API job ats_url = %v", j["ats_url"])
			}
		}
	})
}

func TestPrefixValidation(t *testing.T) {
	clearPrefixes(t)
	t.Cleanup(func() { clearPrefixes(t) })
	_, srv := startServer(t, fx.app)
	form := func(req, cand string) url.Values {
		return url.Values{"company_name": {"Acme"}, "requisition_prefix": {req}, "candidate_prefix": {cand}}
	}
	bad := "must be an absolute http:// or https:// address"
	runScenarios(t, srv.URL, []scenario{
		{Name: "FTP", As: "owner", Method: "POST", URL: "/company", Form: form("ftp://files.example/", ""),
			ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"Requisition ATS Link prefix " + bad, `value="ftp://files.example/"`}},
		{Name: "Relative", As: "owner", Method: "POST", URL: "/company", Form: form("", "/people/"),
			ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"Candidate ATS Link prefix " + bad}},
		{Name: "JavaScript", As: "owner", Method: "POST", URL: "/company", Form: form("javascript:alert(1)//", ""),
			ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{bad}},
		{Name: "NoHost", As: "owner", Method: "POST", URL: "/company", Form: form("https://", ""), ExpectedStatus: http.StatusBadRequest},
		{Name: "Spaces", As: "owner", Method: "POST", URL: "/company", Form: form("https://app.greenhouse.io/a b/", ""), ExpectedStatus: http.StatusBadRequest},
		{Name: "Fragment", As: "owner", Method: "POST", URL: "/company", Form: form("https://app.greenhouse.io/#/jobs/", ""),
			ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"#fragment"}},
		{Name: "OK", As: "owner", Method: "POST", URL: "/company", Form: form(reqPrefix, "http://ats.internal:8080/people?id="),
			ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/company"},
		{Name: "Saved", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Company settings saved.", `value="` + reqPrefix + `"`, `value="http://ats.internal:8080/people?id="`}},
		{Name: "Empty", As: "owner", Method: "POST", URL: "/company", Form: form("", ""), ExpectedStatus: http.StatusSeeOther},
	})
	if v, _ := fx.app.DB.Setting(context.Background(), SettingRequisitionPrefix); v != "" {
		t.Errorf("empty prefix kept %q", v)
	}
}

func TestCompanyPage(t *testing.T) {
	_, srv := startServer(t, fx.app)
	runScenarios(t, srv.URL, []scenario{
		{Name: "ConnectionFromEnvironment", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`data-testid="connected-badge"`, "Harvest v3", `data-testid="connection-from-env"`, `data-testid="sync-last"`, `data-testid="sync-counts"`},
			NotExpectedContent: []string{`data-testid="connection-form"`, fx.sim.Config().ClientSecret}},
		{Name: "SaveRefusedFromEnv", As: "owner", Method: "POST", URL: "/company/connection",
			Form: url.Values{"client_id": {"x"}, "client_secret": {"y"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "SaveRefusedMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"set by environment variables on the server"}},
		{Name: "SyncStatusFragment", As: "owner", URL: "/company/sync", Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`id="sync-status"`}, NotExpectedContent: []string{"<html"}},
	})
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	runScenarios(t, srv.URL, []scenario{
		{Name: "Add", As: "owner", Method: "POST", URL: "/company/users",
			Form:           url.Values{"email": {"new.recruiter@example.com"}, "name": {"New Recruiter"}, "role": {"recruiter"}, "password": {"new-recruiter-1"}},
			ExpectedStatus: http.StatusSeeOther},
		{Name: "Listed", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Added new.recruiter@example.com as recruiter.", `data-email="new.recruiter@example.com"`}},
		{Name: "Duplicate", As: "owner", Method: "POST", URL: "/company/users",
			Form: url.Values{"email": {"new.recruiter@example.com"}, "role": {"recruiter"}, "password": {"new-recruiter-1"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "DuplicateMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"already exists"}},
		{Name: "BadRole", As: "owner", Method: "POST", URL: "/company/users",
			Form: url.Values{"email": {"x@example.com"}, "role": {"admin"}, "password": {"long-enough-1"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "BadRoleMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"The role must be owner or recruiter"}},
	})
	u, err := fx.app.DB.AccountByEmail(ctx, "new.recruiter@example.com")
	if err != nil {
		t.Fatal(err)
	}
	path := "/company/users/" + strconv.FormatInt(u.ID, 10)
	owner, _ := fx.app.DB.AccountByEmail(ctx, ownerEmail)
	ownerPath := "/company/users/" + strconv.FormatInt(owner.ID, 10)
	runScenarios(t, srv.URL, []scenario{
		{Name: "Promote", As: "owner", Method: "POST", URL: path, Form: url.Values{"role": {"owner"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "Demote", As: "owner", Method: "POST", URL: path, Form: url.Values{"role": {"recruiter"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "Disable", As: "owner", Method: "POST", URL: path, Form: url.Values{"disabled": {"1"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "Disabled", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"new.recruiter@example.com is disabled."}},
		{Name: "SetPassword", As: "owner", Method: "POST", URL: path, Form: url.Values{"password": {"reset-by-owner-1"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "PasswordSet", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"New password set for new.recruiter@example.com."}},
		{Name: "ShortPassword", As: "owner", Method: "POST", URL: path, Form: url.Values{"password": {"short"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "ShortPasswordMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK, ExpectedContent: []string{"Password not set: The password must have at least 10 characters"}},
		{Name: "LastOwnerCannotBeDemoted", As: "owner", Method: "POST", URL: ownerPath, Form: url.Values{"role": {"recruiter"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "LastOwnerMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Not changed: The company must keep at least one enabled owner."}},
		{Name: "Unknown", As: "owner", Method: "POST", URL: "/company/users/999999", Form: url.Values{"role": {"owner"}}, ExpectedStatus: http.StatusNotFound},
	})
	got, _ := fx.app.DB.Account(ctx, u.ID)
	if !got.Disabled || got.Role != db.RoleRecruiter {
		t.Errorf("account after updates: %+v", got)
	}
	if bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte("reset-by-owner-1")) != nil {
		t.Errorf("the password set by the owner does not match")
	}
	if o, _ := fx.app.DB.Account(ctx, owner.ID); o.Role != db.RoleOwner {
		t.Errorf("the last owner was demoted")
	}
}

func TestAccountTokens(t *testing.T) {
	_, srv := startServer(t, fx.app)
	c := loggedIn(t, srv.URL, "recruiter")
	res := c.post("/account/tokens", url.Values{"name": {"export script"}})
	if res.Status != http.StatusOK {
		t.Fatalf("create: %d", res.Status)
	}
	m := tokenRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("the new token is not shown\n%s", excerpt(res.Body))
	}
	tok := m[1]
	if got := apiGet(t, srv.URL, tok, "/api/v1/jobs", nil); got != http.StatusOK {
		t.Fatalf("new token: %d", got)
	}
	page := c.get("/account").Body
	if strings.Contains(page, tok) {
		t.Fatal("the token is shown again")
	}
	if !strings.Contains(page, "export script") || !strings.Contains(page, tok[:10]) {
		t.Fatalf("token not listed by name and prefix")
	}
	ctx := context.Background()
	acct, _ := fx.app.DB.AccountByEmail(ctx, recruiterEmail)
	tokens, _ := fx.app.DB.APITokens(ctx, acct.ID)
	var id int64
	for _, tt := range tokens {
		if tt.Name == "export script" {
			id = tt.ID
		}
	}
	if res := c.post("/account/tokens/"+strconv.FormatInt(id, 10)+"/revoke", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Status)
	}
	if got := apiGet(t, srv.URL, tok, "/api/v1/jobs", nil); got != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d, want 401", got)
	}
	// Another user's token cannot be revoked by id.
	owner := loggedIn(t, srv.URL, "owner")
	otherTok, ot, _ := fx.app.CreateToken(ctx, recruiterEmail, "not yours")
	if res := owner.post("/account/tokens/"+strconv.FormatInt(ot.ID, 10)+"/revoke", nil); res.Status != http.StatusNotFound {
		t.Fatalf("revoking another user's token: %d, want 404", res.Status)
	}
	if got := apiGet(t, srv.URL, otherTok, "/api/v1/jobs", nil); got != http.StatusOK {
		t.Fatalf("another user's token was revoked")
	}
}
