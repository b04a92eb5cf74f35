package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/learner/learntest"
	"github.com/shortlist-hq/shortlist/db"
)

// TestWebhookDecisionIsInNextTraining: Greenhouse announces, by webhook,
// that the team rejected one undecided applicant in review and moved
// another to an interview stage; the next training run learns from both.
func TestWebhookDecisionIsInNextTraining(t *testing.T) {
	ctx := context.Background()
	a := openApp(t, map[string]string{"SHORTLIST_WEBHOOK_SECRET": testSecret, "SHORTLIST_SYNC_INTERVAL": "0", "SHORTLIST_LEARN_INTERVAL": "0"})
	w := learntest.Plant(t, a.DB, learntest.Config{Labels: learntest.Signal, Seed: 11, Jobs: 4, Applicants: 15})
	job := w.JobIDs[0]
	jd, err := a.DB.JobDetail(ctx, job)
	if err != nil {
		t.Fatal(err)
	}
	// Two applicants still in review: no decision yet.
	applied := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	err = a.DB.Update(ctx, func(tx *db.Tx) error {
		for _, id := range []int64{901, 902} {
			if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: id, FirstName: "Pat", LastName: strconv.FormatInt(id, 10), UpdatedAt: applied}}); err != nil {
				return err
			}
			if _, err := db.Upsert(ctx, tx, []db.Application{{ID: id, CandidateID: id, JobID: job, Status: db.StatusActive,
				StageID: w.Stages[job][0], CreatedAt: applied, LastActivityAt: applied, UpdatedAt: applied}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	before, err := a.Learner.Train(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Model == "" {
		t.Fatalf("the first run trained no model: %s", before.Reason)
	}

	h := a.Handler()
	deliver := func(action string, appID int64, status string, stage int64, at time.Time) {
		t.Helper()
		var ev map[string]any
		if err := json.Unmarshal(webhookFixture(t, action), &ev); err != nil {
			t.Fatal(err)
		}
		ap := ev["payload"].(map[string]any)["application"].(map[string]any)
		ap["id"], ap["status"], ap["last_activity_at"] = appID, status, at.Format(time.RFC3339)
		ap["applied_at"], ap["prospect"] = applied.Format(time.RFC3339), false
		ap["rejected_at"] = nil
		if status == db.StatusRejected {
			ap["rejected_at"] = at.Format(time.RFC3339)
		}
		ap["current_stage"] = map[string]any{"id": stage, "name": "stage", "interviews": []any{}}
		c := ap["candidate"].(map[string]any)
		c["id"], c["first_name"], c["last_name"] = appID, "Pat", strconv.FormatInt(appID, 10)
		c["attachments"], c["educations"], c["employments"] = []any{}, []any{}, []any{}
		j := ap["jobs"].([]any)[0].(map[string]any)
		j["id"], j["name"], j["status"] = job, jd.Name, "open"
		ap["jobs"] = []any{j}
		body, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, app.WebhookPath, bytes.NewReader(body))
		req.Header.Set("Signature", greenhouse.Sign([]byte(testSecret), body))
		req.Header.Set("Greenhouse-Event-ID", action+strconv.FormatInt(appID, 10))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: delivery answered %d %s", action, rec.Code, rec.Body)
		}
	}
	deliver("reject_candidate", 901, db.StatusRejected, w.Stages[job][0], applied.Add(48*time.Hour))
	deliver("candidate_stage_change", 902, db.StatusActive, w.Stages[job][1], applied.Add(72*time.Hour))
	if _, err := a.Webhooks.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := a.DB.RecentWebhookEvents(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Status != db.EventApplied {
			t.Fatalf("webhook %s: %s %s", ev.Action, ev.Status, ev.Error)
		}
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}

	ds, err := a.DB.Decisions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]int{}
	for _, d := range ds {
		got[d.ApplicationID] = d.Relevance
	}
	if r, ok := got[901]; !ok || r != db.RelevanceRejected {
		t.Errorf("rejected by webhook: label %d (%v), want rejected", r, ok)
	}
	if r, ok := got[902]; !ok || r != db.RelevanceInterviewed {
		t.Errorf("moved to an interview stage by webhook: label %d (%v), want interviewed", r, ok)
	}
	after, err := a.Learner.Train(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Decisions != before.Decisions+2 || after.Examples != before.Examples+2 {
		t.Errorf("the next run saw %d decisions and trained on %d examples; before the webhooks %d and %d, want 2 more of each",
			after.Decisions, after.Examples, before.Decisions, before.Examples)
	}
}
