package app

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/indexer"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// auditedJob is a listed job with applicants who gave EEOC answers.
func auditedJob(t *testing.T) db.JobListing {
	t.Helper()
	rows, err := fx.app.DB.EEOCForAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	perJob := map[int64]int{}
	for _, e := range rows {
		perJob[e.JobID]++
	}
	var best db.JobListing
	for _, j := range fx.jobs {
		if perJob[j.ID] > perJob[best.ID] {
			best = j
		}
	}
	if best.ID == 0 {
		t.Fatal("no listed job has applicants with EEOC answers")
	}
	return best
}

func TestAuditPage(t *testing.T) {
	_, srv := startServer(t, fx.app)
	job := auditedJob(t)
	id := strconv.FormatInt(job.ID, 10)
	runScenarios(t, srv.URL, []scenario{
		{Name: "Owner", As: "owner", URL: "/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"<h1>Bias audit</h1>", `href="/audit" aria-current="page"`, "Impact ratio", "Scoring rate",
				`data-testid="audit-overall"`, `data-testid="audit-jobs"`, job.Name, "Race/ethnicity", "Unknown (no answer)"}},
		{Name: "OneJob", As: "owner", URL: "/audit?job=" + id, ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{job.Name, `data-testid="audit-job"`, `href="/discover?applied_only=1&amp;job=` + id + `"`},
			NotExpectedContent: []string{`data-testid="audit-overall"`}},
		{Name: "BadJob", As: "owner", URL: "/audit?job=abc", ExpectedStatus: http.StatusBadRequest},
		{Name: "UnknownJob", As: "owner", URL: "/audit?job=999999999", ExpectedStatus: http.StatusNotFound},
		{Name: "OwnerNav", As: "owner", URL: "/jobs", ExpectedStatus: http.StatusOK, ExpectedContent: []string{`href="/audit"`}},
		{Name: "Recruiter", As: "recruiter", URL: "/audit", ExpectedStatus: http.StatusForbidden,
			NotExpectedContent: []string{"Impact ratio"}},
		{Name: "RecruiterNav", As: "recruiter", URL: "/jobs", ExpectedStatus: http.StatusOK, NotExpectedContent: []string{`href="/audit"`}},
		{Name: "LoggedOut", URL: "/audit", ExpectedStatus: http.StatusSeeOther, ExpectedLocation: "/login"},
	})
}

// TestAuditRanksLikeDiscover: the audit reads the very ranking Discover's
// Applied Only shows for the job, every applicant of it.
func TestAuditRanksLikeDiscover(t *testing.T) {
	ctx := context.Background()
	s := newServer(fx.app)
	job := auditedJob(t)
	page, err := s.rank(ctx, db.Everyone, job.ID, true, 0, apiMaxLimit)
	if err != nil {
		t.Fatal(err)
	}
	jd, err := fx.app.DB.JobDetailFor(ctx, db.Everyone, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := fx.app.rankAll(ctx, jd)
	if err != nil {
		t.Fatal(err)
	}
	discover := make([]int64, len(page.Rows))
	for i, row := range page.Rows {
		discover[i] = row.Hit.ID
	}
	audited := make([]int64, len(r.Items))
	for i, it := range r.Items {
		audited[i] = it.Hit.ID
	}
	if len(discover) == 0 || !slices.Equal(discover, audited) {
		t.Fatalf("Discover ranks %v, the audit %v", discover, audited)
	}
	rep, err := fx.app.Audit(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Jobs) != 1 || rep.Jobs[0].Applicants != len(page.Rows) || rep.Jobs[0].Answered == 0 {
		t.Fatalf("audit of job %d: %+v, Discover ranks %d applicants", job.ID, rep.Jobs, len(page.Rows))
	}

	// Whose answers count: those sent with the application to the job,
	// else (no record there) the latest the person sent with another.
	rows, err := fx.app.DB.EEOCForAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	own, other := map[int64]db.AuditEEOC{}, map[int64]db.AuditEEOC{}
	for _, e := range rows {
		if e.JobID == job.ID {
			own[e.CandidateID] = e
		} else if e.Gender != "" || e.Race != "" {
			other[e.CandidateID] = e
		}
	}
	known := func(s string) bool { return s != "" && !strings.HasPrefix(s, "Decline") }
	answered, borrowed := 0, 0
	for _, h := range page.Ranking.Hits {
		e, ok := own[h.ID]
		if !ok {
			if e, ok = other[h.ID]; ok {
				borrowed++
			}
		}
		if known(e.Gender) || known(e.Race) {
			answered++
		}
	}
	if got := rep.Jobs[0].Answered; got != answered {
		t.Errorf("the audit counts %d applicants with answers, want %d (%d from their other applications)", got, answered, borrowed)
	}
}

// eeocKey matches a JSON key or Go field that would carry EEOC answers.
var eeocKey = regexp.MustCompile(`(?i)eeoc|gender|\brace\b|"race"|ethnic|veteran|disabilit|\bsex\b`)

// TestEEOCFeedsOnlyTheAudit: a candidate's EEOC answers are in no field of
// the search document, the candidate profile or the API, and changing
// them changes nothing in the document nor queues the candidate for
// reindexing; only the audit sees the change.
func TestEEOCFeedsOnlyTheAudit(t *testing.T) {
	ctx := context.Background()
	for _, typ := range []reflect.Type{reflect.TypeFor[search.Document](), reflect.TypeFor[db.CandidateProfile](),
		reflect.TypeFor[apiCandidate](), reflect.TypeFor[apiRanked]()} {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if eeocKey.MatchString(f.Name) || eeocKey.MatchString(string(f.Tag)) {
				t.Errorf("%s.%s may carry EEOC answers", typ.Name(), f.Name)
			}
		}
	}

	job := auditedJob(t)
	rows, err := fx.app.DB.EEOCForAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var e db.AuditEEOC
	for _, r := range rows {
		if r.JobID == job.ID && r.Gender != "" && r.Race != "" {
			e = r
			break
		}
	}
	if e.CandidateID == 0 {
		t.Fatal("no applicant of the job answered both questions")
	}
	if _, err := fx.app.Indexer.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	_, srv := startServer(t, fx.app)
	tok, _, err := fx.app.CreateToken(ctx, ownerEmail, "eeoc")
	if err != nil {
		t.Fatal(err)
	}
	snapshot := func() (doc, api string, raw string) {
		p, err := fx.app.DB.CandidateProfile(ctx, e.CandidateID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(indexer.Document(p))
		var out json.RawMessage
		if st := apiGet(t, srv.URL, tok, "/api/v1/candidates/"+strconv.FormatInt(e.CandidateID, 10), &out); st != http.StatusOK {
			t.Fatalf("API: %d", st)
		}
		return string(b), string(out), string(p.Candidate.Raw)
	}
	doc, api, raw := snapshot()
	for what, s := range map[string]string{"search document": doc, "API candidate": api} {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if eeocKey.MatchString(k) {
				t.Errorf("%s has key %q", what, k)
			}
		}
	}
	if eeocKey.MatchString(raw) {
		t.Errorf("the candidate's raw record mentions EEOC answers: %.200s", raw)
	}

	// Someone else's answers now: a different sex and race.
	other := map[string]string{"Male": "Female", "Female": "Male"}[e.Gender]
	if other == "" {
		other = "Female"
	}
	race := "Asian"
	if e.Race == race {
		race = "White"
	}
	put := func(gender, race string, at time.Time) {
		t.Helper()
		err := fx.app.DB.Update(ctx, func(tx *db.Tx) error {
			_, err := db.Upsert(ctx, tx, []db.EEOC{{ApplicationID: e.ApplicationID, CandidateID: e.CandidateID, Gender: gender, Race: race,
				SubmittedAt: e.SubmittedAt, UpdatedAt: at}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	auditOf := func() AuditJob {
		rep, err := fx.app.Audit(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		return rep.Jobs[0]
	}
	before := auditOf()
	put(other, race, time.Now())
	t.Cleanup(func() { put(e.Gender, e.Race, time.Now().Add(time.Hour)) })
	if n, err := fx.app.DB.IndexQueueLen(ctx); err != nil || n != 0 {
		t.Errorf("changing EEOC answers queued %d candidates for reindexing (err %v)", n, err)
	}
	doc2, api2, raw2 := snapshot()
	if doc2 != doc || api2 != api || raw2 != raw {
		t.Errorf("changing EEOC answers changed what Shortlist indexes or shows:\n%s\n%s", doc, doc2)
	}
	after := auditOf()
	if reflect.DeepEqual(before.Sex, after.Sex) && reflect.DeepEqual(before.Race, after.Race) {
		t.Error("the audit does not see the changed answers")
	}
	if strings.Contains(doc2, other) && !strings.Contains(doc, other) {
		t.Error("the new answer appears in the search document")
	}
}
