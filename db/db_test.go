package db_test

import (
	"context"
	"path/filepath"
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
		n, err := tx.Sweep(ctx, "jobs", db.FormatTime(passStart))
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
}

func TestReplaceAll(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	for _, set := range [][]db.Department{
		{{ID: 1, Name: "Eng"}, {ID: 2, Name: "Sales"}},
		{{ID: 2, Name: "Sales"}, {ID: 3, Name: "Legal"}},
		{},
	} {
		err := d.Update(ctx, func(tx *db.Tx) error { return db.ReplaceAll(ctx, tx, "departments", set) })
		if err != nil {
			t.Fatal(err)
		}
		if got := count(t, d, "departments"); got != len(set) {
			t.Errorf("departments = %d, want %d", got, len(set))
		}
	}
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
