package main

import (
	"bytes"
	"context"
	"maps"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// lockedBuffer is a bytes.Buffer a running command may write while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSyncAgainstEmptyListsKeepsEveryRow syncs a simulated account, then
// points a full sync at `shortlist sim --empty-lists` serving the same
// account: the sync fails, says why, and every row stays.
func TestSyncAgainstEmptyListsKeepsEveryRow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sim, err := simulator.New(simulator.Config{Seed: 5, Candidates: 25, RateLimitV3: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	sim.SetBaseURL(srv.URL)
	c := sim.Config()
	data := t.TempDir()
	env := func(base string) map[string]string {
		return map[string]string{"SHORTLIST_DATA": data, "GREENHOUSE_API_URL": base, "GREENHOUSE_TOKEN_URL": base + "/token",
			"GREENHOUSE_CLIENT_ID": c.ClientID, "GREENHOUSE_CLIENT_SECRET": c.ClientSecret}
	}
	if _, _, err := run(t, env(srv.URL), "", "sync"); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	rows := func() map[string]int {
		d, err := db.Open(ctx, filepath.Join(data, "shortlist.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		n, err := d.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := rows()
	if before["candidates"] != 25 {
		t.Fatalf("first sync stored %v", before)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var out lockedBuffer
	m := &Main{Stdout: &out, Stderr: &out, Stdin: strings.NewReader(""), Getenv: func(string) (string, bool) { return "", false }}
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"sim", "--empty-lists", "--seed", "5", "--candidates", "25", "--rate-limit", "-1", "--addr", addr})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "--empty-lists") {
		select {
		case err := <-done:
			t.Fatalf("shortlist sim stopped: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("shortlist sim did not start:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	_, _, err = run(t, env("http://"+addr), "", "sync", "--full")
	if err == nil {
		t.Fatal("a full sync against empty lists succeeded")
	}
	for _, want := range []string{"sync kept every row", "Greenhouse listed no candidates but 25 are stored", "Site Admin"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if exitCode(err) == 0 {
		t.Error("the refused sync exits 0")
	}
	if after := rows(); !maps.Equal(after, before) {
		t.Errorf("rows changed:\n got %v\nwant %v", after, before)
	}
	if _, _, err := run(t, env("http://"+addr), "", "sync", "--allow-shrink"); err == nil || !strings.Contains(err.Error(), "needs --full") {
		t.Errorf("--allow-shrink without --full: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shortlist sim: %v", err)
	}
}
