package db_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// decisionPlan is a job whose plan has an application review (sort order
// 0), two interview stages and an offer stage; stage ids are 100 + sort.
func decisionPlan(t *testing.T, d *db.DB, jobID int64) {
	t.Helper()
	ctx := context.Background()
	err := d.Update(ctx, func(tx *db.Tx) error {
		var stages []db.JobInterviewStage
		for i, name := range []string{"Application Review", "Recruiter Screen", "Onsite", "Offer"} {
			stages = append(stages, db.JobInterviewStage{ID: jobID*1000 + 100 + int64(i), JobID: jobID, Name: name, SortOrder: i,
				Active: true, UpdatedAt: ts("2025-01-01T00:00:00Z")})
		}
		_, err := db.Upsert(ctx, tx, stages)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDecisions plants one application per kind of history and checks the
// label each gets, when it was decided, and what is known earlier.
func TestDecisions(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	const job = 7
	decisionPlan(t, d, job)
	stage := func(sort int) int64 { return job*1000 + 100 + int64(sort) }
	day := func(n int) time.Time { return ts("2025-03-01T00:00:00Z").Add(time.Duration(n) * 24 * time.Hour) }

	type history struct {
		app      db.Application
		stages   []db.ApplicationStage
		iv       []db.Interview
		sc       []db.Scorecard
		offers   []db.Offer
		want     int // -1: undecided
		decided  time.Time
		wantAt10 int // the label known on day 10 (-1: none yet)
	}
	app := func(id int64, status string, stageSort int) db.Application {
		a := db.Application{ID: id, CandidateID: id, JobID: job, Status: status, CreatedAt: day(0), UpdatedAt: day(30), LastActivityAt: day(20)}
		if stageSort >= 0 {
			a.StageID = stage(stageSort)
		}
		return a
	}
	visit := func(id, app int64, sort, entered int) db.ApplicationStage {
		return db.ApplicationStage{ID: id, ApplicationID: app, JobInterviewStageID: stage(sort), EnteredAt: day(entered), UpdatedAt: day(30)}
	}
	rejected := func(a db.Application, at int) db.Application {
		a.Status, a.RejectedAt = db.StatusRejected, day(at)
		return a
	}
	cases := map[string]history{
		"rejected at review": {app: rejected(app(1, "", 0), 3), stages: []db.ApplicationStage{visit(1, 1, 0, 0)},
			want: db.RelevanceRejected, decided: day(3), wantAt10: db.RelevanceRejected},
		"reached the screen, then rejected": {app: rejected(app(2, "", 1), 15),
			stages: []db.ApplicationStage{visit(2, 2, 0, 0), visit(3, 2, 1, 5)},
			want:   db.RelevanceInterviewed, decided: day(5), wantAt10: db.RelevanceInterviewed},
		"rejected late, never interviewed": {app: rejected(app(3, "", 0), 12), stages: []db.ApplicationStage{visit(4, 3, 0, 0)},
			want: db.RelevanceRejected, decided: day(12), wantAt10: -1},
		"offered after an onsite": {app: app(4, db.StatusActive, 3),
			stages: []db.ApplicationStage{visit(5, 4, 0, 0), visit(6, 4, 1, 2), visit(7, 4, 2, 6), visit(8, 4, 3, 14)},
			offers: []db.Offer{{ID: 1, ApplicationID: 4, JobID: job, CandidateID: 4, Status: "Created", CreatedAt: day(14), UpdatedAt: day(14)}},
			want:   db.RelevanceOffered, decided: day(14), wantAt10: db.RelevanceInterviewed},
		"hired, offer unknown": {app: func() db.Application {
			a := app(5, db.StatusHired, 3)
			a.LastActivityAt = day(9)
			return a
		}(), want: db.RelevanceOffered, decided: day(9), wantAt10: db.RelevanceOffered},
		"interview scheduled, still in review": {app: app(6, db.StatusActive, 0),
			iv:   []db.Interview{{ID: 1, ApplicationID: 6, JobID: job, Status: "scheduled", CreatedAt: day(4), StartsAt: day(6), UpdatedAt: day(4)}},
			want: db.RelevanceInterviewed, decided: day(4), wantAt10: db.RelevanceInterviewed},
		"cancelled interview only": {app: app(7, db.StatusActive, 0),
			iv:   []db.Interview{{ID: 2, ApplicationID: 7, JobID: job, Status: "cancelled", CreatedAt: day(4), UpdatedAt: day(4)}},
			want: -1, wantAt10: -1},
		"scorecard only": {app: app(8, db.StatusActive, -1),
			sc:   []db.Scorecard{{ID: 1, ApplicationID: 8, Status: "complete", InterviewedAt: day(8), UpdatedAt: day(8)}},
			want: db.RelevanceInterviewed, decided: day(8), wantAt10: db.RelevanceInterviewed},
		// A webhook moved it to an interview stage; no stage history yet.
		"in an interview stage by webhook": {app: app(9, db.StatusActive, 2),
			want: db.RelevanceInterviewed, decided: day(20), wantAt10: -1},
		"still in review": {app: app(10, db.StatusActive, 0), stages: []db.ApplicationStage{visit(9, 10, 0, 0)},
			want: -1, wantAt10: -1},
	}
	err := d.Update(ctx, func(tx *db.Tx) error {
		for _, h := range cases {
			if _, err := db.Upsert(ctx, tx, []db.Application{h.app}); err != nil {
				return err
			}
			for _, err := range []error{
				upsertAll(ctx, tx, h.stages), upsertAll(ctx, tx, h.iv), upsertAll(ctx, tx, h.sc), upsertAll(ctx, tx, h.offers),
			} {
				if err != nil {
					return err
				}
			}
		}
		// A prospect rejected in review is no application to the job.
		_, err := db.Upsert(ctx, tx, []db.Application{{ID: 99, CandidateID: 99, Prospect: true, ProspectiveJobIDs: []int64{job},
			Status: db.StatusRejected, RejectedAt: day(2), UpdatedAt: day(2)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		asOf time.Time
	}{{"now", time.Time{}}, {"day 10", day(10)}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.Decisions(ctx, tc.asOf)
			if err != nil {
				t.Fatal(err)
			}
			byApp := map[int64]db.Decision{}
			for _, dc := range got {
				if dc.JobID != job || dc.CandidateID != dc.ApplicationID {
					t.Errorf("decision %+v: wrong job or candidate", dc)
				}
				byApp[dc.ApplicationID] = dc
			}
			for name, h := range cases {
				want := h.want
				if !tc.asOf.IsZero() {
					want = h.wantAt10
				}
				dc, ok := byApp[h.app.ID]
				switch {
				case want < 0 && ok:
					t.Errorf("%s: labelled %+v, want undecided", name, dc)
				case want >= 0 && !ok:
					t.Errorf("%s: undecided, want relevance %d", name, want)
				case ok && dc.Relevance != want:
					t.Errorf("%s: relevance %d, want %d", name, dc.Relevance, want)
				case ok && tc.asOf.IsZero() && !dc.DecidedAt.Equal(h.decided):
					t.Errorf("%s: decided at %v, want %v", name, dc.DecidedAt, h.decided)
				case ok && dc.DecidedAt.After(tc.asOf) && !tc.asOf.IsZero():
					t.Errorf("%s: decided at %v, after %v", name, dc.DecidedAt, tc.asOf)
				}
			}
			if _, ok := byApp[99]; ok {
				t.Error("a prospect's application was labelled")
			}
		})
	}

	c, err := d.CountDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := db.DecisionCounts{Rejected: 2, Interviewed: 4, Offered: 2, Undecided: 2}
	if c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	if c.Labelled() != 8 || c.Events() != 10 {
		t.Errorf("labelled %d, events %d; want 8 and 10", c.Labelled(), c.Events())
	}
}

func upsertAll[T db.Record](ctx context.Context, tx *db.Tx, recs []T) error {
	_, err := db.Upsert(ctx, tx, recs)
	return err
}

// TestDocVersionsFollowChanges: a change to anything a candidate's document
// is built from gives the candidate a newer version; other candidates keep
// theirs.
func TestDocVersionsFollowChanges(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	at := ts("2025-01-01T00:00:00Z")
	write := func(fn func(tx *db.Tx) error) {
		t.Helper()
		if err := d.Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	write(func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "A", UpdatedAt: at}, {ID: 2, FirstName: "B", UpdatedAt: at}})
		return err
	})
	v1, newest, err := d.DocVersionsSince(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(v1) != 2 || v1[1] == 0 || v1[2] == 0 || newest < max(v1[1], v1[2]) {
		t.Fatalf("versions %v (newest %d), want both candidates", v1, newest)
	}
	for _, change := range []struct {
		name string
		fn   func(tx *db.Tx) error
	}{
		{"employment", func(tx *db.Tx) error {
			_, err := db.Upsert(ctx, tx, []db.CandidateEmployment{{ID: 5, CandidateID: 1, Title: "Nurse", UpdatedAt: at}})
			return err
		}},
		{"education", func(tx *db.Tx) error {
			_, err := db.Upsert(ctx, tx, []db.CandidateEducation{{ID: 5, CandidateID: 1, Degree: "BSN", UpdatedAt: at}})
			return err
		}},
		{"title", func(tx *db.Tx) error {
			_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "A", Title: "RN", UpdatedAt: at.Add(time.Hour)}})
			return err
		}},
	} {
		write(change.fn)
		got, next, err := d.DocVersionsSince(ctx, newest)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[1] <= newest || next != got[1] {
			t.Errorf("after a new %s: versions since %d are %v (newest %d), want candidate 1 alone, newer", change.name, newest, got, next)
		}
		newest = next
	}
	// Indexing acknowledges the outbox; the versions stay.
	q, err := d.IndexQueue(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.AckIndexQueue(ctx, q); err != nil {
		t.Fatal(err)
	}
	all, _, err := d.DocVersionsSince(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if all[1] != newest || all[2] != v1[2] {
		t.Errorf("versions after indexing %v, want 1 -> %d and 2 -> %d", all, newest, v1[2])
	}
}

// TestFeatureSourceIsAnAllowList: the learned ranker's view of a candidate
// has exactly the allow-listed fields, and loading it reads the current
// resume, the positions and the degrees without schools or dates.
func TestFeatureSourceIsAnAllowList(t *testing.T) {
	want := []string{"CandidateID", "Name", "Title", "Resume", "Employments", "Degrees"}
	var got []string
	for _, f := range reflect.VisibleFields(reflect.TypeFor[db.FeatureSource]()) {
		got = append(got, f.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FeatureSource fields %v, want %v: a new field is a decision about what the model may learn from", got, want)
	}
	var emp []string
	for _, f := range reflect.VisibleFields(reflect.TypeFor[db.FeatureEmployment]()) {
		emp = append(emp, f.Name)
	}
	if !reflect.DeepEqual(emp, []string{"Title", "Start", "End"}) {
		t.Errorf("FeatureEmployment fields %v", emp)
	}

	ctx := context.Background()
	d := MustOpen(t)
	at := ts("2025-01-01T00:00:00Z")
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "Ada", LastName: "Lovelace", Title: "Analyst",
			EmailAddresses: []db.Contact{{Value: "ada@example.com"}}, UpdatedAt: at}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.CandidateEmployment{{ID: 1, CandidateID: 1, CompanyName: "Acme", Title: "Analyst",
			StartDate: ts("2019-01-01T00:00:00Z"), UpdatedAt: at}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.CandidateEducation{{ID: 1, CandidateID: 1, SchoolName: "Smith College", Degree: "BA",
			Discipline: "Mathematics", EndDate: ts("1998-06-01T00:00:00Z"), UpdatedAt: at}}); err != nil {
			return err
		}
		for i, text := range []string{"old resume", "new resume"} {
			created := at.Add(time.Duration(i) * time.Hour)
			if _, err := db.Upsert(ctx, tx, []db.Attachment{{CandidateID: 1, Type: db.AttachmentResume, Filename: text + ".txt", URL: "https://files.example/" + text, CreatedAt: created}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	atts, err := d.PendingResumes(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range atts {
		if err := d.SaveAttachmentText(ctx, db.AttachmentText{AttachmentID: a.ID, Status: db.TextOK, Text: a.Filename[:len(a.Filename)-4],
			ExtractedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	srcs, err := d.FeatureSources(ctx, []int64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	wantSrc := db.FeatureSource{CandidateID: 1, Name: "Ada Lovelace", Title: "Analyst", Resume: "new resume",
		Employments: []db.FeatureEmployment{{Title: "Analyst", Start: ts("2019-01-01T00:00:00Z")}}, Degrees: []string{"BA Mathematics"}}
	if len(srcs) != 1 || !reflect.DeepEqual(srcs[1], wantSrc) {
		t.Errorf("feature sources %+v, want only %+v", srcs, wantSrc)
	}
}
