package greenhouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Errors a caller can branch on with errors.Is. The *Error that wraps them
// carries the message to show the user.
var (
	// ErrUnauthorized: Greenhouse rejected the client credentials or API key.
	ErrUnauthorized = errors.New("greenhouse: credentials rejected")
	// ErrForbidden: the credentials work but lack a permission (v3 scope).
	ErrForbidden = errors.New("greenhouse: permission denied")
	// ErrNotFound: the record or route does not exist.
	ErrNotFound = errors.New("greenhouse: not found")
	// ErrValidation: Greenhouse refused the request (HTTP 400 or 422).
	ErrValidation = errors.New("greenhouse: request refused")
	// ErrRateLimited: Greenhouse kept answering 429 after many waits.
	ErrRateLimited = errors.New("greenhouse: rate limited")
	// ErrUnavailable: 5xx answers, timeouts or connection errors on every
	// attempt (a write makes one: see write.go).
	ErrUnavailable = errors.New("greenhouse: unavailable")
	// ErrInDoubt: a write left but no answer came back, or Greenhouse
	// answered 5xx, so it may or may not have been applied. Look before
	// sending it again (write.go).
	ErrInDoubt = errors.New("greenhouse: the write may or may not have been applied")
	// ErrExpired: a signed attachment URL is no longer valid; the next sync
	// brings a fresh one.
	ErrExpired = errors.New("greenhouse: attachment link expired")
	// ErrTooLarge: a download (or an API answer) exceeded its size limit.
	ErrTooLarge = errors.New("greenhouse: too large")
	// ErrUnsupported: the connected API version cannot do this (for example a
	// Harvest v1 list of attachments, which v1 only embeds in candidates).
	ErrUnsupported = errors.New("greenhouse: not supported by this Harvest version")
	// ErrBadResume: a saved Page.Next no longer works (other host, other
	// resource, or Greenhouse refused the cursor). Start the walk again.
	ErrBadResume = errors.New("greenhouse: saved resume position is no longer valid")
)

// Error is a failed Greenhouse call. Error() is written for the person who
// has to fix it (an admin pasting credentials), not for a developer.
type Error struct {
	Kind     error    // one of the Err* sentinels, or nil
	Op       string   // what the client was doing, e.g. "list candidates"
	Status   int      // HTTP status; 0 when no answer arrived
	Message  string   // a sentence naming the problem
	Details  []string // Greenhouse's own message and field errors
	Attempts int      // attempts made, for transient failures
	// RetryAfter is how long Greenhouse asked the caller to wait before
	// trying again (Retry-After on a 429 or 503), 0 when it did not say.
	RetryAfter time.Duration
	Err        error // underlying transport error, if any
}

func (e *Error) Error() string {
	if len(e.Details) == 0 {
		return e.Message
	}
	return e.Message + ": " + strings.Join(e.Details, "; ")
}

// Unwrap lets errors.Is match both the sentinel and the transport error.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// details pulls Greenhouse's explanation out of an error body. Shapes seen:
// {"message":"Validation error","errors":[{"message":"…","field":"type"}]},
// {"message":"…","errors":["…"]}, {"errors":[{"per_page":"…"}]}, the
// OAuth form {"error":"invalid_client","error_description":"…"} and the
// token endpoint's {"message":"…","errorId":"err-…"} (the id is added by
// the token code, which knows it is one).
func details(body []byte) []string {
	var m struct {
		Message     string            `json:"message"`
		Error       string            `json:"error"`
		Description string            `json:"error_description"`
		Errors      []json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &m) != nil {
		s := strings.TrimSpace(string(body))
		if s == "" || len(s) > 200 || strings.HasPrefix(s, "<") {
			return nil // an HTML error page helps nobody
		}
		return []string{s}
	}
	var out []string
	for _, s := range []string{m.Message, m.Error, m.Description} {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, raw := range m.Errors {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			out = append(out, s)
			continue
		}
		var obj map[string]any
		if json.Unmarshal(raw, &obj) != nil {
			continue
		}
		if msg, ok := obj["message"].(string); ok {
			if f, ok := obj["field"].(string); ok && f != "" {
				msg = f + ": " + msg
			}
			out = append(out, msg)
			continue
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, fmt.Sprintf("%s: %v", k, obj[k]))
		}
	}
	return out
}
