package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

const testSecret = "whsec-test-0123456789"

// openApp opens an App on a fresh data directory, without Greenhouse.
func openApp(tb testing.TB, env map[string]string) *app.App {
	tb.Helper()
	dir := tb.TempDir()
	cfg, err := app.ConfigFromEnv(func(k string) (string, bool) {
		if k == "SHORTLIST_DATA" {
			return dir, true
		}
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		tb.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, app.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a
}

func webhookFixture(tb testing.TB, action string) []byte {
	tb.Helper()
	b, err := os.ReadFile(sharedtest.Path(tb, "fixtures", "greenhouse", "webhook_"+action+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func post(h http.Handler, body []byte, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, app.WebhookPath, bytes.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func eventCount(tb testing.TB, a *app.App) int {
	tb.Helper()
	c, err := a.DB.WebhookEventCounts(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func TestWebhookReceiver(t *testing.T) {
	a := openApp(t, map[string]string{"SHORTLIST_WEBHOOK_SECRET": testSecret})
	h := a.Handler()
	body := webhookFixture(t, "candidate_stage_change")
	good := greenhouse.Sign([]byte(testSecret), body)
	huge := append([]byte(`{"action":"update_candidate","payload":{"x":"`), bytes.Repeat([]byte("a"), app.MaxWebhookBytes)...)
	huge = append(huge, `"}}`...)
	badJSON := []byte(`{"action": "candidate_stage_change", "payload": {`)
	tests := []struct {
		name       string
		body       []byte
		headers    map[string]string
		wantStatus int
		wantStored int // events in the log afterwards
	}{
		{"unsigned", body, nil, http.StatusUnauthorized, 0},
		{"forged", body, map[string]string{"Signature": greenhouse.Sign([]byte("not the secret"), body)}, http.StatusUnauthorized, 0},
		{"wrong algorithm", body, map[string]string{"Signature": strings.Replace(good, "sha256", "sha1", 1)}, http.StatusUnauthorized, 0},
		{"truncated body", body[:len(body)/2], map[string]string{"Signature": good}, http.StatusUnauthorized, 0},
		{"re-serialized body", bytes.ReplaceAll(body, []byte("  "), []byte(" ")), map[string]string{"Signature": good}, http.StatusUnauthorized, 0},
		{"too large", huge, map[string]string{"Signature": greenhouse.Sign([]byte(testSecret), huge)}, http.StatusRequestEntityTooLarge, 0},
		{"malformed JSON", badJSON, map[string]string{"Signature": greenhouse.Sign([]byte(testSecret), badJSON)}, http.StatusBadRequest, 0},
		{"valid", body, map[string]string{"Signature": good, "Greenhouse-Event-ID": "e-1"}, http.StatusOK, 1},
		{"replayed", body, map[string]string{"Signature": good, "Greenhouse-Event-ID": "e-1"}, http.StatusOK, 1},
		{"same body, new delivery", body, map[string]string{"Signature": good, "Greenhouse-Event-ID": "e-2"}, http.StatusOK, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := post(h, tt.body, tt.headers)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d (%s), want %d", rec.Code, rec.Body.String(), tt.wantStatus)
			}
			if got := eventCount(t, a); got != tt.wantStored {
				t.Errorf("events logged = %d, want %d", got, tt.wantStored)
			}
		})
	}
	// Nothing refused reached the database; the accepted one applies.
	if _, err := a.Webhooks.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	p, err := a.DB.CandidateProfile(context.Background(), 265772)
	if err != nil {
		t.Fatalf("the accepted delivery was not applied: %v", err)
	}
	if len(p.Applications) != 1 || p.Applications[0].StageName != "Assessment" {
		t.Errorf("applications = %+v", p.Applications)
	}
}

func TestWebhookPingAndUnknownActionsAnswer200(t *testing.T) {
	a := openApp(t, map[string]string{"SHORTLIST_WEBHOOK_SECRET": testSecret})
	h := a.Handler()
	for i, body := range [][]byte{[]byte(`{"action":"ping","payload":{"web_hook_id":42}}`), []byte(`{"action":"brand_new_action","payload":{}}`)} {
		rec := post(h, body, map[string]string{"Signature": greenhouse.Sign([]byte(testSecret), body), "Greenhouse-Event-ID": fmt.Sprint(i)})
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", body, rec.Code)
		}
	}
	if _, err := a.Webhooks.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	c, _ := a.DB.WebhookEventCounts(context.Background())
	if c[db.EventIgnored] != 2 {
		t.Errorf("event counts %v, want 2 ignored", c)
	}
}

func TestWebhookSecretIsGeneratedAndRotatable(t *testing.T) {
	a := openApp(t, nil)
	ctx := context.Background()
	s1, fromEnv, err := a.WebhookSecret(ctx)
	if err != nil || fromEnv || len(s1) < 32 {
		t.Fatalf("secret = %q, env %v, %v", s1, fromEnv, err)
	}
	if again, _, _ := a.WebhookSecret(ctx); again != s1 {
		t.Error("the generated secret changed between reads")
	}
	s2, err := a.RotateWebhookSecret(ctx)
	if err != nil || s2 == s1 {
		t.Fatalf("rotate: %q, %v", s2, err)
	}
	body := []byte(`{"action":"ping","payload":{}}`)
	h := a.Handler()
	if rec := post(h, body, map[string]string{"Signature": greenhouse.Sign([]byte(s1), body)}); rec.Code != http.StatusUnauthorized {
		t.Errorf("old secret after rotation: status %d, want 401", rec.Code)
	}
	if rec := post(h, body, map[string]string{"Signature": greenhouse.Sign([]byte(s2), body)}); rec.Code != http.StatusOK {
		t.Errorf("new secret: status %d, want 200", rec.Code)
	}
}

// FuzzWebhookHandler throws arbitrary bodies and signatures at the webhook
// endpoint: it must never fail with a 5xx or panic, must store only bodies
// whose signature verifies, and must accept every verified JSON event.
func FuzzWebhookHandler(f *testing.F) {
	for _, action := range []string{"new_candidate_application", "delete_candidate", "job_post_updated", "merge_candidate"} {
		f.Add(webhookFixture(f, action), true)
	}
	f.Add([]byte(`{"action":"ping"}`), true)
	f.Add([]byte(`{"action":1,"payload":[]}`), true)
	f.Add([]byte("\x00\xff{"), false)
	a := openApp(f, map[string]string{"SHORTLIST_WEBHOOK_SECRET": testSecret})
	h := a.Handler()
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		before := eventCount(t, a)
		headers := map[string]string{"Signature": "sha256 00"}
		if sign {
			headers["Signature"] = greenhouse.Sign([]byte(testSecret), body)
		}
		rec := post(h, body, headers)
		after := eventCount(t, a)
		switch rec.Code {
		case http.StatusOK:
			if !sign {
				t.Fatalf("accepted an unsigned body %q", body)
			}
		case http.StatusUnauthorized, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if after != before {
				t.Fatalf("status %d but the event was stored", rec.Code)
			}
			if sign && rec.Code == http.StatusUnauthorized {
				t.Fatalf("a correctly signed body was refused")
			}
		default:
			t.Fatalf("status %d for body %q", rec.Code, body)
		}
		if _, err := a.Webhooks.Drain(context.Background()); err != nil {
			t.Fatalf("applying %q: %v", body, err)
		}
	})
}
