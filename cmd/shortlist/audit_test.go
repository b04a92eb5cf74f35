package main

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/search"
)

// syncedEnv syncs a simulated company into a fresh data directory and
// returns the environment to run commands with.
func syncedEnv(t *testing.T, cfg simulator.Config) map[string]string {
	t.Helper()
	cfg.Seed, cfg.RateLimitV3, cfg.Epoch = 5, -1, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	sim, err := simulator.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	sim.SetBaseURL(srv.URL)
	c := sim.Config()
	env := map[string]string{"SHORTLIST_DATA": t.TempDir(), "GREENHOUSE_API_URL": srv.URL, "GREENHOUSE_TOKEN_URL": srv.URL + "/token",
		"GREENHOUSE_CLIENT_ID": c.ClientID, "GREENHOUSE_CLIENT_SECRET": c.ClientSecret}
	if _, _, err := run(t, env, "", "sync"); err != nil {
		t.Fatalf("sync: %v", err)
	}
	return env
}

// ratioKeys collects the keys containing "ratio" anywhere in v.
func ratioKeys(v any, into map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if strings.Contains(k, "ratio") && val != nil {
				into[k] = true
			}
			ratioKeys(val, into)
		}
	case []any:
		for _, val := range x {
			ratioKeys(val, into)
		}
	}
}

func TestAuditCommand(t *testing.T) {
	env := syncedEnv(t, simulator.Config{Candidates: 150})

	out, _, err := run(t, env, "", "audit", "--json")
	if err != nil {
		t.Fatalf("audit --json: %v", err)
	}
	first := out
	var rep struct {
		EEOCAnswers int              `json:"eeoc_answers"`
		Jobs        []map[string]any `json:"jobs"`
		Overall     map[string]any   `json:"overall"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("audit --json printed no JSON: %v\n%.300s", err, out)
	}
	if rep.EEOCAnswers == 0 || len(rep.Jobs) == 0 {
		t.Fatalf("%d EEOC answers, %d jobs audited", rep.EEOCAnswers, len(rep.Jobs))
	}
	overall := map[string]bool{}
	ratioKeys(rep.Overall, overall)
	if !overall["impact_ratio"] || !overall["top_impact_ratio"] {
		t.Errorf("overall has no impact ratios: %v", overall)
	}
	withRatios := 0
	for _, j := range rep.Jobs {
		keys := map[string]bool{}
		ratioKeys(j, keys)
		if keys["impact_ratio"] {
			withRatios++
		}
		if j["id"] == nil || j["name"] == nil || j["sex"] == nil || j["race"] == nil {
			t.Errorf("job entry lacks id, name or tables: %v", j)
		}
	}
	if withRatios == 0 {
		t.Error("no job has an impact ratio")
	}

	id := strconv.FormatInt(int64(rep.Jobs[0]["id"].(float64)), 10)
	out, _, err = run(t, env, "", "audit", "--job", id)
	if err != nil {
		t.Fatalf("audit --job %s: %v", id, err)
	}
	for _, want := range []string{"Bias audit", rep.Jobs[0]["name"].(string), "scoring rate", "impact ratio", "Unknown (no answer)"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit --job %s lacks %q:\n%.600s", id, want, out)
		}
	}
	if _, _, err := run(t, env, "", "audit", "--job", "999999999"); err == nil || !strings.Contains(err.Error(), "no job 999999999") {
		t.Errorf("an unknown job: %v", err)
	}
	if _, _, err := run(t, env, "", "audit", "--job", "x"); err == nil || exitCode(err) == 0 {
		t.Errorf("a bad job id: %v", err)
	}

	// Beside a running server, which holds the index, the audit ranks on
	// a copy built from the database: the same report.
	held, err := search.Open(filepath.Join(env["SHORTLIST_DATA"], "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	beside, stderr, err := run(t, env, "", "audit", "--json")
	if err != nil {
		t.Fatalf("audit beside a server: %v", err)
	}
	if !strings.Contains(stderr, "in use by a running Shortlist") {
		t.Errorf("stderr does not say the index was in use: %q", stderr)
	}
	// Scores may differ in the last bits (the copy's segments sum in
	// another order); counts, rates and ratios may not.
	jobsOf := func(s string) string {
		var r struct {
			Jobs    any `json:"jobs"`
			Overall any `json:"overall"`
		}
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal([]any{rounded(r.Jobs), rounded(r.Overall)})
		return string(b)
	}
	if a, b := jobsOf(first), jobsOf(beside); a != b {
		t.Errorf("the audit beside a server differs from the audit on the index itself:\n%.400s\n%.400s", a, b)
	}
}

// rounded rounds every number in v to 9 decimals.
func rounded(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			x[k] = rounded(val)
		}
	case []any:
		for i, val := range x {
			x[i] = rounded(val)
		}
	case float64:
		return math.Round(x*1e9) / 1e9
	}
	return v
}

// TestAuditWithoutEEOCSaysWhy: credentials without the EEOC permission
// sync the rest; the audit then says which permission to grant.
func TestAuditWithoutEEOCSaysWhy(t *testing.T) {
	env := syncedEnv(t, simulator.Config{Candidates: 30, DenyResources: []string{"eeoc"}})
	out, _, err := run(t, env, "", "audit", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		EEOCAnswers int      `json:"eeoc_answers"`
		Jobs        []any    `json:"jobs"`
		Notes       []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.EEOCAnswers != 0 || len(rep.Jobs) != 0 || !strings.Contains(strings.Join(rep.Notes, " "), "harvest:eeoc:list") {
		t.Errorf("audit without EEOC answers: %s", out)
	}
}
