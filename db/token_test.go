package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

func TestAPITokenUse(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	a, err := d.CreateAccount(ctx, db.Account{Email: "r@example.com", Role: db.RoleRecruiter, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := d.CreateAPIToken(ctx, a.ID, "script", "slt_abc", "hash-1")
	if err != nil {
		t.Fatal(err)
	}

	got, id, err := d.AccountByTokenHash(ctx, "hash-1")
	if err != nil || got.ID != a.ID || id != tok.ID {
		t.Fatalf("AccountByTokenHash = %d, token %d, %v; want %d, token %d", got.ID, id, err, a.ID, tok.ID)
	}
	// Looking a token up records nothing; TouchAPIToken does.
	if ts := lastUsed(t, d, a.ID); !ts.IsZero() {
		t.Fatalf("last used %v after a lookup", ts)
	}
	now = now.Add(time.Hour)
	if err := d.TouchAPIToken(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ts := lastUsed(t, d, a.ID); !ts.Equal(now) {
		t.Errorf("last used %v, want %v", ts, now)
	}

	if _, _, err := d.AccountByTokenHash(ctx, "no-such-hash"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("unknown token: %v, want ErrNotFound", err)
	}
	if err := d.RevokeAPIToken(ctx, a.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.AccountByTokenHash(ctx, "hash-1"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("revoked token: %v, want ErrNotFound", err)
	}
}

func lastUsed(t *testing.T, d *db.DB, accountID int64) time.Time {
	t.Helper()
	toks, err := d.APITokens(context.Background(), accountID)
	if err != nil || len(toks) != 1 {
		t.Fatalf("APITokens = %v, %v", toks, err)
	}
	return toks[0].LastUsedAt
}
