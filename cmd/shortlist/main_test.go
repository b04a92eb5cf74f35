package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
	for _, c := range []string{"demo", "serve", "sim", "sync", "reindex", "user", "token", "eval"} {
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
	env := map[string]string{"SHORTLIST_DATA": t.TempDir(), "GREENHOUSE_API_URL": srv.URL, "GREENHOUSE_TOKEN_URL": srv.URL + "/token",
		"GREENHOUSE_CLIENT_ID": "shortlist-demo", "GREENHOUSE_CLIENT_SECRET": "wrong"}
	_, _, err = run(t, env, "", "sync")
	if err == nil || !strings.Contains(err.Error(), "rejected the client credentials") {
		t.Errorf("err = %v", err)
	}
	if exitCode(err) == 0 {
		t.Error("a failed sync exits 0")
	}
	env = map[string]string{"SHORTLIST_DATA": t.TempDir()}
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
