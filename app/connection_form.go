package app

import (
	"context"
	"net/http"
	"strings"
)

// connectionForm reads the Greenhouse credentials posted on My Company.
// Secrets are write-only: an empty secret or key field keeps the stored
// one. A client id means Harvest v3 (any v1 key is dropped); otherwise a
// v1 API key.
func (s *server) connectionForm(ctx context.Context, r *http.Request) (Greenhouse, error) {
	saved, err := s.savedGreenhouse(ctx)
	if err != nil {
		return Greenhouse{}, err
	}
	g := Greenhouse{
		APIURL:   saved.APIURL,
		TokenURL: saved.TokenURL,
		ClientID: strings.TrimSpace(r.PostForm.Get("client_id")),
		UserID:   strings.TrimSpace(r.PostForm.Get("user_id")),
	}
	secret, key := strings.TrimSpace(r.PostForm.Get("client_secret")), strings.TrimSpace(r.PostForm.Get("api_key"))
	if g.ClientID != "" {
		g.ClientSecret = secret
		if g.ClientSecret == "" && g.ClientID == saved.ClientID {
			g.ClientSecret = saved.ClientSecret
		}
		if g.ClientSecret == "" {
			return g, invalid("enter the client secret that goes with client id %s", g.ClientID)
		}
		return g, nil
	}
	g.UserID = ""
	g.APIKey = key
	if g.APIKey == "" {
		g.APIKey = saved.APIKey
	}
	if g.APIKey == "" {
		return g, invalid("enter a Harvest v3 client id and secret, or a Harvest v1 API key")
	}
	return g, nil
}
