package greenhouse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Application custom fields: the definitions (where an owner chooses the
// field Shortlist writes its score to), writing one field of one
// application, and reading values back.
//
// Routes: v3 GET /v3/custom_fields?field_type=application, PATCH
// /v3/applications/{id} (greenhouse-v3.md §3; the acting user is the
// token's sub); v1 GET /v1/custom_fields/application, PATCH
// /v1/applications/{id} with On-Behalf-Of. The write's body is the
// documented custom field element, {"custom_fields": [{"id", "value"}]}
// (greenhouse.md §1.7; v3 publishes no body of its own for this route).
//
// A write is sent once. Greenhouse takes no idempotency key, so when no
// answer comes back (a dropped connection, a 5xx) the client does not send
// it again but reports ErrInDoubt: the caller reads the value back
// (ApplicationCustomFieldValues) before deciding to send it again. A 429
// is not in doubt (Greenhouse refused it) and is waited out as reads are.

// ErrInDoubt: a write got no answer, so it may or may not have been
// applied. Read the value back before sending it again.
var ErrInDoubt = errors.New("greenhouse: the write may or may not have been applied")

// Scopes and permissions the custom field features need, for messages.
const (
	ScopeCustomFieldsList   = "harvest:custom_fields:list"
	ScopeApplicationsUpdate = "harvest:applications:update"
	ScopeApplicationsList   = "harvest:applications:list"
)

// customFieldsRes is the route of custom field definitions (not a synced
// resource).
const customFieldsRes Resource = "custom_fields"

// CustomField is a custom field definition.
type CustomField struct {
	ID      int64
	Name    string
	NameKey string
	// FieldType is what the field belongs to: application, candidate, job…
	FieldType string
	// ValueType is what it holds: number, short_text, long_text,
	// single_select, …
	ValueType string
	Active    bool
	Private   bool
}

// customFieldWire is a definition in both versions' lists.
type customFieldWire struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	NameKey   string `json:"name_key"`
	FieldType string `json:"field_type"`
	ValueType string `json:"value_type"`
	Active    bool   `json:"active"`
	Private   bool   `json:"private"`
}

// ApplicationCustomFields lists the account's application custom fields,
// active or not, as Greenhouse orders them.
func (c *Client) ApplicationCustomFields(ctx context.Context) ([]CustomField, error) {
	const op = "list application custom fields"
	u := c.urlFor("custom_fields", url.Values{"field_type": {"application"}, "per_page": {strconv.Itoa(c.cfg.PerPage)}})
	if c.version == V1 {
		u = c.urlFor("custom_fields/application", nil)
	}
	var out []CustomField
	for u != "" {
		resp, err := c.apiGet(ctx, customFieldsRes, op, u)
		if err != nil {
			return nil, c.permissionErr(err, ScopeCustomFieldsList, "GET /v1/custom_fields/{field_type}")
		}
		var page []customFieldWire
		if err := json.Unmarshal(resp.body, &page); err != nil {
			return nil, fmt.Errorf("greenhouse: %s: reading the answer: %w", op, err)
		}
		for _, w := range page {
			out = append(out, CustomField{ID: w.ID, Name: w.Name, NameKey: w.NameKey, FieldType: w.FieldType,
				ValueType: w.ValueType, Active: w.Active, Private: w.Private})
		}
		if c.version == V1 {
			break // v1 lists a field type whole
		}
		if u, err = c.nextLink(resp.header, u, customFieldsRes); err != nil {
			return nil, fmt.Errorf("greenhouse: %s: %w", op, err)
		}
	}
	return out, nil
}

// permissionErr rewrites a permission refusal to name what the credential
// needs: a v3 scope or a v1 endpoint permission.
func (c *Client) permissionErr(err error, scope, v1Endpoint string) error {
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrForbidden) {
		return err
	}
	if c.version == V3 {
		e.Message = fmt.Sprintf("the API credential lacks the Harvest v3 scope %s, needed to %s: add it to the credential in Greenhouse (Configure → Dev Center → API Credentials) (HTTP 403)", scope, e.Op)
	} else {
		e.Message = fmt.Sprintf("the API key lacks permission for %s, needed to %s: allow it for the key in Greenhouse (Configure → Dev Center → API Credential Management) (HTTP 403)", v1Endpoint, e.Op)
	}
	return err
}

// SetApplicationCustomField writes value into field f of an application
// (nil deletes it). Numbers go as JSON numbers and text as strings; the
// value must suit the field's value_type, or Greenhouse refuses it
// (ErrValidation). A write is sent once: see ErrInDoubt.
func (c *Client) SetApplicationCustomField(ctx context.Context, applicationID int64, f CustomField, value any) error {
	op := fmt.Sprintf("write the custom field %q of application %d", f.Name, applicationID)
	el := map[string]any{"id": f.ID, "value": value}
	if value == nil {
		el = map[string]any{"id": f.ID, "delete_value": "true"}
	}
	body, err := json.Marshal(map[string]any{"custom_fields": []any{el}})
	if err != nil {
		return fmt.Errorf("greenhouse: %s: %w", op, err)
	}
	if c.version == V1 && c.cfg.OnBehalfOf == "" {
		return &Error{Kind: ErrValidation, Op: op, Message: "Harvest v1 writes name the Greenhouse user they act for: " +
			"set the Greenhouse user id (GREENHOUSE_USER_ID, or \"Act as Greenhouse user id\" under My Company)"}
	}
	u := c.urlFor("applications/"+strconv.FormatInt(applicationID, 10), nil)
	_, err = c.sendAsConnection(ctx, http.MethodPatch, u, op, body)
	return c.permissionErr(err, ScopeApplicationsUpdate, "PATCH /v1/applications/{id}")
}

// sendAsConnection sends a write with the connection's own credentials,
// once: it paces like reads, waits out 429s and
// fetches a fresh token after a 401 (answers that say the write was not
// applied), and reports any other failure without sending again.
func (c *Client) sendAsConnection(ctx context.Context, method, u, op string, body []byte) (*response, error) {
	refreshed, waits := false, 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("greenhouse: %s: %w", op, err)
		}
		tok := ""
		if c.tokens != nil {
			var err error
			if tok, err = c.tokens.get(ctx); err != nil {
				return nil, c.opErr(op, err)
			}
		}
		if d := c.pace.reserve(c.now()); d > 0 {
			c.stats.pacing.Add(int64(d))
			if err := c.wait(ctx, d); err != nil {
				return nil, fmt.Errorf("greenhouse: %s: %w", op, err)
			}
		}
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("greenhouse: %s: %w", op, err)
		}
		req.Header.Set("User-Agent", userAgent)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		if c.version == V3 {
			req.Header.Set("Authorization", "Bearer "+tok)
		} else {
			req.SetBasicAuth(c.cfg.APIKey, "")
			req.Header.Set("On-Behalf-Of", c.cfg.OnBehalfOf)
		}
		c.stats.requests.Add(1)
		res, err := c.http.Do(req)
		var b []byte
		if err == nil {
			b, err = readBody(res, maxBody)
		}
		if err != nil {
			return nil, &Error{Kind: ErrInDoubt, Op: op, Err: errors.Join(ErrUnavailable, err),
				Message: fmt.Sprintf("Greenhouse did not answer the request to %s (%s); it may or may not have been applied", op, shortNetErr(err))}
		}
		c.pace.update(res.Header)
		resp := &response{status: res.StatusCode, header: res.Header, body: b}
		switch {
		case resp.status == http.StatusTooManyRequests:
			c.stats.rateLimited.Add(1)
			if waits++; waits > maxRateLimitWaits {
				return nil, &Error{Kind: ErrRateLimited, Op: op, Status: resp.status, Attempts: waits,
					Message: fmt.Sprintf("Greenhouse kept rate-limiting the client (HTTP 429) after %d waits", waits-1)}
			}
			d, ok := retryAfter(resp.header, c.now())
			if !ok {
				d = jittered(waits)
			}
			c.log.Debug("greenhouse: write rate limited", slog.Duration("wait", d))
			if err := c.wait(ctx, d); err != nil {
				return nil, fmt.Errorf("greenhouse: %s: %w", op, err)
			}
			continue
		case resp.status == http.StatusUnauthorized && c.tokens != nil && !refreshed:
			refreshed = true
			c.stats.refreshes.Add(1)
			c.tokens.invalidate(tok)
			continue
		case resp.status >= 500:
			return resp, &Error{Kind: ErrInDoubt, Op: op, Status: resp.status, Err: ErrUnavailable, Details: details(resp.body),
				Message: fmt.Sprintf("Greenhouse answered HTTP %d to the request to %s; it may or may not have been applied", resp.status, op)}
		case resp.status >= 200 && resp.status <= 299:
			return resp, nil
		}
		return resp, c.statusErr(Applications, op, resp)
	}
}

// ApplicationCustomFieldValues reads the value of the custom field keyed
// key (its name_key) on each application: a number, a string, or nil when
// the field is empty. Applications Greenhouse does not have are missing
// from the map.
func (c *Client) ApplicationCustomFieldValues(ctx context.Context, ids []int64, key string) (map[int64]any, error) {
	out := make(map[int64]any, len(ids))
	if c.version == V3 {
		for chunk := range slices.Chunk(ids, maxIDs) {
			q := url.Values{"ids": {joinIDs(chunk)}, "per_page": {strconv.Itoa(maxIDs)}}
			resp, err := c.apiGet(ctx, Applications, "read applications", c.urlFor("applications", q))
			if err != nil {
				return nil, c.permissionErr(err, ScopeApplicationsList, "GET /v1/applications/{id}")
			}
			var apps []struct {
				ID           int64 `json:"id"`
				CustomFields map[string]struct {
					Value any `json:"value"`
				} `json:"custom_fields"`
			}
			if err := json.Unmarshal(resp.body, &apps); err != nil {
				return nil, fmt.Errorf("greenhouse: read applications: reading the answer: %w", err)
			}
			for _, a := range apps {
				if a.ID != 0 {
					out[a.ID] = a.CustomFields[key].Value
				}
			}
		}
		return out, nil
	}
	for _, id := range ids {
		op := fmt.Sprintf("read application %d", id)
		resp, err := c.apiGet(ctx, Applications, op, c.urlFor("applications/"+strconv.FormatInt(id, 10), nil))
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, c.permissionErr(err, ScopeApplicationsList, "GET /v1/applications/{id}")
		}
		var a struct {
			CustomFields map[string]any `json:"custom_fields"`
		}
		if err := json.Unmarshal(resp.body, &a); err != nil {
			return nil, fmt.Errorf("greenhouse: %s: reading the answer: %w", op, err)
		}
		out[id] = a.CustomFields[key]
	}
	return out, nil
}

// SameValue reports whether a value read back from Greenhouse is the one
// written (numbers compare as numbers: 81 and 81.0 are the same).
func SameValue(read any, written string) bool {
	switch v := read.(type) {
	case nil:
		return written == ""
	case float64:
		w, err := strconv.ParseFloat(strings.TrimSpace(written), 64)
		return err == nil && w == v
	case string:
		if v == written {
			return true
		}
		a, err1 := strconv.ParseFloat(strings.TrimSpace(v), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(written), 64)
		return err1 == nil && err2 == nil && a == b
	}
	return fmt.Sprint(read) == written
}
