package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

func TestRoles(t *testing.T) {
	_, srv := startServer(t, fx.app)
	forbidden := []string{"Only an owner of this Shortlist can open this page"}
	runScenarios(t, srv.URL, []scenario{
		{Name: "OwnerSeesCompany", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"My Company", `data-testid="nav-company"`, `data-testid="company-webhooks"`, `data-testid="users-table"`}},
		{Name: "RecruiterHasNoCompanyNav", As: "recruiter", URL: "/jobs", ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`data-testid="nav-company"`}},
		{Name: "RecruiterRefused", As: "recruiter", URL: "/company", ExpectedStatus: http.StatusForbidden,
			ExpectedContent: forbidden, NotExpectedContent: []string{`data-testid="users-table"`}},
		{Name: "RecruiterCannotSave", As: "recruiter", Method: "POST", URL: "/company",
			Form: url.Values{"requisition_prefix": {"https://evil.example/"}}, ExpectedStatus: http.StatusForbidden, ExpectedContent: forbidden},
		{Name: "RecruiterCannotAddUsers", As: "recruiter", Method: "POST", URL: "/company/users",
			Form: url.Values{"email": {"x@example.com"}, "role": {"owner"}, "password": {"password-123"}}, ExpectedStatus: http.StatusForbidden},
		{Name: "RecruiterCannotChangeRoles", As: "recruiter", Method: "POST", URL: "/company/users/1",
			Form: url.Values{"role": {"owner"}}, ExpectedStatus: http.StatusForbidden},
		{Name: "RecruiterCannotSync", As: "recruiter", Method: "POST", URL: "/company/sync", ExpectedStatus: http.StatusForbidden},
		{Name: "RecruiterCannotConnect", As: "recruiter", Method: "POST", URL: "/company/connection",
			Form: url.Values{"api_key": {"k"}}, ExpectedStatus: http.StatusForbidden},
		{Name: "RecruiterCannotDisconnect", As: "recruiter", Method: "POST", URL: "/company/connection/disconnect",
			Form: url.Values{"confirm": {"yes"}}, ExpectedStatus: http.StatusForbidden},
		{Name: "RecruiterCannotPollSync", As: "recruiter", URL: "/company/sync", Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{`data-testid="error-fragment"`}},
		{Name: "RecruiterHasAccount", As: "recruiter", URL: "/account", ExpectedStatus: http.StatusOK},
	})
	if s, _ := fx.app.DB.Setting(t.Context(), SettingRequisitionPrefix); s == "https://evil.example/" {
		t.Fatal("a recruiter changed the requisition prefix")
	}
}

func TestCSRF(t *testing.T) {
	_, srv := startServer(t, fx.app)
	c := loggedIn(t, srv.URL, "owner")
	name := url.Values{"company_name": {"CSRF Test Co"}}
	withToken := func(tok string) url.Values {
		v := url.Values{CSRFField: {tok}}
		for k, vs := range name {
			v[k] = vs
		}
		return v
	}
	t.Cleanup(func() { fx.app.DB.SetSettings(t.Context(), map[string]string{SettingCompanyName: ""}) })
	cases := []struct {
		name    string
		form    url.Values
		headers map[string]string
		status  int
	}{
		{"NoToken", name, nil, http.StatusForbidden},
		{"WrongToken", withToken("forged"), nil, http.StatusForbidden},
		{"OtherSessionsToken", withToken(loggedIn(t, srv.URL, "recruiter").csrf), nil, http.StatusForbidden},
		{"CrossOrigin", withToken(c.csrf), map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"CrossSiteFetch", withToken(c.csrf), map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"ForeignReferer", withToken(c.csrf), map[string]string{"Referer": "https://evil.example/page"}, http.StatusForbidden},
		{"OK", withToken(c.csrf), nil, http.StatusSeeOther},
		{"OKSameOrigin", withToken(c.csrf), map[string]string{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
		{"OKHeaderToken", name, map[string]string{CSRFHeader: c.csrf, "HX-Request": "true"}, http.StatusNoContent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			res := c.do(http.MethodPost, "/company", tc.form, tc.headers)
			if res.Status != tc.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tc.status, excerpt(res.Body))
			}
			if tc.status == http.StatusForbidden && !strings.Contains(res.Body, "Reload the page and try again") {
				t.Errorf("403 page does not say what to do")
			}
		})
	}
	t.Run("LoginNeedsToken", func(t *testing.T) {
		c := newClient(t, srv.URL)
		res := c.do(http.MethodPost, "/login", url.Values{"email": {ownerEmail}, "password": {ownerPass}}, nil)
		if res.Status != http.StatusForbidden {
			t.Fatalf("login without a form token: %d, want 403", res.Status)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	_, srv := startServer(t, fx.app)
	c := newClient(t, srv.URL)
	for _, path := range []string{"/login", "/api/v1/jobs", "/nowhere"} {
		res := c.get(path)
		for k, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
		} {
			if !strings.Contains(res.Header.Get(k), want) {
				t.Errorf("%s: %s = %q, want %q", path, k, res.Header.Get(k), want)
			}
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	// No inline script or style anywhere in a page.
	o := loggedIn(t, srv.URL, "owner")
	for _, path := range []string{"/jobs", "/discover", "/company", "/account"} {
		body := o.get(path).Body
		if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "<style") || strings.Contains(body, " onclick=") {
			t.Errorf("%s has inline script or style", path)
		}
	}
}

func TestErrors(t *testing.T) {
	_, srv := startServer(t, fx.app)
	runScenarios(t, srv.URL, []scenario{
		{Name: "NotFoundPage", URL: "/no/such/page", ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`data-testid="error-page"`, "Not found"}},
		{Name: "MissingCandidate", As: "owner", URL: "/candidates/999999999", ExpectedStatus: http.StatusNotFound,
			ExpectedContent: []string{`data-testid="error-page"`, "We could not find that"}},
		{Name: "FragmentOnHTMX", As: "owner", URL: "/discover?job=999999999", Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusNotFound, ExpectedContent: []string{`data-testid="error-fragment"`}, NotExpectedContent: []string{"<html"}},
		{Name: "BadParam", As: "owner", URL: "/discover?job=abc", ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{"Job must be a positive whole number"}},
		{Name: "APIJSON", URL: "/api/v1/nothing", ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{`"error":`}},
	})
	if strings.Contains(fx.logs.String(), "level=ERROR") {
		t.Errorf("expected errors were logged as internal:\n%s", fx.logs.String())
	}
}

func TestStatusMapping(t *testing.T) {
	cases := []struct {
		err    error
		status int
		msg    string
	}{
		{invalid("the password must have at least %d characters", 10), 400, "The password must have at least 10 characters"},
		{errForbidden, 403, errForbidden.Message},
		{ErrNotConnected, 409, "Greenhouse is not connected. An owner can connect it under My Company."},
		{fmt.Errorf("app: update user: %w", db.Errorf(db.ErrConflict, "the company must keep at least one enabled owner")), 409, "The company must keep at least one enabled owner"},
		// A bare code: its text is never cut up and shown, only the status.
		{errString("db: secret detail: conflict", errConflictForTest()), 409, "Conflict."},
		{fmt.Errorf("db: x: %w", db.Errorf(db.ErrThrottled, "too many tries, wait a minute")), 429, "Too many tries, wait a minute"},
		{errString("boom", nil), 500, "Internal error."},
	}
	for _, tc := range cases {
		status, msg := errorStatus(tc.err)
		if status != tc.status || msg != tc.msg {
			t.Errorf("errorStatus(%v) = %d %q, want %d %q", tc.err, status, msg, tc.status, tc.msg)
		}
	}
}
