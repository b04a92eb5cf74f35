package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app"
)

// TestAssessmentKeyCommand: `shortlist assessment-key create` prints a
// key on stdout (and nothing else there), which Greenhouse can then call
// the Assessment Partner API with.
func TestAssessmentKeyCommand(t *testing.T) {
	data := t.TempDir()
	if _, _, err := run(t, nil, "", "assessment-key"); err == nil {
		t.Error("no subcommand accepted")
	}
	if _, _, err := run(t, nil, "", "assessment-key", "create", "--data", data, "extra"); err == nil {
		t.Error("a stray argument accepted")
	}
	out, stderr, err := run(t, nil, "", "assessment-key", "create", "--data", data, "--name", "Greenhouse prod")
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	key := strings.TrimSpace(out)
	if strings.Count(out, "\n") != 1 || !strings.HasPrefix(key, "sla_") || len(key) > 170 {
		t.Fatalf("stdout %q: want the key alone on one line", out)
	}
	if !strings.Contains(stderr, "shown once") {
		t.Errorf("stderr %q does not say how to use the key", stderr)
	}
	cfg, err := app.ConfigFromEnv(func(k string) (string, bool) {
		if k == "SHORTLIST_DATA" {
			return data, true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	for _, tc := range []struct {
		key  string
		want int
	}{{key, http.StatusOK}, {key + "x", http.StatusUnauthorized}, {"", http.StatusUnauthorized}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+app.AssessmentPath+"/list_tests", nil)
		if tc.key != "" {
			req.SetBasicAuth(tc.key, "")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("key %q: %d, want %d", tc.key, res.StatusCode, tc.want)
		}
	}
}
