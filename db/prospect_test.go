package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// TestProspectsCountForTheirJobs: a prospect application has no job, but
// the jobs it lists in ProspectiveJobIDs count it (job listings, rankings,
// the candidate's profile), and changing or deleting it updates them.
func TestProspectsCountForTheirJobs(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-01-10T00:00:00Z")
	later := ts("2026-01-11T00:00:00Z")
	put := func(recs ...db.Application) {
		t.Helper()
		if err := d.Update(ctx, func(tx *db.Tx) error { _, err := db.Upsert(ctx, tx, recs); return err }); err != nil {
			t.Fatal(err)
		}
	}
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Job{{ID: 1, Name: "Nurse", Status: db.JobOpen, UpdatedAt: now},
			{ID: 2, Name: "Charge Nurse", Status: db.JobOpen, UpdatedAt: now}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.JobPost{{ID: 11, JobID: 1, Live: true, UpdatedAt: now},
			{ID: 12, JobID: 2, Live: true, UpdatedAt: now}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 7, FirstName: "Ada", UpdatedAt: now}, {ID: 8, FirstName: "Bo", UpdatedAt: now}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	put(db.Application{ID: 70, CandidateID: 7, JobID: 1, Status: db.StatusActive, CreatedAt: now, UpdatedAt: now},
		db.Application{ID: 80, CandidateID: 8, Prospect: true, ProspectiveJobIDs: []int64{1, 2}, Status: db.StatusActive,
			CreatedAt: now, UpdatedAt: now})

	applicants := func(job int64) (int, int) {
		t.Helper()
		jd, err := d.JobDetail(ctx, job)
		if err != nil {
			t.Fatal(err)
		}
		return jd.Applicants, jd.ActiveApplicants
	}
	if n, a := applicants(1); n != 2 || a != 2 {
		t.Errorf("job 1: %d applicants (%d active), want 2 with the prospect", n, a)
	}
	if n, _ := applicants(2); n != 1 {
		t.Errorf("job 2: %d applicants, want the prospect", n)
	}
	rows, err := d.RankedCandidates(ctx, 2, []int64{7, 8})
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[8]; r.ApplicationID != 80 || !r.Prospect || r.Status != db.StatusActive {
		t.Errorf("prospect ranked for job 2: %+v", r)
	}
	if r := rows[7]; r.ApplicationID != 0 {
		t.Errorf("candidate 7 did not apply to job 2: %+v", r)
	}
	p, err := d.CandidateProfile(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	if a := p.Applications[0]; len(a.ProspectiveJobs) != 2 || a.ProspectiveJobs[1] != (db.JobName{ID: 2, Name: "Charge Nurse"}) ||
		len(a.ProspectiveJobIDs) != 2 || a.JobID != 0 {
		t.Errorf("profile application %+v", a)
	}

	// The prospect drops job 1, then goes.
	put(db.Application{ID: 80, CandidateID: 8, Prospect: true, ProspectiveJobIDs: []int64{2}, Status: db.StatusRejected,
		CreatedAt: now, UpdatedAt: later})
	if n, _ := applicants(1); n != 1 {
		t.Errorf("job 1 after the prospect left it: %d applicants", n)
	}
	if n, a := applicants(2); n != 1 || a != 0 {
		t.Errorf("job 2 with a rejected prospect: %d applicants, %d active", n, a)
	}
	if err := d.Update(ctx, func(tx *db.Tx) error { _, err := tx.DeleteByID(ctx, "applications", 80, later); return err }); err != nil {
		t.Fatal(err)
	}
	if n, _ := applicants(2); n != 0 {
		t.Errorf("job 2 after the prospect was deleted: %d applicants", n)
	}
}

// TestUpsertRewritesRemappedRows: a record whose JSON did not change but
// whose mapping did (a new release names a field it used to miss) is
// rewritten; an identical one is left alone.
func TestUpsertRewritesRemappedRows(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-01-10T00:00:00Z")
	raw := []byte(`{"id":5,"school_name_custom_field_option_id":9}`)
	put := func(e db.CandidateEducation) int {
		t.Helper()
		var n int
		err := d.Update(ctx, func(tx *db.Tx) error {
			var err error
			n, err = db.Upsert(ctx, tx, []db.CandidateEducation{e})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := d.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "Ada", UpdatedAt: now}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	put(db.CandidateEducation{ID: 5, CandidateID: 1, SchoolNameOptionID: 9, UpdatedAt: now, Raw: raw})
	if n := put(db.CandidateEducation{ID: 5, CandidateID: 1, SchoolNameOptionID: 9, SchoolName: "MIT", UpdatedAt: now, Raw: raw}); n != 1 {
		t.Errorf("a newly resolved name changed %d rows, want 1", n)
	}
	if n := put(db.CandidateEducation{ID: 5, CandidateID: 1, SchoolNameOptionID: 9, SchoolName: "MIT", UpdatedAt: now, Raw: raw}); n != 0 {
		t.Errorf("an identical copy changed %d rows, want 0", n)
	}
	p, err := d.CandidateProfile(ctx, 1)
	if err != nil || len(p.Educations) != 1 || p.Educations[0].SchoolName != "MIT" {
		t.Errorf("profile educations %+v, %v: want the resolved school", p.Educations, err)
	}
}

// TestUpsertRefusesIDZero: no Greenhouse record has id 0; one that does is
// a misread answer and must not be stored.
func TestUpsertRefusesIDZero(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	err := d.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 3, FirstName: "Ok"}, {FirstName: "Nobody"}})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "without an id") {
		t.Fatalf("err = %v, want a refusal of the record without an id", err)
	}
	if n := count(t, d, "candidates"); n != 0 {
		t.Errorf("%d candidates stored: the page must be refused whole", n)
	}
}

// TestPlanStagesFollowApplicationStages: a v3 application names its
// application_stages record; its plan stage (stage_id) comes from that
// record, whether the record is stored before or after the application.
func TestPlanStagesFollowApplicationStages(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-01-10T00:00:00Z")
	stage := func() int64 {
		t.Helper()
		p, err := d.CandidateProfile(ctx, 1)
		if err != nil || len(p.Applications) != 1 {
			t.Fatalf("profile %+v, %v", p, err)
		}
		return p.Applications[0].StageID
	}
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "Ada", UpdatedAt: now}}); err != nil {
			return err
		}
		// The application first, its stage record later (a first sync).
		_, err := db.Upsert(ctx, tx, []db.Application{{ID: 1, CandidateID: 1, JobID: 5, ApplicationStageID: 900,
			StageName: "Onsite", Status: db.StatusActive, UpdatedAt: now}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := stage(); s != 0 {
		t.Fatalf("stage %d before the stage record arrived", s)
	}
	err = d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.ApplicationStage{{ID: 900, ApplicationID: 1, JobInterviewStageID: 77, Current: true, UpdatedAt: now}}); err != nil {
			return err
		}
		return tx.LinkPlanStages(ctx, []int64{900})
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := stage(); s != 77 {
		t.Fatalf("stage %d after the stage record arrived, want 77", s)
	}
	// The stage record known: a later copy of the application finds it.
	err = d.Update(ctx, func(tx *db.Tx) error {
		got, err := tx.PlanStages(ctx, []int64{900, 901})
		if err != nil {
			return err
		}
		if len(got) != 1 || got[900] != 77 {
			t.Errorf("plan stages %v, want only 900 -> 77", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
