package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAssessmentStagePlans checks the stage sits in the plans of about
// half the jobs, right after Application Review, and that the generated
// history passes through it.
func TestAssessmentStagePlans(t *testing.T) {
	s, err := New(Config{Seed: 3, Candidates: 1500, Epoch: testEpoch})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	plans := map[int64][]JobInterviewStage{}
	for _, st := range snap.JobInterviewStages {
		plans[st.JobID] = append(plans[st.JobID], st)
	}
	with := 0
	assessStage := map[int64]bool{}
	for job, plan := range plans {
		order := map[int]string{}
		for _, st := range plan {
			if _, dup := order[st.SortOrder]; dup {
				t.Fatalf("job %d: two stages at sort_order %d", job, st.SortOrder)
			}
			order[st.SortOrder] = st.Name
			if st.Name == AssessmentStageName {
				assessStage[st.ID] = true
			}
		}
		for i := range len(plan) {
			if _, ok := order[i]; !ok {
				t.Fatalf("job %d: sort orders %v are not 0..%d", job, order, len(plan)-1)
			}
		}
		if order[1] == AssessmentStageName {
			with++
			if order[0] != "Application Review" {
				t.Fatalf("job %d: the assessment follows %q", job, order[0])
			}
		} else if hasAssessment(job) {
			t.Fatalf("job %d: plan %v lacks the assessment stage", job, order)
		}
	}
	if share := float64(with) / float64(len(plans)); share < 0.25 || share > 0.75 {
		t.Fatalf("%d of %d jobs have the assessment stage", with, len(plans))
	}
	passed, waiting := 0, 0
	for _, as := range snap.ApplicationStages {
		if assessStage[as.JobInterviewStageID] {
			if as.ExitedAt.IsZero() {
				waiting++
			} else {
				passed++
			}
		}
	}
	if passed == 0 || waiting == 0 {
		t.Fatalf("history: %d passed the assessment stage, %d still in it; want some of each", passed, waiting)
	}
}

// fakePartner is an Assessment Partner answering as the documented
// examples do (assessment_*.json).
type fakePartner struct {
	t        *testing.T
	srv      *httptest.Server
	key      string
	tests    []partnerTest
	callback bool // PATCH the url right after send_test
	pending  int  // test_status answers pending this many times first

	mu     sync.Mutex
	sent   []map[string]any
	polls  map[string]int
	badKey int
}

func newFakePartner(t *testing.T, tests []partnerTest) *fakePartner {
	p := &fakePartner{t: t, key: "partner-key-1", tests: tests, polls: map[string]int{}}
	mux := http.NewServeMux()
	auth := func(w http.ResponseWriter, r *http.Request) bool {
		user, pass, ok := r.BasicAuth()
		if !ok || user != p.key || pass != "" {
			p.mu.Lock()
			p.badKey++
			p.mu.Unlock()
			http.Error(w, `{"error":"bad key"}`, http.StatusUnauthorized)
			return false
		}
		return true
	}
	mux.HandleFunc("GET /assessment/list_tests", func(w http.ResponseWriter, r *http.Request) {
		if auth(w, r) {
			json.NewEncoder(w).Encode(p.tests)
		}
	})
	mux.HandleFunc("POST /assessment/send_test", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		p.mu.Lock()
		p.sent = append(p.sent, body)
		id := fmt.Sprintf("pi-%d", len(p.sent))
		p.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]string{"partner_interview_id": id})
		if p.callback {
			cb, _ := body["url"].(string)
			go func() {
				time.Sleep(20 * time.Millisecond)
				req, _ := http.NewRequest(http.MethodPatch, cb, nil)
				if res, err := http.DefaultClient.Do(req); err == nil {
					res.Body.Close()
				}
			}()
		}
	})
	mux.HandleFunc("GET /assessment/test_status", func(w http.ResponseWriter, r *http.Request) {
		if !auth(w, r) {
			return
		}
		id := r.URL.Query().Get("partner_interview_id")
		p.mu.Lock()
		p.polls[id]++
		n := p.polls[id]
		p.mu.Unlock()
		if !strings.HasPrefix(id, "pi-") {
			http.Error(w, `{"error":"unknown"}`, http.StatusNotFound)
			return
		}
		if n <= p.pending {
			json.NewEncoder(w).Encode(map[string]any{"partner_status": "pending"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"partner_status": "complete", "partner_profile_url": "http://partner.example/r/" + id,
			"partner_score": 81, "metadata": map[string]any{"requirements_matched": 4, "gaps": "SQL"}})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// waitFor polls cond for up to 10 s; running out fails the test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func resultFor(s *Sim, appID int64) (AssessmentResult, bool) {
	for _, r := range s.Assessments() {
		if r.ApplicationID == appID {
			return r, true
		}
	}
	return AssessmentResult{}, false
}

// testsFor lists one partner test per job with an assessment stage.
func testsFor(s *Sim) []partnerTest {
	var out []partnerTest
	for _, j := range s.Snapshot().Jobs {
		if hasAssessment(j.ID) {
			out = append(out, partnerTest{ID: itoa(j.ID), Name: "Shortlist match: " + j.Name})
		}
	}
	return out
}

func TestAssessmentPartnerPolling(t *testing.T) {
	e := newEnv(t, Config{})
	p := newFakePartner(t, testsFor(e.sim))
	p.pending = 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := e.sim.ConnectAssessmentPartner(ctx, AssessmentPartner{URL: p.srv.URL + "/assessment", Key: p.key, PollEvery: 30 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	appID, ok := e.sim.AdvanceToAssessment(0)
	if !ok {
		t.Fatal("no application to move into the assessment stage")
	}
	var res AssessmentResult
	waitFor(t, "the score", func() bool {
		res, _ = resultFor(e.sim, appID)
		return res.Status == AssessmentComplete
	})
	if res.Score != 81 || res.Polls < 3 || res.ProfileURL == "" || res.PartnerTestID != itoa(res.JobID) {
		t.Fatalf("result %+v", res)
	}
	// What Greenhouse sent has the documented shape and names the
	// candidate and application.
	raw, err := os.ReadFile(filepath.Join(sharedDir(t, "fixtures", "greenhouse"), "assessment_send_test_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture any
	json.Unmarshal(raw, &fixture)
	p.mu.Lock()
	var sent map[string]any
	for _, b := range p.sent {
		c := b["candidate"].(map[string]any)
		if strings.HasSuffix(c["greenhouse_profile_url"].(string), fmt.Sprintf("/people/%d?application_id=%d", res.CandidateID, appID)) {
			sent = b
		}
	}
	p.mu.Unlock()
	if sent == nil {
		t.Fatalf("no send_test names application %d", appID)
	}
	var missing []string
	compareKeys("", fixture, sent, &missing)
	if len(missing) > 0 {
		t.Fatalf("send_test lacks %v", missing)
	}
	if sent["partner_test_id"] != itoa(res.JobID) || !strings.Contains(sent["url"].(string), fmt.Sprintf("/take_home_tests/%d", res.TakeHomeTestID)) {
		t.Fatalf("send_test body %v", sent)
	}
	// The result is in the application's activity: /v3/notes and the v1 feed.
	_, b := e.v3(fmt.Sprintf("/v3/notes?application_ids=%d&type=TAKE_HOME_TEST", appID))
	notes := records(t, b)
	if len(notes) != 1 || !strings.Contains(notes[0]["body"].(string), "score 81") || !strings.Contains(notes[0]["body"].(string), res.ProfileURL) {
		t.Fatalf("notes %v", notes)
	}
	_, b = e.v1(fmt.Sprintf("/v1/candidates/%d/activity_feed", res.CandidateID))
	if !strings.Contains(string(b), "score 81") {
		t.Fatalf("v1 activity feed lacks the score: %s", trunc(b))
	}
	if p.badKey != 0 {
		t.Fatalf("%d calls with a bad key", p.badKey)
	}
}

// TestAssessmentPartnerCallback: with hourly polling, the partner's PATCH
// to the url makes Greenhouse ask at once.
func TestAssessmentPartnerCallback(t *testing.T) {
	e := newEnv(t, Config{})
	p := newFakePartner(t, testsFor(e.sim))
	p.callback = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := e.sim.ConnectAssessmentPartner(ctx, AssessmentPartner{URL: p.srv.URL + "/assessment", Key: p.key}); err != nil {
		t.Fatal(err)
	}
	appID, ok := e.sim.AdvanceToAssessment(0)
	if !ok {
		t.Fatal("no application to move into the assessment stage")
	}
	var res AssessmentResult
	waitFor(t, "the score after the callback", func() bool {
		res, _ = resultFor(e.sim, appID)
		return res.Status == AssessmentComplete
	})
	if res.Callbacks != 1 || res.Polls != 1 {
		t.Fatalf("callbacks %d polls %d, want 1 and 1", res.Callbacks, res.Polls)
	}
	// An unknown test id is a 404.
	req, _ := http.NewRequest(http.MethodPatch, e.srv.URL+"/integrations/testing_partners/take_home_tests/1", nil)
	if res, body := e.do(req); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown test: %d %s", res.StatusCode, body)
	}
}

// TestAssessmentHistoryAndRefusals: candidates already in the stage get
// their tests once the partner is connected; a job the partner offers no
// test for, or a key it refuses, fails without a score.
func TestAssessmentHistoryAndRefusals(t *testing.T) {
	e := newEnv(t, Config{Candidates: 1500})
	snap := e.sim.Snapshot()
	stageName := map[int64]string{}
	for _, st := range snap.JobInterviewStages {
		stageName[st.ID] = st.Name
	}
	open := map[int64]bool{}
	for _, j := range snap.Jobs {
		open[j.ID] = j.Status == "open"
	}
	var waiting []int64
	for _, a := range snap.Applications {
		if a.Status == StatusActive && !a.Prospect && stageName[a.StageID] == AssessmentStageName && open[a.JobID] {
			waiting = append(waiting, a.ID)
		}
	}
	t.Logf("%d applications wait in the assessment stage of open jobs", len(waiting))
	if len(waiting) < 2 {
		t.Fatalf("%d applications wait in the assessment stage; the test needs two", len(waiting))
	}
	// The partner offers a test for every job but the first waiting one's.
	var skipJob int64
	for _, a := range snap.Applications {
		if a.ID == waiting[0] {
			skipJob = a.JobID
		}
	}
	var tests []partnerTest
	for _, pt := range testsFor(e.sim) {
		if pt.ID != itoa(skipJob) {
			tests = append(tests, pt)
		}
	}
	p := newFakePartner(t, tests)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := e.sim.ConnectAssessmentPartner(ctx, AssessmentPartner{URL: p.srv.URL + "/assessment", Key: p.key, PollEvery: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every waiting application's test", func() bool {
		done := 0
		for _, id := range waiting {
			if r, ok := resultFor(e.sim, id); ok && (r.Status == AssessmentComplete || r.Status == AssessmentFailed) {
				done++
			}
		}
		return done == len(waiting)
	})
	for _, id := range waiting {
		r, _ := resultFor(e.sim, id)
		if r.JobID == skipJob {
			if r.Status != AssessmentFailed || !strings.Contains(r.Error, "no test") {
				t.Fatalf("application %d of a job without a test: %+v", id, r)
			}
		} else if r.Status != AssessmentComplete {
			t.Fatalf("application %d: %+v", id, r)
		}
	}
	if err := e.sim.ConnectAssessmentPartner(ctx, AssessmentPartner{URL: p.srv.URL, Key: "x"}); err == nil {
		t.Fatal("a second partner was accepted")
	}

	t.Run("BadKey", func(t *testing.T) {
		e := newEnv(t, Config{})
		p := newFakePartner(t, testsFor(e.sim))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		e.sim.ConnectAssessmentPartner(ctx, AssessmentPartner{URL: p.srv.URL + "/assessment", Key: "wrong", PollEvery: 20 * time.Millisecond})
		appID, _ := e.sim.AdvanceToAssessment(0)
		waitFor(t, "the refusal", func() bool {
			r, _ := resultFor(e.sim, appID)
			return r.Error != ""
		})
		r, _ := resultFor(e.sim, appID)
		if r.Status == AssessmentComplete || !strings.Contains(r.Error, "401") {
			t.Fatalf("%+v", r)
		}
	})
	t.Run("Config", func(t *testing.T) {
		e := newEnv(t, Config{})
		for _, p := range []AssessmentPartner{{URL: "ftp://x", Key: "k"}, {URL: "http://x"}} {
			if err := e.sim.ConnectAssessmentPartner(context.Background(), p); err == nil {
				t.Errorf("%+v accepted", p)
			}
		}
	})
}
