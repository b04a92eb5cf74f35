package app

import (
	"context"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/views"
)

// webhookRotate replaces the generated webhook secret (My Company).
func (s *server) webhookRotate(w http.ResponseWriter, r *http.Request) {
	if _, err := s.RotateWebhookSecret(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashInfo, "New webhook secret key made. Paste it into every Greenhouse web hook.")
	s.redirect(w, r, "/company#webhooks-h")
}

// webhooksProps describe the Webhooks section of My Company.
func (s *server) webhooksProps(ctx context.Context, r *http.Request) (views.WebhooksProps, error) {
	var p views.WebhooksProps
	secret, fromEnv, err := s.WebhookSecret(ctx)
	if err != nil {
		return p, err
	}
	p.URL = s.baseURL(r) + WebhookPath
	p.HTTPS = strings.HasPrefix(p.URL, "https://")
	p.Secret, p.FromEnv = secret, fromEnv
	p.Events = ingest.Actions
	if p.Counts, err = s.DB.WebhookEventCounts(ctx); err != nil {
		return p, err
	}
	recent, err := s.DB.RecentWebhookEvents(ctx, 10)
	if err != nil {
		return p, err
	}
	for _, e := range recent {
		p.Recent = append(p.Recent, views.WebhookDelivery{Action: e.Action, ReceivedAt: e.ReceivedAt, Status: e.Status, Error: e.Error})
	}
	return p, nil
}
