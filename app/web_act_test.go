package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// actData is what the act tests add to the fixture: a Shortlist recruiter
// linked (by an owner) to a Greenhouse user who recruits for a listed open
// job, and public candidates who are not on that job.
type actData struct {
	job        db.JobListing
	ghUser     int64
	account    db.Account
	role       string // the login's name in extraLogins
	token      string
	candidates []int64
}

// actRun keeps the accounts of repeated runs (-count) apart.
var actRun int

func addActData(t *testing.T) actData {
	t.Helper()
	ctx := context.Background()
	actRun++
	snap := fx.sim.Snapshot()
	users := map[int64]simulator.User{}
	for _, u := range snap.Users {
		users[u.ID] = u
	}
	busiest := fx.busiestJob().ID
	var d actData
	for _, j := range fx.jobs {
		if j.Status != db.JobOpen || j.ID == busiest || j.Confidential {
			continue
		}
		for _, o := range snap.JobOwners {
			if u := users[o.UserID]; o.JobID == j.ID && o.Type == "recruiter" && !u.SiteAdmin && !u.Deactivated {
				d.job, d.ghUser = j, u.ID
				break
			}
		}
		if d.ghUser != 0 {
			break
		}
	}
	if d.ghUser == 0 {
		t.Fatal("the fixture has no open job with a recruiter who is not a site admin")
	}
	onJob := map[int64]bool{}
	for _, a := range snap.Applications {
		if a.JobID == d.job.ID || slices.Contains(a.ProspectiveJobIDs, d.job.ID) {
			onJob[a.CandidateID] = true
		}
	}
	acted := map[int64]bool{}
	for _, w := range fx.sim.Writes() {
		if w.Resource == "applications" {
			if app, ok := fx.simApplication(w.ID); ok {
				acted[app.CandidateID] = true
			}
		}
	}
	for _, c := range snap.Candidates {
		if !c.Private && !onJob[c.ID] && !acted[c.ID] && len(d.candidates) < 4 {
			d.candidates = append(d.candidates, c.ID)
		}
	}
	if len(d.candidates) < 4 {
		t.Fatal("the fixture lacks candidates to add")
	}
	email := fmt.Sprintf("act%d.recruiter@example.com", actRun)
	pass := "act-recruiter-pass-1"
	acct, err := fx.app.AddUser(ctx, email, "Ada Act", db.RoleRecruiter, pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.app.DB.SetGreenhouseUser(ctx, acct.ID, d.ghUser); err != nil {
		t.Fatal(err)
	}
	d.account = acct
	d.role = "act" + strconv.Itoa(actRun)
	extraLogins[d.role] = struct{ email, password string }{email, pass}
	if d.token, _, err = fx.app.CreateToken(ctx, email, "act"); err != nil {
		t.Fatal(err)
	}
	return d
}

// simApplication finds an application in the simulator.
func (f *fixture) simApplication(id int64) (simulator.Application, bool) {
	for _, a := range f.sim.Snapshot().Applications {
		if a.ID == id {
			return a, true
		}
	}
	return simulator.Application{}, false
}

// startSender runs the app's Greenhouse sender until the test ends (the
// web tests serve the handler without App.Serve).
func startSender(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		fx.app.Actions.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// apiDo sends a JSON request to the API with a token and decodes the
// answer into into.
func apiDo(t *testing.T, base, token, method, path, body string, into any) int {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if into != nil {
		if err := json.NewDecoder(res.Body).Decode(into); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// waitAction polls an action through the API until it is done or failed.
func waitAction(t *testing.T, base, token string, id int64) apiAction {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var a apiAction
		if st := apiDo(t, base, token, http.MethodGet, "/api/v1/actions/"+itoa64(id), "", &a); st != http.StatusOK {
			t.Fatalf("GET action %d: %d", id, st)
		}
		if a.State == db.ActionDone || a.State == db.ActionFailed {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("action %d is still %s after 20 s", id, a.State)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestActThroughAPI: a script adds a rediscovered candidate to a job and
// writes a note; each answers 202 with the action, which completes as the
// recruiter's Greenhouse user, and shows in the candidate's applications,
// notes and the job's Applied Only ranking.
func TestActThroughAPI(t *testing.T) {
	ctx := context.Background()
	d := addActData(t)
	_, srv := startServer(t, fx.app)
	cand := d.candidates[0]

	// Queued before the sender runs: the note shows as pending.
	var note apiAction
	st := apiDo(t, srv.URL, d.token, http.MethodPost, "/api/v1/candidates/"+itoa64(cand)+"/notes",
		`{"body": "Rediscovered: strong match for the platform team.", "visibility": "private"}`, &note)
	if st != http.StatusAccepted || note.ID == 0 || note.State != db.ActionPending || note.Kind != db.ActionAddNote ||
		note.URL != "/api/v1/actions/"+itoa64(note.ID) {
		t.Fatalf("POST notes: %d %+v", st, note)
	}
	var prof apiCandidate
	apiDo(t, srv.URL, d.token, http.MethodGet, "/api/v1/candidates/"+itoa64(cand), "", &prof)
	if len(prof.Notes) == 0 || !prof.Notes[0].Pending || prof.Notes[0].ActionID == nil || *prof.Notes[0].ActionID != note.ID ||
		prof.Notes[0].ID != nil {
		t.Fatalf("pending note not shown: %+v", prof.Notes)
	}

	startSender(t)
	var add apiAction
	st = apiDo(t, srv.URL, d.token, http.MethodPost, "/api/v1/jobs/"+itoa64(d.job.ID)+"/prospects",
		fmt.Sprintf(`{"candidate_id": %d}`, cand), &add)
	if st != http.StatusAccepted || add.Kind != db.ActionAddProspect || add.JobID == nil || *add.JobID != d.job.ID {
		t.Fatalf("POST prospects: %d %+v", st, add)
	}
	add = waitAction(t, srv.URL, d.token, add.ID)
	note = waitAction(t, srv.URL, d.token, note.ID)
	if add.State != db.ActionDone || add.ApplicationID == nil || note.State != db.ActionDone || note.NoteID == nil {
		t.Fatalf("actions ended %+v and %+v", add, note)
	}
	for _, x := range []struct {
		res string
		id  int64
	}{{"applications", *add.ApplicationID}, {"notes", *note.NoteID}} {
		if by, ok := fx.sim.CreatedBy(x.res, x.id); !ok || by != d.ghUser {
			t.Errorf("Greenhouse has %s %d made by %d (%v), want the recruiter's user %d", x.res, x.id, by, ok, d.ghUser)
		}
	}

	apiDo(t, srv.URL, d.token, http.MethodGet, "/api/v1/candidates/"+itoa64(cand), "", &prof)
	if !slices.ContainsFunc(prof.Applications, func(a apiApplication) bool {
		return a.ID == *add.ApplicationID && a.Prospect && slices.Contains(a.ProspectiveJobIDs, d.job.ID)
	}) {
		t.Errorf("the candidate's applications lack the new prospect: %+v", prof.Applications)
	}
	if len(prof.Notes) == 0 || prof.Notes[0].Pending || prof.Notes[0].ID == nil || *prof.Notes[0].ID != *note.NoteID ||
		prof.Notes[0].Visibility != "private" || prof.Notes[0].AuthorID == nil || *prof.Notes[0].AuthorID != d.ghUser {
		t.Errorf("notes after sending: %+v", prof.Notes)
	}

	// Applied Only ranks the new prospect once the index has the change.
	if _, err := fx.app.Indexer.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	var ranked []struct {
		ID int64 `json:"id"`
	}
	apiDo(t, srv.URL, d.token, http.MethodGet, "/api/v1/jobs/"+itoa64(d.job.ID)+"/candidates?applied_only=true&limit=500", "", &ranked)
	if !slices.ContainsFunc(ranked, func(r struct {
		ID int64 `json:"id"`
	}) bool {
		return r.ID == cand
	}) {
		t.Errorf("Applied Only does not rank the new prospect %d", cand)
	}

	// As a candidate, in the job's first stage.
	var asCand apiAction
	apiDo(t, srv.URL, d.token, http.MethodPost, "/api/v1/jobs/"+itoa64(d.job.ID)+"/prospects",
		fmt.Sprintf(`{"candidate_id": %d, "as": "candidate"}`, d.candidates[1]), &asCand)
	if asCand = waitAction(t, srv.URL, d.token, asCand.ID); asCand.State != db.ActionDone || asCand.Kind != db.ActionAddCandidate {
		t.Errorf("as a candidate: %+v", asCand)
	}
	if app, ok := fx.simApplication(*asCand.ApplicationID); !ok || app.Prospect || app.JobID != d.job.ID || app.StageID == 0 {
		t.Errorf("Greenhouse has %+v", app)
	}

	// Someone else's action is not theirs to see; an owner sees it.
	owner, _, err := fx.app.CreateToken(ctx, ownerEmail, "act owner")
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := fx.app.CreateToken(ctx, recruiterEmail, "act other")
	if err != nil {
		t.Fatal(err)
	}
	if st := apiDo(t, srv.URL, other, http.MethodGet, "/api/v1/actions/"+itoa64(add.ID), "", nil); st != http.StatusNotFound {
		t.Errorf("another recruiter reads the action: %d, want 404", st)
	}
	if st := apiDo(t, srv.URL, owner, http.MethodGet, "/api/v1/actions/"+itoa64(add.ID), "", nil); st != http.StatusOK {
		t.Errorf("an owner reads the action: %d, want 200", st)
	}
}

// TestActRefusals: what cannot be done is refused with a clear message and
// nothing is queued.
func TestActRefusals(t *testing.T) {
	ctx := context.Background()
	d := addActData(t)
	vis := addVisibilityData(t)
	_, srv := startServer(t, fx.app)
	unmapped, _, err := fx.app.CreateToken(ctx, recruiterEmail, "act unmapped")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := fx.app.DB.RecentActions(ctx, 1)
	cand := itoa64(d.candidates[0])
	job := itoa64(d.job.ID)
	tests := []struct {
		name, token, path, body string
		status                  int
		want                    string
	}{
		{"unmapped user adds", unmapped, "/api/v1/jobs/" + job + "/prospects", `{"candidate_id": ` + cand + `}`, 403, "not linked to a Greenhouse user"},
		{"unmapped user notes", unmapped, "/api/v1/candidates/" + cand + "/notes", `{"body": "x"}`, 403, "An owner can link it under My Company"},
		{"no candidate", d.token, "/api/v1/jobs/" + job + "/prospects", `{}`, 400, "Candidate_id must be"},
		{"bad as", d.token, "/api/v1/jobs/" + job + "/prospects", `{"candidate_id": ` + cand + `, "as": "hired"}`, 400, `"as" must be`},
		{"unknown field", d.token, "/api/v1/jobs/" + job + "/prospects", `{"candidate": ` + cand + `}`, 400, "unknown field"},
		{"not JSON", d.token, "/api/v1/jobs/" + job + "/prospects", `candidate_id=1`, 400, "not the JSON expected"},
		{"empty note", d.token, "/api/v1/candidates/" + cand + "/notes", `{"body": "  "}`, 400, "text is empty"},
		{"read-back visibility", d.token, "/api/v1/candidates/" + cand + "/notes", `{"body": "x", "visibility": "publicly_visible"}`, 400, `"public", "private" or "admin_only"`},
		{"confidential job", d.token, "/api/v1/jobs/" + itoa64(vis.secret) + "/prospects", `{"candidate_id": ` + cand + `}`, 404, "could not find"},
		{"private candidate", d.token, "/api/v1/candidates/" + itoa64(vis.hidden) + "/notes", `{"body": "x"}`, 404, "could not find"},
		{"unknown job", d.token, "/api/v1/jobs/999999999/prospects", `{"candidate_id": ` + cand + `}`, 404, "could not find"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out map[string]string
			st := apiDo(t, srv.URL, tt.token, http.MethodPost, tt.path, tt.body, &out)
			if st != tt.status || !strings.Contains(out["error"], tt.want) {
				t.Errorf("%d %q, want %d with %q", st, out["error"], tt.status, tt.want)
			}
		})
	}
	after, _ := fx.app.DB.RecentActions(ctx, 1)
	if len(after) > 0 && (len(before) == 0 || after[0].ID != before[0].ID) {
		t.Errorf("a refused request queued action %+v", after[0])
	}

	// The same on pages: the recruiter with no Greenhouse user is told why
	// instead of being offered the actions, and cannot post them.
	runScenarios(t, srv.URL, []scenario{
		{Name: "unmapped Discover says why", As: "recruiter", URL: discoverJobURL(d.job.ID),
			ExpectedStatus: 200, ExpectedContent: []string{`data-testid="act-disabled"`, "not linked to a Greenhouse user"},
			NotExpectedContent: []string{`data-testid="add-to-job"`}},
		{Name: "unmapped post", As: "recruiter", Method: http.MethodPost, URL: "/jobs/" + job + "/prospects",
			Form: url.Values{"candidate_id": {cand}}, Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: 403, ExpectedContent: []string{`data-testid="error-fragment"`, "not linked to a Greenhouse user"}},
		{Name: "recruiter cannot link accounts", As: "recruiter", Method: http.MethodPost, URL: "/company/users/" + itoa64(d.account.ID) + "/greenhouse",
			Form: url.Values{"greenhouse_user_id": {"0"}}, ExpectedStatus: 403},
		{Name: "bulk with nothing selected", As: d.role, Method: http.MethodPost, URL: "/jobs/" + job + "/prospects",
			Form: url.Values{"bulk": {"1"}}, Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: 400, ExpectedContent: []string{"Select the candidates to add first"}},
	})
	if gu, err := fx.app.DB.GreenhouseUserFor(ctx, d.account.ID); err != nil || gu.ID != d.ghUser {
		t.Errorf("the recruiter's refused change moved the link: %+v, %v", gu, err)
	}
}

// TestActPages: the Discover row, bulk, candidate and match forms queue
// actions whose status follows them to done, and an owner links accounts
// and reads the log.
func TestActPages(t *testing.T) {
	ctx := context.Background()
	d := addActData(t)
	_, srv := startServer(t, fx.app)
	startSender(t)
	c := loggedIn(t, srv.URL, d.role)
	job := itoa64(d.job.ID)
	hx := map[string]string{"HX-Request": "true"}
	post := func(path string, form url.Values) response {
		t.Helper()
		f := url.Values{CSRFField: {c.csrf}}
		for k, v := range form {
			f[k] = v
		}
		return c.do(http.MethodPost, path, f, hx)
	}
	stateRe := regexp.MustCompile(`data-state="(\w+)"`)
	idRe := regexp.MustCompile(`hx-get="(/actions/\d+[^"]*)"`)
	// follow polls an action's fragment as the page does, until it is final.
	follow := func(body string) string {
		t.Helper()
		m := idRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no pending action to follow in\n%s", body)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			res := c.do(http.MethodGet, m[1], nil, hx)
			s := stateRe.FindStringSubmatch(res.Body)
			if res.Status != 200 || s == nil {
				t.Fatalf("GET %s: %d\n%s", m[1], res.Status, res.Body)
			}
			if s[1] == db.ActionDone || s[1] == db.ActionFailed {
				return res.Body
			}
			if time.Now().After(deadline) {
				t.Fatalf("action %s still %s", m[1], s[1])
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// Discover offers the row actions and the bulk form.
	res := c.get(discoverJobURL(d.job.ID) + "&applied_only=0")
	if res.Status != 200 || !strings.Contains(res.Body, `data-testid="bulk-add"`) || !strings.Contains(res.Body, `data-testid="add-note-form"`) {
		t.Fatalf("Discover lacks the actions: %d\n%s", res.Status, excerpt(res.Body))
	}

	// A row's add: pending at once, then done, and the row's status for
	// the job says so.
	res = post("/jobs/"+job+"/prospects", url.Values{"candidate_id": {itoa64(d.candidates[0])}, "as": {"prospect"}, "row": {"1"}})
	if res.Status != 200 || !strings.Contains(res.Body, `data-state="pending"`) {
		t.Fatalf("add: %d\n%s", res.Status, res.Body)
	}
	if done := follow(res.Body); !strings.Contains(done, `data-state="done"`) || !strings.Contains(done, "as a prospect") ||
		!strings.Contains(done, `id="job-status-`+itoa64(d.candidates[0])+`" hx-swap-oob="true"`) {
		t.Errorf("add ended:\n%s", done)
	}

	// Bulk: each selected row gets its status.
	res = post("/jobs/"+job+"/prospects", url.Values{"bulk": {"1"}, "as": {"prospect"},
		"candidate_id": {itoa64(d.candidates[1]), itoa64(d.candidates[2])}})
	if res.Status != 200 || !strings.Contains(res.Body, "2 candidates sent to Greenhouse") ||
		strings.Count(res.Body, `hx-swap-oob="innerHTML"`) != 2 || !strings.Contains(res.Body, `id="add-`+itoa64(d.candidates[2])+`"`) {
		t.Fatalf("bulk: %d\n%s", res.Status, res.Body)
	}
	for _, m := range idRe.FindAllStringSubmatch(res.Body, -1) {
		if done := follow(`hx-get="` + m[1] + `"`); !strings.Contains(done, `data-state="done"`) {
			t.Errorf("bulk action %s ended:\n%s", m[1], done)
		}
	}
	for _, id := range d.candidates[1:3] {
		p, err := fx.app.DB.CandidateProfile(ctx, id)
		if err != nil || !slices.ContainsFunc(p.Applications, func(a db.ApplicationSummary) bool { return slices.Contains(a.ProspectiveJobIDs, d.job.ID) }) {
			t.Errorf("candidate %d is not a prospect for the job in Shortlist: %v", id, err)
		}
	}

	// The candidate page, reached from the ranking: add to its job, notes.
	back := "?" + backQuery(d.job.ID, false, 1)
	res = c.get("/candidates/" + itoa64(d.candidates[3]) + back)
	for _, want := range []string{`data-testid="candidate-act"`, `data-testid="add-to-job-form"`, `data-testid="add-note-form"`, d.job.Name} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("candidate page lacks %q", want)
		}
	}
	res = post("/candidates/"+itoa64(d.candidates[3])+"/notes", url.Values{"body": {"Call about the platform role."}, "visibility": {"admin_only"}})
	if res.Status != 200 {
		t.Fatalf("note: %d\n%s", res.Status, res.Body)
	}
	if done := follow(res.Body); !strings.Contains(done, "Note added.") {
		t.Errorf("note ended:\n%s", done)
	}
	res = c.get("/candidates/" + itoa64(d.candidates[3]))
	if !strings.Contains(res.Body, "Call about the platform role.") || !strings.Contains(res.Body, "Admin only") {
		t.Errorf("the note is not listed on the candidate page\n%s", excerpt(res.Body))
	}
	// The match page adds to its job.
	res = c.get("/jobs/" + job + "/candidates/" + itoa64(d.candidates[3]) + "/match")
	if !strings.Contains(res.Body, `data-testid="add-to-job-form"`) {
		t.Errorf("match page lacks the add form")
	}
	// Without htmx, the form goes back where it came from.
	res = c.do(http.MethodPost, "/candidates/"+itoa64(d.candidates[3])+"/notes",
		url.Values{CSRFField: {c.csrf}, "body": {"plain post"}, "back": {"/candidates/" + itoa64(d.candidates[3])}}, nil)
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/candidates/"+itoa64(d.candidates[3]) {
		t.Errorf("plain post: %d to %q", res.Status, res.Header.Get("Location"))
	}

	// My Company: the owner links the account elsewhere and back, and sees
	// the log.
	owner := loggedIn(t, srv.URL, "owner")
	res = owner.get("/company")
	for _, want := range []string{`data-testid="gh-user-select"`, `data-testid="actions-table"`, d.account.Email, "as a prospect:"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("My Company lacks %q", want)
		}
	}
	res = owner.post("/company/users/"+itoa64(d.account.ID)+"/greenhouse", url.Values{"greenhouse_user_id": {"0"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("unlink: %d", res.Status)
	}
	if _, err := fx.app.DB.GreenhouseUserFor(ctx, d.account.ID); err == nil {
		t.Error("after going back to email, the account still has a Greenhouse user")
	}
	res = owner.post("/company/users/"+itoa64(d.account.ID)+"/greenhouse", url.Values{"greenhouse_user_id": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("link to an unknown user: %d", res.Status)
	}
	if res := owner.get("/company"); !strings.Contains(res.Body, "has not been synced") {
		t.Error("linking to an unknown user was not refused with a reason")
	}
	res = owner.post("/company/users/"+itoa64(d.account.ID)+"/greenhouse", url.Values{"greenhouse_user_id": {itoa64(d.ghUser)}})
	if gu, err := fx.app.DB.GreenhouseUserFor(ctx, d.account.ID); res.Status != http.StatusSeeOther || err != nil || gu.ID != d.ghUser || gu.Via != db.MappedExplicitly {
		t.Errorf("relink: %d, %+v, %v", res.Status, gu, err)
	}
}

// TestActMissingScope: a credential without the write scope fails the
// action at once with a message naming the scope.
func TestActMissingScope(t *testing.T) {
	d := addActData(t)
	_, srv := startServer(t, fx.app)
	startSender(t)
	fx.sim.SetDenyResources("notes:create")
	t.Cleanup(func() { fx.sim.SetDenyResources() })
	var a apiAction
	apiDo(t, srv.URL, d.token, http.MethodPost, "/api/v1/candidates/"+itoa64(d.candidates[0])+"/notes", `{"body": "scoped"}`, &a)
	a = waitAction(t, srv.URL, d.token, a.ID)
	if a.State != db.ActionFailed || a.Attempts != 1 || a.GreenhouseStatus == nil || *a.GreenhouseStatus != 403 ||
		a.Outcome == nil || !strings.Contains(*a.Outcome, "harvest:notes:create") {
		t.Errorf("action = %+v (outcome %v)", a, a.Outcome)
	}
}
