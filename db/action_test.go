package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// TestActionLifecycle: an action is recorded before it is sent, every
// step lands in its audit log, an outcome is recorded once, and an action
// left sending (a crash) is due again.
func TestActionLifecycle(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-06-01T10:00:00Z")
	d.Now = func() time.Time { return now }
	acct := mustAccount(t, d, "rita@example.com", db.RoleRecruiter)

	a, err := d.CreateAction(ctx, db.Action{Kind: db.ActionAddProspect, AccountID: acct.ID, AccountEmail: acct.Email,
		GreenhouseUserID: 77, CandidateID: 5, JobID: 9})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.State != db.ActionPending || !a.NextAttemptAt.Equal(now) {
		t.Fatalf("created %+v", a)
	}
	due, err := d.DueActions(ctx, now, 10)
	if err != nil || len(due) != 1 || due[0].ID != a.ID {
		t.Fatalf("due = %+v, %v", due, err)
	}

	// An attempt that is interrupted stays sending, and is due.
	if a, err = d.StartAttempt(ctx, a.ID); err != nil || a.State != db.ActionSending || a.Attempts != 1 {
		t.Fatalf("start: %+v, %v", a, err)
	}
	if due, _ := d.DueActions(ctx, now, 10); len(due) != 1 || due[0].State != db.ActionSending {
		t.Fatalf("a sending action is not due after a restart: %+v", due)
	}

	// A retry waits.
	later := now.Add(time.Minute)
	if err := d.RetryAction(ctx, a.ID, later, 503, `{"message":"Service Unavailable"}`, "Greenhouse is unavailable"); err != nil {
		t.Fatal(err)
	}
	if due, _ := d.DueActions(ctx, now, 10); len(due) != 0 {
		t.Fatalf("a retry is due before its time: %+v", due)
	}
	if next, err := d.NextActionDue(ctx); err != nil || !next.Equal(later) {
		t.Fatalf("next due = %v, %v; want %v", next, err, later)
	}

	// Done with the record, once.
	if _, err := d.StartAttempt(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	err = d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Application{{ID: 1001, CandidateID: 5, Prospect: true, ProspectiveJobIDs: []int64{9},
			Status: db.StatusActive, CreatedAt: now, UpdatedAt: now}}); err != nil {
			return err
		}
		return tx.FinishAction(ctx, a.ID, 1001, false, 201, `{"id":1001}`, "Added as a prospect.")
	})
	if err != nil {
		t.Fatal(err)
	}
	a, _ = d.Action(ctx, a.ID)
	if a.State != db.ActionDone || a.ResultID != 1001 || a.ResponseStatus != 201 || a.FinishedAt.IsZero() {
		t.Errorf("finished = %+v", a)
	}
	if err := d.FailAction(ctx, a.ID, 500, "", "late"); !errors.Is(err, db.ErrConflict) {
		t.Errorf("failing a done action: %v, want ErrConflict", err)
	}
	evs, err := d.ActionEvents(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range evs {
		steps = append(steps, e.Event)
	}
	if got := strings.Join(steps, " "); got != "queued attempt retry attempt done" {
		t.Errorf("audit log = %q", got)
	}
	if evs[2].Status != 503 || evs[2].Detail != "Greenhouse is unavailable" {
		t.Errorf("retry event = %+v", evs[2])
	}
}

// TestCreateActionRefusesBadInput: each bad action is refused with a
// reason and nothing is stored.
func TestCreateActionRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	acct := mustAccount(t, d, "rita@example.com", db.RoleRecruiter)
	ok := db.Action{AccountID: acct.ID, GreenhouseUserID: 7, CandidateID: 5}
	tests := []struct {
		name string
		edit func(*db.Action)
		want string
	}{
		{"unknown kind", func(a *db.Action) { a.Kind = "delete" }, "unknown kind"},
		{"add without job", func(a *db.Action) { a.Kind = db.ActionAddCandidate }, "needs a job"},
		{"blank note", func(a *db.Action) { a.Kind, a.Body = db.ActionAddNote, "  " }, "needs a body"},
		{"no Greenhouse user", func(a *db.Action) { a.Kind, a.JobID, a.GreenhouseUserID = db.ActionAddProspect, 3, 0 }, "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.edit(&a)
			_, err := d.CreateAction(ctx, a)
			if !errors.Is(err, db.ErrConflict) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrConflict with %q", err, tt.want)
			}
		})
	}
	if got, _ := d.RecentActions(ctx, 10); len(got) != 0 {
		t.Errorf("refused actions were stored: %+v", got)
	}
}

// TestCandidateNotes: synced notes with their authors and pending ones
// from the outbox; a reader who is not an owner sees public notes and
// their own.
func TestCandidateNotes(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-06-01T10:00:00Z")
	d.Now = func() time.Time { return now }
	acct := mustAccount(t, d, "rita@example.com", db.RoleRecruiter)
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.User{{ID: 7, Name: "Rita Recruiter", UpdatedAt: now}, {ID: 8, FirstName: "Al", LastName: "Admin", UpdatedAt: now}}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.Note{
			{ID: 1, CandidateID: 5, UserID: 8, Type: "NOTE", Visibility: "public", Body: "public by Al", CreatedAt: now.Add(-3 * time.Hour)},
			{ID: 2, CandidateID: 5, UserID: 8, Type: "NOTE", Visibility: "private", Body: "private by Al", CreatedAt: now.Add(-2 * time.Hour)},
			{ID: 3, CandidateID: 5, UserID: 7, Type: "NOTE", Visibility: "admin_only", Body: "admin-only by Rita", CreatedAt: now.Add(-time.Hour)},
			{ID: 4, CandidateID: 5, UserID: 8, Type: "EMAIL", Visibility: "public", Body: "an email", CreatedAt: now},
			{ID: 5, CandidateID: 6, UserID: 8, Type: "NOTE", Visibility: "public", Body: "someone else's", CreatedAt: now},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := d.CreateAction(ctx, db.Action{Kind: db.ActionAddNote, AccountID: acct.ID, GreenhouseUserID: 7, CandidateID: 5,
		Body: "on its way", Visibility: "private"})
	if err != nil {
		t.Fatal(err)
	}
	failed, _ := d.CreateAction(ctx, db.Action{Kind: db.ActionAddNote, AccountID: acct.ID, GreenhouseUserID: 7, CandidateID: 5,
		Body: "refused", Visibility: "public"})
	if err := d.FailAction(ctx, failed.ID, 403, "", "no scope"); err != nil {
		t.Fatal(err)
	}

	bodies := func(all bool, own int64) string {
		ns, err := d.CandidateNotes(ctx, 5, all, own)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range ns {
			s := n.Body + " (" + n.AuthorName + ")"
			if n.Pending {
				s += " pending"
				if n.ActionID != pending.ID {
					t.Errorf("pending note names action %d, want %d", n.ActionID, pending.ID)
				}
			}
			out = append(out, s)
		}
		return strings.Join(out, "; ")
	}
	if got, want := bodies(true, 0), "on its way (Rita Recruiter) pending; admin-only by Rita (Rita Recruiter); private by Al (Al Admin); public by Al (Al Admin)"; got != want {
		t.Errorf("owner sees %q\nwant %q", got, want)
	}
	if got, want := bodies(false, 7), "on its way (Rita Recruiter) pending; admin-only by Rita (Rita Recruiter); public by Al (Al Admin)"; got != want {
		t.Errorf("Rita sees %q\nwant %q", got, want)
	}
	if got, want := bodies(false, 0), "public by Al (Al Admin)"; got != want {
		t.Errorf("an unmapped recruiter sees %q\nwant %q", got, want)
	}
}

// TestDeletedCandidateEndsActions: a candidate deleted in Greenhouse takes
// their note texts out of the log, and unsent actions are given up.
func TestDeletedCandidateEndsActions(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	acct := mustAccount(t, d, "rita@example.com", db.RoleRecruiter)
	now := time.Now().UTC()
	if err := d.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.Candidate{{ID: 5, FirstName: "Del", UpdatedAt: now}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	a, err := d.CreateAction(ctx, db.Action{Kind: db.ActionAddNote, AccountID: acct.ID, GreenhouseUserID: 7, CandidateID: 5,
		Body: "secret text", Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Update(ctx, func(tx *db.Tx) error { return tx.DeleteCandidate(ctx, 5) }); err != nil {
		t.Fatal(err)
	}
	a, _ = d.Action(ctx, a.ID)
	if a.Body != "" || a.State != db.ActionFailed || !strings.Contains(a.Outcome, "deleted") {
		t.Errorf("after the deletion: %+v", a)
	}
	if due, _ := d.DueActions(ctx, now.Add(time.Hour), 10); len(due) != 0 {
		t.Errorf("still due: %+v", due)
	}
}
