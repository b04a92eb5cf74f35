package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

func mustAccount(t *testing.T, d *db.DB, email, role string) db.Account {
	t.Helper()
	a, err := d.CreateAccount(context.Background(), db.Account{Email: email, Role: role, PasswordHash: "hash-of-" + email})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustSession(t *testing.T, d *db.DB, accountID int64, hash string, created, seen time.Time) db.Session {
	t.Helper()
	s, err := d.CreateSession(context.Background(), db.Session{AccountID: accountID, CreatedAt: created, LastSeenAt: seen, IP: "192.0.2.1", UserAgent: "test"}, hash)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	owner := mustAccount(t, d, "o@example.com", db.RoleOwner)
	rec := mustAccount(t, d, "r@example.com", db.RoleRecruiter)
	t0 := ts("2026-03-01T12:00:00Z")

	t.Run("OK", func(t *testing.T) {
		s := mustSession(t, d, rec.ID, "h-ok", t0, t0)
		got, err := d.SessionByTokenHash(ctx, "h-ok")
		if err != nil || got.ID != s.ID || got.AccountID != rec.ID || !got.CreatedAt.Equal(t0) || got.IP != "192.0.2.1" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if err := d.TouchSession(ctx, s.ID, t0.Add(time.Hour), "198.51.100.2", "other browser"); err != nil {
			t.Fatal(err)
		}
		got, _ = d.SessionByTokenHash(ctx, "h-ok")
		if !got.LastSeenAt.Equal(t0.Add(time.Hour)) || got.IP != "198.51.100.2" || got.UserAgent != "other browser" {
			t.Fatalf("after touch: %+v", got)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := d.SessionByTokenHash(ctx, "no-such-hash"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("DeleteOnlyOwnSession", func(t *testing.T) {
		s := mustSession(t, d, rec.ID, "h-own", t0, t0)
		if err := d.DeleteSession(ctx, owner.ID, s.ID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("deleting another account's session: %v, want ErrNotFound", err)
		}
		if err := d.DeleteSession(ctx, rec.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.SessionByTokenHash(ctx, "h-own"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("deleted session still found: %v", err)
		}
	})

	t.Run("DeleteOthers", func(t *testing.T) {
		keep := mustSession(t, d, owner.ID, "h-keep", t0, t0)
		mustSession(t, d, owner.ID, "h-other1", t0, t0)
		mustSession(t, d, owner.ID, "h-other2", t0, t0)
		n, err := d.DeleteSessions(ctx, owner.ID, keep.ID)
		if err != nil || n != 2 {
			t.Fatalf("ended %d, %v; want 2", n, err)
		}
		if _, err := d.SessionByTokenHash(ctx, "h-keep"); err != nil {
			t.Fatalf("the kept session ended: %v", err)
		}
		if _, err := d.SessionByTokenHash(ctx, "h-other1"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("another session survived: %v", err)
		}
	})

	t.Run("ListAndPurgeExpired", func(t *testing.T) {
		a := mustAccount(t, d, "list@example.com", db.RoleRecruiter)
		now := t0.Add(40 * 24 * time.Hour)
		idle, max := 12*time.Hour, 30*24*time.Hour
		live := mustSession(t, d, a.ID, "h-live", now.Add(-time.Hour), now.Add(-time.Minute))
		older := mustSession(t, d, a.ID, "h-older", now.Add(-2*time.Hour), now.Add(-time.Hour))
		mustSession(t, d, a.ID, "h-idle", now.Add(-24*time.Hour), now.Add(-13*time.Hour))
		mustSession(t, d, a.ID, "h-ancient", now.Add(-31*24*time.Hour), now.Add(-time.Minute))
		got, err := d.Sessions(ctx, a.ID, now.Add(-idle), now.Add(-max))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != live.ID || got[1].ID != older.ID {
			t.Fatalf("live sessions = %+v, want %d then %d", got, live.ID, older.ID)
		}
		n, err := d.PurgeSessions(ctx, now.Add(-idle), now.Add(-max))
		if err != nil {
			t.Fatal(err)
		}
		// The sessions made by the subtests above are a month older still.
		if n < 2 {
			t.Fatalf("purged %d, want at least the idle and the ancient one", n)
		}
		for _, h := range []string{"h-idle", "h-ancient"} {
			if _, err := d.SessionByTokenHash(ctx, h); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("%s survived the purge: %v", h, err)
			}
		}
		for _, h := range []string{"h-live", "h-older"} {
			if _, err := d.SessionByTokenHash(ctx, h); err != nil {
				t.Errorf("%s was purged: %v", h, err)
			}
		}
	})
}

// TestUpdateAccountEndsSessions: a change of credentials or standing ends
// every session of the account; other changes leave them alone.
func TestUpdateAccountEndsSessions(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	mustAccount(t, d, "keeper@example.com", db.RoleOwner) // so the owner check never refuses
	str := func(s string) *string { return &s }
	yes, no := true, false
	now := time.Now()
	tests := []struct {
		name  string
		u     db.AccountUpdate
		ended bool
	}{
		{"Name", db.AccountUpdate{Name: str("New Name")}, false},
		{"LastLogin", db.AccountUpdate{LastLoginAt: &now}, false},
		{"SameRole", db.AccountUpdate{Role: str(db.RoleRecruiter)}, false},
		{"SamePassword", db.AccountUpdate{PasswordHash: str("hash-of-u-SamePassword@example.com")}, false},
		{"Enable", db.AccountUpdate{Disabled: &no}, false},
		{"Role", db.AccountUpdate{Role: str(db.RoleOwner)}, true},
		{"Password", db.AccountUpdate{PasswordHash: str("a-new-hash")}, true},
		{"Disable", db.AccountUpdate{Disabled: &yes}, true},
	}
	t0 := time.Now()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustAccount(t, d, "u-"+tt.name+"@example.com", db.RoleRecruiter)
			mustSession(t, d, a.ID, "h1-"+tt.name, t0, t0)
			mustSession(t, d, a.ID, "h2-"+tt.name, t0, t0)
			if err := d.UpdateAccount(ctx, a.ID, tt.u); err != nil {
				t.Fatal(err)
			}
			got, err := d.Sessions(ctx, a.ID, t0.Add(-time.Hour), t0.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 0, false: 2}[tt.ended]; len(got) != want {
				t.Fatalf("%d sessions left, want %d", len(got), want)
			}
		})
	}

	t.Run("RefusedChangeKeepsSessions", func(t *testing.T) {
		// Demoting the last owner is refused, and so the sessions stay.
		d := MustOpen(t)
		o := mustAccount(t, d, "only@example.com", db.RoleOwner)
		mustSession(t, d, o.ID, "h-only", t0, t0)
		if err := d.UpdateAccount(ctx, o.ID, db.AccountUpdate{Role: str(db.RoleRecruiter)}); !errors.Is(err, db.ErrConflict) {
			t.Fatalf("err = %v, want ErrConflict", err)
		}
		if _, err := d.SessionByTokenHash(ctx, "h-only"); err != nil {
			t.Fatalf("session ended by a refused change: %v", err)
		}
	})
}
