package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// MaxWebhookBytes bounds a webhook body. Greenhouse's largest payloads (an
// application with its candidate, jobs and custom fields) are tens of KB.
const MaxWebhookBytes = 2 << 20

// SettingWebhookSecret is where the generated webhook secret is kept.
const SettingWebhookSecret = "webhook.secret"

// WebhookPath is where Greenhouse delivers webhooks.
const WebhookPath = "/webhooks/greenhouse"

// WebhookSecret returns the secret Greenhouse signs deliveries with:
// SHORTLIST_WEBHOOK_SECRET if set, else one Shortlist generated (and
// stores) the first time it is asked.
func (a *App) WebhookSecret(ctx context.Context) (secret string, fromEnv bool, err error) {
	if a.cfg.WebhookSecret != "" {
		return a.cfg.WebhookSecret, true, nil
	}
	s, err := a.DB.Setting(ctx, SettingWebhookSecret)
	if err != nil || s != "" {
		return s, false, err
	}
	s = RandomSecret(32)
	return s, false, a.DB.SetSettings(ctx, map[string]string{SettingWebhookSecret: s})
}

// RotateWebhookSecret replaces the generated secret; Greenhouse must then
// be given the new one.
func (a *App) RotateWebhookSecret(ctx context.Context) (string, error) {
	if a.cfg.WebhookSecret != "" {
		return "", invalid("the webhook secret is set by SHORTLIST_WEBHOOK_SECRET on the server; change it there")
	}
	s := RandomSecret(32)
	return s, a.DB.SetSettings(ctx, map[string]string{SettingWebhookSecret: s})
}

// receiveWebhook takes a Greenhouse delivery: verify the signature over the
// raw bytes before anything else, log the event, answer at once. Applying
// it happens in the background (Greenhouse times out slow endpoints and
// retries), in arrival order.
func (a *App) receiveWebhook(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"status": msg})
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			reply(http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		reply(http.StatusBadRequest, "could not read the body")
		return
	}
	secret, _, err := a.WebhookSecret(r.Context())
	if err != nil {
		a.log.Error("webhook secret", slog.Any("error", err))
		reply(http.StatusInternalServerError, "internal error")
		return
	}
	if err := greenhouse.VerifySignature([]byte(secret), body, r.Header.Get(greenhouse.SignatureHeader)); err != nil {
		a.log.Warn("webhook refused: bad signature", slog.String("client_ip", r.RemoteAddr))
		reply(http.StatusUnauthorized, "invalid signature")
		return
	}
	wh, err := greenhouse.ParseWebhook(body)
	if err != nil {
		reply(http.StatusBadRequest, "malformed JSON: "+err.Error())
		return
	}
	eventID := r.Header.Get(greenhouse.EventIDHeader)
	if eventID == "" {
		// Without an id, the body itself identifies a redelivery.
		sum := sha256.Sum256(body)
		eventID = "sha256:" + hex.EncodeToString(sum[:])
	}
	_, stored, err := a.DB.StoreWebhookEvent(r.Context(), db.WebhookEvent{EventID: eventID, Action: wh.Action, CandidateID: wh.CandidateID(), Body: body})
	if err != nil {
		// Not logged means not acknowledged: Greenhouse will retry.
		a.log.Error("store webhook", slog.Any("error", err))
		reply(http.StatusInternalServerError, "internal error")
		return
	}
	if !stored {
		reply(http.StatusOK, "duplicate")
		return
	}
	a.Webhooks.Wake()
	reply(http.StatusOK, "accepted")
}
