package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// apiGet calls the API with a bearer token ("" sends none).
func apiGet(t *testing.T, base, token, path string, into any) int {
	t.Helper()
	c := newClient(t, base)
	h := map[string]string{}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	res := c.do(http.MethodGet, path, nil, h)
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if into != nil {
		if err := json.Unmarshal([]byte(res.Body), into); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, res.Body)
		}
	}
	return res.Status
}

func TestAPI(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	tok, _, err := fx.app.CreateToken(ctx, recruiterEmail, "api test")
	if err != nil {
		t.Fatal(err)
	}
	revoked, rt, err := fx.app.CreateToken(ctx, recruiterEmail, "revoked")
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := fx.app.DB.AccountByEmail(ctx, recruiterEmail)
	if err := fx.app.DB.RevokeAPIToken(ctx, acct.ID, rt.ID); err != nil {
		t.Fatal(err)
	}
	job := fx.busiestJob()
	jobPath := "/api/v1/jobs/" + strconv.FormatInt(job.ID, 10) + "/candidates"

	t.Run("Auth", func(t *testing.T) {
		cases := []struct {
			name, token string
			status      int
		}{
			{"NoToken", "", http.StatusUnauthorized},
			{"BadToken", "slt_not-a-real-token", http.StatusUnauthorized},
			{"RevokedToken", revoked, http.StatusUnauthorized},
			{"OK", tok, http.StatusOK},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var body any
				if got := apiGet(t, srv.URL, tc.token, "/api/v1/jobs", &body); got != tc.status {
					t.Fatalf("status %d, want %d", got, tc.status)
				}
				if tc.status == http.StatusUnauthorized {
					if m, ok := body.(map[string]any); !ok || m["error"] == "" {
						t.Fatalf("error body %v", body)
					}
				}
			})
		}
		t.Run("SessionCookieIsNotEnough", func(t *testing.T) {
			c := loggedIn(t, srv.URL, "owner")
			if res := c.get("/api/v1/jobs"); res.Status != http.StatusUnauthorized {
				t.Fatalf("cookie-authenticated API call: %d, want 401", res.Status)
			}
		})
		t.Run("DisabledAccountsToken", func(t *testing.T) {
			tmp, err := fx.app.AddUser(ctx, "api-disabled@example.com", "", "recruiter", "api-disabled-1")
			if err != nil {
				t.Fatal(err)
			}
			tt, _, err := fx.app.CreateToken(ctx, tmp.Email, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := fx.app.DB.UpdateAccount(ctx, tmp.ID, dbUpdateDisabled(true)); err != nil {
				t.Fatal(err)
			}
			if got := apiGet(t, srv.URL, tt, "/api/v1/jobs", nil); got != http.StatusUnauthorized {
				t.Fatalf("disabled account's token: %d, want 401", got)
			}
		})
	})

	t.Run("Jobs", func(t *testing.T) {
		var jobs []map[string]any
		if got := apiGet(t, srv.URL, tok, "/api/v1/jobs", &jobs); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
		listed, err := fx.app.DB.Jobs(ctx, db.JobFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != len(listed) {
			t.Fatalf("%d jobs, want %d", len(jobs), len(listed))
		}
		for _, k := range []string{"id", "name", "status", "department", "offices", "requisition_id", "applicants", "ats_url"} {
			if _, ok := jobs[0][k]; !ok {
				t.Errorf("job lacks %q: %v", k, jobs[0])
			}
		}
		var open []map[string]any
		apiGet(t, srv.URL, tok, "/api/v1/jobs?status=open", &open)
		for _, j := range open {
			if j["status"] != "open" {
				t.Fatalf("status filter let through %v", j["status"])
			}
		}
	})

	t.Run("RankedCandidates", func(t *testing.T) {
		var all []map[string]any
		if got := apiGet(t, srv.URL, tok, jobPath+"?applied_only=false&limit=60", &all); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
		if len(all) == 0 || len(all) > 60 {
			t.Fatalf("%d candidates", len(all))
		}
		for _, k := range []string{"id", "name", "score_percent", "score", "applied", "matched_terms", "title", "company", "status", "rank", "ats_url"} {
			if _, ok := all[0][k]; !ok {
				t.Errorf("candidate lacks %q: %v", k, all[0])
			}
		}
		if p := all[0]["score_percent"].(float64); p != 100 {
			t.Errorf("top score_percent = %v, want 100", p)
		}
		if r := all[0]["rank"].(float64); r != 1 {
			t.Errorf("top rank = %v", r)
		}
		terms := all[0]["matched_terms"].([]any)
		if len(terms) == 0 {
			t.Fatalf("top candidate has no matched terms")
		}
		term := terms[0].(map[string]any)
		for _, k := range []string{"term", "contribution", "weight"} {
			if _, ok := term[k]; !ok {
				t.Errorf("matched term lacks %q", k)
			}
		}
		for i := 1; i < len(all); i++ {
			if all[i]["score"].(float64) > all[i-1]["score"].(float64) {
				t.Fatalf("not sorted by score at %d", i)
			}
		}

		var applied []map[string]any
		apiGet(t, srv.URL, tok, jobPath, &applied) // applied_only defaults to true
		if len(applied) == 0 {
			t.Fatalf("no applicants ranked for the busiest job")
		}
		for _, c := range applied {
			if c["applied"] != true || c["status"] == nil {
				t.Fatalf("applied-only ranking has a non-applicant: %v", c)
			}
		}

		var page2 []map[string]any
		apiGet(t, srv.URL, tok, jobPath+"?applied_only=false&limit=5&offset=5", &page2)
		if len(page2) != 5 || page2[0]["id"] != all[5]["id"] || page2[0]["rank"].(float64) != 6 {
			t.Fatalf("offset 5 starts with %v, want %v", page2[0]["id"], all[5]["id"])
		}
	})

	t.Run("BadParams", func(t *testing.T) {
		for _, q := range []string{"?limit=501", "?limit=0", "?limit=x", "?offset=-1", "?applied_only=maybe"} {
			var e map[string]string
			if got := apiGet(t, srv.URL, tok, jobPath+q, &e); got != http.StatusBadRequest || e["error"] == "" {
				t.Errorf("%s: %d %v, want 400 with an error", q, got, e)
			}
		}
		var e map[string]string
		if got := apiGet(t, srv.URL, tok, "/api/v1/jobs/999999999/candidates", &e); got != http.StatusNotFound {
			t.Errorf("unknown job: %d, want 404", got)
		}
		if got := apiGet(t, srv.URL, tok, "/api/v1/candidates/999999999", &e); got != http.StatusNotFound {
			t.Errorf("unknown candidate: %d, want 404", got)
		}
	})

	t.Run("Candidate", func(t *testing.T) {
		var ranked []map[string]any
		apiGet(t, srv.URL, tok, jobPath+"?limit=1", &ranked)
		id := int64(ranked[0]["id"].(float64))
		var c map[string]any
		if got := apiGet(t, srv.URL, tok, "/api/v1/candidates/"+strconv.FormatInt(id, 10), &c); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
		if c["name"] != ranked[0]["name"] {
			t.Errorf("name %v, want %v", c["name"], ranked[0]["name"])
		}
		apps := c["applications"].([]any)
		if len(apps) == 0 {
			t.Fatalf("an applicant without applications")
		}
		found := false
		for _, a := range apps {
			m := a.(map[string]any)
			for _, k := range []string{"id", "job_id", "job_name", "status", "current_stage", "applied_at", "last_activity_at"} {
				if _, ok := m[k]; !ok {
					t.Errorf("application lacks %q", k)
				}
			}
			if m["job_id"].(float64) == float64(job.ID) {
				found = true
			}
		}
		if !found {
			t.Errorf("the application to job %d is missing", job.ID)
		}
	})
}
