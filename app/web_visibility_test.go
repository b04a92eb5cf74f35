package app

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// visibilityData is what TestVisibility adds to the fixture:
//
//   - Greenhouse users Tess (tess.team@example.com) and Otto (primary
//     otto.other@example.com, also o.other@example.com), and Shortlist
//     recruiters TESS.TEAM@example.com and o.other@example.com who map to
//     them by email;
//   - confidential job Secret, Tess its recruiter (job_owners); confidential
//     job Secret2, Tess its hiring manager (job_hiring_managers); Otto is a
//     sourcer on the public job Public (the fixture's busiest);
//   - private candidate Hidden, applied to Secret; private candidate
//     Hidden2, applied to Public; public candidate Open, applied to Secret.
//     Hidden and Hidden2 carry Public's name as their title, so both rank
//     for it.
//
// So Tess sees Secret, Secret2 and Hidden (not Hidden2); Otto sees Hidden2
// (not Secret, Secret2, Hidden); the fixture's recruiter, mapped to no
// Greenhouse user, sees none of them; the owner sees everything.
type visibilityData struct {
	public                  db.JobListing
	secret, secret2         int64
	secretName, secret2Name string
	hidden, hidden2, open   int64
	hiddenName, hidden2Name string
	openName                string
}

// visibilityRun keeps the ids of repeated runs (-count) apart: deleted
// records leave tombstones.
var visibilityRun int64

func addVisibilityData(t *testing.T) visibilityData {
	t.Helper()
	ctx := context.Background()
	visibilityRun++
	base := 880000 + 1000*visibilityRun
	pub := fx.busiestJob()
	jd, err := fx.app.DB.JobDetail(ctx, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	post, _ := jd.JobPostForRanking()
	now := time.Now().UTC()
	d := visibilityData{public: pub, secret: base + 1, secret2: base + 2, hidden: base + 10, hidden2: base + 11, open: base + 12}
	d.secretName = "Skunkworks Lead " + strconv.FormatInt(d.secret, 10)
	d.secret2Name = "Skunkworks Manager " + strconv.FormatInt(d.secret2, 10)
	d.hiddenName, d.hidden2Name, d.openName = "Hester Hidden", "Hugo Hidden", "Olga Open"
	const tess, otto = 870001, 870002
	err = fx.app.DB.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.User{
			{ID: tess, Name: "Tess Team", PrimaryEmail: "tess.team@example.com", UpdatedAt: now,
				Raw: []byte(`{"id":870001,"primary_email":"tess.team@example.com","emails":["tess.team@example.com"]}`)},
			{ID: otto, Name: "Otto Other", PrimaryEmail: "otto.other@example.com", UpdatedAt: now,
				Raw: []byte(`{"id":870002,"primary_email":"otto.other@example.com","emails":["otto.other@example.com","O.Other@example.com"]}`)},
		})
		if err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.Job{
			{ID: d.secret, Name: d.secretName, Status: db.JobOpen, Confidential: true, DepartmentID: pub.DepartmentID, OpenedAt: now, CreatedAt: now, UpdatedAt: now},
			{ID: d.secret2, Name: d.secret2Name, Status: db.JobOpen, Confidential: true, DepartmentID: pub.DepartmentID, OpenedAt: now, CreatedAt: now, UpdatedAt: now},
		}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.JobPost{
			{ID: d.secret, JobID: d.secret, Title: d.secretName, Live: true, Active: true, Content: post.Content, CreatedAt: now, UpdatedAt: now},
			{ID: d.secret2, JobID: d.secret2, Title: d.secret2Name, Live: true, Active: true, Content: post.Content, CreatedAt: now, UpdatedAt: now},
		}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.JobOwner{
			{JobID: d.secret, UserID: tess, Type: "recruiter", UpdatedAt: now},
			{JobID: pub.ID, UserID: otto, Type: "sourcer", UpdatedAt: now},
		}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.JobHiringManager{{JobID: d.secret2, UserID: tess, UpdatedAt: now}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.Candidate{
			{ID: d.hidden, FirstName: "Hester", LastName: "Hidden", Title: pub.Name, Company: "Umbra Labs", Private: true, LastActivityAt: now, CreatedAt: now, UpdatedAt: now},
			{ID: d.hidden2, FirstName: "Hugo", LastName: "Hidden", Title: pub.Name, Company: "Umbra Labs", Private: true, LastActivityAt: now, CreatedAt: now, UpdatedAt: now},
			{ID: d.open, FirstName: "Olga", LastName: "Open", Title: pub.Name, Company: "Lumen Labs", LastActivityAt: now, CreatedAt: now, UpdatedAt: now},
		}); err != nil {
			return err
		}
		_, err = db.Upsert(ctx, tx, []db.Application{
			{ID: d.hidden, CandidateID: d.hidden, JobID: d.secret, Status: db.StatusActive, StageName: "Application Review", CreatedAt: now, UpdatedAt: now},
			{ID: d.hidden2, CandidateID: d.hidden2, JobID: pub.ID, Status: db.StatusActive, StageName: "Application Review", CreatedAt: now, UpdatedAt: now},
			{ID: d.open, CandidateID: d.open, JobID: d.secret, Status: db.StatusActive, StageName: "Application Review", CreatedAt: now, UpdatedAt: now},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.Indexer.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		at := time.Now().UTC()
		err := fx.app.DB.Update(ctx, func(tx *db.Tx) error {
			for _, c := range []int64{d.hidden, d.hidden2, d.open} {
				if _, err := tx.DeleteByID(ctx, "candidates", c, at); err != nil {
					return err
				}
			}
			for _, j := range []int64{d.secret, d.secret2} {
				if _, err := tx.DeleteByID(ctx, "jobs", j, at); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		if _, err := fx.app.Indexer.Drain(ctx); err != nil {
			t.Error(err)
		}
	})

	for role, email := range map[string]string{"tess": "TESS.TEAM@example.com", "otto": "o.other@example.com"} {
		pass := role + "-password-1"
		if _, err := fx.app.DB.AccountByEmail(ctx, email); errors.Is(err, db.ErrNotFound) {
			if _, err := fx.app.AddUser(ctx, email, "", db.RoleRecruiter, pass); err != nil {
				t.Fatal(err)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		extraLogins[role] = struct{ email, password string }{email, pass}
	}
	return d
}

func TestVisibility(t *testing.T) {
	_, srv := startServer(t, fx.app)
	d := addVisibilityData(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	secret, secret2, pub := id(d.secret), id(d.secret2), id(d.public.ID)
	hidden, hidden2, open := id(d.hidden), id(d.hidden2), id(d.open)
	row := func(c string) string { return `data-testid="candidate-row" data-candidate-id="` + c + `"` }
	const badgeC, badgeP = `data-testid="confidential-badge"`, `data-testid="private-badge"`
	discover := func(job string, appliedOnly bool) string {
		return "/discover?" + discoverQuery(mustAtoi(t, job), appliedOnly, 1).Encode()
	}
	match := func(job, cand string) string { return "/jobs/" + job + "/candidates/" + cand + "/match" }
	suggest := "/discover/jobs?q=Skunkworks"

	runScenarios(t, srv.URL, []scenario{
		// The owner sees everything, marked.
		{Name: "Owner/Jobs", As: "owner", URL: "/jobs?status=any", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.secretName, d.secret2Name, badgeC}},
		{Name: "Owner/Suggest", As: "owner", URL: suggest, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.secretName, d.secret2Name, badgeC}},
		{Name: "Owner/DiscoverSecret", As: "owner", URL: discover(secret, true), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="ranking-job">` + d.secretName, badgeC, row(hidden), row(open), badgeP, "2 applicants ranked"}},
		{Name: "Owner/DiscoverPublic", As: "owner", URL: discover(pub, true), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{row(hidden2), badgeP}},
		{Name: "Owner/Hidden", As: "owner", URL: "/candidates/" + hidden, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.hiddenName, badgeP, d.secretName, badgeC}},
		{Name: "Owner/HiddenMatch", As: "owner", URL: match(secret, hidden), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.hiddenName, badgeP, badgeC}},
		{Name: "Owner/Company", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Tess Team", `data-gh-user-id="870001"`, "tess.team@example.com · same email",
				"Otto Other", "otto.other@example.com · one of their emails", "None: sees no confidential job or private candidate"}},

		// Tess is on Secret's and Secret2's hiring teams.
		{Name: "Team/Jobs", As: "tess", URL: "/jobs?status=any", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.secretName, d.secret2Name, badgeC}},
		{Name: "Team/Suggest", As: "tess", URL: suggest, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.secretName, d.secret2Name}},
		{Name: "Team/DiscoverSecret", As: "tess", URL: discover(secret, true), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{badgeC, row(hidden), row(open), badgeP, "2 applicants ranked"}},
		{Name: "Team/DiscoverSecret2", As: "tess", URL: discover(secret2, false), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="ranking-job">` + d.secret2Name, badgeC}},
		{Name: "Team/DiscoverByTitle", As: "tess", URL: "/discover?q=" + url.QueryEscape(d.secretName), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="ranking-job">` + d.secretName}},
		{Name: "Team/Hidden", As: "tess", URL: "/candidates/" + hidden, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.hiddenName, badgeP, d.secretName}},
		{Name: "Team/HiddenMatch", As: "tess", URL: match(secret, hidden), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.hiddenName, badgeP}},
		{Name: "Team/HiddenForPublic", As: "tess", URL: match(pub, hidden), ExpectedStatus: http.StatusOK},
		// Hugo applied only to Public, whose team Tess is not on.
		{Name: "Team/Hidden2", As: "tess", URL: "/candidates/" + hidden2, ExpectedStatus: http.StatusNotFound,
			NotExpectedContent: []string{d.hidden2Name}},
		{Name: "Team/Hidden2Match", As: "tess", URL: match(pub, hidden2), ExpectedStatus: http.StatusNotFound},
		{Name: "Team/DiscoverPublic", As: "tess", URL: discover(pub, true), ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{row(hidden2), d.hidden2Name}},

		// Otto is on Public's team only; the fixture's recruiter on none.
		{Name: "Other/Jobs", As: "otto", URL: "/jobs?status=any", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.public.Name}, NotExpectedContent: []string{d.secretName, d.secret2Name}},
		{Name: "Other/Suggest", As: "otto", URL: suggest, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="job-option-none"`}, NotExpectedContent: []string{d.secretName, d.secret2Name}},
		{Name: "Other/DiscoverSecret", As: "otto", URL: discover(secret, true), ExpectedStatus: http.StatusNotFound,
			NotExpectedContent: []string{d.secretName}},
		{Name: "Other/DiscoverSecretFragment", As: "otto", URL: discover(secret, false), Headers: map[string]string{"HX-Request": "true"},
			ExpectedStatus: http.StatusNotFound, NotExpectedContent: []string{d.secretName}},
		{Name: "Other/DiscoverSecret2", As: "otto", URL: discover(secret2, false), ExpectedStatus: http.StatusNotFound},
		{Name: "Other/DiscoverByTitle", As: "otto", URL: "/discover?q=" + url.QueryEscape(d.secretName), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`data-testid="discover-empty-notfound"`}, NotExpectedContent: []string{`data-testid="ranking-job"`}},
		{Name: "Other/Hidden", As: "otto", URL: "/candidates/" + hidden, ExpectedStatus: http.StatusNotFound,
			NotExpectedContent: []string{d.hiddenName}},
		{Name: "Other/HiddenMatch", As: "otto", URL: match(pub, hidden), ExpectedStatus: http.StatusNotFound,
			NotExpectedContent: []string{d.hiddenName}},
		{Name: "Other/SecretMatch", As: "otto", URL: match(secret, open), ExpectedStatus: http.StatusNotFound,
			NotExpectedContent: []string{d.secretName}},
		// Olga is public, but her application is to a job Otto may not see.
		{Name: "Other/OpenWithoutSecret", As: "otto", URL: "/candidates/" + open, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.openName}, NotExpectedContent: []string{d.secretName, badgeC}},
		{Name: "Other/Hidden2", As: "otto", URL: "/candidates/" + hidden2, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{d.hidden2Name, badgeP}},
		{Name: "Other/DiscoverPublic", As: "otto", URL: discover(pub, true), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{row(hidden2)}},
		{Name: "Unmapped/Jobs", As: "recruiter", URL: "/jobs?status=any", ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{d.secretName, d.secret2Name, badgeC}},
		{Name: "Unmapped/DiscoverSecret", As: "recruiter", URL: discover(secret, true), ExpectedStatus: http.StatusNotFound},
		{Name: "Unmapped/Hidden2", As: "recruiter", URL: "/candidates/" + hidden2, ExpectedStatus: http.StatusNotFound},
		{Name: "Unmapped/DiscoverPublic", As: "recruiter", URL: discover(pub, true), ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{row(hidden2), row(hidden), badgeP}},
	})

	t.Run("API", func(t *testing.T) { testVisibilityAPI(t, srv.URL, d) })
}

// testVisibilityAPI checks the same rules on the JSON API, and that
// rankings count and page only what the caller may see.
func testVisibilityAPI(t *testing.T, base string, d visibilityData) {
	ctx := context.Background()
	tokens := map[string]string{}
	for who, email := range map[string]string{"owner": ownerEmail, "tess": "TESS.TEAM@example.com", "otto": "o.other@example.com", "unmapped": recruiterEmail} {
		tok, _, err := fx.app.CreateToken(ctx, email, "visibility test")
		if err != nil {
			t.Fatal(err)
		}
		tokens[who] = tok
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	secretPath := "/api/v1/jobs/" + id(d.secret) + "/candidates"
	pubPath := "/api/v1/jobs/" + id(d.public.ID) + "/candidates"

	t.Run("Status", func(t *testing.T) {
		cases := []struct {
			who, path string
			status    int
		}{
			{"owner", secretPath, http.StatusOK},
			{"tess", secretPath, http.StatusOK},
			{"otto", secretPath, http.StatusNotFound},
			{"unmapped", secretPath, http.StatusNotFound},
			{"owner", "/api/v1/candidates/" + id(d.hidden), http.StatusOK},
			{"tess", "/api/v1/candidates/" + id(d.hidden), http.StatusOK},
			{"otto", "/api/v1/candidates/" + id(d.hidden), http.StatusNotFound},
			{"unmapped", "/api/v1/candidates/" + id(d.hidden), http.StatusNotFound},
			{"tess", "/api/v1/candidates/" + id(d.hidden2), http.StatusNotFound},
			{"otto", "/api/v1/candidates/" + id(d.hidden2), http.StatusOK},
		}
		for _, tc := range cases {
			t.Run(tc.who+tc.path, func(t *testing.T) {
				var body any
				if got := apiGet(t, base, tokens[tc.who], tc.path, &body); got != tc.status {
					t.Fatalf("status %d, want %d: %v", got, tc.status, body)
				}
			})
		}
	})

	t.Run("Jobs", func(t *testing.T) {
		applicants := map[string]float64{}
		for who, wantSecret := range map[string]bool{"owner": true, "tess": true, "otto": false, "unmapped": false} {
			var jobs []map[string]any
			if got := apiGet(t, base, tokens[who], "/api/v1/jobs?status=any", &jobs); got != http.StatusOK {
				t.Fatalf("%s: status %d", who, got)
			}
			sawSecret := false
			for _, j := range jobs {
				conf, ok := j["confidential"].(bool)
				if !ok {
					t.Fatalf("%s: job without a boolean confidential: %v", who, j)
				}
				switch int64(j["id"].(float64)) {
				case d.secret:
					sawSecret = true
					if !conf {
						t.Errorf("%s: the secret job is not marked confidential", who)
					}
				case d.public.ID:
					if conf {
						t.Errorf("%s: the public job is marked confidential", who)
					}
					applicants[who] = j["applicants"].(map[string]any)["total"].(float64)
				}
				if conf && who != "owner" && who != "tess" {
					t.Errorf("%s sees confidential job %v", who, j["id"])
				}
			}
			if sawSecret != wantSecret {
				t.Errorf("%s: secret job listed %v, want %v", who, sawSecret, wantSecret)
			}
		}
		// Otto is on Public's team: he sees all its applicants, like the
		// owner. Tess is not, nor is the unmapped recruiter: Hugo (and any
		// other private applicant) is not counted for them.
		if applicants["owner"] != applicants["otto"] || applicants["tess"] > applicants["owner"]-1 || applicants["unmapped"] != applicants["tess"] {
			t.Errorf("Public's applicants by viewer %v: Hugo should count for owner and Otto only", applicants)
		}
	})

	t.Run("Rankings", func(t *testing.T) {
		ranking := func(who, path string) ([]int64, int, []bool) {
			t.Helper()
			c := newClient(t, base)
			res := c.do(http.MethodGet, path, nil, map[string]string{"Authorization": "Bearer " + tokens[who]})
			if res.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", who, path, res.Status)
			}
			var rows []map[string]any
			if err := json.Unmarshal([]byte(res.Body), &rows); err != nil {
				t.Fatal(err)
			}
			var ids []int64
			var private []bool
			for _, r := range rows {
				ids = append(ids, int64(r["id"].(float64)))
				private = append(private, r["private"].(bool))
			}
			total, err := strconv.Atoi(res.Header.Get("X-Total-Count"))
			if err != nil {
				t.Fatalf("X-Total-Count %q", res.Header.Get("X-Total-Count"))
			}
			return ids, total, private
		}
		all, allTotal, allPrivate := ranking("owner", pubPath+"?applied_only=false&limit=500")
		if !slices.Contains(all, d.hidden) || !slices.Contains(all, d.hidden2) {
			t.Fatalf("Hester and Hugo do not both rank for Public for the owner: the test proves nothing")
		}
		if allTotal != len(all) {
			t.Fatalf("owner: %d ranked, total %d (raise the limit)", len(all), allTotal)
		}
		isPrivate := map[int64]bool{}
		for i, c := range all {
			isPrivate[c] = allPrivate[i]
		}
		if !isPrivate[d.hidden] || !isPrivate[d.hidden2] || isPrivate[d.open] {
			t.Fatalf("private flags: Hester %v, Hugo %v, Olga %v", isPrivate[d.hidden], isPrivate[d.hidden2], isPrivate[d.open])
		}
		cases := []struct {
			who, email    string
			hidden, shown []int64
		}{
			{"owner", ownerEmail, nil, []int64{d.hidden, d.hidden2}},
			{"tess", "TESS.TEAM@example.com", []int64{d.hidden2}, []int64{d.hidden}},
			{"otto", "o.other@example.com", []int64{d.hidden}, []int64{d.hidden2}},
			{"unmapped", recruiterEmail, []int64{d.hidden, d.hidden2}, nil},
		}
		for _, tc := range cases {
			t.Run(tc.who, func(t *testing.T) {
				// The owner's ranking less whom the database's rule hides
				// (the simulator makes some candidates private too).
				want := visibleAmong(t, tc.email, all)
				for _, c := range tc.hidden {
					if slices.Contains(want, c) {
						t.Fatalf("the database shows %d to %s", c, tc.who)
					}
				}
				for _, c := range tc.shown {
					if !slices.Contains(want, c) {
						t.Fatalf("the database hides %d from %s", c, tc.who)
					}
				}
				got, total, private := ranking(tc.who, pubPath+"?applied_only=false&limit=500")
				if !slices.Equal(got, want) {
					t.Fatalf("ranking %v\nwant %v", got, want)
				}
				if total != len(want) {
					t.Errorf("X-Total-Count %d, want %d", total, len(want))
				}
				for i, c := range got {
					if private[i] != isPrivate[c] {
						t.Errorf("candidate %d private = %v", c, private[i])
					}
				}
				// Pages walk the same list and agree on the total.
				var paged []int64
				for off := 0; off < len(want); off += 40 {
					ids, pt, _ := ranking(tc.who, pubPath+"?applied_only=false&limit=40&offset="+strconv.Itoa(off))
					if pt != total {
						t.Errorf("offset %d: total %d, want %d", off, pt, total)
					}
					paged = append(paged, ids...)
				}
				if !slices.Equal(paged, want) {
					t.Errorf("paged ranking differs from the whole")
				}
			})
		}
		t.Run("AppliedOnly", func(t *testing.T) {
			owner, ownerTotal, _ := ranking("owner", pubPath+"?limit=500")
			for _, tc := range cases {
				want := visibleAmong(t, tc.email, owner)
				got, total, _ := ranking(tc.who, pubPath+"?limit=500")
				if !slices.Equal(got, want) || total != len(want) {
					t.Errorf("%s: applicants %v (total %d), want %v", tc.who, got, total, want)
				}
			}
			if !slices.Contains(owner, d.hidden2) || ownerTotal != len(owner) {
				t.Fatalf("owner: Hugo missing from the applicants, or total %d for %d", ownerTotal, len(owner))
			}
		})
	})
}

// visibleAmong keeps the candidates the account with email may see, by
// the database's rule (db.Viewer).
func visibleAmong(t *testing.T, email string, ids []int64) []int64 {
	t.Helper()
	ctx := context.Background()
	acct, err := fx.app.DB.AccountByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	v, err := fx.app.DB.ViewerFor(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, c := range ids {
		ok, err := fx.app.DB.CandidateVisible(ctx, v, c)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
