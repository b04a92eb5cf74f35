package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/db/sharedtest"
	"github.com/shortlist-hq/shortlist/search"
)

// jsonKind names a decoded JSON value's type.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// sameShape reports where got differs from the fixture: a key missing, or
// a value of another JSON type, at every level (arrays by their first
// element). Metadata is the partner's own: only its being a flat object of
// primitives is checked.
func sameShape(path string, fixture, got any) []string {
	var out []string
	if jsonKind(fixture) != jsonKind(got) {
		return []string{fmt.Sprintf("%s: %s, want %s", path, jsonKind(got), jsonKind(fixture))}
	}
	switch f := fixture.(type) {
	case map[string]any:
		g := got.(map[string]any)
		if strings.HasSuffix(path, "metadata") {
			for k, v := range g {
				if kind := jsonKind(v); kind == "object" || kind == "array" {
					out = append(out, fmt.Sprintf("%s.%s: %s, want a primitive", path, k, kind))
				}
			}
			return out
		}
		for k, fv := range f {
			gv, ok := g[k]
			if !ok {
				out = append(out, path+"."+k+": missing")
				continue
			}
			out = append(out, sameShape(path+"."+k, fv, gv)...)
		}
	case []any:
		g := got.([]any)
		if len(f) > 0 && len(g) > 0 {
			out = append(out, sameShape(path+"[0]", f[0], g[0])...)
		}
	}
	return out
}

// fixtureJSON reads a Greenhouse fixture.
func fixtureJSON(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, "fixtures", "greenhouse", name))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// partnerCall is one call to the Assessment Partner API.
func partnerCall(t *testing.T, base, key, method, path string, body any) (int, any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, base+AssessmentPath+path, rd)
	if key != "" {
		req.SetBasicAuth(key, "")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, path, b)
	}
	return res.StatusCode, v
}

// TestAssessmentPartnerAPI calls every endpoint as Greenhouse does, with
// the documented payloads, and compares the answers with the documented
// examples.
func TestAssessmentPartnerAPI(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	key, _, err := fx.app.CreateAssessmentKey(ctx, "api test")
	if err != nil {
		t.Fatal(err)
	}
	job := fx.busiestJob()
	jd, err := fx.app.DB.JobDetail(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := fx.app.Index.Rank(ctx, searchJob(jd), search.RankOptions{AppliedOnly: true, Limit: 5})
	if err != nil || len(r.Hits) < 3 {
		t.Fatalf("ranking job %d: %v (%d hits)", job.ID, err, len(r.Hits))
	}
	cand := r.Hits[2].ID // not the top: the score is below 100
	app, err := fx.app.DB.ApplicationToJob(ctx, cand, job.ID)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ListTests", func(t *testing.T) {
		status, got := partnerCall(t, srv.URL, key, http.MethodGet, "/list_tests", nil)
		if status != http.StatusOK {
			t.Fatalf("%d %v", status, got)
		}
		if d := sameShape("", fixtureJSON(t, "assessment_list_tests_response.json"), got); len(d) > 0 {
			t.Fatalf("list_tests differs from the documented example: %v", d)
		}
		open, err := fx.app.DB.Jobs(ctx, db.JobFilter{Status: db.JobOpen, Viewer: db.Everyone, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		tests := got.([]any)
		if len(tests) != len(open) {
			t.Fatalf("%d tests for %d open jobs", len(tests), len(open))
		}
		found := false
		for _, x := range tests {
			m := x.(map[string]any)
			if !strings.HasPrefix(m["partner_test_name"].(string), assessmentTestPrefix) {
				t.Fatalf("test name %v", m["partner_test_name"])
			}
			found = found || (m["partner_test_id"] == strconv.FormatInt(job.ID, 10) && strings.HasSuffix(m["partner_test_name"].(string), job.Name))
		}
		if !found {
			t.Fatalf("no test for job %d %q", job.ID, job.Name)
		}
	})

	var interviewID string
	t.Run("SendTest", func(t *testing.T) {
		body := fixtureJSON(t, "assessment_send_test_request.json").(map[string]any)
		body["partner_test_id"] = strconv.FormatInt(job.ID, 10)
		c := body["candidate"].(map[string]any)
		c["greenhouse_profile_url"] = fmt.Sprintf("https://app.greenhouse.io/people/%d?application_id=%d", cand, app)
		c["email"] = "someone-else@example.com" // the URL wins
		// Greenhouse's callback, on the connected Greenhouse (the
		// simulator, which knows no such test).
		body["url"] = fx.simURL + "/integrations/testing_partners/take_home_tests/999"
		status, got := partnerCall(t, srv.URL, key, http.MethodPost, "/send_test", body)
		if status != http.StatusOK {
			t.Fatalf("%d %v", status, got)
		}
		if d := sameShape("", fixtureJSON(t, "assessment_send_test_response.json"), got); len(d) > 0 {
			t.Fatalf("send_test differs from the documented example: %v", d)
		}
		interviewID = got.(map[string]any)["partner_interview_id"].(string)
		rec, err := fx.app.DB.AssessmentRequest(ctx, interviewID)
		if err != nil || rec.CandidateID != cand || rec.ApplicationID != app || rec.JobID != job.ID {
			t.Fatalf("stored %+v %v", rec, err)
		}
		// Greenhouse's callback host is allowed; any other is dropped.
		if rec.CallbackURL != body["url"] {
			t.Fatalf("callback %q, want %q", rec.CallbackURL, body["url"])
		}
	})
	t.Run("TestStatusPending", func(t *testing.T) {
		status, got := partnerCall(t, srv.URL, key, http.MethodGet, "/test_status?partner_interview_id="+url.QueryEscape(interviewID), nil)
		if status != http.StatusOK || got.(map[string]any)["partner_status"] != "pending" {
			t.Fatalf("%d %v", status, got)
		}
		if _, ok := got.(map[string]any)["partner_score"]; ok {
			t.Fatal("a pending test has a score")
		}
	})
	t.Run("TestStatusComplete", func(t *testing.T) {
		if _, err := fx.app.ProcessAssessments(ctx); err != nil {
			t.Fatal(err)
		}
		status, got := partnerCall(t, srv.URL, key, http.MethodGet, "/test_status?partner_interview_id="+url.QueryEscape(interviewID), nil)
		if status != http.StatusOK {
			t.Fatalf("%d %v", status, got)
		}
		if d := sameShape("", fixtureJSON(t, "assessment_test_status_response.json"), got); len(d) > 0 {
			t.Fatalf("test_status differs from the documented example: %v (%v)", d, got)
		}
		m := got.(map[string]any)
		want := math.Round(r.Hits[2].Percent)
		if m["partner_status"] != "complete" || m["partner_score"] != want {
			t.Fatalf("status %v score %v, want complete and %v (the job's curve)", m["partner_status"], m["partner_score"], want)
		}
		if u := fmt.Sprintf("%s/jobs/%d/candidates/%d/match", srv.URL, job.ID, cand); m["partner_profile_url"] != u {
			t.Fatalf("profile url %v, want %s", m["partner_profile_url"], u)
		}
		// The callback was PATCHed; the simulator knew no such test.
		rec, _ := fx.app.DB.AssessmentRequest(ctx, interviewID)
		if !rec.NotifiedAt.IsZero() || !strings.Contains(rec.NotifyError, "404") || !rec.NextTryAt.After(rec.CompletedAt) {
			t.Fatalf("callback: %+v", rec)
		}
		meta := m["metadata"].(map[string]any)
		for _, k := range []string{"requirements_matched", "requirements_total", "top_terms", "gaps", "rank"} {
			if _, ok := meta[k]; !ok {
				t.Errorf("metadata lacks %s: %v", k, meta)
			}
		}
		if meta["rank"] != 3.0 || meta["requirements_matched"].(float64) > meta["requirements_total"].(float64) {
			t.Errorf("metadata %v", meta)
		}
		// The Match page it links to opens for an owner.
		c := loggedIn(t, srv.URL, "owner")
		if res := c.get(strings.TrimPrefix(m["partner_profile_url"].(string), srv.URL)); res.Status != http.StatusOK {
			t.Fatalf("the Match page answers %d", res.Status)
		}
	})
	t.Run("EmailFallback", func(t *testing.T) {
		prof, err := fx.app.DB.CandidateProfile(ctx, cand)
		if err != nil || len(prof.Candidate.EmailAddresses) == 0 {
			t.Skip("the candidate has no email")
		}
		body := map[string]any{"partner_test_id": strconv.FormatInt(job.ID, 10), "url": "",
			"candidate": map[string]any{"first_name": "X", "email": strings.ToUpper(prof.Candidate.EmailAddresses[0].Value)}}
		status, got := partnerCall(t, srv.URL, key, http.MethodPost, "/send_test", body)
		if status != http.StatusOK {
			t.Fatalf("%d %v", status, got)
		}
		rec, _ := fx.app.DB.AssessmentRequest(ctx, got.(map[string]any)["partner_interview_id"].(string))
		if rec.CandidateID != cand {
			t.Fatalf("matched candidate %d, want %d", rec.CandidateID, cand)
		}
	})
	t.Run("ResponseError", func(t *testing.T) {
		status, got := partnerCall(t, srv.URL, key, http.MethodPost, "/response_error", fixtureJSON(t, "assessment_response_error_request.json"))
		if status != http.StatusOK {
			t.Fatalf("%d %v", status, got)
		}
		if d := sameShape("", fixtureJSON(t, "assessment_response_error_response.json"), got); len(d) > 0 || got.(map[string]any)["status"] != 200.0 {
			t.Fatalf("response_error answer %v: %v", got, d)
		}
		es, _ := fx.app.DB.RecentAssessmentErrors(ctx, 1)
		if len(es) != 1 || es[0].APICall != "test_status" || es[0].PartnerInterviewID != "299506" {
			t.Fatalf("stored %+v", es)
		}
	})

	refusals := []struct {
		name, key, method, path string
		body                    any
		status                  int
	}{
		{"NoKey", "", http.MethodGet, "/list_tests", nil, http.StatusUnauthorized},
		{"BadKey", "sla_not-a-key", http.MethodGet, "/list_tests", nil, http.StatusUnauthorized},
		{"BadKeySendTest", "sla_not-a-key", http.MethodPost, "/send_test", map[string]any{"partner_test_id": "1"}, http.StatusUnauthorized},
		{"UnknownInterview", key, http.MethodGet, "/test_status?partner_interview_id=nope", nil, http.StatusNotFound},
		{"NoInterview", key, http.MethodGet, "/test_status", nil, http.StatusBadRequest},
		{"UnknownTest", key, http.MethodPost, "/send_test", map[string]any{"partner_test_id": "1",
			"candidate": map[string]any{"greenhouse_profile_url": "https://app.greenhouse.io/people/1?application_id=2"}}, http.StatusNotFound},
		{"UnknownCandidate", key, http.MethodPost, "/send_test", map[string]any{"partner_test_id": strconv.FormatInt(job.ID, 10),
			"candidate": map[string]any{"email": "nobody@example.invalid"}}, http.StatusNotFound},
		{"NotJSON", key, http.MethodPost, "/send_test", "just text", http.StatusBadRequest},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			status, got := partnerCall(t, srv.URL, tc.key, tc.method, tc.path, tc.body)
			if status != tc.status {
				t.Fatalf("%d %v, want %d", status, got, tc.status)
			}
			if e, _ := got.(map[string]any)["error"].(string); e == "" {
				t.Fatalf("no error message: %v", got)
			}
		})
	}
}

// TestAssessmentKeys makes, rotates and revokes keys on My Company and
// checks which keys Greenhouse's calls are admitted with.
func TestAssessmentKeys(t *testing.T) {
	_, srv := startServer(t, fx.app)
	works := func(key string) bool {
		status, _ := partnerCall(t, srv.URL, key, http.MethodGet, "/list_tests", nil)
		return status == http.StatusOK
	}
	c := loggedIn(t, srv.URL, "owner")
	c.get("/company")
	keyRe := func(body string) string {
		i := strings.Index(body, `data-testid="assessment-key-value"`)
		if i < 0 {
			t.Fatalf("no new key shown")
		}
		j := strings.LastIndex(body[:i], `value="`)
		rest := body[j+len(`value="`):]
		return rest[:strings.IndexByte(rest, '"')]
	}
	res := c.post("/company/assessment/keys", url.Values{"name": {"Greenhouse prod"}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "API key made") {
		t.Fatalf("create: %d", res.Status)
	}
	k1 := keyRe(res.Body)
	if !strings.HasPrefix(k1, assessmentKeyPrefix) || !works(k1) {
		t.Fatalf("the new key %q does not work", k1)
	}
	if again := c.get("/company"); strings.Contains(again.Body, k1) {
		t.Fatal("the key is shown a second time")
	}
	keys, _ := fx.app.DB.AssessmentKeys(context.Background())
	var id int64
	for _, k := range keys {
		if strings.HasPrefix(k1, k.Prefix) && k.RevokedAt.IsZero() {
			id = k.ID
		}
	}
	res = c.post(fmt.Sprintf("/company/assessment/keys/%d/rotate", id), nil)
	if res.Status != http.StatusOK {
		t.Fatalf("rotate: %d", res.Status)
	}
	k2 := keyRe(res.Body)
	if works(k1) || !works(k2) {
		t.Fatalf("after rotating: old works %v, new works %v", works(k1), works(k2))
	}
	keys, _ = fx.app.DB.AssessmentKeys(context.Background())
	for _, k := range keys {
		if strings.HasPrefix(k2, k.Prefix) && k.RevokedAt.IsZero() {
			id = k.ID
		}
	}
	if res := c.post(fmt.Sprintf("/company/assessment/keys/%d/revoke", id), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Status)
	}
	if works(k2) {
		t.Fatal("a revoked key works")
	}
	if res := c.post(fmt.Sprintf("/company/assessment/keys/%d/revoke", id), nil); res.Status != http.StatusNotFound {
		t.Fatalf("revoking twice: %d", res.Status)
	}
	if res := c.post("/company/assessment/keys", url.Values{"name": {strings.Repeat("x", 101)}}); res.Status != http.StatusBadRequest {
		t.Fatalf("a long name: %d", res.Status)
	}
	// Recruiters cannot.
	rc := loggedIn(t, srv.URL, "recruiter")
	rc.get("/")
	if res := rc.post("/company/assessment/keys", nil); res.Status != http.StatusForbidden {
		t.Fatalf("recruiter: %d", res.Status)
	}
}

func TestCallbackAllowed(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		u    string
		want bool
	}{
		{"https://app.greenhouse.io/integrations/testing_partners/take_home_tests/1", true},
		{"https://greenhouse.io/x", true},
		{"http://app.greenhouse.io/x", false},
		{"https://app.greenhouse.io.evil.example/x", false},
		{"https://user@app.greenhouse.io/x", false},
		{fx.simURL + "/integrations/testing_partners/take_home_tests/1", true},
		{"http://127.0.0.1:1/x", false},
		{"not a url", false},
	} {
		if got := fx.app.callbackAllowed(ctx, tc.u); got != tc.want {
			t.Errorf("callbackAllowed(%q) = %v", tc.u, got)
		}
	}
}

func TestParseProfileURL(t *testing.T) {
	for _, tc := range []struct {
		u          string
		cand, appl int64
	}{
		{"https://app.greenhouse.io/people/17681532?application_id=26234709", 17681532, 26234709},
		{"https://app.greenhouse.io/people/17681532", 17681532, 0},
		{"https://app.greenhouse.io/people/abc?application_id=x", 0, 0},
		{"", 0, 0},
		{"https://app.greenhouse.io/people/-4", 0, 0},
	} {
		if c, a := parseProfileURL(tc.u); c != tc.cand || a != tc.appl {
			t.Errorf("parseProfileURL(%q) = %d, %d", tc.u, c, a)
		}
	}
}
