package greenhouse

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Webhook errors. A receiver answers ErrBadSignature with 401 and
// ErrMalformed with 400.
var (
	ErrBadSignature = errors.New("greenhouse: webhook signature missing or wrong")
	ErrMalformed    = errors.New("greenhouse: webhook body is not a Greenhouse event")
)

// SignatureHeader is the header Greenhouse signs webhooks in, as
// "sha256 <hex digest>".
const SignatureHeader = "Signature"

// EventIDHeader carries a delivery's unique id; retries repeat it.
const EventIDHeader = "Greenhouse-Event-ID"

// Sign returns the Signature header value for body: HMAC-SHA256 of the raw
// bytes with the shared secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256 " + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks a Signature header against the raw body, in
// constant time. Greenhouse escapes unicode before signing, so only the
// bytes as received verify: never re-serialize the body first.
func VerifySignature(secret, body []byte, header string) error {
	if len(secret) == 0 {
		return fmt.Errorf("%w: no webhook secret is configured", ErrBadSignature)
	}
	algo, digest, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(algo, "sha256") {
		return fmt.Errorf("%w: expected header %q of the form \"sha256 <hex>\"", ErrBadSignature, SignatureHeader)
	}
	got, err := hex.DecodeString(strings.TrimSpace(digest))
	if err != nil {
		return fmt.Errorf("%w: the digest is not hex", ErrBadSignature)
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	if !hmac.Equal(got, m.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// Webhook is a delivery's envelope: {"action": ..., "payload": {...}}.
type Webhook struct {
	Action  string
	Payload json.RawMessage
}

// ParseWebhook reads the envelope of a verified body. The payload is kept
// raw; what it holds depends on the action.
func ParseWebhook(body []byte) (Webhook, error) {
	var env struct {
		Action  *string         `json:"action"`
		Payload json.RawMessage `json:"payload"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&env); err != nil {
		return Webhook{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return Webhook{}, fmt.Errorf("%w: data after the JSON object", ErrMalformed)
	}
	if env.Action == nil || *env.Action == "" {
		return Webhook{}, fmt.Errorf("%w: no action", ErrMalformed)
	}
	p := bytes.TrimSpace(env.Payload)
	if len(p) > 0 && p[0] != '{' && !bytes.Equal(p, []byte("null")) {
		return Webhook{}, fmt.Errorf("%w: the payload is not an object", ErrMalformed)
	}
	return Webhook{Action: *env.Action, Payload: env.Payload}, nil
}

// CandidateID returns the id of the person an event is about, or 0: the
// candidate of an application event, the candidate of update_candidate, the
// person of a delete or merge, the candidate of an anonymization. Shortlist
// uses it to erase a person's events when Greenhouse deletes them.
func (w Webhook) CandidateID() int64 {
	var p struct {
		CandidateID int64 `json:"candidate_id"`
		Application *struct {
			CandidateID int64 `json:"candidate_id"`
			Candidate   *struct {
				ID int64 `json:"id"`
			} `json:"candidate"`
		} `json:"application"`
		Candidate *struct {
			ID int64 `json:"id"`
		} `json:"candidate"`
		Person *struct {
			ID int64 `json:"id"`
		} `json:"person"`
	}
	if json.Unmarshal(w.Payload, &p) != nil {
		return 0
	}
	switch {
	case p.Application != nil && p.Application.Candidate != nil && p.Application.Candidate.ID != 0:
		return p.Application.Candidate.ID
	case p.Application != nil && p.Application.CandidateID != 0:
		return p.Application.CandidateID
	case p.Candidate != nil:
		return p.Candidate.ID
	case p.Person != nil:
		return p.Person.ID
	}
	return p.CandidateID
}
