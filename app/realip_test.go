package app

import (
	"net/http/httptest"
	"testing"
)

func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	cfg, err := ConfigFromEnv(func(k string) (string, bool) {
		if k == "SHORTLIST_TRUSTED_PROXIES" {
			return "10.0.0.0/8, 127.0.0.1", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	a := &App{cfg: cfg}
	tests := []struct {
		name, peer, xff, xrealip, want string
	}{
		{"direct client, header ignored", "203.0.113.9:5000", "1.2.3.4", "", ""},
		{"trusted proxy", "127.0.0.1:5000", "198.51.100.7", "", "198.51.100.7"},
		{"client's own claim skipped", "10.1.2.3:5000", "6.6.6.6, 198.51.100.7", "", "198.51.100.7"},
		{"chain of trusted proxies", "10.1.2.3:5000", "198.51.100.7, 10.9.9.9", "", "198.51.100.7"},
		{"X-Real-IP from a proxy", "10.1.2.3:5000", "", "198.51.100.8", "198.51.100.8"},
		{"garbage", "10.1.2.3:5000", "not-an-ip", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if tt.xrealip != "" {
				r.Header.Set("X-Real-IP", tt.xrealip)
			}
			if got := a.forwardedFor(r); got != tt.want {
				t.Errorf("forwardedFor = %q, want %q", got, tt.want)
			}
		})
	}
}
