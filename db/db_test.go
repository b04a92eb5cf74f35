package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// MustOpen opens a fresh database file in a temp dir.
func MustOpen(tb testing.TB) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), filepath.Join(tb.TempDir(), "shortlist.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	c, err := d.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c[table]
}

func TestOpenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for i := 0; i < 2; i++ {
		d, err := db.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		ok, err := d.SchemaUpToDate(context.Background())
		if err != nil || !ok {
			t.Fatalf("schema up to date = %v, %v", ok, err)
		}
		d.Close()
	}
}

func TestUpsertKeepsNewer(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	put := func(c db.Candidate) int {
		var n int
		err := d.Update(ctx, func(tx *db.Tx) error {
			var err error
			n, err = db.Upsert(ctx, tx, []db.Candidate{c})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	newer := db.Candidate{ID: 1, FirstName: "Ada", Title: "Engineer", UpdatedAt: ts("2026-01-02T00:00:00Z"), Raw: []byte(`{"v":2}`)}
	older := db.Candidate{ID: 1, FirstName: "Ada", Title: "Intern", UpdatedAt: ts("2026-01-01T00:00:00Z"), Raw: []byte(`{"v":1}`)}
	tests := []struct {
		name      string
		rec       db.Candidate
		wantN     int
		wantTitle string
	}{
		{"insert", newer, 1, "Engineer"},
		{"identical is a no-op", newer, 0, "Engineer"},
		{"older is ignored", older, 0, "Engineer"},
		{"newer wins", db.Candidate{ID: 1, FirstName: "Ada", Title: "Lead", UpdatedAt: ts("2026-01-03T00:00:00Z"), Raw: []byte(`{"v":3}`)}, 1, "Lead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := put(tt.rec); got != tt.wantN {
				t.Errorf("changed = %d, want %d", got, tt.wantN)
			}
			p, err := d.CandidateProfile(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if p.Candidate.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", p.Candidate.Title, tt.wantTitle)
			}
		})
	}
}

func TestOutboxFollowsCommittedChanges(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 7, FirstName: "A", Raw: []byte(`{}`)}, {ID: 8, FirstName: "B", Raw: []byte(`{}`)}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.Application{{ID: 70, CandidateID: 7, JobID: 1, Status: db.StatusActive, Raw: []byte(`{}`)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	q, err := d.IndexQueue(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 {
		t.Fatalf("queue = %v, want candidates 7 and 8 once each", q)
	}

	// A rolled-back change queues nothing.
	_ = d.Update(ctx, func(tx *db.Tx) error {
		db.Upsert(ctx, tx, []db.Candidate{{ID: 9, FirstName: "C", Raw: []byte(`{}`)}})
		return context.Canceled
	})
	if n, _ := d.IndexQueueLen(ctx); n != 2 {
		t.Fatalf("after rollback queue length = %d, want 2", n)
	}

	// A change after the read re-queues with a newer seq, which the ack of
	// the older entry must not remove.
	err = d.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 7, FirstName: "A2", Raw: []byte(`{"x":1}`)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.AckIndexQueue(ctx, q); err != nil {
		t.Fatal(err)
	}
	left, _ := d.IndexQueue(ctx, 10)
	if len(left) != 1 || left[0].CandidateID != 7 {
		t.Fatalf("left = %v, want candidate 7 re-queued", left)
	}
}

func TestSweepAfterFullPass(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	old := ts("2026-01-01T00:00:00Z")
	passStart := ts("2026-02-01T00:00:00Z")
	err := d.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.Job{
			{ID: 1, Name: "kept", UpdatedAt: old},
			{ID: 2, Name: "gone from Greenhouse", UpdatedAt: old},
			{ID: 3, Name: "arrived during the pass", UpdatedAt: passStart.Add(time.Minute)},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = d.Update(ctx, func(tx *db.Tx) error {
		if err := tx.ClearSeen(ctx, "jobs"); err != nil {
			return err
		}
		if err := db.MarkSeen(ctx, tx, []db.Job{{ID: 1}}); err != nil {
			return err
		}
		n, err := tx.Sweep(ctx, []string{"jobs"}, db.SweepOptions{PassStarted: passStart})
		if n != 1 {
			t.Errorf("swept %d, want 1", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, d, "jobs"); got != 2 {
		t.Errorf("jobs left = %d, want 2", got)
	}
	sw, err := d.Sweeps(ctx, "jobs")
	if err != nil {
		t.Fatal(err)
	}
	if len(sw) != 1 || sw[0].Removed != 1 || sw[0].Stored != 3 || sw[0].Seen != 1 || sw[0].Outcome != db.SweepDone || sw[0].At.IsZero() {
		t.Errorf("sweep record = %+v, want one done sweep of 3 stored, 1 seen, 1 removed", sw)
	}
}

func TestSweepAllowed(t *testing.T) {
	tests := []struct {
		name                  string
		stored, seen, removed int
		want                  bool
	}{
		{"nothing to remove", 100, 100, 0, true},
		{"empty table, empty walk", 0, 0, 0, true},
		{"empty walk of a full table", 12000, 0, 12000, false},
		{"empty walk of one row", 1, 0, 1, false},
		{"empty walk, rows updated during the pass stay", 10, 0, 8, false},
		{"lookup of 3 going to 2", 3, 2, 1, true},
		{"lookup of 3 going to 1", 3, 1, 2, true},
		{"lookup of 4 going to 1", 4, 1, 3, true},
		{"lookup of 6 going to 2", 6, 2, 4, false},
		{"half kept", 1000, 500, 500, true},
		{"just under half kept", 1000, 499, 501, false},
		{"partial walk", 120, 20, 100, false},
		{"ordinary deletions", 20000, 19950, 50, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := db.SweepAllowed(tt.stored, tt.seen, tt.removed); got != tt.want {
				t.Errorf("SweepAllowed(stored %d, seen %d, remove %d) = %v, want %v", tt.stored, tt.seen, tt.removed, got, tt.want)
			}
		})
	}
}

// TestSweepRefusedKeepsEveryRow: a walk that saw a few candidates and no
// educations removes nothing from either table (one walk fills both), and
// the refusal is recorded.
func TestSweepRefusedKeepsEveryRow(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	old := ts("2026-01-01T00:00:00Z")
	var cands []db.Candidate
	var edus []db.CandidateEducation
	for i := int64(1); i <= 10; i++ {
		cands = append(cands, db.Candidate{ID: i, FirstName: "C", UpdatedAt: old, Raw: []byte(`{}`)})
		edus = append(edus, db.CandidateEducation{ID: 100 + i, CandidateID: i, Raw: []byte(`{}`)})
	}
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, cands); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, edus)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// sweep marks what a walk saw and sweeps; a refusal is committed (its
	// record stays) and returned.
	sweep := func(o db.SweepOptions, seen []db.Candidate, seenEdu []db.CandidateEducation) (int, error) {
		var n int
		var sweepErr error
		err := d.Update(ctx, func(tx *db.Tx) error {
			if err := db.MarkSeen(ctx, tx, seen); err != nil {
				return err
			}
			if err := db.MarkSeen(ctx, tx, seenEdu); err != nil {
				return err
			}
			n, sweepErr = tx.Sweep(ctx, []string{"candidates", "candidate_educations"}, o)
			var refused *db.SweepRefusedError
			if errors.As(sweepErr, &refused) {
				return nil
			}
			return sweepErr
		})
		if err != nil {
			t.Fatal(err)
		}
		return n, sweepErr
	}
	t.Run("Refused", func(t *testing.T) {
		_, err := sweep(db.SweepOptions{PassStarted: ts("2026-02-01T00:00:00Z")}, cands[:2], nil)
		var refused *db.SweepRefusedError
		if !errors.As(err, &refused) {
			t.Fatalf("err = %v, want *SweepRefusedError", err)
		}
		if len(refused.Counts) != 2 {
			t.Fatalf("refused %+v, want both tables", refused.Counts)
		}
		for _, want := range []string{"Greenhouse listed 2 candidates but 10 are stored", "Greenhouse listed no candidate educations but 10 are stored"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if c, e := count(t, d, "candidates"), count(t, d, "candidate_educations"); c != 10 || e != 10 {
			t.Errorf("after a refused sweep: %d candidates, %d educations; want 10 and 10", c, e)
		}
		sw, err := d.RecentSweeps(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(sw) != 2 || sw[0].Outcome != db.SweepRefused || sw[0].Removed != 0 {
			t.Errorf("recorded %+v, want two refused sweeps", sw)
		}
	})
	t.Run("OneTableRefusedSparesTheOther", func(t *testing.T) {
		// Nine educations of ten seen (removing one would be fine) but only
		// two candidates: the walk is not trusted for either table.
		_, err := sweep(db.SweepOptions{PassStarted: ts("2026-02-01T00:00:00Z")}, cands[:2], edus[:9])
		var refused *db.SweepRefusedError
		if !errors.As(err, &refused) || len(refused.Counts) != 1 || refused.Counts[0].Table != "candidates" {
			t.Fatalf("err = %v, want candidates refused", err)
		}
		if c, e := count(t, d, "candidates"), count(t, d, "candidate_educations"); c != 10 || e != 10 {
			t.Errorf("%d candidates and %d educations left, want 10 and 10", c, e)
		}
	})
	t.Run("AllowShrink", func(t *testing.T) {
		n, err := sweep(db.SweepOptions{PassStarted: ts("2026-02-01T00:00:00Z"), AllowShrink: true}, cands[:2], edus[:2])
		if err != nil {
			t.Fatal(err)
		}
		if n != 16 || count(t, d, "candidates") != 2 || count(t, d, "candidate_educations") != 2 {
			t.Errorf("forced sweep removed %d, left %d candidates", n, count(t, d, "candidates"))
		}
		sw, err := d.Sweeps(ctx, "candidates")
		if err != nil {
			t.Fatal(err)
		}
		if last := sw[len(sw)-1]; last.Outcome != db.SweepForced || last.Removed != 8 {
			t.Errorf("last candidates sweep = %+v, want forced, 8 removed", last)
		}
	})
}

func TestAttachmentsKeepIdentityAcrossVersions(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	created := ts("2025-05-01T10:00:00Z")
	var ids []int64
	// The same file, first as v1 shows it (no id), then as v3 does (with an
	// id and a fresh signed URL): one row.
	for _, a := range []db.Attachment{
		{CandidateID: 5, Type: "resume", Filename: "cv.pdf", URL: "https://x/1?sig=a", CreatedAt: created, Raw: []byte(`{"a":1}`)},
		{GHID: 99, CandidateID: 5, Type: "resume", Filename: "cv.pdf", URL: "https://x/1?sig=b", CreatedAt: created, Raw: []byte(`{"a":2}`)},
	} {
		err := d.Update(ctx, func(tx *db.Tx) error {
			out, err := db.UpsertAttachments(ctx, tx, []db.Attachment{a})
			if err == nil {
				ids = append(ids, out[0].ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if ids[0] != ids[1] || count(t, d, "attachments") != 1 {
		t.Fatalf("ids = %v, attachments = %d; want one row", ids, count(t, d, "attachments"))
	}
	pending, err := d.PendingResumes(ctx, 10)
	if err != nil || len(pending) != 1 || pending[0].URL != "https://x/1?sig=b" {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
	if err := d.SaveAttachmentText(ctx, db.AttachmentText{AttachmentID: ids[0], Status: db.TextOK, Text: "Go developer"}); err != nil {
		t.Fatal(err)
	}
	p, err := d.CandidateProfile(ctx, 5)
	if err == nil {
		t.Fatalf("profile of a candidate row never stored = %+v", p)
	}
	c, _ := d.TextCounts(ctx)
	if c.Resumes != 1 || c.ResumesWithText != 1 || c.Pending != 0 {
		t.Errorf("text counts = %+v", c)
	}
	// Deleting the candidate takes the file's text with it.
	err = d.Update(ctx, func(tx *db.Tx) error { return tx.DeleteCandidate(ctx, 5) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AttachmentText(ctx, ids[0]); err == nil {
		t.Error("attachment text survived the candidate's deletion")
	}
}
