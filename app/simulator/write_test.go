package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeFixture picks, from a generated tenant, what the write tests act
// on: an open job, a recruiter on its hiring team who is not a site admin,
// a site admin, a user on no team of that job, and a candidate who never
// applied to the job.
type writeFixture struct {
	job                int64
	firstStage         int64
	teamUser, admin    int64
	outsider           int64
	candidate          int64
	privateCandidate   int64 // private, no application to a job outsider is on
	closedJob          int64
	activeApplicantJob int64 // a job the candidate below is active on
	activeApplicant    int64
}

func pickWriteFixture(t *testing.T, s *Sim) writeFixture {
	t.Helper()
	snap := s.Snapshot()
	var f writeFixture
	users := map[int64]User{}
	for _, u := range snap.Users {
		users[u.ID] = u
		if u.SiteAdmin && !u.Deactivated && f.admin == 0 {
			f.admin = u.ID
		}
	}
	team := map[int64]map[int64]bool{}
	for _, o := range snap.JobOwners {
		if team[o.JobID] == nil {
			team[o.JobID] = map[int64]bool{}
		}
		team[o.JobID][o.UserID] = true
	}
	for _, h := range snap.JobHiringManagers {
		if team[h.JobID] == nil {
			team[h.JobID] = map[int64]bool{}
		}
		team[h.JobID][h.UserID] = true
	}
	for _, j := range snap.Jobs {
		if j.Status == "closed" && f.closedJob == 0 {
			f.closedJob = j.ID
		}
		if j.Status != "open" || f.job != 0 {
			continue
		}
		for _, o := range snap.JobOwners {
			if u := users[o.UserID]; o.JobID == j.ID && o.Type == "recruiter" && !u.SiteAdmin && !u.Deactivated {
				f.job, f.teamUser = j.ID, u.ID
				break
			}
		}
	}
	for _, u := range snap.Users {
		if !u.SiteAdmin && !u.Deactivated && !team[f.job][u.ID] {
			f.outsider = u.ID
			break
		}
	}
	for _, st := range snap.JobInterviewStages {
		if st.JobID == f.job && st.Active && (f.firstStage == 0 || st.SortOrder < sortOrder(snap, f.firstStage)) {
			f.firstStage = st.ID
		}
	}
	applied := map[int64][]Application{}
	for _, a := range snap.Applications {
		applied[a.CandidateID] = append(applied[a.CandidateID], a)
	}
	for _, c := range snap.Candidates {
		onJob := slices.ContainsFunc(applied[c.ID], func(a Application) bool {
			return a.JobID == f.job || slices.Contains(a.ProspectiveJobIDs, f.job)
		})
		if !c.Private && !onJob && f.candidate == 0 {
			f.candidate = c.ID
		}
		if c.Private && f.privateCandidate == 0 {
			outsiderSees := slices.ContainsFunc(applied[c.ID], func(a Application) bool {
				return slices.ContainsFunc(applicationJobIDs(&a), func(j int64) bool { return team[j][f.outsider] })
			})
			if !outsiderSees {
				f.privateCandidate = c.ID
			}
		}
	}
	for _, a := range snap.Applications {
		if a.Status == StatusActive && !a.Prospect && a.JobID != 0 {
			f.activeApplicant, f.activeApplicantJob = a.CandidateID, a.JobID
			break
		}
	}
	if f.job == 0 || f.teamUser == 0 || f.admin == 0 || f.outsider == 0 || f.candidate == 0 || f.firstStage == 0 ||
		f.privateCandidate == 0 || f.closedJob == 0 || f.activeApplicant == 0 {
		t.Fatalf("the tenant lacks what the write tests need: %+v", f)
	}
	return f
}

func sortOrder(snap *Snapshot, stageID int64) int {
	for _, s := range snap.JobInterviewStages {
		if s.ID == stageID {
			return s.SortOrder
		}
	}
	return 1 << 30
}

// tokenAs mints a v3 token acting as user sub ("" for the service user).
func (e *testEnv) tokenAs(sub string) string {
	e.t.Helper()
	cfg := e.sim.Config()
	form := "grant_type=client_credentials"
	if sub != "" {
		form += "&sub=" + sub
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(cfg.ClientID, cfg.ClientSecret)
	res, body := e.do(req)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("token as %q: %d %s", sub, res.StatusCode, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil {
		e.t.Fatal(err)
	}
	return tok.AccessToken
}

// postV3 posts a JSON body to a v3 route with a token.
func (e *testEnv) postV3(path, token, body string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return e.do(req)
}

// postV1 posts a JSON body to a v1 route with the API key and, when not
// empty, On-Behalf-Of.
func (e *testEnv) postV1(path, onBehalfOf, body string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(e.sim.Config().APIKey, "")
	if onBehalfOf != "" {
		req.Header.Set("On-Behalf-Of", onBehalfOf)
	}
	return e.do(req)
}

// TestWriteApplicationV3 adds a prospect and a candidate application in v3:
// 201 with the record as v3 reads it back, the record in the list routes
// with a fresh updated_at, a webhook announcing it, and the acting user
// recorded.
func TestWriteApplicationV3(t *testing.T) {
	e := newEnv(t, Config{})
	f := pickWriteFixture(t, e.sim)
	var mu sync.Mutex
	var events []Event
	e.sim.Subscribe(func(ev Event) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	})
	e.clock.Add(3 * time.Hour)
	now := e.clock.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	tok := e.tokenAs(itoa(f.teamUser))

	res, body := e.postV3("/v3/applications", tok, fmt.Sprintf(`{"candidate_id": %d, "prospect": true, "job_ids": [%d]}`, f.candidate, f.job))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("prospect: %d %s", res.StatusCode, body)
	}
	p := object(t, body)
	if p["prospect"] != true || p["job_id"] != nil || !slices.Equal(p["prospective_job_ids"].([]any), []any{float64(f.job)}) ||
		p["status"] != "in_process" || p["created_at"] != now || p["updated_at"] != now {
		t.Errorf("prospect answer = %s", body)
	}
	prospectID := idOf(p)

	res, body = e.postV3("/v3/applications", tok, fmt.Sprintf(`{"candidate_id": %d, "job_id": %d}`, f.candidate, f.job))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("candidate: %d %s", res.StatusCode, body)
	}
	a := object(t, body)
	if a["prospect"] != false || a["job_id"] != float64(f.job) || a["stage_id"] == nil || a["stage_name"] == nil {
		t.Errorf("candidate answer = %s", body)
	}
	appID := idOf(a)

	// Both are in the list, newest first, updated now.
	res, body = e.v3(fmt.Sprintf("/v3/applications?candidate_ids=%d&updated_at=gte|%s", f.candidate, now))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d %s", res.StatusCode, body)
	}
	var ids []int64
	for _, r := range records(t, body) {
		ids = append(ids, idOf(r))
	}
	if !slices.Equal(ids, []int64{appID, prospectID}) {
		t.Errorf("applications updated since the writes = %v, want [%d %d]", ids, appID, prospectID)
	}
	// The candidate application entered the job's first stage.
	res, body = e.v3(fmt.Sprintf("/v3/application_stages?application_ids=%d", appID))
	if st := records(t, body); res.StatusCode != http.StatusOK || len(st) != 1 || st[0]["job_interview_stage_id"] != float64(f.firstStage) || st[0]["current"] != true {
		t.Errorf("stages of the new application = %s, want the first stage %d", body, f.firstStage)
	}
	// The candidate's updated_at moved too, so an incremental sync sees it.
	res, body = e.v3(fmt.Sprintf("/v3/candidates?ids=%d", f.candidate))
	if c := records(t, body); res.StatusCode != http.StatusOK || len(c) != 1 || c[0]["updated_at"] != now {
		t.Errorf("candidate after the writes = %s", trunc(body))
	}

	for _, id := range []int64{prospectID, appID} {
		if by, ok := e.sim.CreatedBy(resApplications, id); !ok || by != f.teamUser {
			t.Errorf("CreatedBy(%d) = %d, %v; want %d", id, by, ok, f.teamUser)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var actions []string
	for _, ev := range events {
		actions = append(actions, ev.Action)
		var env struct {
			Payload struct {
				Application struct {
					ID int64 `json:"id"`
				} `json:"application"`
			} `json:"payload"`
		}
		if err := json.Unmarshal(ev.Payload, &env); err != nil {
			t.Fatal(err)
		}
		if id := env.Payload.Application.ID; id != prospectID && id != appID {
			t.Errorf("%s announces application %d", ev.Action, id)
		}
	}
	if !slices.Equal(actions, []string{"new_prospect_application", "new_candidate_application"}) {
		t.Errorf("webhooks = %v", actions)
	}
}

// TestWriteNoteV3 writes a note as a user: 201 with v3's read-back
// visibility, the note in /v3/notes as that user's.
func TestWriteNoteV3(t *testing.T) {
	e := newEnv(t, Config{})
	f := pickWriteFixture(t, e.sim)
	tok := e.tokenAs(itoa(f.teamUser))
	res, body := e.postV3("/v3/notes", tok, fmt.Sprintf(`{"candidate_id": %d, "body": "Strong on data pipelines.", "visibility": "private"}`, f.candidate))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("note: %d %s", res.StatusCode, body)
	}
	n := object(t, body)
	if n["visibility"] != "privately_visible" || n["user_id"] != float64(f.teamUser) || n["type"] != "NOTE" {
		t.Errorf("answer = %s", body)
	}
	res, body = e.v3(fmt.Sprintf("/v3/notes?candidate_ids=%d&user_ids=%d", f.candidate, f.teamUser))
	found := false
	for _, r := range records(t, body) {
		found = found || (idOf(r) == idOf(n) && r["body"] == "Strong on data pipelines.")
	}
	if res.StatusCode != http.StatusOK || !found {
		t.Errorf("the note is not listed as the user's: %s", trunc(body))
	}
	if by, ok := e.sim.CreatedBy(resNotes, idOf(n)); !ok || by != f.teamUser {
		t.Errorf("CreatedBy = %d, %v", by, ok)
	}
}

// TestWriteRefusals: Greenhouse's 422s for bad bodies and 403s for a
// missing scope or a user without permission; nothing is created.
func TestWriteRefusals(t *testing.T) {
	e := newEnv(t, Config{})
	f := pickWriteFixture(t, e.sim)
	admin, team, outsider := e.tokenAs(itoa(f.admin)), e.tokenAs(itoa(f.teamUser)), e.tokenAs(itoa(f.outsider))
	tests := []struct {
		name, path, token, body string
		deny                    string
		status                  int
		want                    string
	}{
		{"not an object", "/v3/applications", admin, `[1]`, "", 422, "must be a JSON object"},
		{"unknown field", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d, "job_id": %d, "stage": 1}`, f.candidate, f.job), "", 422, `"stage":"is not a permitted parameter"`},
		{"no candidate", "/v3/applications", admin, fmt.Sprintf(`{"job_id": %d}`, f.job), "", 422, `"candidate_id":"is required"`},
		{"unknown candidate", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": 1, "job_id": %d}`, f.job), "", 422, "Candidate 1 does not exist"},
		{"no job", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d}`, f.candidate), "", 422, `"job_id":"is required`},
		{"prospect with job_id", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d, "prospect": true, "job_id": %d}`, f.candidate, f.job), "", 422, "takes job_ids, not job_id"},
		{"closed job", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d, "job_id": %d}`, f.candidate, f.closedJob), "", 422, "can only apply to open jobs"},
		{"stage of another job", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d, "job_id": %d, "initial_stage_id": 1}`, f.candidate, f.job), "", 422, "is not a stage of job"},
		{"already active", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d, "job_id": %d}`, f.activeApplicant, f.activeApplicantJob), "", 422, "already has an active application"},
		{"missing scope", "/v3/applications", admin, fmt.Sprintf(`{"candidate_id": %d, "prospect": true}`, f.candidate), "applications:create", 403, "missing the harvest:applications:create permission"},
		{"not on the team", "/v3/applications", outsider, fmt.Sprintf(`{"candidate_id": %d, "prospect": true, "job_ids": [%d]}`, f.candidate, f.job), "", 403, "does not have permission to add candidates to job"},
		{"bad token", "/v3/applications", "nope", `{}`, "", 401, "Token could not be decoded"},
		{"note: read-back visibility", "/v3/notes", team, fmt.Sprintf(`{"candidate_id": %d, "body": "x", "visibility": "publicly_visible"}`, f.candidate), "", 422, "is not one of: public, private, admin_only"},
		{"note: blank", "/v3/notes", team, fmt.Sprintf(`{"candidate_id": %d, "body": " ", "visibility": "public"}`, f.candidate), "", 422, `"body":"can't be blank"`},
		{"note: email without fields", "/v3/notes", team, fmt.Sprintf(`{"candidate_id": %d, "body": "x", "visibility": "public", "note_type": "EMAIL"}`, f.candidate), "", 422, "EMAIL notes require"},
		{"note: missing scope", "/v3/notes", team, fmt.Sprintf(`{"candidate_id": %d, "body": "x", "visibility": "public"}`, f.candidate), "notes:create", 403, "harvest:notes:create"},
		{"note: private candidate", "/v3/notes", outsider, fmt.Sprintf(`{"candidate_id": %d, "body": "x", "visibility": "public"}`, f.privateCandidate), "", 403, "does not have permission to add notes"},
		{"note: as someone else", "/v3/notes", team, fmt.Sprintf(`{"candidate_id": %d, "body": "x", "visibility": "public", "user_id": %d}`, f.candidate, f.admin), "", 403, "does not have permission"},
	}
	before := e.sim.Counts()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.sim.SetDenyResources(strings.Fields(tt.deny)...)
			defer e.sim.SetDenyResources()
			res, body := e.postV3(tt.path, tt.token, tt.body)
			if res.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s; want %d with %q", res.StatusCode, body, tt.status, tt.want)
			}
		})
	}
	after := e.sim.Counts()
	if after[resApplications] != before[resApplications] || after[resNotes] != before[resNotes] {
		t.Errorf("refused writes created records: applications %d → %d, notes %d → %d",
			before[resApplications], after[resApplications], before[resNotes], after[resNotes])
	}
	for _, w := range e.sim.Writes() {
		if w.Status < 400 || w.ID != 0 {
			t.Errorf("logged %+v for a refused write", w)
		}
	}
}

// TestWriteV1 uses the v1 routes: On-Behalf-Of is required and names the
// author; the results read back through v1.
func TestWriteV1(t *testing.T) {
	e := newEnv(t, Config{})
	f := pickWriteFixture(t, e.sim)
	path := fmt.Sprintf("/v1/candidates/%d/activity_feed/notes", f.candidate)
	note := fmt.Sprintf(`{"user_id": %d, "body": "Call back in May.", "visibility": "admin_only"}`, f.teamUser)
	if res, body := e.postV1(path, "", note); res.StatusCode != 422 || !strings.Contains(string(body), "On-Behalf-Of header is required") {
		t.Errorf("without On-Behalf-Of: %d %s", res.StatusCode, body)
	}
	if res, body := e.postV1(path, "12", note); res.StatusCode != 422 || !strings.Contains(string(body), `No user with id \"12\"`) {
		t.Errorf("unknown On-Behalf-Of: %d %s", res.StatusCode, body)
	}
	res, body := e.postV1(path, itoa(f.teamUser), note)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("note: %d %s", res.StatusCode, body)
	}
	n := object(t, body)
	if n["visibility"] != "admin_only" || n["user"].(map[string]any)["id"] != float64(f.teamUser) {
		t.Errorf("note answer = %s", body)
	}
	res, body = e.v1(fmt.Sprintf("/v1/candidates/%d/activity_feed", f.candidate))
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Call back in May.") {
		t.Errorf("activity feed lacks the note: %s", trunc(body))
	}

	res, body = e.postV1(fmt.Sprintf("/v1/candidates/%d/applications", f.candidate), itoa(f.teamUser),
		fmt.Sprintf(`{"prospect": "true", "job_ids": [%d]}`, f.job))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("prospect: %d %s", res.StatusCode, body)
	}
	a := object(t, body)
	jobs, _ := a["jobs"].([]any)
	if a["prospect"] != true || len(jobs) != 1 || jobs[0].(map[string]any)["id"] != float64(f.job) {
		t.Errorf("prospect answer = %s", body)
	}
	if res, body := e.v1(fmt.Sprintf("/v1/applications/%d", idOf(a))); res.StatusCode != http.StatusOK {
		t.Errorf("GET the new application: %d %s", res.StatusCode, body)
	}
	if by, ok := e.sim.CreatedBy(resApplications, idOf(a)); !ok || by != f.teamUser {
		t.Errorf("CreatedBy = %d, %v", by, ok)
	}
	e.sim.SetDenyResources(scopeApplicationsCreate)
	if res, _ := e.postV1(fmt.Sprintf("/v1/candidates/%d/applications", f.candidate), itoa(f.teamUser), fmt.Sprintf(`{"job_id": %d}`, f.job)); res.StatusCode != 403 {
		t.Errorf("denied key: %d, want 403", res.StatusCode)
	}
}

// TestWriteFaults: an outage and rate limits refuse writes before they
// take effect; a lost answer takes effect and still fails.
func TestWriteFaults(t *testing.T) {
	e := newEnv(t, Config{RateLimitV3: 4})
	f := pickWriteFixture(t, e.sim)
	tok := e.tokenAs(itoa(f.admin))
	body := fmt.Sprintf(`{"candidate_id": %d, "body": "fault", "visibility": "public"}`, f.candidate)
	notes := func() int { return e.sim.Counts()[resNotes] }
	n0 := notes()

	e.sim.SetOutage(true)
	if res, _ := e.postV3("/v3/notes", tok, body); res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Errorf("outage: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	e.sim.SetOutage(false)
	if notes() != n0 {
		t.Fatal("a write refused by the outage took effect")
	}

	e.sim.LoseWriteAnswers(1, http.StatusGatewayTimeout)
	if res, _ := e.postV3("/v3/notes", tok, body); res.StatusCode != http.StatusGatewayTimeout {
		t.Errorf("lost answer: %d, want 504", res.StatusCode)
	}
	if notes() != n0+1 {
		t.Errorf("the write with the lost answer made %d notes, want 1", notes()-n0)
	}
	if res, _ := e.postV3("/v3/notes", tok, body); res.StatusCode != http.StatusCreated {
		t.Errorf("after the lost answer: %d, want 201", res.StatusCode)
	}
	// The window of 4 ends with one more post (the outage's counted too);
	// the next is a 429 with Retry-After and takes no effect.
	e.postV3("/v3/notes", tok, body)
	res, _ := e.postV3("/v3/notes", tok, body)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("over the limit: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if notes() != n0+3 {
		t.Errorf("%d notes made, want 3", notes()-n0)
	}
}
