package greenhouse_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app/greenhouse"

	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

func TestVerifySignature(t *testing.T) {
	secret := []byte("s3cret")
	body := []byte(`{"action":"ping","payload":{"url":"\u003cx\u003e"}}`)
	good := greenhouse.Sign(secret, body)
	tests := []struct {
		name   string
		secret []byte
		body   []byte
		header string
		ok     bool
	}{
		{"valid", secret, body, good, true},
		{"extra spaces", secret, body, "  " + good + " ", true},
		{"upper-case algorithm", secret, body, strings.Replace(good, "sha256", "SHA256", 1), true},
		{"missing", secret, body, "", false},
		{"no algorithm", secret, body, strings.TrimPrefix(good, "sha256 "), false},
		{"other algorithm", secret, body, strings.Replace(good, "sha256", "sha1", 1), false},
		{"not hex", secret, body, "sha256 zz", false},
		{"wrong secret", []byte("other"), body, good, false},
		{"body changed", secret, append(append([]byte{}, body...), ' '), good, false},
		// Greenhouse signs the escaped form; the unescaped one must fail.
		{"re-serialized", secret, []byte(`{"action":"ping","payload":{"url":"<x>"}}`), good, false},
		{"no secret configured", nil, body, good, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := greenhouse.VerifySignature(tt.secret, tt.body, tt.header)
			if (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, greenhouse.ErrBadSignature) {
				t.Errorf("err = %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestParseWebhook(t *testing.T) {
	tests := []struct {
		body   string
		action string
		ok     bool
	}{
		{`{"action":"job_created","payload":{"job":{"id":1}}}`, "job_created", true},
		{`{"action":"ping"}`, "ping", true},
		{`{"payload":{}}`, "", false},
		{`{"action":""}`, "", false},
		{`{"action":5}`, "", false},
		{`{"action":"x","payload":[1]}`, "", false},
		{`{"action":"x"} {"action":"y"}`, "", false},
		{`{"action":"x",`, "", false},
		{``, "", false},
	}
	for _, tt := range tests {
		wh, err := greenhouse.ParseWebhook([]byte(tt.body))
		if (err == nil) != tt.ok || wh.Action != tt.action {
			t.Errorf("ParseWebhook(%s) = %q, %v", tt.body, wh.Action, err)
		}
		if err != nil && !errors.Is(err, greenhouse.ErrMalformed) {
			t.Errorf("ParseWebhook(%s): err %v is not ErrMalformed", tt.body, err)
		}
	}
}

// FuzzWebhookPayload feeds arbitrary bodies through everything a webhook
// body meets before the database: signature, envelope, and the v1 decoders
// for each payload root. Nothing may panic, a signature must verify only its
// own body.
func FuzzWebhookPayload(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(sharedtest.Fixtures(f), "webhook_*.json"))
	if len(files) == 0 {
		f.Fatal("no webhook fixtures in the shared folder")
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"action":"ping"}`))
	secret := []byte("fuzz-secret")
	roots := map[string]greenhouse.Resource{"application": greenhouse.Applications, "candidate": greenhouse.Candidates,
		"job": greenhouse.Jobs, "": greenhouse.JobPosts, "offer": greenhouse.Offers}
	f.Fuzz(func(t *testing.T, body []byte) {
		sig := greenhouse.Sign(secret, body)
		if err := greenhouse.VerifySignature(secret, body, sig); err != nil {
			t.Fatalf("own signature refused: %v", err)
		}
		if len(body) > 0 {
			other := append([]byte{body[0] ^ 1}, body[1:]...)
			if greenhouse.VerifySignature(secret, other, sig) == nil {
				t.Fatal("a changed body verified")
			}
		}
		wh, err := greenhouse.ParseWebhook(body)
		if err != nil {
			return
		}
		var payload map[string]json.RawMessage
		if json.Unmarshal(wh.Payload, &payload) != nil {
			return
		}
		for key, r := range roots {
			obj := wh.Payload
			if key != "" {
				if obj = payload[key]; obj == nil {
					continue
				}
			}
			// Decoding may refuse the object, never panic.
			greenhouse.DecodeV1(r, obj)
		}
	})
}
