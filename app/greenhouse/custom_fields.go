package greenhouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
// The write acts as the connection itself (Config.OnBehalfOf,
// GREENHOUSE_USER_ID) and goes through the one sender of writes, so it is
// sent at most once: see write.go for what its errors mean (ErrInDoubt: read
// the value back with ApplicationCustomFieldValues before sending it again).

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
	el := map[string]any{"id": f.ID, "value": value}
	if value == nil {
		el = map[string]any{"id": f.ID, "delete_value": "true"}
	}
	_, err := c.write(ctx, writeReq{
		op:     fmt.Sprintf("write the custom field %q of application %d", f.Name, applicationID),
		method: http.MethodPatch, path: "applications/" + strconv.FormatInt(applicationID, 10),
		body:  map[string]any{"custom_fields": []any{el}},
		scope: ScopeApplicationsUpdate, missing: "the application may have been deleted",
	})
	return err
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
