package main

import (
	"context"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/db"
)

// TestDemoActor: the demo owner acts as an active site admin of the
// simulated company, so writing works out of the box; a link an owner
// chose is kept on the next start.
func TestDemoActor(t *testing.T) {
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DataDir: t.TempDir(), Addr: "127.0.0.1:0"}, app.Options{DatabaseOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	now := time.Now().UTC()
	err = a.DB.Update(ctx, func(tx *db.Tx) error {
		_, err := db.Upsert(ctx, tx, []db.User{
			{ID: 10, Name: "Ann Admin (left)", SiteAdmin: true, Deactivated: true, UpdatedAt: now},
			{ID: 11, Name: "Rob Recruiter", UpdatedAt: now},
			{ID: 12, Name: "Sue Site-Admin", SiteAdmin: true, UpdatedAt: now},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := demoActor(ctx, a); err == nil {
		t.Fatal("linked an owner who does not exist yet")
	}
	acct, err := a.AddUser(ctx, DemoOwner, "Demo Owner", db.RoleOwner, "demo-password-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := demoActor(ctx, a); err != nil {
		t.Fatal(err)
	}
	if u, err := a.DB.GreenhouseUserFor(ctx, acct.ID); err != nil || u.ID != 12 {
		t.Fatalf("the demo owner acts as %+v, %v; want the active site admin 12", u, err)
	}
	if err := a.DB.SetGreenhouseUser(ctx, acct.ID, 11); err != nil {
		t.Fatal(err)
	}
	if err := demoActor(ctx, a); err != nil {
		t.Fatal(err)
	}
	if u, _ := a.DB.GreenhouseUserFor(ctx, acct.ID); u.ID != 11 {
		t.Errorf("a second start moved the owner's chosen link to %d", u.ID)
	}
}
