package app

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
)

// Settings keys for the Greenhouse connection an owner saves under My
// Company. The secret and key are write-only in the UI: never shown back.
const (
	SettingGHAPIURL       = "greenhouse.api_url"
	SettingGHTokenURL     = "greenhouse.token_url"
	SettingGHClientID     = "greenhouse.client_id"
	SettingGHClientSecret = "greenhouse.client_secret"
	SettingGHAPIKey       = "greenhouse.api_key"
	SettingGHUserID       = "greenhouse.user_id"
)

// ConnectionSource says where the Greenhouse credentials come from.
type ConnectionSource string

// Connection sources.
const (
	FromNowhere   ConnectionSource = ""
	FromEnv       ConnectionSource = "environment"
	FromDemo      ConnectionSource = "demo"
	FromMyCompany ConnectionSource = "settings"
)

// Connection describes the current Greenhouse connection, without secrets.
type Connection struct {
	Source   ConnectionSource
	Version  string // v3 | v1
	APIURL   string
	ClientID string
	// HasSecret / HasKey report whether a secret or key is stored.
	HasSecret, HasKey bool
}

// Connection reports the Greenhouse connection in use.
func (a *App) Connection(ctx context.Context) (Connection, error) {
	var c Connection
	if a.cfg.Greenhouse.Configured() {
		g := a.cfg.Greenhouse
		c = Connection{Source: FromEnv, APIURL: g.APIURL, ClientID: g.ClientID, HasSecret: g.ClientSecret != "", HasKey: g.APIKey != ""}
		if a.cfg.Demo {
			c.Source = FromDemo
		}
	} else {
		g, err := a.savedGreenhouse(ctx)
		if err != nil {
			return c, err
		}
		if g.Configured() {
			c = Connection{Source: FromMyCompany, APIURL: g.APIURL, ClientID: g.ClientID, HasSecret: g.ClientSecret != "", HasKey: g.APIKey != ""}
		}
	}
	a.mu.RLock()
	if a.gh != nil {
		c.Version = a.gh.Version()
	}
	a.mu.RUnlock()
	return c, nil
}

// savedGreenhouse reads the connection saved under My Company, with the
// environment's endpoints as defaults.
func (a *App) savedGreenhouse(ctx context.Context) (Greenhouse, error) {
	s, err := a.DB.Settings(ctx)
	if err != nil {
		return Greenhouse{}, err
	}
	g := Greenhouse{
		APIURL: s[SettingGHAPIURL], TokenURL: s[SettingGHTokenURL], ClientID: s[SettingGHClientID],
		ClientSecret: s[SettingGHClientSecret], APIKey: s[SettingGHAPIKey], UserID: s[SettingGHUserID],
	}
	if g.APIURL == "" {
		g.APIURL = a.cfg.Greenhouse.APIURL
	}
	switch {
	case g.TokenURL == "" && g.APIURL == a.cfg.Greenhouse.APIURL:
		g.TokenURL = a.cfg.Greenhouse.TokenURL
	case g.TokenURL == "",
		// Saved by an earlier release, which paired any API address with
		// Greenhouse's auth server: the token follows the API address.
		g.TokenURL == DefaultTokenURL && greenhouse.TokenURLFor(g.APIURL) != DefaultTokenURL:
		g.TokenURL = greenhouse.TokenURLFor(g.APIURL)
	}
	return g, nil
}

// connectSaved connects with the saved connection, if there is one.
func (a *App) connectSaved(ctx context.Context, hc *http.Client) error {
	g, err := a.savedGreenhouse(ctx)
	if err != nil || !g.Configured() {
		return err
	}
	return a.connect(g, hc)
}

// client builds a Harvest client for g; hc nil means a default with a
// timeout.
func (a *App) client(g Greenhouse, hc *http.Client) (*greenhouse.Client, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	return greenhouse.New(greenhouse.Config{
		BaseURL: g.APIURL, TokenURL: g.TokenURL, ClientID: g.ClientID, ClientSecret: g.ClientSecret,
		APIKey: g.APIKey, OnBehalfOf: g.UserID, HTTPClient: hc, Logger: a.log,
	})
}

// TestConnection checks credentials against Greenhouse without saving them.
func (a *App) TestConnection(ctx context.Context, g Greenhouse) error {
	if !g.Configured() {
		return invalid("enter a Harvest v3 client id and secret, or a Harvest v1 API key")
	}
	c, err := a.client(g, nil)
	if err != nil {
		return invalid("%v", err)
	}
	return c.Check(ctx)
}

// SaveConnection tests and saves Greenhouse credentials from My Company and
// connects with them. Credentials set in the environment cannot be
// replaced this way.
func (a *App) SaveConnection(ctx context.Context, g Greenhouse) error {
	if a.cfg.Greenhouse.Configured() {
		return invalid("the Greenhouse connection is set by environment variables on the server; change it there")
	}
	if g.APIURL == "" {
		g.APIURL = a.cfg.Greenhouse.APIURL
	}
	if g.TokenURL == "" {
		g.TokenURL = greenhouse.TokenURLFor(g.APIURL)
		if g.APIURL == a.cfg.Greenhouse.APIURL {
			g.TokenURL = a.cfg.Greenhouse.TokenURL
		}
	}
	if err := a.TestConnection(ctx, g); err != nil {
		return err
	}
	err := a.DB.SetSettings(ctx, map[string]string{
		SettingGHAPIURL: g.APIURL, SettingGHTokenURL: g.TokenURL, SettingGHClientID: g.ClientID,
		SettingGHClientSecret: g.ClientSecret, SettingGHAPIKey: g.APIKey, SettingGHUserID: g.UserID,
	})
	if err != nil {
		return err
	}
	return a.connect(g, nil)
}

// Disconnect forgets the saved Greenhouse credentials and stops syncing.
// Synced data stays until removed.
func (a *App) Disconnect(ctx context.Context) error {
	if a.cfg.Greenhouse.Configured() {
		return invalid("the Greenhouse connection is set by environment variables on the server; remove it there")
	}
	err := a.DB.SetSettings(ctx, map[string]string{
		SettingGHClientID: "", SettingGHClientSecret: "", SettingGHAPIKey: "", SettingGHUserID: "",
	})
	if err != nil {
		return fmt.Errorf("disconnect: %w", err)
	}
	a.mu.Lock()
	a.gh, a.sync = nil, nil
	a.mu.Unlock()
	return nil
}
