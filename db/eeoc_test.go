package db_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// eeocFixture stores two candidates with applications to job 9 and EEOC
// answers, and empties the index queue.
func eeocFixture(t *testing.T) *db.DB {
	t.Helper()
	ctx := context.Background()
	d := MustOpen(t)
	at := ts("2026-03-01T10:00:00Z")
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 1, FirstName: "Ada", UpdatedAt: at}, {ID: 2, FirstName: "Bo", UpdatedAt: at}}); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, []db.Application{{ID: 11, CandidateID: 1, JobID: 9, Status: "active", UpdatedAt: at},
			{ID: 12, CandidateID: 1, JobID: 8, Status: "active", UpdatedAt: at}, {ID: 21, CandidateID: 2, JobID: 9, Status: "active", UpdatedAt: at}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.EEOC{
			{ApplicationID: 11, GHID: 511, CandidateID: 1, GenderID: 2, Gender: "Female", RaceID: 2, Race: "Asian", SubmittedAt: at, UpdatedAt: at},
			{ApplicationID: 12, GHID: 512, CandidateID: 1, GenderID: 2, Gender: "Female", SubmittedAt: at, UpdatedAt: at},
			{ApplicationID: 21, GHID: 521, CandidateID: 2, GenderID: 1, Gender: "Male", RaceID: 5, Race: "White", SubmittedAt: at, UpdatedAt: at},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	q, err := d.IndexQueue(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.AckIndexQueue(ctx, q); err != nil {
		t.Fatal(err)
	}
	return d
}

func eeocOf(t *testing.T, d *db.DB) map[int64]db.AuditEEOC {
	t.Helper()
	rows, err := d.EEOCForAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]db.AuditEEOC{}
	for _, r := range rows {
		out[r.ApplicationID] = r
	}
	return out
}

func TestEEOCForAudit(t *testing.T) {
	d := eeocFixture(t)
	got := eeocOf(t, d)
	if len(got) != 3 {
		t.Fatalf("%d answers, want 3", len(got))
	}
	if e := got[11]; e.CandidateID != 1 || e.JobID != 9 || e.Gender != "Female" || e.Race != "Asian" || e.SubmittedAt.IsZero() {
		t.Errorf("application 11: %+v", e)
	}
	if e := got[12]; e.JobID != 8 || e.Race != "" {
		t.Errorf("application 12 (race left blank): %+v", e)
	}
}

// TestEEOCNeverQueuesTheIndex: the answers are not part of any search
// document, so storing or changing them queues nobody for reindexing.
func TestEEOCNeverQueuesTheIndex(t *testing.T) {
	ctx := context.Background()
	d := eeocFixture(t)
	err := d.Update(ctx, func(tx *db.Tx) error {
		n, err := db.Upsert(ctx, tx, []db.EEOC{{ApplicationID: 11, GHID: 511, CandidateID: 1, GenderID: 1, Gender: "Male",
			RaceID: 3, Race: "Black or African American", UpdatedAt: ts("2026-03-02T10:00:00Z")}})
		if n != 1 {
			t.Errorf("changed %d rows, want 1", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := eeocOf(t, d)[11]; got.Race != "Black or African American" {
		t.Fatalf("the change was not stored: %+v", got)
	}
	if n, err := d.IndexQueueLen(ctx); err != nil || n != 0 {
		t.Errorf("index queue holds %d entries after an EEOC change (err %v), want 0", n, err)
	}
}

func TestEEOCWithoutApplicationIsRefused(t *testing.T) {
	ctx := context.Background()
	d := eeocFixture(t)
	err := d.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.EEOC{{CandidateID: 1, Gender: "Male"}})
		return err
	})
	if err == nil {
		t.Fatal("an EEOC answer without an application was stored")
	}
	if len(eeocOf(t, d)) != 3 {
		t.Error("the refused write changed the stored answers")
	}
}

// TestEEOCErasedWithTheCandidate: deleting or anonymizing a person removes
// their answers for good (a copy read before cannot come back); deleting
// an application removes its answers; a merge moves them to the survivor.
func TestEEOCErasedWithTheCandidate(t *testing.T) {
	ctx := context.Background()
	at := ts("2026-04-01T00:00:00Z")
	stale := []db.EEOC{{ApplicationID: 11, GHID: 511, CandidateID: 1, Gender: "Female", UpdatedAt: ts("2026-03-01T10:00:00Z")},
		{ApplicationID: 12, CandidateID: 1, Gender: "Female"}} // a v1 copy, undated
	tests := []struct {
		name   string
		apply  func(tx *db.Tx) error
		remain []int64 // applications whose answers remain
		owner  int64   // candidate of application 21's answers afterwards
	}{
		{"delete_candidate", func(tx *db.Tx) error { _, err := tx.DeleteByID(ctx, "candidates", 1, at); return err }, []int64{21}, 2},
		{"anonymize", func(tx *db.Tx) error { return tx.AnonymizeCandidate(ctx, 1, []string{"full_name"}, at) }, []int64{21}, 2},
		{"delete_application", func(tx *db.Tx) error { _, err := tx.DeleteByID(ctx, "applications", 11, at); return err }, []int64{12, 21}, 2},
		{"merge", func(tx *db.Tx) error { return tx.MergeCandidates(ctx, 2, 1, at) }, []int64{11, 12, 21}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := eeocFixture(t)
			if err := d.Update(ctx, tt.apply); err != nil {
				t.Fatal(err)
			}
			check := func(when string) {
				t.Helper()
				got := eeocOf(t, d)
				if len(got) != len(tt.remain) {
					t.Errorf("%s: answers of applications %v remain, want %v", when, keys(got), tt.remain)
				}
				for _, id := range tt.remain {
					if _, ok := got[id]; !ok {
						t.Errorf("%s: the answers of application %d are gone", when, id)
					}
				}
				if e, ok := got[21]; ok && e.CandidateID != tt.owner {
					t.Errorf("%s: application 21's answers belong to %d, want %d", when, e.CandidateID, tt.owner)
				}
			}
			check("after")
			// A sync that read the answers before the erasure stores them again.
			if tt.name != "merge" {
				err := d.Update(ctx, func(tx *db.Tx) error { _, err := db.Upsert(ctx, tx, stale); return err })
				if err != nil {
					t.Fatal(err)
				}
				if tt.name == "delete_application" {
					// Only the deleted application's answers stay away.
					if _, back := eeocOf(t, d)[11]; back {
						t.Error("a stale copy brought back the deleted application's answers")
					}
					return
				}
				check("after a stale copy")
			}
		})
	}
}

func keys[V any](m map[int64]V) []int64 {
	var out []int64
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The answers live apart from everything a candidate's profile holds.
func TestProfileHasNoEEOC(t *testing.T) {
	d := eeocFixture(t)
	p, err := d.CandidateProfile(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprintf("%+v", p); strings.Contains(s, "Female") || strings.Contains(s, "Asian") {
		t.Errorf("candidate profile carries EEOC answers: %s", s)
	}
}
