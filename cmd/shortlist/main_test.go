package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// writeSet writes a small judged set: six trades, four resumes each, and
// two jobs per trade whose own trade's resumes are relevant (the one with
// the most telling resume most).
func writeSet(t *testing.T, name string) string {
	t.Helper()
	trades := []struct{ title, skills string }{
		{"Registered Nurse", "patient care; triage; ventilators; medication administration"},
		{"Pastry Chef", "laminated doughs; sourdough; plating; pastry"},
		{"Backend Engineer", "go services; postgresql; kubernetes; grpc"},
		{"Staff Accountant", "reconciliation; tally erp; general ledger; tax filing"},
		{"Welder", "mig welding; tig welding; blueprints; fabrication"},
		{"Teacher", "lesson planning; classroom management; curriculum; grading"},
	}
	var docs []map[string]string
	var queries []map[string]string
	var judgments []map[string]any
	for i, tr := range trades {
		skills := strings.Split(tr.skills, "; ")
		for d := 0; d < 4; d++ {
			id := fmt.Sprintf("d%d-%d", i, d)
			text := strings.ToUpper(tr.title) + "\nExperience\n01/2015 to Current\n" + tr.title + " Company Name\n" +
				strings.Join(skills[:d+1], ", ") + ".\nEducation\nMay 2010\nDiploma"
			docs = append(docs, map[string]string{"id": id, "text": text})
		}
		for k := 0; k < 2; k++ {
			qid := fmt.Sprintf("q%d-%d", i, k)
			queries = append(queries, map[string]string{"id": qid, "title": tr.title, "text": tr.skills})
			for d := 0; d < 4; d++ {
				judgments = append(judgments, map[string]any{"query": qid, "document": fmt.Sprintf("d%d-%d", i, d), "relevance": 1 + d/2})
			}
		}
	}
	b, err := json.Marshal(map[string]any{"name": name, "documents": docs, "queries": queries, "judgments": judgments})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type evalReport struct {
	Set     string `json:"set"`
	Queries int    `json:"queries"`
	Rankers map[string]struct {
		NDCG   *float64 `json:"ndcg@10"`
		Recall *float64 `json:"recall@50"`
		MRR    *float64 `json:"mrr"`
	} `json:"rankers"`
	Learning *struct {
		Mode  string `json:"mode"`
		Depth int    `json:"depth"`
		Folds []struct {
			Queries      int `json:"queries"`
			TrainQueries int `json:"train_queries"`
			Model        struct {
				Features []string  `json:"features"`
				Weights  []float64 `json:"weights"`
			} `json:"model"`
		} `json:"folds"`
		VsShortlist struct {
			CI95 [2]float64 `json:"ci95"`
			N    int        `json:"n"`
		} `json:"learned_minus_shortlist"`
	} `json:"learning"`
}

func TestEvalLearned(t *testing.T) {
	set := writeSet(t, "trades")
	decode := func(out string) evalReport {
		t.Helper()
		var rep evalReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("eval --json printed %q: %v", out, err)
		}
		for _, name := range []string{"shortlist", "baseline"} {
			if r, ok := rep.Rankers[name]; !ok || r.NDCG == nil || r.Recall == nil || r.MRR == nil {
				t.Fatalf("ranker %s missing or incomplete in %s", name, out)
			}
		}
		return rep
	}

	t.Run("Folds", func(t *testing.T) {
		out, _, err := run(t, nil, "", "eval", "--set", set, "--folds", "2", "--depth", "10", "--json")
		if err != nil {
			t.Fatal(err)
		}
		rep := decode(out)
		l, ok := rep.Rankers["learned"]
		if !ok || l.NDCG == nil || l.Recall == nil || l.MRR == nil {
			t.Fatalf("rankers.learned missing or incomplete in %s", out)
		}
		if rep.Learning == nil || rep.Learning.Mode != "folds" || len(rep.Learning.Folds) != 2 || rep.Learning.Depth != 10 {
			t.Fatalf("learning = %+v", rep.Learning)
		}
		var held int
		for _, f := range rep.Learning.Folds {
			held += f.Queries
			if f.Queries+f.TrainQueries != rep.Queries || len(f.Model.Weights) != len(f.Model.Features) || len(f.Model.Weights) == 0 {
				t.Errorf("fold %+v of %d queries", f, rep.Queries)
			}
		}
		if held != rep.Queries || rep.Learning.VsShortlist.N != rep.Queries {
			t.Errorf("held-out queries %d, compared %d, want %d", held, rep.Learning.VsShortlist.N, rep.Queries)
		}
		if ci := rep.Learning.VsShortlist.CI95; ci[0] > ci[1] {
			t.Errorf("bootstrap interval %v", ci)
		}
	})

	t.Run("Train", func(t *testing.T) {
		out, _, err := run(t, nil, "", "eval", "--set", set, "--train", writeSet(t, "other"), "--json")
		if err != nil {
			t.Fatal(err)
		}
		rep := decode(out)
		if _, ok := rep.Rankers["learned"]; !ok || rep.Learning == nil || rep.Learning.Mode != "train" {
			t.Fatalf("--train: %s", out)
		}
	})

	t.Run("Table", func(t *testing.T) {
		out, _, err := run(t, nil, "", "eval", "--set", set, "--folds", "3")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"learned", "cross-validated by query, 3 folds", "learned − shortlist"} {
			if !strings.Contains(out, want) {
				t.Errorf("table lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("WithoutLearning", func(t *testing.T) {
		out, _, err := run(t, nil, "", "eval", "--set", set, "--json")
		if err != nil {
			t.Fatal(err)
		}
		if rep := decode(out); rep.Learning != nil || len(rep.Rankers) != 2 {
			t.Errorf("plain eval reports %d rankers, learning %v", len(rep.Rankers), rep.Learning)
		}
	})

	t.Run("BadFlags", func(t *testing.T) {
		for _, args := range [][]string{
			{"--folds", "1"}, {"--folds", "-2"}, {"--folds", "2", "--train", set}, {"--depth", "0", "--folds", "2"},
		} {
			_, _, err := run(t, nil, "", append([]string{"eval", "--set", set}, args...)...)
			if !errors.Is(err, errUsage) {
				t.Errorf("eval %v: %v, want a usage error", args, err)
			}
		}
		if _, _, err := run(t, nil, "", "eval", "--set", set, "--train", filepath.Join(t.TempDir(), "missing.json")); err == nil {
			t.Error("a missing training set was accepted")
		}
	})
}
