package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/search"
)

// TestDeleteCandidateLeavesNoTrace syncs a company, deletes one person by
// webhook, and looks for them everywhere Shortlist keeps data: every table,
// the resume text, the webhook log and the search index.
func TestDeleteCandidateLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	sim, err := simulator.New(simulator.Config{Seed: 8, Candidates: 80, RateLimitV3: -1,
		Epoch: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	sim.SetBaseURL(srv.URL)
	sc := sim.Config()
	a := openApp(t, map[string]string{
		"SHORTLIST_WEBHOOK_SECRET": testSecret, "GREENHOUSE_API_URL": srv.URL, "GREENHOUSE_TOKEN_URL": srv.URL + "/token",
		"GREENHOUSE_CLIENT_ID": sc.ClientID, "GREENHOUSE_CLIENT_SECRET": sc.ClientSecret,
	})
	if _, err := a.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// Someone with applications, a resume read and EEOC answers.
	answered := map[int64]bool{}
	for _, e := range sim.Snapshot().EEOC {
		answered[e.CandidateID] = true
	}
	var victim int64
	var name string
	for _, c := range sim.Snapshot().Candidates {
		p, err := a.DB.CandidateProfile(ctx, c.ID)
		if err == nil && len(p.Applications) > 0 && p.Resume.Text != "" && answered[c.ID] {
			victim, name = c.ID, p.Candidate.Name()
			break
		}
	}
	if victim == 0 {
		t.Fatal("no candidate with applications, a resume and EEOC answers")
	}
	found := func() bool {
		r, err := a.Index.SearchText(ctx, 0, name, search.RankOptions{Limit: 500, NoDetails: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range r.Hits {
			if h.ID == victim {
				return true
			}
		}
		return false
	}
	if !found() {
		t.Fatalf("candidate %d (%s) not found in the index before the delete", victim, name)
	}
	before, _ := a.Index.DocCount()
	var had int
	rows, err := a.DB.EEOCForAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rows {
		if e.CandidateID == victim {
			had++
		}
	}
	if had == 0 {
		t.Fatalf("candidate %d has no EEOC answers stored before the delete", victim)
	}

	// An earlier event about them sits in the webhook log, as it would.
	h := a.Handler()
	send := func(body []byte, id string) {
		req := httptest.NewRequest(http.MethodPost, app.WebhookPath, bytes.NewReader(body))
		req.Header.Set("Signature", greenhouse.Sign([]byte(testSecret), body))
		req.Header.Set("Greenhouse-Event-ID", id)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("delivery %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	send([]byte(fmt.Sprintf(`{"action":"update_candidate","payload":{"candidate":{"id":%d,"first_name":%q,"last_name":"X"}}}`, victim, strings.Fields(name)[0])), "before")
	send([]byte(fmt.Sprintf(`{"action":"delete_candidate","payload":{"person":{"id":%d,"first_name":%q,"deleted_application_ids":[]}}}`, victim, name)), "delete")
	if _, err := a.Webhooks.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Indexer.Drain(ctx); err != nil {
		t.Fatal(err)
	}

	conn, err := sql.Open("sqlite", a.DB.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	checks := map[string]string{
		"candidates":            `SELECT count(*) FROM candidates WHERE id = ?1`,
		"applications":          `SELECT count(*) FROM applications WHERE candidate_id = ?1`,
		"candidate_educations":  `SELECT count(*) FROM candidate_educations WHERE candidate_id = ?1`,
		"candidate_employments": `SELECT count(*) FROM candidate_employments WHERE candidate_id = ?1`,
		"attachments":           `SELECT count(*) FROM attachments WHERE candidate_id = ?1`,
		"attachment_texts":      `SELECT count(*) FROM attachment_texts t LEFT JOIN attachments a ON a.id = t.attachment_id WHERE a.id IS NULL`,
		"notes":                 `SELECT count(*) FROM notes WHERE candidate_id = ?1`,
		"offers":                `SELECT count(*) FROM offers WHERE candidate_id = ?1`,
		"eeoc":                  `SELECT count(*) FROM eeoc WHERE candidate_id = ?1`,
		"orphaned eeoc":         `SELECT count(*) FROM eeoc WHERE application_id NOT IN (SELECT id FROM applications)`,
		"orphaned stages":       `SELECT count(*) FROM application_stages WHERE application_id NOT IN (SELECT id FROM applications)`,
		"orphaned scorecards":   `SELECT count(*) FROM scorecards WHERE application_id NOT IN (SELECT id FROM applications)`,
		"orphaned interviews":   `SELECT count(*) FROM interviews WHERE application_id NOT IN (SELECT id FROM applications)`,
		"webhook log":           `SELECT count(*) FROM webhook_events WHERE candidate_id = ?1 AND (action <> 'delete_candidate' OR instr(body, '"first_name"') > 0)`,
		"index queue":           `SELECT count(*) FROM index_outbox WHERE candidate_id = ?1`,
	}
	for what, q := range checks {
		var n int
		if err := conn.QueryRow(q, victim).Scan(&n); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows still hold candidate %d", what, n, victim)
		}
	}
	if found() {
		t.Error("the search index still finds the deleted candidate by name")
	}
	if after, _ := a.Index.DocCount(); after != before-1 {
		t.Errorf("index documents %d → %d, want one fewer", before, after)
	}
	// A late Greenhouse retry of an old event about them changes nothing.
	send([]byte(fmt.Sprintf(`{"action":"update_candidate","payload":{"candidate":{"id":%d,"first_name":"Back","last_name":"Again"}}}`, victim)), "late")
	if _, err := a.Webhooks.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	conn.QueryRow(`SELECT (SELECT count(*) FROM candidates WHERE id = ?1) + (SELECT count(*) FROM webhook_events WHERE event_id = 'late')`, victim).Scan(&n)
	if n != 0 {
		var st, e string
		conn.QueryRow(`SELECT status, error FROM webhook_events WHERE event_id = 'late'`).Scan(&st, &e)
		t.Errorf("a late event brought back %d rows about the deleted candidate (event %s %s)", n, st, e)
		rows, _ := conn.Query(`SELECT event_id, action, coalesce(candidate_id, -1), status, body FROM webhook_events`)
		for rows.Next() {
			var id, action, status, body string
			var cid int64
			rows.Scan(&id, &action, &cid, &status, &body)
			t.Logf("%s %s %d %s %.80s", id, action, cid, status, body)
		}
		rows.Close()
	}
}
