package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/db"
)

// TestEveryFixtureThroughTheEndpoint delivers Greenhouse's example of every
// documented action, signed, to the real endpoint of a Shortlist with no
// Greenhouse connection, applies it, and checks what a recruiter then sees
// through the API (the same ranking Discover shows).
func TestEveryFixtureThroughTheEndpoint(t *testing.T) {
	type check struct {
		url    string // API path to GET after the delivery
		status int
		// want is a substring of the body; for rankings, "id:status" of a
		// listed applicant.
		want string
	}
	appl := func(job, cand int64, status string) check {
		return check{fmt.Sprintf("/api/v1/jobs/%d/candidates?applied_only=true", job), 200, fmt.Sprintf("%d:%s", cand, status)}
	}
	checks := map[string]check{
		"new_candidate_application":   appl(274075, 60304594, "active"),
		"new_prospect_application":    appl(371417, 968190, "active"),
		"candidate_stage_change":      appl(3485, 265772, "active"),
		"hire_candidate":              appl(323753, 35897443, "hired"),
		"unhire_candidate":            appl(371417, 265788, "active"),
		"reject_candidate":            appl(371417, 265788, "rejected"),
		"unreject_candidate":          appl(371417, 265788, "active"),
		"application_updated":         {"/api/v1/candidates/13857579", 200, `"id":22202940`},
		"update_candidate":            {"/api/v1/candidates/15696179", 200, "Ronald"},
		"job_created":                 {"/api/v1/jobs/371417/candidates", 200, "["},
		"job_updated":                 {"/api/v1/jobs/100445/candidates", 200, "["},
		"job_approved":                {"/api/v1/jobs/100445/candidates", 200, "["},
		"delete_candidate":            {"/api/v1/candidates/37031511", 404, "error"},
		"merge_candidate":             {"/api/v1/candidates/37031511", 404, "error"},
		"candidate_anonymized":        {"/api/v1/candidates/37031511", 404, "error"},
		"job_deleted":                 {"/api/v1/jobs/209256/candidates", 404, "error"},
		"delete_application":          {"/api/v1/candidates/37031511", 404, "error"},
		"job_post_created":            {"", 0, ""},
		"job_post_updated":            {"", 0, ""},
		"job_post_deleted":            {"", 0, ""},
		"job_interview_stage_deleted": {"", 0, ""},
		"offer_created":               {"", 0, ""},
		"offer_approved":              {"", 0, ""},
		"offer_updated":               {"", 0, ""},
		"offer_deleted":               {"", 0, ""},
		"interview_deleted":           {"", 0, ""},
		"scorecard_deleted":           {"", 0, ""},
		"department_deleted":          {"", 0, ""},
		"office_deleted":              {"", 0, ""},
	}
	if len(checks) != len(ingest.Actions) {
		t.Fatalf("%d cases for %d documented actions", len(checks), len(ingest.Actions))
	}
	ctx := context.Background()
	for _, action := range ingest.Actions {
		t.Run(action, func(t *testing.T) {
			a := openApp(t, map[string]string{"SHORTLIST_WEBHOOK_SECRET": testSecret, "SHORTLIST_SYNC_INTERVAL": "0"})
			if _, err := a.AddUser(ctx, "r@example.com", "R", db.RoleRecruiter, "a long enough password"); err != nil {
				t.Fatal(err)
			}
			token, _, err := a.CreateToken(ctx, "r@example.com", "")
			if err != nil {
				t.Fatal(err)
			}
			h := a.Handler()
			body := webhookFixture(t, action)
			req := httptest.NewRequest(http.MethodPost, app.WebhookPath, bytes.NewReader(body))
			req.Header.Set("Signature", greenhouse.Sign([]byte(testSecret), body))
			req.Header.Set("Greenhouse-Event-ID", action)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("delivery: %d %s", rec.Code, rec.Body)
			}
			if _, err := a.Webhooks.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
				t.Fatal(err)
			}
			evs, _ := a.DB.RecentWebhookEvents(ctx, 1)
			if len(evs) != 1 || evs[0].Status != db.EventApplied {
				t.Fatalf("event %+v, want applied", evs)
			}
			c := checks[action]
			if c.url == "" {
				return
			}
			req = httptest.NewRequest(http.MethodGet, c.url, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("GET %s: %d %s", c.url, rec.Code, rec.Body)
			}
			got := rec.Body.String()
			if strings.Contains(c.url, "applied_only") {
				var hits []struct {
					ID     int64   `json:"id"`
					Status *string `json:"status"`
				}
				json.Unmarshal(rec.Body.Bytes(), &hits)
				got = ""
				for _, h := range hits {
					if h.Status != nil {
						got += fmt.Sprintf("%d:%s ", h.ID, *h.Status)
					}
				}
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("GET %s = %.300s, want %q in it", c.url, got, c.want)
			}
		})
	}
}
