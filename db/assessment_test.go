package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

func mustUpsert[T db.Record](t *testing.T, d *db.DB, recs ...T) {
	t.Helper()
	err := d.Update(context.Background(), func(tx *db.Tx) error {
		_, err := db.Upsert(context.Background(), tx, recs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAssessmentKeys(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	k1, err := d.CreateAssessmentKey(ctx, "Greenhouse", "sla_abc", "hash-1")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ByHash", func(t *testing.T) {
		got, err := d.AssessmentKeyByHash(ctx, "hash-1")
		if err != nil || got.ID != k1.ID || got.Prefix != "sla_abc" {
			t.Fatalf("%+v %v", got, err)
		}
		if got, _ := d.AssessmentKeys(ctx); got[0].LastUsedAt.IsZero() {
			t.Fatal("use not noted")
		}
		if _, err := d.AssessmentKeyByHash(ctx, "nope"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("unknown hash: %v", err)
		}
	})
	t.Run("Rotate", func(t *testing.T) {
		k2, err := d.RotateAssessmentKey(ctx, k1.ID, "sla_def", "hash-2")
		if err != nil || k2.Name != "Greenhouse" || k2.ID == k1.ID {
			t.Fatalf("%+v %v", k2, err)
		}
		if _, err := d.AssessmentKeyByHash(ctx, "hash-1"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("the rotated key still works: %v", err)
		}
		if _, err := d.AssessmentKeyByHash(ctx, "hash-2"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.RotateAssessmentKey(ctx, k1.ID, "x", "hash-3"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("rotating a revoked key: %v", err)
		}
		if err := d.RevokeAssessmentKey(ctx, k2.ID); err != nil {
			t.Fatal(err)
		}
		if err := d.RevokeAssessmentKey(ctx, k2.ID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("revoking twice: %v", err)
		}
		if _, err := d.AssessmentKeyByHash(ctx, "hash-2"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("the revoked key still works: %v", err)
		}
	})
	t.Run("RevokeNamed", func(t *testing.T) {
		d.CreateAssessmentKey(ctx, "demo", "sla_1", "h-d1")
		d.CreateAssessmentKey(ctx, "demo", "sla_2", "h-d2")
		d.CreateAssessmentKey(ctx, "other", "sla_3", "h-o")
		if n, err := d.RevokeAssessmentKeysNamed(ctx, "demo"); err != nil || n != 2 {
			t.Fatalf("%d %v", n, err)
		}
		if _, err := d.AssessmentKeyByHash(ctx, "h-o"); err != nil {
			t.Fatal(err)
		}
		st, _ := d.AssessmentStats(ctx)
		if st.LiveKeys != 1 {
			t.Fatalf("%d live keys", st.LiveKeys)
		}
	})
}

func TestAssessmentRequests(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	t0 := ts("2026-03-01T12:00:00Z")
	now := t0
	d.Now = func() time.Time { return now }
	mustUpsert(t, d, db.Candidate{ID: 7, FirstName: "Ada", EmailAddresses: []db.Contact{{Value: "Ada@Example.com", Type: "personal"}}})
	mustUpsert(t, d, db.Application{ID: 70, CandidateID: 7, JobID: 3, Status: "active", CreatedAt: t0})

	r, err := d.CreateAssessmentRequest(ctx, db.AssessmentRequest{ID: "pi-1", JobID: 3, CandidateID: 7, ApplicationID: 70,
		CallbackURL: "https://app.greenhouse.io/x/1", BaseURL: "https://shortlist.example"})
	if err != nil || r.Status != db.AssessmentPending {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := d.CreateAssessmentRequest(ctx, db.AssessmentRequest{ID: "pi-1", JobID: 3}); err == nil {
		t.Fatal("a duplicate id was accepted")
	}
	due := func(at time.Time) []string {
		t.Helper()
		rs, err := d.DueAssessmentRequests(ctx, at, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	if got := due(now); len(got) != 1 {
		t.Fatalf("due %v", got)
	}
	if err := d.DeferAssessmentRequest(ctx, "pi-1", "no resume yet", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := due(now); len(got) != 0 {
		t.Fatalf("deferred but due: %v", got)
	}
	if got := due(now.Add(time.Minute)); len(got) != 1 {
		t.Fatalf("not due after the wait: %v", got)
	}
	if st, _ := d.AssessmentStats(ctx); st.Pending != 1 || st.LastError != "no resume yet" {
		t.Fatalf("stats %+v", st)
	}
	if err := d.CompleteAssessmentRequest(ctx, "pi-1", 81, 12.5, map[string]any{"gaps": "SQL", "requirements_matched": 4}); err != nil {
		t.Fatal(err)
	}
	got, err := d.AssessmentRequest(ctx, "pi-1")
	if err != nil || got.Status != db.AssessmentComplete || got.Score != 81 || got.RawScore != 12.5 || got.Metadata["gaps"] != "SQL" ||
		got.Attempts != 1 || got.CompletedAt.IsZero() {
		t.Fatalf("%+v %v", got, err)
	}
	// The callback is due; a failure puts it off, a success ends it.
	if got := due(now); len(got) != 1 {
		t.Fatalf("callback not due: %v", got)
	}
	d.AssessmentNotified(ctx, "pi-1", "HTTP 502", now.Add(time.Hour))
	if got := due(now); len(got) != 0 {
		t.Fatalf("failed callback due at once: %v", got)
	}
	if next, _ := d.NextAssessmentDue(ctx); !next.Equal(now.Add(time.Hour)) {
		t.Fatalf("next due %v", next)
	}
	d.AssessmentNotified(ctx, "pi-1", "", time.Time{})
	if got := due(now.Add(2 * time.Hour)); len(got) != 0 {
		t.Fatalf("notified but due: %v", got)
	}
	if _, err := d.AssessmentRequest(ctx, "nope"); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}

	t.Run("Lookups", func(t *testing.T) {
		if id, err := d.CandidateIDByEmail(ctx, "ada@example.COM"); err != nil || id != 7 {
			t.Fatalf("%d %v", id, err)
		}
		if _, err := d.CandidateIDByEmail(ctx, "bob@example.com"); !errors.Is(err, db.ErrNotFound) {
			t.Fatal(err)
		}
		if id, err := d.ApplicationToJob(ctx, 7, 3); err != nil || id != 70 {
			t.Fatalf("%d %v", id, err)
		}
		if _, err := d.ApplicationToJob(ctx, 7, 4); !errors.Is(err, db.ErrNotFound) {
			t.Fatal(err)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		for i := range 105 {
			d.SaveAssessmentError(ctx, db.AssessmentError{APICall: "test_status", Errors: []string{"e", string(rune('a' + i%26))}, PartnerInterviewID: "pi-1"})
		}
		es, err := d.RecentAssessmentErrors(ctx, 200)
		if err != nil || len(es) != 100 || es[0].APICall != "test_status" || len(es[0].Errors) != 2 {
			t.Fatalf("%d errors, %v", len(es), err)
		}
	})
	t.Run("CandidateDeleted", func(t *testing.T) {
		err := d.Update(ctx, func(tx *db.Tx) error { return tx.DeleteCandidate(ctx, 7) })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.AssessmentRequest(ctx, "pi-1"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("a deleted candidate's test stayed: %v", err)
		}
	})
}

func TestScoreWrites(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	mustUpsert(t, d,
		db.Application{ID: 1, CandidateID: 10, JobID: 5, Status: "active"},
		db.Application{ID: 2, CandidateID: 11, JobID: 5, Status: "active"},
		db.Application{ID: 3, CandidateID: 12, JobID: 4, Status: "rejected"},
		db.Application{ID: 4, CandidateID: 13, Prospect: true, Status: "active", ProspectiveJobIDs: []int64{5}},
		db.Application{ID: 5, CandidateID: 14, JobID: 4, Status: "active"})
	targets := func() []db.ScoreTarget {
		t.Helper()
		ts, err := d.ScoreTargets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	ts := targets()
	if len(ts) != 3 || ts[0].ApplicationID != 5 || ts[1].ApplicationID != 1 || ts[2].ApplicationID != 2 || ts[0].Written.ApplicationID != 0 {
		t.Fatalf("targets %+v: want the active applications to jobs, by job", ts)
	}

	if err := d.BeginScoreWrite(ctx, 1, 5, "score", "81", "in-1"); err != nil {
		t.Fatal(err)
	}
	doubt, _ := d.ScoreWritesInDoubt(ctx)
	if len(doubt) != 1 || doubt[0].PendingValue != "81" || doubt[0].Value != "" || !doubt[0].Pending {
		t.Fatalf("in doubt %+v", doubt)
	}
	if err := d.FinishScoreWrite(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := d.FinishScoreWrite(ctx, 1); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("finishing twice: %v", err)
	}
	w, _ := d.ScoreWriteFor(ctx, 1)
	if w.Value != "81" || w.FieldKey != "score" || w.Inputs != "in-1" || w.Pending || w.WrittenAt.IsZero() {
		t.Fatalf("after finish %+v", w)
	}
	// A refused rewrite keeps what Greenhouse holds.
	d.BeginScoreWrite(ctx, 1, 5, "score", "90", "in-2")
	if err := d.AbandonScoreWrite(ctx, 1, "HTTP 422"); err != nil {
		t.Fatal(err)
	}
	w, _ = d.ScoreWriteFor(ctx, 1)
	if w.Value != "81" || w.Inputs != "in-1" || w.Pending || w.Error != "HTTP 422" {
		t.Fatalf("after abandon %+v", w)
	}
	// New inputs, same value: noted without a write.
	if err := d.NoteScoreInputs(ctx, []db.ScoreWrite{{ApplicationID: 1, FieldKey: "score", Value: "81", Inputs: "in-3"}}); err != nil {
		t.Fatal(err)
	}
	if w, _ = d.ScoreWriteFor(ctx, 1); w.Inputs != "in-3" {
		t.Fatalf("inputs %q", w.Inputs)
	}
	ts = targets()
	if ts[1].Written.Value != "81" || ts[1].Written.Inputs != "in-3" {
		t.Fatalf("target's state %+v", ts[1].Written)
	}
	st, _ := d.ScoreWriteStats(ctx)
	if st.Written != 1 || st.InDoubt != 0 || st.Failed != 1 {
		t.Fatalf("stats %+v", st)
	}
	// Greenhouse deleted the application: its state goes.
	err := d.Update(ctx, func(tx *db.Tx) error { _, err := tx.DeleteByID(ctx, "applications", 1, time.Now()); return err })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ScoreWriteFor(ctx, 1); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("state of a deleted application: %v", err)
	}
}
