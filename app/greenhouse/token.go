package greenhouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	defaultTokenTTL = time.Hour
	// tokenEarly is how long before expiry a token is replaced, so a request
	// never leaves with a token that dies on the way.
	tokenEarly = 60 * time.Second
	tokenLimit = 1 << 20
)

// tokenSource caches the v3 access token and fetches a new one shortly
// before it expires. Concurrent callers share one fetch.
type tokenSource struct {
	c *Client
	// sub is the Greenhouse user the tokens act as; "" is the
	// credential's service user.
	sub       string
	mu        sync.Mutex
	tok       string
	refreshAt time.Time
	call      *tokenCall
}

type tokenCall struct {
	done chan struct{}
	tok  string
	err  error
}

func (ts *tokenSource) get(ctx context.Context) (string, error) {
	for {
		ts.mu.Lock()
		if ts.tok != "" && ts.c.now().Before(ts.refreshAt) {
			tok := ts.tok
			ts.mu.Unlock()
			return tok, nil
		}
		if call := ts.call; call != nil {
			ts.mu.Unlock()
			select {
			case <-call.done:
			case <-ctx.Done():
				return "", ctx.Err()
			}
			// If the leader gave up because its own context ended, this
			// caller still wants a token: try again as leader.
			if call.err != nil && isContextErr(call.err) && ctx.Err() == nil {
				continue
			}
			return call.tok, call.err
		}
		call := &tokenCall{done: make(chan struct{})}
		ts.call = call
		ts.mu.Unlock()

		tok, refreshAt, err := ts.fetch(ctx)

		ts.mu.Lock()
		if err == nil {
			ts.tok, ts.refreshAt = tok, refreshAt
		}
		call.tok, call.err = tok, err
		ts.call = nil
		close(call.done)
		ts.mu.Unlock()
		return tok, err
	}
}

// invalidate drops tok if it is still the cached token; a token another
// caller already replaced stays replaced.
func (ts *tokenSource) invalidate(tok string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.tok == tok {
		ts.tok = ""
	}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// fetch asks the token endpoint for a client-credentials token: HTTP Basic
// client_id:client_secret, form body grant_type=client_credentials[&sub=].
func (ts *tokenSource) fetch(ctx context.Context) (string, time.Time, error) {
	c := ts.c
	form := url.Values{"grant_type": {"client_credentials"}}
	if ts.sub != "" {
		form.Set("sub", ts.sub)
	}
	start := c.now()
	resp, err := c.send(ctx, toToken, tokenLimit, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(c.cfg.ClientID, c.cfg.ClientSecret)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
	if err != nil {
		return "", time.Time{}, c.opErr("fetch an access token", err)
	}
	if resp.status != http.StatusOK {
		return "", time.Time{}, ts.statusErr(resp)
	}
	tok, ttl, err := parseToken(resp.body, start)
	if err != nil {
		return "", time.Time{}, &Error{Op: "fetch an access token", Status: resp.status, Err: err,
			Message: "the token endpoint answered without a usable access token; check the token address"}
	}
	// Replace the token a minute early, or a quarter of its life early for
	// short-lived tokens, where a minute would be all of it.
	early := min(tokenEarly, ttl/4)
	c.log.Debug("greenhouse: new access token", slog.Duration("ttl", ttl))
	return tok, start.Add(ttl - early), nil
}

// tokenRefusal is a refusal from the token endpoint. It takes two shapes:
// OAuth's {"error": "invalid_client"} for an unknown id or secret, and
// Greenhouse's own {"message": …, "errorId": "err-…"} for a request it
// cannot read (no credentials, a malformed client id, a bad grant).
type tokenRefusal struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	ErrorID string `json:"errorId"`
}

// statusErr explains a refused token request in words the owner can act
// on; Greenhouse's own message (and its error id, for Greenhouse support)
// follow in Details.
func (ts *tokenSource) statusErr(resp *response) error {
	e := &Error{Op: "fetch an access token", Status: resp.status, Details: details(resp.body)}
	var m tokenRefusal
	_ = json.Unmarshal(resp.body, &m)
	if m.ErrorID != "" {
		e.Details = append(e.Details, "Greenhouse error id "+m.ErrorID)
	}
	msg := strings.ToLower(m.Message)
	switch {
	case m.Error == "invalid_client" || m.Error == "unauthorized_client":
		e.Kind = ErrUnauthorized
		e.Message = fmt.Sprintf("Greenhouse rejected the client credentials (HTTP %d); check the client id and secret "+
			"(Configure, Dev Center, API Credential Management), and that the credential was not deleted or rotated", resp.status)
	case strings.Contains(msg, "client id suffix") || strings.Contains(msg, "client_id="):
		e.Kind = ErrUnauthorized
		e.Message = fmt.Sprintf("Greenhouse does not recognise the client id as one of its own (HTTP %d): a Harvest v3 "+
			"client id ends in a dash and a number; copy it again, whole, from Configure, Dev Center, API Credential Management", resp.status)
	case strings.Contains(msg, "grant_type"):
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("Greenhouse refused the kind of token Shortlist asked for (HTTP %d); this is a fault in "+
			"Shortlist rather than in the settings, please report it", resp.status)
	case resp.status == http.StatusUnauthorized && m.Message != "":
		// Greenhouse's own 401 means the request reached it without
		// credentials: Shortlist always sends them, so something between
		// removed them.
		e.Kind = ErrUnauthorized
		e.Message = "Greenhouse received the token request without client credentials (HTTP 401); if a proxy sits " +
			"between Shortlist and Greenhouse, it must pass the Authorization header on"
	case resp.status == http.StatusUnauthorized:
		e.Kind = ErrUnauthorized
		e.Message = fmt.Sprintf("Greenhouse rejected the client credentials (HTTP %d); check the client id and secret", resp.status)
	case resp.status == http.StatusForbidden:
		e.Kind = ErrForbidden
		e.Message = "Greenhouse refused an access token for these credentials (HTTP 403)"
		if ts.sub != "" {
			e.Message = fmt.Sprintf("Greenhouse refused an access token acting as user %s (HTTP 403); check the user id", ts.sub)
		}
	case (resp.status == http.StatusBadRequest || resp.status == http.StatusUnprocessableEntity) && ts.sub != "" &&
		(m.Error == "invalid_request" || strings.Contains(msg, "sub")):
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("Greenhouse refused to act as user %s (HTTP %d); the acting user (GREENHOUSE_USER_ID) "+
			"must be the id of an active Greenhouse user, or empty", ts.sub, resp.status)
		if ts.sub != ts.c.cfg.OnBehalfOf {
			// A Shortlist user's own token (writes), not the connection's.
			e.Message = fmt.Sprintf("Greenhouse refused to act as user %s (HTTP %d); the Greenhouse user a Shortlist "+
				"account is mapped to (My Company, Users) must be an active Greenhouse user", ts.sub, resp.status)
		}
	case resp.status == http.StatusBadRequest || resp.status == http.StatusUnprocessableEntity:
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("the token endpoint refused the request (HTTP %d)", resp.status)
	case resp.status == http.StatusNotFound:
		e.Kind = ErrNotFound
		e.Message = "there is no token endpoint at the token address (HTTP 404); check GREENHOUSE_TOKEN_URL"
	default:
		e.Message = fmt.Sprintf("the token endpoint answered HTTP %d", resp.status)
	}
	return e
}

// parseToken reads the token response. Sources disagree on how it states the
// lifetime, so it accepts expires_in (seconds), expires_at (RFC 3339 or epoch
// seconds) and expires (either), falling back to an hour.
func parseToken(body []byte, now time.Time) (string, time.Duration, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return "", 0, err
	}
	var tok string
	if err := json.Unmarshal(m["access_token"], &tok); err != nil || tok == "" {
		return "", 0, errors.New("no access_token")
	}
	ttl := defaultTokenTTL
	if d, ok := seconds(m["expires_in"]); ok && d > 0 {
		ttl = d
	} else if t, ok := instant(m["expires_at"], now); ok {
		ttl = t.Sub(now)
	} else if t, ok := instant(m["expires"], now); ok {
		ttl = t.Sub(now)
	}
	if ttl <= 0 {
		// Already expired by our clock: a skewed clock. Use it once rather
		// than loop fetching tokens; a 401 will force the next one.
		ttl = time.Second
	}
	return tok, ttl, nil
}

// seconds reads a number of seconds given as a JSON number or string.
func seconds(raw json.RawMessage) (time.Duration, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	s := strings.Trim(string(raw), `"`)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// instant reads an expiry given as a timestamp string, epoch seconds, or a
// small number of seconds from now.
func instant(raw json.RawMessage, now time.Time) (time.Time, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	if d, ok := seconds(raw); ok {
		if d > 365*24*time.Hour { // more than a year: an epoch, not a duration
			return time.Unix(int64(d/time.Second), 0), true
		}
		return now.Add(d), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}, false
	}
	return parseTime(s)
}
