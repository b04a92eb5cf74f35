package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
)

// run runs the program in-process with the given environment and stdin.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin), Getenv: func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}}
	err = m.Run(context.Background(), args)
	return out.String(), errb.String(), err
}

func TestUnknownCommandAndHelp(t *testing.T) {
	if _, stderr, err := run(t, nil, "", "frobnicate"); err == nil || !strings.Contains(stderr, "Commands:") {
		t.Errorf("unknown command: err %v, usage shown %v", err, strings.Contains(stderr, "Commands:"))
	}
	_, stderr, err := run(t, nil, "", "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"demo", "serve", "sim", "sync", "reindex", "user", "token", "eval", "audit"} {
		if !strings.Contains(stderr, "  "+c) {
			t.Errorf("help does not list %s", c)
		}
	}
}

func TestSyncUserAndTokenCommands(t *testing.T) {
	sim, err := simulator.New(simulator.Config{Seed: 3, Candidates: 40, RateLimitV3: -1,
		Epoch: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	sim.SetBaseURL(srv.URL)
	c := sim.Config()
	data := t.TempDir()
	env := map[string]string{"SHORTLIST_DATA": data, "GREENHOUSE_API_URL": srv.URL, "GREENHOUSE_TOKEN_URL": srv.URL + "/token",
		"GREENHOUSE_CLIENT_ID": c.ClientID, "GREENHOUSE_CLIENT_SECRET": c.ClientSecret}

	out, _, err := run(t, env, "", "sync")
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if !strings.Contains(out, "records read") {
		t.Errorf("sync printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(data, "index")); err != nil {
		t.Errorf("sync did not build the search index: %v", err)
	}

	if _, _, err := run(t, env, "short\n", "user", "add", "--email", "r@example.com", "--role", "recruiter"); err == nil {
		t.Error("a too-short password was accepted")
	}
	if out, _, err := run(t, env, "a long enough password\n", "user", "add", "--email", "r@example.com", "--role", "recruiter"); err != nil || !strings.Contains(out, "Added r@example.com") {
		t.Fatalf("user add: %q, %v", out, err)
	}
	if _, _, err := run(t, env, "", "token", "create", "--email", "nobody@example.com"); err == nil {
		t.Error("a token was made for an unknown account")
	}
	out, _, err = run(t, env, "", "token", "create", "--email", "r@example.com")
	if err != nil || !strings.HasPrefix(strings.TrimSpace(out), "slt_") {
		t.Fatalf("token create: %q, %v", out, err)
	}

	if out, _, err := run(t, env, "", "reindex"); err != nil || !strings.Contains(out, "40 candidates") {
		t.Errorf("reindex: %q, %v", out, err)
	}
}

func TestSyncFailureExitsWithClearMessage(t *testing.T) {
	sim, err := simulator.New(simulator.Config{Seed: 3, Candidates: 5})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	// The token address follows GREENHOUSE_API_URL: the simulator is asked.
	for _, tc := range []struct{ id, secret, want string }{
		{sim.Config().ClientID, "wrong", "rejected the client credentials (HTTP 401); check the client id and secret"},
		{"notaclient", "wrong", "does not recognise the client id"},
	} {
		env := map[string]string{"SHORTLIST_DATA": t.TempDir(), "GREENHOUSE_API_URL": srv.URL,
			"GREENHOUSE_CLIENT_ID": tc.id, "GREENHOUSE_CLIENT_SECRET": tc.secret}
		_, _, err = run(t, env, "", "sync")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("client id %q: err = %v, want %q", tc.id, err, tc.want)
		}
		if exitCode(err) == 0 {
			t.Error("a failed sync exits 0")
		}
	}
	env := map[string]string{"SHORTLIST_DATA": t.TempDir()}
	if _, _, err = run(t, env, "", "sync"); err == nil || !strings.Contains(err.Error(), "not connected") {
		t.Errorf("sync without credentials: %v", err)
	}
}

func TestEvalJSON(t *testing.T) {
	set := map[string]any{
		"name": "tiny",
		"documents": []map[string]string{
			{"id": "d1", "text": "Registered nurse in the intensive care unit, ventilators and triage"},
			{"id": "d2", "text": "Pastry chef, sourdough and laminated doughs"},
			{"id": "d3", "text": "Backend engineer writing Go services and PostgreSQL"},
			{"id": "d4", "text": "Line cook, grill and sauté stations"},
		},
		"queries":   []map[string]string{{"id": "q1", "title": "ICU Nurse", "text": "Nurse for the intensive care unit: triage, ventilators"}},
		"judgments": []map[string]any{{"query": "q1", "document": "d1", "relevance": 2}},
	}
	b, _ := json.Marshal(set)
	path := filepath.Join(t.TempDir(), "tiny.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, nil, "", "eval", "--set", path, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Set     string `json:"set"`
		Queries int    `json:"queries"`
		Rankers map[string]struct {
			NDCG   *float64 `json:"ndcg@10"`
			Recall *float64 `json:"recall@50"`
			MRR    *float64 `json:"mrr"`
		} `json:"rankers"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval --json printed %q: %v", out, err)
	}
	if rep.Set != "tiny" || rep.Queries != 1 {
		t.Errorf("report = %+v", rep)
	}
	for _, name := range []string{"shortlist", "baseline"} {
		r, ok := rep.Rankers[name]
		if !ok || r.NDCG == nil || r.Recall == nil || r.MRR == nil {
			t.Fatalf("ranker %s missing or incomplete in %s", name, out)
		}
		if *r.MRR != 1 {
			t.Errorf("%s MRR = %v: the only relevant document should rank first", name, *r.MRR)
		}
	}
	if _, _, err := run(t, nil, "", "eval"); !errors.Is(err, errUsage) {
		t.Errorf("eval without --set: %v", err)
	}
}

// syncBuffer is an io.Writer read while the program writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSimConnectLine: `shortlist sim` prints the variables that connect
// Shortlist to it, GREENHOUSE_TOKEN_URL included, and they work.
func TestSimConnectLine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	m := &Main{Stdout: &out, Stderr: io.Discard, Stdin: strings.NewReader(""), Getenv: func(string) (string, bool) { return "", false }}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--candidates", "15"}) }()
	var line string
	deadline := time.After(60 * time.Second)
	for line == "" {
		select {
		case err := <-done:
			t.Fatalf("sim stopped: %v\n%s", err, out.String())
		case <-deadline:
			t.Fatalf("sim printed no connect line in 60s:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.Contains(l, "shortlist serve") {
				line = strings.TrimSpace(l)
			}
		}
	}
	env := map[string]string{"SHORTLIST_DATA": t.TempDir()}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			env[k] = v
		}
	}
	api := env["GREENHOUSE_API_URL"]
	if api == "" || env["GREENHOUSE_TOKEN_URL"] != api+"/token" || env["GREENHOUSE_CLIENT_ID"] == "" || env["GREENHOUSE_CLIENT_SECRET"] == "" {
		t.Fatalf("connect line %q: want GREENHOUSE_API_URL, GREENHOUSE_TOKEN_URL (<api>/token), client id and secret", line)
	}
	if stdout, _, err := run(t, env, "", "sync"); err != nil || !strings.Contains(stdout, "records read") {
		t.Fatalf("sync with the printed variables: %q, %v", stdout, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("sim: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("sim did not stop")
	}
}
