package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/simulator"
)

// TestHealthzReportsSweeps: a full sync against a Greenhouse that answers
// empty lists fails, keeps every row, and /healthz shows the refused
// sweeps with their counts.
func TestHealthzReportsSweeps(t *testing.T) {
	ctx := context.Background()
	sim, err := simulator.New(simulator.Config{Seed: 8, Candidates: 30, RateLimitV3: -1,
		Epoch: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	simSrv := httptest.NewServer(sim.Handler())
	defer simSrv.Close()
	sim.SetBaseURL(simSrv.URL)
	sc := sim.Config()
	a := openApp(t, map[string]string{"SHORTLIST_SYNC_INTERVAL": "0",
		"GREENHOUSE_API_URL": simSrv.URL, "GREENHOUSE_TOKEN_URL": simSrv.URL + "/token",
		"GREENHOUSE_CLIENT_ID": sc.ClientID, "GREENHOUSE_CLIENT_SECRET": sc.ClientSecret,
	})
	if _, err := a.Sync(ctx, true); err != nil {
		t.Fatal(err)
	}
	sim.SetEmptyLists(true)
	if _, err := a.Sync(ctx, true); err == nil {
		t.Fatal("a sync against empty lists succeeded")
	}

	// The details are for owners.
	if _, err := a.AddUser(ctx, "owner@example.com", "Owner", "owner", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	tok, _, err := a.CreateToken(ctx, "owner@example.com", "healthz")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("/healthz: %d %s", rec.Code, rec.Body)
	}
	var h struct {
		Records  map[string]int `json:"records"`
		LastSync struct {
			Outcome string `json:"outcome"`
			Error   string `json:"error"`
		} `json:"last_sync"`
		Sweeps []struct {
			Resource string    `json:"resource"`
			At       time.Time `json:"at"`
			Stored   int       `json:"stored"`
			Seen     int       `json:"seen"`
			Removed  int       `json:"removed"`
			Outcome  string    `json:"outcome"`
		} `json:"sweeps"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &h); err != nil {
		t.Fatal(err)
	}
	if h.Records["candidates"] != 30 {
		t.Errorf("records = %v, want the 30 candidates kept", h.Records)
	}
	if h.LastSync.Outcome != "failed" || !strings.Contains(h.LastSync.Error, "Greenhouse listed no candidates but 30 are stored") {
		t.Errorf("last_sync = %+v", h.LastSync)
	}
	found := false
	for _, s := range h.Sweeps {
		if s.Resource == "candidates" {
			found = s.Outcome == "refused" && s.Stored == 30 && s.Seen == 0 && s.Removed == 0 && !s.At.IsZero()
		}
	}
	if !found {
		t.Errorf("sweeps = %+v, want the refused candidates sweep", h.Sweeps)
	}
}
