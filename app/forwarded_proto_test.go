package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// TestSecureCookieBehindTLSProxy checks that X-Forwarded-Proto: https from
// a trusted proxy (one that terminates TLS) gets the session cookie its
// Secure flag and the response HSTS, and that the header from anyone else
// changes nothing.
func TestSecureCookieBehindTLSProxy(t *testing.T) {
	a, err := Open(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// With an account, /login shows the form (and its session cookie)
	// instead of sending to first-run setup.
	if _, err := a.AddUser(context.Background(), "owner@example.com", "Olivia Owner", db.RoleOwner, "owner-password-1"); err != nil {
		t.Fatal(err)
	}
	h := newServer(a).routes()
	tests := []struct {
		name   string
		peer   string
		proto  []string // X-Forwarded-Proto header values
		secure bool
	}{
		{"TrustedProxyHTTPS", "10.1.2.3:4000", []string{"https"}, true},
		{"TrustedProxyHTTPSUpperCase", "10.1.2.3:4000", []string{" HTTPS "}, true},
		{"TrustedProxyHTTP", "10.1.2.3:4000", []string{"http"}, false},
		{"TrustedProxyNoHeader", "10.1.2.3:4000", nil, false},
		// The nearest proxy's value is the last one: a client's own claim
		// before it counts for nothing.
		{"TrustedProxyAppendedHTTP", "10.1.2.3:4000", []string{"https, http"}, false},
		{"TrustedProxySecondHeader", "10.1.2.3:4000", []string{"http", "https"}, true},
		{"UntrustedClaimsHTTPS", "203.0.113.9:4000", []string{"https"}, false},
		{"UntrustedLoopbackNotConfigured", "127.0.0.1:4000", []string{"https"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/login", nil)
			req.RemoteAddr = tt.peer
			for _, v := range tt.proto {
				req.Header.Add("X-Forwarded-Proto", v)
			}
			req.Header.Set("X-Forwarded-For", "198.51.100.7")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var cookie *http.Cookie
			for _, c := range rec.Result().Cookies() {
				if c.Name == sessionCookie {
					cookie = c
				}
			}
			if cookie == nil {
				t.Fatalf("status %d: no session cookie set", rec.Code)
			}
			if cookie.Secure != tt.secure {
				t.Errorf("cookie Secure = %v, want %v (%s)", cookie.Secure, tt.secure, rec.Header().Get("Set-Cookie"))
			}
			hsts := rec.Header().Get("Strict-Transport-Security")
			if (hsts != "") != tt.secure {
				t.Errorf("Strict-Transport-Security = %q, want it set: %v", hsts, tt.secure)
			}
		})
	}
}

func TestIsHTTPS(t *testing.T) {
	a := &App{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("::1/128")}}}
	check := func(name string, r *http.Request, want bool) {
		t.Helper()
		var got bool
		a.realIP(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = isHTTPS(r) })).ServeHTTP(httptest.NewRecorder(), r)
		if got != want {
			t.Errorf("%s: isHTTPS = %v, want %v", name, got, want)
		}
	}
	r := httptest.NewRequest(http.MethodGet, "https://example.com/", nil) // r.TLS set
	check("direct TLS", r, true)
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "[::1]:5000"
	r.Header.Set("X-Forwarded-Proto", "https")
	check("trusted IPv6 proxy", r, true)
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "[2001:db8::1]:5000"
	r.Header.Set("X-Forwarded-Proto", "https")
	check("untrusted IPv6 client", r, false)
}
