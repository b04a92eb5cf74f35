package learner_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/app/learner/learntest"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// features returns candidate id's raw feature values in a job's Applied
// Only ranking, as a fresh learner computes them from the database.
func (w *world) features(t *testing.T, job search.Job, id int64) map[string]float64 {
	t.Helper()
	l := learner.New(w.db, w.ix, learner.Options{JobText: jobText, Now: func() time.Time { return w.now }})
	m := learn.Untrained()
	m.Weights[learn.TitleMatch] = 1
	l.Use(m)
	ex, err := l.Explain(context.Background(), job, search.RankOptions{AppliedOnly: true}, id)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Found {
		t.Fatalf("candidate %d is not among the applicants", id)
	}
	out := map[string]float64{}
	for _, r := range ex.Rows {
		out[r.Feature] = r.Value
	}
	return out
}

// TestFeaturesIgnoreIdentityEndToEnd changes everything about who a
// candidate is in the database — name (in the resume too), e-mail and
// phone (ditto), school and education dates, tags, and EEOC-like answers
// in the raw candidate and application records — and nothing of what
// they did: no feature may change, from the database to the vector.
func TestFeaturesIgnoreIdentityEndToEnd(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 4, Jobs: 2, Applicants: 8})
	var app learntest.Planted
	for _, a := range w.w.Applications {
		if a.JobID == w.w.JobIDs[0] && (app.ID == 0 || a.ID < app.ID) {
			app = a
		}
	}
	job := jobText(mustJob(t, w.db, app.JobID))
	prof, err := w.db.CandidateProfile(ctx, app.CandidateID)
	if err != nil {
		t.Fatal(err)
	}
	c := prof.Candidate
	at := c.UpdatedAt
	eduAt := time.Date(2010, 6, 1, 0, 0, 0, 0, time.UTC)
	who := func(first, last, email, phone, school string, grad time.Time, raw string) {
		t.Helper()
		err := w.db.Update(ctx, func(tx *db.Tx) error {
			at = at.Add(time.Hour)
			cand := c
			cand.FirstName, cand.LastName, cand.UpdatedAt = first, last, at
			cand.EmailAddresses = []db.Contact{{Value: email, Type: "personal"}}
			cand.PhoneNumbers = []db.Contact{{Value: phone, Type: "mobile"}}
			cand.Tags = []string{"tag-" + first}
			cand.Raw = json.RawMessage(raw)
			if _, err := db.Upsert(ctx, tx, []db.Candidate{cand}); err != nil {
				return err
			}
			if _, err := db.Upsert(ctx, tx, []db.CandidateEducation{{ID: app.CandidateID, CandidateID: app.CandidateID, SchoolName: school,
				Degree: "BSc", Discipline: "Computer Science", StartDate: grad.AddDate(-4, 0, 0), EndDate: grad, UpdatedAt: at}}); err != nil {
				return err
			}
			a := db.Application{ID: app.ID}
			for _, pa := range prof.Applications {
				if pa.ID == app.ID {
					a = pa.Application
				}
			}
			a.UpdatedAt, a.Raw = at, json.RawMessage(`{"eeoc":`+raw+`}`)
			_, err := db.Upsert(ctx, tx, []db.Application{a})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		text := w.w.Resumes[app.CandidateID]
		for _, r := range []struct{ old, new string }{
			{prof.Candidate.FirstName, first}, {prof.Candidate.LastName, last}, {strings.ToLower(prof.Candidate.FirstName) + "@example.com", email},
		} {
			text = strings.ReplaceAll(text, r.old, r.new)
		}
		text += "\nContact: " + email + " " + phone + "\n"
		if err := w.db.SaveAttachmentText(ctx, db.AttachmentText{AttachmentID: prof.ResumeFile.ID, Status: db.TextOK, Text: text, ExtractedAt: at}); err != nil {
			t.Fatal(err)
		}
		w.index(t)
	}
	who("Jane", "Doe", "jane.doe@example.com", "(555) 123-4567", "Smith College", eduAt,
		`{"gender":"Female","race":"Asian","veteran_status":"I am not a protected veteran","disability_status":"No","birth_year":1988}`)
	a := w.features(t, job, app.CandidateID)
	who("Omar", "Ali", "omar.ali@example.org", "(555) 987-6543", "Morehouse College", eduAt.AddDate(-25, 0, 0),
		`{"gender":"Male","race":"Black or African American","veteran_status":"I identify as a protected veteran","disability_status":"Yes","birth_year":1961}`)
	b := w.features(t, job, app.CandidateID)
	if len(a) != int(learn.NumFeatures) {
		t.Fatalf("features %v", a)
	}
	// Equal up to floating-point rounding: the lexical score is a sum the
	// index may add up in another order.
	for f, v := range a {
		if math.Abs(b[f]-v) > 1e-9*max(1, math.Abs(v)) {
			t.Errorf("%s: %v for one identity, %v for the other", f, v, b[f])
		}
	}
	if a["relevant_years"] == 0 || a["terms_matched"] == 0 {
		t.Errorf("features %v: what the candidate did should count", a)
	}
}

// TestCacheFollowsChanges: a change to what a candidate did reaches the
// features of a learner that had them cached.
func TestCacheFollowsChanges(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 5, Jobs: 2, Applicants: 8})
	m := learn.Untrained()
	m.Weights[learn.RelevantYears] = 1
	w.l.Use(m)
	var app learntest.Planted
	for _, a := range w.w.Applications {
		if a.JobID == w.w.JobIDs[0] {
			app = a
			break
		}
	}
	job := jobText(mustJob(t, w.db, app.JobID))
	years := func() float64 {
		t.Helper()
		ex, err := w.l.Explain(ctx, job, search.RankOptions{AppliedOnly: true}, app.CandidateID)
		if err != nil || !ex.Found {
			t.Fatalf("explain: %+v, %v", ex, err)
		}
		for _, r := range ex.Rows {
			if r.Feature == "relevant_years" {
				return r.Value
			}
		}
		t.Fatal("no relevant_years row")
		return 0
	}
	before := years()
	if st := w.l.CacheStats(); st.Entries == 0 {
		t.Fatalf("nothing cached: %+v", st)
	}
	// Twenty more years in the role.
	err := w.db.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.CandidateEmployment{{ID: app.CandidateID*10 + 1, CandidateID: app.CandidateID, CompanyName: "Acme",
			Title: mustJob(t, w.db, app.JobID).Name, StartDate: time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: w.now}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.index(t)
	deadline := time.Now().Add(10 * time.Second)
	for years() == before {
		if time.Now().After(deadline) {
			t.Fatalf("relevant_years still %v 10 s after the change", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestDue: the first run waits for enough decisions, the next ones for
// RetrainAfter new decisions or a day.
func TestDue(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, learntest.Config{Labels: learntest.Signal, Seed: 6, Jobs: 4, Applicants: 10})
	due, why, err := w.l.Due(ctx)
	if err != nil || due {
		t.Fatalf("due with 40 decisions (%q, %v)", why, err)
	}
	learntest.Plant(t, w.db, learntest.Config{Labels: learntest.Signal, Seed: 7, IDBase: 1_000_000, Jobs: 2, Applicants: 5})
	if due, why, err = w.l.Due(ctx); err != nil || !due {
		t.Fatalf("not due with 50 decisions (%q, %v)", why, err)
	}
	w.index(t)
	if _, err := w.l.Train(ctx); err != nil {
		t.Fatal(err)
	}
	if due, why, _ = w.l.Due(ctx); due {
		t.Fatalf("due right after a run: %s", why)
	}
	// RetrainAfter (25) new decisions: 24 are not enough, the 25th is.
	learntest.Plant(t, w.db, learntest.Config{Labels: learntest.Signal, Seed: 8, IDBase: 2_000_000, Jobs: 2, Applicants: 12})
	if due, why, _ = w.l.Due(ctx); due {
		t.Fatalf("due after 24 new decisions: %s", why)
	}
	learntest.Plant(t, w.db, learntest.Config{Labels: learntest.Signal, Seed: 9, IDBase: 3_000_000, Jobs: 1, Applicants: 1})
	if due, why, _ = w.l.Due(ctx); !due || !strings.Contains(why, "25 new decisions") {
		t.Fatalf("not due after 25 new decisions (%v, %q)", due, why)
	}
	if _, err := w.l.Train(ctx); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(25 * time.Hour)
	if due, why, _ = w.l.Due(ctx); !due || !strings.Contains(why, "old") {
		t.Errorf("not due a day later (%v, %q)", due, why)
	}
}
