package app

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// TestTokenURLFollowsAPIURL: GREENHOUSE_TOKEN_URL, when unset, goes with
// GREENHOUSE_API_URL, so the simulator's (or a proxy's) credentials never
// reach Greenhouse's auth server.
func TestTokenURLFollowsAPIURL(t *testing.T) {
	for _, tc := range []struct {
		name      string
		env       map[string]string
		api, want string
	}{
		{"Defaults", nil, DefaultAPIURL, DefaultTokenURL},
		{"OnlyAPIURL", map[string]string{"GREENHOUSE_API_URL": "http://127.0.0.1:8090/"}, "http://127.0.0.1:8090", "http://127.0.0.1:8090/token"},
		{"Both", map[string]string{"GREENHOUSE_API_URL": "http://127.0.0.1:8090", "GREENHOUSE_TOKEN_URL": "http://127.0.0.1:9000/oauth/token"},
			"http://127.0.0.1:8090", "http://127.0.0.1:9000/oauth/token"},
		{"OnlyTokenURL", map[string]string{"GREENHOUSE_TOKEN_URL": "https://auth.example.com/token"}, DefaultAPIURL, "https://auth.example.com/token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Greenhouse.APIURL != tc.api || cfg.Greenhouse.TokenURL != tc.want {
				t.Fatalf("API %q token %q, want %q and %q", cfg.Greenhouse.APIURL, cfg.Greenhouse.TokenURL, tc.api, tc.want)
			}
		})
	}
}

// TestConnectionErrorsInWords: My Company's connection test tells the
// owner what Greenhouse's token endpoint refused, in words to act on; and
// a connection saved by an earlier release, which paired the simulator's
// address with Greenhouse's auth server, asks the simulator for tokens.
func TestConnectionErrorsInWords(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Greenhouse: Greenhouse{APIURL: fx.simURL,
		TokenURL: fx.simURL + "/token"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.AddUser(ctx, ownerEmail, "", db.RoleOwner, ownerPass); err != nil {
		t.Fatal(err)
	}
	_, srv := startServer(t, a)
	sc := fx.sim.Config()
	runScenarios(t, srv.URL, []scenario{
		{Name: "MalformedClientID", As: "owner", Method: "POST", URL: "/company/connection/check",
			Form: url.Values{"client_id": {"notaclient"}, "client_secret": {sc.ClientSecret}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "MalformedClientIDMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"The connection test failed", "does not recognise the client id",
				"copy it again, whole, from Configure, Dev Center, API Credential Management"}},
		{Name: "WrongSecret", As: "owner", Method: "POST", URL: "/company/connection/check",
			Form: url.Values{"client_id": {sc.ClientID}, "client_secret": {"wrong"}}, ExpectedStatus: http.StatusSeeOther},
		{Name: "WrongSecretMessage", As: "owner", URL: "/company", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"rejected the client credentials (HTTP 401); check the client id and secret"}},
	})

	// As an earlier release saved it: the simulator's API with
	// Greenhouse's auth server.
	if err := a.DB.SetSettings(ctx, map[string]string{SettingGHAPIURL: fx.simURL, SettingGHTokenURL: DefaultTokenURL,
		SettingGHClientID: sc.ClientID, SettingGHClientSecret: sc.ClientSecret}); err != nil {
		t.Fatal(err)
	}
	g, err := a.savedGreenhouse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g.TokenURL != fx.simURL+"/token" {
		t.Fatalf("saved connection's token address %q, want the simulator's", g.TokenURL)
	}
	if err := a.TestConnection(ctx, g); err != nil {
		t.Fatalf("saved connection: %v", err)
	}
}
