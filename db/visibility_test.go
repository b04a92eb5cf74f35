package db_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// visibilityDB is a company with confidential jobs and private candidates:
//
//	job 1 public; job 2 confidential, Alice (user 100) a recruiter on it;
//	job 3 confidential, Alice its hiring manager; job 4 confidential, Alice
//	not on it (department 40 is used by job 4 alone).
//	candidate 10 public, applied to 1; 11 private, applied to 2; 12 private,
//	applied to 1; 13 private, applied to 4; 14 public, applied to 4; 15
//	private, applied to 1 and 3.
type visibilityDB struct {
	d        *db.DB
	accounts map[string]int64 // by email
}

func newVisibilityDB(t *testing.T) visibilityDB {
	t.Helper()
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-03-01T00:00:00Z")
	raw := func(v any) json.RawMessage {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	users := []db.User{
		{ID: 100, Name: "Alice Adams", PrimaryEmail: "alice@corp.example", UpdatedAt: now,
			Raw: raw(map[string]any{"id": 100, "primary_email": "alice@corp.example", "emails": []string{"alice@corp.example", "Alice.Alt@Corp.example"}})},
		// Two users share bob@corp.example: the deactivated one (primary) loses to the active one.
		{ID: 101, FirstName: "Bob", LastName: "Old", PrimaryEmail: "bob@corp.example", Deactivated: true, UpdatedAt: now,
			Raw: raw(map[string]any{"id": 101, "emails": []string{"bob@corp.example"}})},
		{ID: 102, Name: "Bob Brown", PrimaryEmail: "bob.brown@corp.example", UpdatedAt: now,
			Raw: raw(map[string]any{"id": 102, "emails": []string{"bob.brown@corp.example", "bob@corp.example"}})},
		// A raw that is not JSON must not break the lookup of others.
		{ID: 103, Name: "Broken Raw", PrimaryEmail: "broken@corp.example", UpdatedAt: now, Raw: json.RawMessage(`not json`)},
		{ID: 104, Name: "Gone Greta", PrimaryEmail: "greta@corp.example", Deactivated: true, UpdatedAt: now},
	}
	jobs := []db.Job{
		{ID: 1, Name: "Public Engineer", Status: db.JobOpen, DepartmentID: 10, OpenedAt: now, UpdatedAt: now},
		{ID: 2, Name: "Secret Engineer", Status: db.JobOpen, Confidential: true, DepartmentID: 10, OpenedAt: now, UpdatedAt: now},
		{ID: 3, Name: "Secret Manager", Status: db.JobOpen, Confidential: true, DepartmentID: 10, OpenedAt: now, UpdatedAt: now},
		{ID: 4, Name: "Hidden Director", Status: db.JobOpen, Confidential: true, DepartmentID: 40, OpenedAt: now, UpdatedAt: now},
	}
	var posts []db.JobPost
	for _, j := range jobs {
		posts = append(posts, db.JobPost{ID: 100 + j.ID, JobID: j.ID, Title: j.Name, Live: true, Content: "<p>x</p>", UpdatedAt: now})
	}
	cands := []db.Candidate{
		{ID: 10, FirstName: "Pat", LastName: "Public", UpdatedAt: now},
		{ID: 11, FirstName: "Pia", LastName: "Private", Private: true, UpdatedAt: now},
		{ID: 12, FirstName: "Pete", LastName: "Private", Private: true, UpdatedAt: now},
		{ID: 13, FirstName: "Paz", LastName: "Private", Private: true, UpdatedAt: now},
		{ID: 14, FirstName: "Pam", LastName: "Public", UpdatedAt: now},
		{ID: 15, FirstName: "Poe", LastName: "Private", Private: true, UpdatedAt: now},
	}
	apps := []db.Application{
		{ID: 1, CandidateID: 10, JobID: 1, Status: db.StatusActive, UpdatedAt: now},
		{ID: 2, CandidateID: 11, JobID: 2, Status: db.StatusActive, UpdatedAt: now},
		{ID: 3, CandidateID: 12, JobID: 1, Status: db.StatusActive, UpdatedAt: now},
		{ID: 4, CandidateID: 13, JobID: 4, Status: db.StatusActive, UpdatedAt: now},
		{ID: 5, CandidateID: 14, JobID: 4, Status: db.StatusActive, UpdatedAt: now},
		{ID: 6, CandidateID: 15, JobID: 1, Status: db.StatusRejected, UpdatedAt: now},
		{ID: 7, CandidateID: 15, JobID: 3, Status: db.StatusActive, UpdatedAt: now},
	}
	err := d.Update(ctx, func(tx *db.Tx) error {
		for _, batch := range []func() error{
			func() error { _, err := db.Upsert(ctx, tx, users); return err },
			func() error { _, err := db.Upsert(ctx, tx, jobs); return err },
			func() error { _, err := db.Upsert(ctx, tx, posts); return err },
			func() error { _, err := db.Upsert(ctx, tx, cands); return err },
			func() error { _, err := db.Upsert(ctx, tx, apps); return err },
			func() error {
				_, err := db.Upsert(ctx, tx, []db.Department{{ID: 10, Name: "Engineering", UpdatedAt: now}, {ID: 40, Name: "Board", UpdatedAt: now}})
				return err
			},
			func() error {
				_, err := db.Upsert(ctx, tx, []db.JobOwner{{JobID: 2, UserID: 100, Type: "recruiter", UpdatedAt: now},
					{JobID: 4, UserID: 102, Type: "sourcer", UpdatedAt: now}})
				return err
			},
			func() error {
				_, err := db.Upsert(ctx, tx, []db.JobHiringManager{{JobID: 3, UserID: 100, UpdatedAt: now}})
				return err
			},
		} {
			if err := batch(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v := visibilityDB{d: d, accounts: map[string]int64{}}
	for _, a := range []db.Account{
		{Email: "owner@corp.example", Role: db.RoleOwner},
		{Email: "ALICE@corp.example", Role: db.RoleRecruiter},
		{Email: "alice.alt@corp.example", Role: db.RoleRecruiter},
		{Email: "bob@corp.example", Role: db.RoleRecruiter},
		{Email: "broken@corp.example", Role: db.RoleRecruiter},
		{Email: "greta@corp.example", Role: db.RoleRecruiter},
		{Email: "nobody@corp.example", Role: db.RoleRecruiter},
		{Email: "explicit@elsewhere.example", Role: db.RoleRecruiter},
	} {
		a.PasswordHash = "x"
		acct, err := d.CreateAccount(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		v.accounts[a.Email] = acct.ID
	}
	if err := d.SetGreenhouseUser(ctx, v.accounts["explicit@elsewhere.example"], 100); err != nil {
		t.Fatal(err)
	}
	return v
}

// viewer is what the account with email may see.
func (v visibilityDB) viewer(t *testing.T, email string) db.Viewer {
	t.Helper()
	acct, err := v.d.Account(context.Background(), v.accounts[email])
	if err != nil {
		t.Fatal(err)
	}
	vw, err := v.d.ViewerFor(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	return vw
}

func TestGreenhouseUserFor(t *testing.T) {
	ctx := context.Background()
	v := newVisibilityDB(t)
	cases := []struct {
		email  string
		wantID int64
		via    string
	}{
		{"ALICE@corp.example", 100, db.MappedByPrimaryEmail},  // case-insensitive
		{"alice.alt@corp.example", 100, db.MappedByEmail},     // a secondary email, other case
		{"bob@corp.example", 102, db.MappedByEmail},           // active beats deactivated primary
		{"broken@corp.example", 103, db.MappedByPrimaryEmail}, // raw not JSON
		{"greta@corp.example", 104, db.MappedByPrimaryEmail},  // deactivated, still shown
		{"nobody@corp.example", 0, ""},
		{"explicit@elsewhere.example", 100, db.MappedExplicitly},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			u, err := v.d.GreenhouseUserFor(ctx, v.accounts[tc.email])
			if tc.wantID == 0 {
				if !errors.Is(err, db.ErrNotFound) {
					t.Fatalf("got %+v, %v; want ErrNotFound", u, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.ID != tc.wantID || u.Via != tc.via {
				t.Fatalf("got user %d via %q, want %d via %q", u.ID, u.Via, tc.wantID, tc.via)
			}
		})
	}
	t.Run("Names", func(t *testing.T) {
		all, err := v.d.GreenhouseUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := all[v.accounts["bob@corp.example"]]; got.Name != "Bob Brown" || got.Email != "bob.brown@corp.example" {
			t.Fatalf("bob maps to %+v", got)
		}
		if _, ok := all[v.accounts["nobody@corp.example"]]; ok {
			t.Fatal("an account with no Greenhouse user is in the map")
		}
		if want := len(cases) - 1; len(all) != want { // nobody@ and owner@ have none
			t.Fatalf("%d accounts mapped, want %d", len(all), want)
		}
	})
	t.Run("SetAndClear", func(t *testing.T) {
		id := v.accounts["nobody@corp.example"]
		if err := v.d.SetGreenhouseUser(ctx, id, 102); err != nil {
			t.Fatal(err)
		}
		if u, err := v.d.GreenhouseUserFor(ctx, id); err != nil || u.ID != 102 || u.Name != "Bob Brown" || u.Via != db.MappedExplicitly {
			t.Fatalf("after set: %+v, %v", u, err)
		}
		if err := v.d.SetGreenhouseUser(ctx, id, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := v.d.GreenhouseUserFor(ctx, id); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("after clear: %v, want ErrNotFound", err)
		}
		if err := v.d.SetGreenhouseUser(ctx, 9999, 100); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("unknown account: %v, want ErrNotFound", err)
		}
		if err := v.d.SetGreenhouseUser(ctx, id, -1); err == nil {
			t.Fatal("a negative user id was accepted")
		}
	})
}

func TestViewerFor(t *testing.T) {
	v := newVisibilityDB(t)
	cases := []struct {
		email string
		want  db.Viewer
	}{
		{"owner@corp.example", db.Everyone},
		{"ALICE@corp.example", db.Viewer{GreenhouseUserID: 100, TeamJobIDs: []int64{2, 3}}},
		{"explicit@elsewhere.example", db.Viewer{GreenhouseUserID: 100, TeamJobIDs: []int64{2, 3}}},
		{"bob@corp.example", db.Viewer{GreenhouseUserID: 102, TeamJobIDs: []int64{4}}},
		{"greta@corp.example", db.Viewer{}}, // deactivated in Greenhouse
		{"nobody@corp.example", db.Viewer{}},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			got := v.viewer(t, tc.email)
			if got.All != tc.want.All || got.GreenhouseUserID != tc.want.GreenhouseUserID || !slices.Equal(got.TeamJobIDs, tc.want.TeamJobIDs) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestVisibility(t *testing.T) {
	ctx := context.Background()
	v := newVisibilityDB(t)
	type jobCount struct{ id, applicants, active int64 }
	cases := []struct {
		email string
		// jobs listed, with their applicant counts, in list order (ids
		// descending: same status and opening time).
		jobs []jobCount
		// departments in the Jobs filter.
		departments []int64
		// candidates whose profile opens, and the jobs of the applications
		// shown on it.
		candidates map[int64][]int64
		hidden     []int64 // candidates that are not found
	}{
		{"owner@corp.example", []jobCount{{4, 2, 2}, {3, 1, 1}, {2, 1, 1}, {1, 3, 2}}, []int64{40, 10},
			map[int64][]int64{10: {1}, 11: {2}, 12: {1}, 13: {4}, 14: {4}, 15: {1, 3}}, nil},
		// Alice sees jobs 2 and 3 (her teams) and their private candidates
		// (11; 15 also applied to job 1, so counts there); not 12 and 13.
		{"ALICE@corp.example", []jobCount{{3, 1, 1}, {2, 1, 1}, {1, 2, 1}}, []int64{10},
			map[int64][]int64{10: {1}, 11: {2}, 14: nil, 15: {1, 3}}, []int64{12, 13}},
		{"nobody@corp.example", []jobCount{{1, 1, 1}}, []int64{10},
			map[int64][]int64{10: {1}, 14: nil}, []int64{11, 12, 13, 15}},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			vw := v.viewer(t, tc.email)
			ls, err := v.d.Jobs(ctx, db.JobFilter{Viewer: vw})
			if err != nil {
				t.Fatal(err)
			}
			var got []jobCount
			for _, l := range ls {
				got = append(got, jobCount{l.ID, int64(l.Applicants), int64(l.ActiveApplicants)})
			}
			if !slices.Equal(got, tc.jobs) {
				t.Fatalf("jobs (id, applicants, active) = %v, want %v", got, tc.jobs)
			}
			for _, j := range []int64{1, 2, 3, 4} {
				want := slices.IndexFunc(tc.jobs, func(c jobCount) bool { return c.id == j }) >= 0
				jd, err := v.d.JobDetailFor(ctx, vw, j)
				switch {
				case want && err != nil:
					t.Errorf("job %d: %v", j, err)
				case !want && !errors.Is(err, db.ErrNotFound):
					t.Errorf("job %d: %v, want ErrNotFound", j, err)
				case want && jd.Confidential != (j != 1):
					t.Errorf("job %d: confidential %v", j, jd.Confidential)
				}
			}
			depts, _, err := v.d.JobFacets(ctx, vw)
			if err != nil {
				t.Fatal(err)
			}
			var gotDepts []int64
			for _, n := range depts {
				gotDepts = append(gotDepts, n.ID)
			}
			if !slices.Equal(gotDepts, tc.departments) {
				t.Errorf("departments %v, want %v", gotDepts, tc.departments)
			}
			for id, wantJobs := range tc.candidates {
				p, err := v.d.CandidateProfileFor(ctx, vw, id)
				if err != nil {
					t.Errorf("candidate %d: %v", id, err)
					continue
				}
				var jobs []int64
				for _, a := range p.Applications {
					jobs = append(jobs, a.JobID)
				}
				slices.Sort(jobs)
				if !slices.Equal(jobs, wantJobs) {
					t.Errorf("candidate %d shows applications to %v, want %v", id, jobs, wantJobs)
				}
			}
			for _, id := range tc.hidden {
				if _, err := v.d.CandidateProfileFor(ctx, vw, id); !errors.Is(err, db.ErrNotFound) {
					t.Errorf("candidate %d: %v, want ErrNotFound", id, err)
				}
			}
			if _, err := v.d.CandidateProfileFor(ctx, vw, 999); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("missing candidate: %v, want ErrNotFound", err)
			}
		})
	}
	t.Run("ZeroViewerIsPublicOnly", func(t *testing.T) {
		ls, err := v.d.Jobs(ctx, db.JobFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 1 || ls[0].ID != 1 {
			t.Fatalf("zero viewer lists %d jobs", len(ls))
		}
	})
}
