package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// waitUntil polls cond until it holds or the deadline passes, which fails
// the test.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", d, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// TestAssessmentEndToEnd runs the Assessment Partner flow between a
// running Shortlist and the simulated Greenhouse on loopback: a candidate
// moves into a job's "Shortlist match" stage, Greenhouse calls send_test,
// Shortlist scores the candidate and PATCHes Greenhouse's callback,
// Greenhouse asks test_status and shows the score on the application. The
// second candidate is one Shortlist has not synced: it reads them from
// Harvest first.
func TestAssessmentEndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sim, err := simulator.New(simulator.Config{Seed: 23, Candidates: 200, RateLimitV3: -1,
		Epoch: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	simSrv := httptest.NewServer(sim.Handler())
	defer simSrv.Close()
	sim.SetBaseURL(simSrv.URL)
	sc := sim.Config()
	a := openApp(t, map[string]string{
		"SHORTLIST_SYNC_INTERVAL": "0",
		"GREENHOUSE_API_URL":      simSrv.URL, "GREENHOUSE_TOKEN_URL": simSrv.URL + "/token",
		"GREENHOUSE_CLIENT_ID": sc.ClientID, "GREENHOUSE_CLIENT_SECRET": sc.ClientSecret,
	})
	if _, err := a.Sync(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	key, _, err := a.CreateAssessmentKey(ctx, "simulated Greenhouse")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	go a.Serve(ctx, ln)
	// Greenhouse polls hourly: a result within the test came by the
	// callback.
	if err := sim.ConnectAssessmentPartner(ctx, simulator.AssessmentPartner{URL: base + app.AssessmentPath, Key: key, PollEvery: time.Hour}); err != nil {
		t.Fatal(err)
	}

	check := func(t *testing.T, appID int64) {
		t.Helper()
		var res simulator.AssessmentResult
		waitUntil(t, 60*time.Second, "the simulated Greenhouse has the score", func() bool {
			for _, r := range sim.Assessments() {
				if r.ApplicationID == appID {
					res = r
				}
			}
			return res.Status == simulator.AssessmentComplete
		})
		if res.Callbacks < 1 {
			t.Fatalf("no callback PATCH: %+v", res)
		}
		rec, err := a.DB.AssessmentRequest(ctx, res.PartnerInterviewID)
		if err != nil || rec.Status != db.AssessmentComplete || rec.Score != res.Score || rec.NotifiedAt.IsZero() {
			t.Fatalf("Shortlist holds %+v (%v); Greenhouse has %+v", rec, err, res)
		}
		if res.Score < 0 || res.Score > 100 || !strings.HasPrefix(res.ProfileURL, base+"/jobs/") || res.Metadata["requirements_total"] == nil {
			t.Fatalf("result %+v", res)
		}
		// The application carries it: a TAKE_HOME_TEST note in its
		// activity.
		notes, err := sim.V3JSON("notes", simSrv.URL)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, raw := range notes {
			var n struct {
				ID            int64  `json:"id"`
				ApplicationID int64  `json:"application_id"`
				Type          string `json:"type"`
				Body          string `json:"body"`
			}
			json.Unmarshal(raw, &n)
			if n.ApplicationID == appID && n.Type == "TAKE_HOME_TEST" && strings.Contains(n.Body, res.ProfileURL) {
				found = true
			}
		}
		if !found {
			t.Fatalf("no TAKE_HOME_TEST note on application %d", appID)
		}
	}

	t.Run("SyncedCandidate", func(t *testing.T) {
		appID, ok := sim.AdvanceToAssessment(0)
		if !ok {
			t.Fatal("no application to move into the assessment stage")
		}
		check(t, appID)
	})
	t.Run("CandidateNotSyncedYet", func(t *testing.T) {
		snap := sim.Snapshot()
		withStage := map[int64]bool{}
		for _, st := range snap.JobInterviewStages {
			if st.Name == simulator.AssessmentStageName {
				withStage[st.JobID] = true
			}
		}
		var appID, candID int64
		for range 500 {
			for _, ev := range sim.Step(1) {
				if ev.Action != "new_candidate_application" {
					continue
				}
				var body struct {
					Payload struct {
						Application struct {
							ID        int64 `json:"id"`
							Candidate struct {
								ID int64 `json:"id"`
							} `json:"candidate"`
							Jobs []struct {
								ID int64 `json:"id"`
							} `json:"jobs"`
						} `json:"application"`
					} `json:"payload"`
				}
				json.Unmarshal(ev.Payload, &body)
				if ap := body.Payload.Application; len(ap.Jobs) == 1 && withStage[ap.Jobs[0].ID] {
					appID, candID = ap.ID, ap.Candidate.ID
				}
			}
			if appID != 0 {
				break
			}
		}
		if appID == 0 {
			t.Fatal("no new application to a job with the assessment stage in 500 steps")
		}
		if _, err := a.DB.CandidateProfile(ctx, candID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("test setup: Shortlist already knows candidate %d (%v)", candID, err)
		}
		if _, ok := sim.AdvanceToAssessment(appID); !ok {
			t.Fatalf("application %d could not move into the assessment stage", appID)
		}
		check(t, appID)
		if p, err := a.DB.CandidateProfile(ctx, candID); err != nil || p.Resume.Text == "" {
			t.Fatalf("the candidate read from Harvest: %v (resume %d bytes)", err, len(p.Resume.Text))
		}
	})
}
