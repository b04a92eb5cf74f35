package simulator

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// GreenhouseRetryDelays is Greenhouse's documented webhook retry schedule:
// seven attempts over about fifteen hours, the wait before each retry.
var GreenhouseRetryDelays = []time.Duration{
	time.Minute, 15 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour,
}

// Webhook is an endpoint the simulator delivers change events to, as a
// Greenhouse webhook configured with a URL and a secret key would.
type Webhook struct {
	URL    string
	Secret string
	// SecretFunc, if set, is asked for the secret at each delivery (an
	// endpoint whose secret can be rotated).
	SecretFunc func() string
	// RetryDelays are the waits before each retry of a failed delivery
	// (default GreenhouseRetryDelays; tests shorten them).
	RetryDelays []time.Duration
	// Client sends the deliveries (default: 10 s timeout, as Greenhouse
	// gives up on slow endpoints).
	Client *http.Client
}

// DeliveryStats counts a webhook's deliveries.
type DeliveryStats struct {
	Delivered, Failed, Retried, GaveUp int
}

type deliverer struct {
	s     *Sim
	hook  Webhook
	queue chan Event
	mu    sync.Mutex
	stats DeliveryStats
	ctx   context.Context
}

// AddWebhook starts delivering every change event to hook until ctx ends.
// Each delivery is a POST of the event body with Greenhouse's headers:
// Signature "sha256 <hex HMAC-SHA256 of the body>" and a unique
// Greenhouse-Event-ID that retries repeat. A delivery fails on a timeout, a
// network error or any status but 200, and is retried on the schedule;
// first attempts go out in the order the changes happened. The returned
// func reports the counts so far.
func (s *Sim) AddWebhook(ctx context.Context, hook Webhook) func() DeliveryStats {
	if hook.RetryDelays == nil {
		hook.RetryDelays = GreenhouseRetryDelays
	}
	if hook.Client == nil {
		hook.Client = &http.Client{Timeout: 10 * time.Second}
	}
	d := &deliverer{s: s, hook: hook, queue: make(chan Event, 1024), ctx: ctx}
	s.Subscribe(func(ev Event) {
		select {
		case d.queue <- ev:
		case <-ctx.Done():
		}
	})
	go d.run()
	return func() DeliveryStats {
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.stats
	}
}

func (d *deliverer) run() {
	for {
		select {
		case <-d.ctx.Done():
			return
		case ev := <-d.queue:
			id := newEventID()
			if !d.attempt(ev, id) {
				d.retry(ev, id, 0)
			}
		}
	}
}

// retry schedules attempt n+2 of a failed delivery.
func (d *deliverer) retry(ev Event, id string, n int) {
	if n >= len(d.hook.RetryDelays) {
		d.count(func(s *DeliveryStats) { s.GaveUp++ })
		d.s.log.Warn("webhook delivery abandoned", slog.String("action", ev.Action), slog.String("event_id", id))
		return
	}
	time.AfterFunc(d.hook.RetryDelays[n], func() {
		if d.ctx.Err() != nil {
			return
		}
		d.count(func(s *DeliveryStats) { s.Retried++ })
		if !d.attempt(ev, id) {
			d.retry(ev, id, n+1)
		}
	})
}

func (d *deliverer) attempt(ev Event, id string) bool {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, d.hook.URL, bytes.NewReader(ev.Payload))
	if err != nil {
		d.count(func(s *DeliveryStats) { s.Failed++ })
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Greenhouse-Webhooks (Shortlist simulator)")
	req.Header.Set("Greenhouse-Event-ID", id)
	secret := d.hook.Secret
	if d.hook.SecretFunc != nil {
		secret = d.hook.SecretFunc()
	}
	req.Header.Set("Signature", sign([]byte(secret), ev.Payload))
	resp, err := d.hook.Client.Do(req)
	if err == nil {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
	}
	if err != nil || resp.StatusCode != http.StatusOK {
		d.count(func(s *DeliveryStats) { s.Failed++ })
		why := fmt.Sprint(err)
		if err == nil {
			why = resp.Status
		}
		d.s.log.Debug("webhook delivery failed", slog.String("action", ev.Action), slog.String("error", why))
		return false
	}
	d.count(func(s *DeliveryStats) { s.Delivered++ })
	return true
}

func (d *deliverer) count(f func(*DeliveryStats)) {
	d.mu.Lock()
	f(&d.stats)
	d.mu.Unlock()
}

func sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256 " + hex.EncodeToString(m.Sum(nil))
}

func newEventID() string {
	var b [16]byte
	rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
