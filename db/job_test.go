package db_test

import (
	"context"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

func TestJobsListingRule(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-01-10T00:00:00Z")
	jobs := []db.Job{
		{ID: 1, Name: "Live Data Engineer", Status: db.JobOpen, DepartmentID: 10, OfficeIDs: []int64{20, 21}, OpenedAt: now, UpdatedAt: now},
		{ID: 2, Name: "Internal Only Nurse", Status: db.JobOpen, UpdatedAt: now},
		{ID: 3, Name: "Unposted Open Role", Status: db.JobOpen, UpdatedAt: now},
		{ID: 4, Name: "Closed Chef", Status: db.JobClosed, UpdatedAt: now},
		{ID: 5, Name: "No Post At All", Status: db.JobClosed, UpdatedAt: now},
		{ID: 6, Name: "Template Role", Status: db.JobOpen, IsTemplate: true, UpdatedAt: now},
	}
	posts := []db.JobPost{
		{ID: 101, JobID: 1, Title: "Data Engineer", Live: true, Content: "<p>Python</p>", UpdatedAt: now},
		{ID: 102, JobID: 2, Title: "Nurse", Internal: true, Content: "<p>Care</p>", UpdatedAt: now},
		{ID: 103, JobID: 3, Title: "Unposted", Content: "<p>x</p>", UpdatedAt: now},
		{ID: 104, JobID: 4, Title: "Chef", Content: "<p>Cook</p>", UpdatedAt: now},
		{ID: 106, JobID: 6, Title: "Template", Live: true, Content: "<p>t</p>", UpdatedAt: now},
	}
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, jobs); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, posts); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.Department{{ID: 10, Name: "Data", UpdatedAt: now}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.Office{{ID: 20, Name: "Berlin", UpdatedAt: now}, {ID: 21, Name: "Austin", UpdatedAt: now}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.Application{
			{ID: 1, CandidateID: 1, JobID: 1, Status: db.StatusActive, UpdatedAt: now},
			{ID: 2, CandidateID: 2, JobID: 1, Status: db.StatusRejected, UpdatedAt: now},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	ids := func(f db.JobFilter) []int64 {
		t.Helper()
		ls, err := d.Jobs(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, l := range ls {
			out = append(out, l.ID)
		}
		return out
	}
	t.Run("Rule", func(t *testing.T) {
		got := ids(db.JobFilter{})
		want := []int64{1, 2, 4}
		if len(got) != len(want) {
			t.Fatalf("listed %v, want %v", got, want)
		}
		seen := map[int64]bool{}
		for _, id := range got {
			seen[id] = true
		}
		for _, id := range want {
			if !seen[id] {
				t.Fatalf("listed %v, want %v", got, want)
			}
		}
	})
	t.Run("Filters", func(t *testing.T) {
		if got := ids(db.JobFilter{Query: "data eng"}); len(got) != 1 || got[0] != 1 {
			t.Errorf("query: %v", got)
		}
		if got := ids(db.JobFilter{Query: "100%_"}); len(got) != 0 {
			t.Errorf("LIKE wildcards not escaped: %v", got)
		}
		if got := ids(db.JobFilter{Status: db.JobClosed}); len(got) != 1 || got[0] != 4 {
			t.Errorf("status: %v", got)
		}
		if got := ids(db.JobFilter{OfficeID: 21}); len(got) != 1 || got[0] != 1 {
			t.Errorf("office: %v", got)
		}
		if got := ids(db.JobFilter{DepartmentID: 10}); len(got) != 1 || got[0] != 1 {
			t.Errorf("department: %v", got)
		}
	})
	t.Run("Listing", func(t *testing.T) {
		jd, err := d.JobDetail(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if jd.Department != "Data" || len(jd.Offices) != 2 || jd.Offices[0] != "Austin" || jd.Applicants != 2 || jd.ActiveApplicants != 1 {
			t.Fatalf("listing %+v", jd.JobListing)
		}
		if p, ok := jd.JobPostForRanking(); !ok || p.ID != 101 {
			t.Fatalf("post for ranking %+v %v", p, ok)
		}
		if _, err := d.JobDetail(ctx, 999); err == nil {
			t.Fatal("missing job: no error")
		}
	})
	t.Run("Facets", func(t *testing.T) {
		depts, offices, err := d.JobFacets(ctx, db.Everyone)
		if err != nil || len(depts) != 1 || len(offices) != 2 || offices[0].Name != "Austin" {
			t.Fatalf("facets %v %v %v", depts, offices, err)
		}
	})
	t.Run("RankedCandidates", func(t *testing.T) {
		err := d.Update(ctx, func(tx *db.Tx) error {
			_, err := db.Upsert(ctx, tx, []db.Candidate{
				{ID: 1, FirstName: "Ada", LastName: "Lovelace", Title: "Engineer", LastActivityAt: now, UpdatedAt: now},
				{ID: 3, FirstName: "Grace", UpdatedAt: now},
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := d.RankedCandidates(ctx, 1, []int64{3, 1, 42})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows, want 2 (unknown ids skipped)", len(rows))
		}
		if r := rows[1]; r.Name() != "Ada Lovelace" || r.Status != db.StatusActive || r.ApplicationID != 1 || !r.LastActivityAt.Equal(now) {
			t.Errorf("applicant row %+v", r)
		}
		if r := rows[3]; r.ApplicationID != 0 || r.Status != "" || r.Name() != "Grace" {
			t.Errorf("non-applicant row %+v", r)
		}
	})
}
