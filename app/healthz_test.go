package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHealthz checks that /healthz tells anyone only whether the service is
// alive, and tells an owner (session or API token) what it holds, with the
// detailed answer's field names unchanged.
func TestHealthz(t *testing.T) {
	ctx := context.Background()
	_, srv := startServer(t, fx.app)
	ownerTok, _, err := fx.app.CreateToken(ctx, ownerEmail, "healthz")
	if err != nil {
		t.Fatal(err)
	}
	recruiterTok, _, err := fx.app.CreateToken(ctx, recruiterEmail, "healthz")
	if err != nil {
		t.Fatal(err)
	}
	wantCandidates, err := fx.app.DB.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		as      string // session role, "" for none
		token   string
		details bool
	}{
		{name: "Anonymous"},
		{name: "RecruiterSession", as: "recruiter"},
		{name: "OwnerSession", as: "owner", details: true},
		{name: "OwnerToken", token: ownerTok, details: true},
		{name: "RecruiterToken", token: recruiterTok},
		{name: "BadToken", token: "slt_not-a-real-token"},
		// A token decides alone: an owner's cookie does not lift a
		// recruiter's token.
		{name: "OwnerSessionRecruiterToken", as: "owner", token: recruiterTok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loggedIn(t, srv.URL, tt.as)
			h := map[string]string{}
			if tt.token != "" {
				h["Authorization"] = "Bearer " + tt.token
			}
			res := c.do(http.MethodGet, "/healthz", nil, h)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			if res.Header.Get("Set-Cookie") != "" {
				t.Errorf("/healthz set a cookie: %s", res.Header.Get("Set-Cookie"))
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
				t.Fatalf("%v: %s", err, res.Body)
			}
			if !tt.details {
				if len(body) != 1 || string(body["status"]) != `"ok"` {
					t.Fatalf("liveness answer %s, want only {\"status\":\"ok\"}", res.Body)
				}
				return
			}
			for _, k := range []string{"status", "connected", "records", "resumes", "last_sync", "sync"} {
				if _, ok := body[k]; !ok {
					t.Errorf("detailed answer lacks %q: %s", k, res.Body)
				}
			}
			var h2 health
			if err := json.Unmarshal([]byte(res.Body), &h2); err != nil {
				t.Fatal(err)
			}
			if h2.Status != "ok" || h2.Records["candidates"] == 0 || h2.Records["candidates"] != wantCandidates["candidates"] || h2.LastSync == nil {
				t.Errorf("detailed answer: status %q, candidates %d (want %d), last sync %v",
					h2.Status, h2.Records["candidates"], wantCandidates["candidates"], h2.LastSync)
			}
		})
	}

	t.Run("DatabaseUnreadable", func(t *testing.T) {
		a, err := Open(ctx, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		h := newServer(a).routes()
		a.DB.Close()
		defer a.Close()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		var body map[string]string
		json.Unmarshal(rec.Body.Bytes(), &body)
		// Only the status: the error itself is logged, not shown.
		if rec.Code != http.StatusServiceUnavailable || body["status"] != "error" || len(body) != 1 {
			t.Errorf("status %d, body %s; want 503 {\"status\":\"error\"}", rec.Code, rec.Body)
		}
	})
}
