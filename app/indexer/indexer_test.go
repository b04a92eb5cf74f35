package indexer_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/indexer"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

type fixture struct {
	dir string
	db  *db.DB
	ix  *search.Index
	x   *indexer.Indexer
}

func open(t *testing.T, dir string) *fixture {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "shortlist.db"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{dir: dir, db: d, ix: ix, x: indexer.New(d, ix, nil)}
	t.Cleanup(f.close)
	return f
}

func (f *fixture) close() {
	f.ix.Close()
	f.db.Close()
}

// addCandidate stores a candidate, an application and a resume's text in
// one transaction, as a sync would.
func (f *fixture) addCandidate(t *testing.T, id, jobID int64, resume string) {
	t.Helper()
	ctx := context.Background()
	var att []db.Attachment
	err := f.db.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: id, FirstName: "C", LastName: "Number", Title: "Engineer", Raw: []byte(`{}`)}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.Application{{ID: id * 10, CandidateID: id, JobID: jobID, Status: db.StatusActive, Raw: []byte(`{}`)}}); err != nil {
			return err
		}
		var err error
		att, err = db.UpsertAttachments(ctx, tx, []db.Attachment{{CandidateID: id, Type: "resume", Filename: "cv.txt", CreatedAt: time.Unix(1700000000, 0), Raw: []byte(`{}`)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.SaveAttachmentText(ctx, db.AttachmentText{AttachmentID: att[0].ID, Status: db.TextOK, Text: resume}); err != nil {
		t.Fatal(err)
	}
}

// fillers stores candidates from unrelated fields, so that document
// frequencies look like a real company's rather than a three-person one's.
func (f *fixture) fillers(t *testing.T) {
	texts := []string{"sales quota pipeline prospecting", "payroll benefits onboarding", "welding fabrication blueprint",
		"classroom curriculum lesson planning", "litigation contracts compliance", "forklift warehouse inventory",
		"social media campaigns copywriting", "customer support tickets escalation", "java spring microservices", "tax audit ledger"}
	for i, text := range texts {
		for j := 0; j < 3; j++ {
			f.addCandidate(t, int64(1000+i*10+j), 999, text)
		}
	}
}

func (f *fixture) rank(t *testing.T, jobID int64, text string, appliedOnly bool) []int64 {
	t.Helper()
	r, err := f.ix.Rank(context.Background(), search.Job{ID: jobID, Title: text, Text: text}, search.RankOptions{AppliedOnly: appliedOnly})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestIndexFollowsTheDatabase(t *testing.T) {
	ctx := context.Background()
	f := open(t, t.TempDir())
	if _, err := f.x.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.fillers(t)
	f.addCandidate(t, 1, 100, "Kubernetes operator written in Go, Terraform, AWS")
	f.addCandidate(t, 2, 200, "Pastry chef: laminated doughs, sourdough, plating")
	f.addCandidate(t, 3, 100, "Line cook, sourdough bread and pastry")
	if n, err := f.x.Drain(ctx); err != nil || n != 33 {
		t.Fatalf("drained %d, %v; want 33", n, err)
	}
	if got := f.rank(t, 100, "pastry chef sourdough", false); len(got) != 2 || got[0] != 2 {
		t.Errorf("pastry ranking = %v, want 2 (pastry, chef, sourdough) before 3 (pastry, sourdough)", got)
	}
	// Job 100's applicants are 3 (a cook) and 1 (an engineer, who shares
	// no term with the query and comes last).
	if got := f.rank(t, 100, "pastry chef sourdough", true); len(got) != 2 || got[0] != 3 || got[1] != 1 {
		t.Errorf("applied-only pastry ranking for job 100 = %v, want [3 1]", got)
	}

	// A deletion reaches the index too.
	err := f.db.Update(ctx, func(tx *db.Tx) error { return tx.DeleteCandidate(ctx, 2) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.rank(t, 100, "pastry chef sourdough", false); len(got) != 1 || got[0] != 3 {
		t.Errorf("after deleting candidate 2 the ranking is %v", got)
	}
	if n, _ := f.db.IndexQueueLen(ctx); n != 0 {
		t.Errorf("outbox still holds %d entries", n)
	}
}

// TestCrashBetweenDatabaseAndIndexLosesNothing commits changes, then stops
// before the indexer sees them, as a crash would; the next start catches
// up.
func TestCrashBetweenDatabaseAndIndexLosesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := open(t, dir)
	if _, err := f.x.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.fillers(t)
	f.addCandidate(t, 1, 100, "Registered nurse, intensive care unit, triage")
	if _, err := f.x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	f.addCandidate(t, 2, 100, "Nurse practitioner, emergency triage, pediatrics")
	f.close() // "crash": the index never saw candidate 2

	g := open(t, dir)
	if _, err := g.x.EnsureFresh(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := g.rank(t, 100, "nurse triage pediatrics", false); len(got) != 2 || got[0] != 2 {
		t.Errorf("after restart the ranking is %v, want candidate 2 first", got)
	}
}

func TestLostIndexIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := open(t, dir)
	for i := int64(1); i <= 5; i++ {
		f.addCandidate(t, i, 7, "accountant ledger reconciliation audit")
	}
	if rebuilt, err := f.x.EnsureFresh(ctx, nil); err != nil || !rebuilt {
		t.Fatalf("first EnsureFresh: rebuilt=%v err=%v, want a build", rebuilt, err)
	}
	// Documents vanish from the index behind the indexer's back.
	if err := f.ix.Delete(1, 2); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := f.x.EnsureFresh(ctx, nil)
	if err != nil || !rebuilt {
		t.Fatalf("EnsureFresh after losing documents: rebuilt=%v err=%v", rebuilt, err)
	}
	if n, _ := f.ix.DocCount(); n != 5 {
		t.Errorf("index holds %d documents, want 5", n)
	}
	if rebuilt, _ := f.x.EnsureFresh(ctx, nil); rebuilt {
		t.Error("an index in step with the database was rebuilt again")
	}
}

func TestDocument(t *testing.T) {
	p := db.CandidateProfile{
		Candidate: db.Candidate{ID: 9, FirstName: "Ada", LastName: "Lovelace", Title: "Analyst", Company: "Engines Ltd", Tags: []string{"math"}},
		Employments: []db.CandidateEmployment{{CompanyName: "Engines Ltd", Title: "Analyst",
			StartDate: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}},
		Educations:   []db.CandidateEducation{{SchoolName: "London", Degree: "BSc", Discipline: "Mathematics"}},
		Applications: []db.ApplicationSummary{{Application: db.Application{JobID: 4, Status: db.StatusRejected}}, {Application: db.Application{Prospect: true}}},
		Resume:       db.AttachmentText{Text: "numbers"},
	}
	d := indexer.Document(p)
	if d.Name != "Ada Lovelace" || d.Resume != "numbers" || len(d.AppliedJobIDs) != 1 || d.Statuses[0] != search.StatusKey(4, db.StatusRejected) {
		t.Errorf("document = %+v", d)
	}
	if d.Employments[0] != "Analyst at Engines Ltd (2019–present)" || d.Educations[0] != "BSc Mathematics, London" {
		t.Errorf("lines = %q, %q", d.Employments, d.Educations)
	}
	if d.Private {
		t.Error("a public candidate is indexed as private")
	}
	p.Candidate.Private = true
	if !indexer.Document(p).Private {
		t.Error("a private candidate is indexed as public")
	}
}

// TestProspectsAreAppliedForTheirJobs: a prospect application has no job
// but lists prospective jobs; the candidate counts as applied to each, so
// Applied Only for any of those jobs lists them, with the application's
// status.
func TestProspectsAreAppliedForTheirJobs(t *testing.T) {
	ctx := context.Background()
	f := open(t, t.TempDir())
	f.fillers(t)
	f.addCandidate(t, 1, 5, "registered nurse intensive care")
	err := f.db.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 2, FirstName: "Pat", LastName: "Prospect", Raw: []byte(`{}`)}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.Application{{ID: 20, CandidateID: 2, Prospect: true, ProspectiveJobIDs: []int64{5, 6},
			Status: db.StatusActive, Raw: []byte(`{}`)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	for _, job := range []int64{5, 6} {
		got := f.rank(t, job, "registered nurse", true)
		want := map[int64]bool{2: true, 1: job == 5}
		if len(got) != map[int64]int{5: 2, 6: 1}[job] {
			t.Fatalf("job %d Applied Only: %v", job, got)
		}
		for _, id := range got {
			if !want[id] {
				t.Fatalf("job %d Applied Only: %v", job, got)
			}
		}
	}
	r, err := f.ix.Rank(ctx, search.Job{ID: 6, Title: "nurse", Text: "nurse"},
		search.RankOptions{AppliedOnly: true, Status: db.StatusActive})
	if err != nil || len(r.Hits) != 1 || r.Hits[0].ID != 2 {
		t.Fatalf("job 6, active only: %+v, %v", r, err)
	}
}
