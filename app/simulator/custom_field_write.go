package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Writes of an application's fields, custom fields above all: PATCH
// /v3/applications/{id} (greenhouse-v3.md §3: the v3 route of v1's PATCH)
// and PATCH /v1/applications/{id} (the v1 fixture
// harvest_patch_application_request.json and _response.json), with the
// v1 list of custom field definitions, GET /v1/custom_fields/{field_type}.
//
// Both versions take the documented custom field element {id | name_key,
// value, unit, delete_value: "true"} (greenhouse.md §1.7); Greenhouse's v3
// body for this route is not published, so v3 takes the same elements. The
// value must suit the field's value_type: a number for number, text for
// short_text, an option id or the exact option name for single_select, and
// so on; an unknown field, a field of another type than application, or a
// value of the wrong kind is a 422 that names the element. v3 refuses
// attributes it does not know (422); v1 ignores them, as v1 does.
//
// A write needs its own permission: the v3 scope harvest:applications:update
// and, for a v1 key, the PATCH /v1/applications/{id} endpoint. Deny it with
// SetDenyResources("applications:update"); the read scope is
// "applications". A v1 write names its acting user in On-Behalf-Of (an
// active user's id); a v3 write acts as the token's sub.
//
// The change is visible in the application's reads (v3 custom_fields, v1
// custom_fields and keyed_custom_fields), moves its updated_at, and is
// announced with an application_updated webhook.

// The application custom field Shortlist writes its match score to: the
// simulated account has it, as an owner following Shortlist's instructions
// would have created it.
const (
	ShortlistScoreField = "Shortlist score"
	ShortlistScoreKey   = "shortlist_score"
)

// scopeApplicationsUpdate is the deny-list entry (and, prefixed with
// harvest:, the v3 scope) of application writes.
const scopeApplicationsUpdate = resApplications + ":update"

// maxWriteBody bounds a write's body.
const maxWriteBody = 1 << 20

// cfElement is one element of custom_fields in a write.
type cfElement struct {
	ID          *int64          `json:"id"`
	NameKey     string          `json:"name_key"`
	Value       json.RawMessage `json:"value"`
	Unit        string          `json:"unit"`
	DeleteValue any             `json:"delete_value"`
}

// applicationPatch is a validated write: what to set on the application.
type applicationPatch struct {
	sourceID, recruiterID, coordinatorID, referrerID *int64
	custom                                           map[string]*customField // nil value: delete
}

// v3PatchKeys are the attributes PATCH /v3/applications/{id} accepts.
var v3PatchKeys = []string{"source_id", "referrer_id", "recruiter_id", "coordinator_id", "custom_fields"}

// patchApplicationV3 is PATCH /v3/applications/{id}. Unlike the lists, a
// write needs no site admin: it acts as the token's user, who must be
// active (authWriteV3).
func (s *Sim) patchApplicationV3(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authWriteV3(w, r, scopeApplicationsUpdate); ok {
		s.patchApplication(w, r, false)
	}
}

// patchApplicationV1 is PATCH /v1/applications/{id}, acting as the active
// user On-Behalf-Of names (authWriteV1).
func (s *Sim) patchApplicationV1(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authWriteV1(w, r, scopeApplicationsUpdate); ok {
		s.patchApplication(w, r, true)
	}
}

// patchApplication reads, validates and applies a write, answers with the
// application as the version renders it, and announces it.
func (s *Sim) patchApplication(w http.ResponseWriter, r *http.Request, v1 bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWriteBody))
	var body map[string]json.RawMessage
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil || body == nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Bad Request", Errors: []string{"The request body must be a JSON object."}})
		return
	}
	base := s.base(r)
	var resp any
	var errs []fieldError
	found := false
	s.write(func(rc *renderCtx) []Event {
		a, ok := s.st.applications.get(id)
		if !ok {
			return nil
		}
		found = true
		p, fe := parsePatch(s.st, body, v1)
		if len(fe) > 0 {
			errs = fe
			return nil
		}
		p.apply(a, rc.now)
		out := *rc
		out.base = base
		if v1 {
			resp = renderV1Application(&out, a)
		} else {
			resp = renderV3Application(&out, a)
		}
		return []Event{event("application_updated", rc, map[string]any{"application": whApplication(rc, a, "name")})}
	})
	switch {
	case !found:
		writeJSON(w, http.StatusNotFound, notFoundBody)
	case len(errs) > 0:
		writeFieldErrors(w, v1, errs)
	default:
		writeJSON(w, http.StatusOK, resp)
	}
}

// write runs fn under the write lock, in order with the other changes
// (Step's among them): the events fn returns reach the subscribers after
// the change is visible, in the order of the changes.
func (s *Sim) write(fn func(rc *renderCtx) []Event) {
	s.stepMu.Lock()
	defer s.stepMu.Unlock()
	s.mu.Lock()
	events := fn(s.writeCtx("http://localhost"))
	s.mu.Unlock()
	s.publish(events)
}

// writeCtx is the render context of a change, stamped now, with links on
// the base URL, or on base until one is set. The caller holds s.mu.
func (s *Sim) writeCtx(base string) *renderCtx {
	if s.baseURL != "" {
		base = s.baseURL
	}
	return &renderCtx{s: s, st: s.st, base: base, now: ms(s.now())}
}

// publish hands events to the subscribers, in order. The caller holds
// stepMu, so changes are announced in the order they happened.
func (s *Sim) publish(events []Event) {
	if len(events) == 0 {
		return
	}
	s.subMu.Lock()
	subs := slices.Clone(s.subs)
	s.subMu.Unlock()
	for _, e := range events {
		s.log.Debug("greenhouse simulator change", "action", e.Action)
		for _, fn := range subs {
			fn(e)
		}
	}
}

// parsePatch validates a write's body against the account.
func parsePatch(st *store, body map[string]json.RawMessage, v1 bool) (applicationPatch, []fieldError) {
	var p applicationPatch
	var errs []fieldError
	if !v1 {
		for k := range body {
			if !slices.Contains(v3PatchKeys, k) {
				errs = append(errs, fieldError{k, "is not an attribute that can be updated"})
			}
		}
	}
	userID := func(key string) *int64 {
		raw, ok := body[key]
		if !ok {
			return nil
		}
		var id int64
		if json.Unmarshal(raw, &id) != nil {
			errs = append(errs, fieldError{key, "must be an integer"})
			return nil
		}
		if _, ok := st.users.get(id); !ok {
			errs = append(errs, fieldError{key, fmt.Sprintf("user %d does not exist", id)})
			return nil
		}
		return &id
	}
	p.recruiterID, p.coordinatorID = userID("recruiter_id"), userID("coordinator_id")
	if !v1 {
		p.referrerID = userID("referrer_id")
	}
	if raw, ok := body["source_id"]; ok {
		var id int64
		if json.Unmarshal(raw, &id) != nil {
			errs = append(errs, fieldError{"source_id", "must be an integer"})
		} else if _, ok := st.sources.get(id); !ok {
			errs = append(errs, fieldError{"source_id", fmt.Sprintf("source %d does not exist", id)})
		} else {
			p.sourceID = &id
		}
	}
	if raw, ok := body["referrer"]; ok && v1 {
		var ref struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		}
		switch err := json.Unmarshal(raw, &ref); {
		case err != nil:
			errs = append(errs, fieldError{"referrer", "must be an object {type, value}"})
		case ref.Type == "id":
			var id int64
			if json.Unmarshal(ref.Value, &id) != nil {
				errs = append(errs, fieldError{"referrer", "value must be a user id"})
			} else if _, ok := st.users.get(id); !ok {
				errs = append(errs, fieldError{"referrer", fmt.Sprintf("user %d does not exist", id)})
			} else {
				p.referrerID = &id
			}
		case ref.Type == "email", ref.Type == "outside":
			// Accepted; the simulator records only user referrers by id.
		default:
			errs = append(errs, fieldError{"referrer", "type must be one of: id, email, outside"})
		}
	}
	if raw, ok := body["custom_fields"]; ok {
		var els []cfElement
		if err := json.Unmarshal(raw, &els); err != nil {
			errs = append(errs, fieldError{"custom_fields", "must be an array of {id or name_key, value}"})
		}
		for i, el := range els {
			f, err := applicationField(st, el)
			if err != nil {
				errs = append(errs, fieldError{"custom_fields", fmt.Sprintf("element %d: %v", i, err)})
				continue
			}
			if p.custom == nil {
				p.custom = map[string]*customField{}
			}
			if del, _ := el.DeleteValue.(string); del == "true" || el.DeleteValue == true || string(el.Value) == "null" {
				p.custom[f.NameKey] = nil
				continue
			}
			v, err := fieldValue(st, f, el)
			if err != nil {
				errs = append(errs, fieldError{"custom_fields", fmt.Sprintf("element %d (%s): %v", i, f.NameKey, err)})
				continue
			}
			p.custom[f.NameKey] = &customField{Name: f.Name, Type: keyedType(f.ValueType), Value: v}
		}
	}
	return p, errs
}

// applicationField finds the active application custom field an element
// names, by id or name_key.
func applicationField(st *store, el cfElement) (*CustomField, error) {
	for _, f := range st.customFields.rows {
		if f.FieldType != "application" || !f.Active {
			continue
		}
		if (el.ID != nil && *el.ID == f.ID) || (el.ID == nil && el.NameKey != "" && el.NameKey == f.NameKey) {
			return f, nil
		}
	}
	switch {
	case el.ID != nil:
		return nil, fmt.Errorf("custom field %d does not exist or is not an active application field", *el.ID)
	case el.NameKey != "":
		return nil, fmt.Errorf("custom field %q does not exist or is not an active application field", el.NameKey)
	}
	return nil, errors.New("names no custom field: give its id or name_key")
}

// keyedType is the type keyed custom fields show for a value_type.
func keyedType(valueType string) string {
	if valueType == "yes_no" {
		return "boolean"
	}
	return valueType
}

// fieldValue checks an element's value against the field's value_type and
// returns it as reads show it.
func fieldValue(st *store, f *CustomField, el cfElement) (any, error) {
	var v any
	if err := json.Unmarshal(el.Value, &v); err != nil || el.Value == nil {
		return nil, errors.New("value is missing")
	}
	switch f.ValueType {
	case "number":
		n, ok := v.(float64)
		if !ok {
			return nil, fmt.Errorf("must be a number, not %s", el.Value)
		}
		return n, nil
	case "short_text", "long_text":
		t, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("must be text, not %s", el.Value)
		}
		if f.ValueType == "short_text" && len([]rune(t)) > 255 {
			return nil, errors.New("must be at most 255 characters")
		}
		return t, nil
	case "url":
		t, ok := v.(string)
		if u, err := url.Parse(t); !ok || err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("must be an absolute URL, not %s", el.Value)
		}
		return t, nil
	case "yes_no":
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("must be true or false, not %s", el.Value)
		}
		return b, nil
	case "date":
		t, ok := v.(string)
		if _, err := time.Parse(time.DateOnly, t); !ok || err != nil {
			return nil, fmt.Errorf("must be a date YYYY-MM-DD, not %s", el.Value)
		}
		return t, nil
	case "single_select":
		for _, o := range st.customOptions.children("custom_field_id", f.ID) {
			if n, ok := v.(float64); ok && int64(n) == o.ID {
				return o.Name, nil
			}
			if t, ok := v.(string); ok && t == o.Name {
				return o.Name, nil
			}
		}
		return nil, fmt.Errorf("must be one of the field's option ids or names, not %s", el.Value)
	case "multi_select":
		ids, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("must be an array of option ids, not %s", el.Value)
		}
		var names []any
		for _, x := range ids {
			n, _ := x.(float64)
			o, ok := st.customOptions.get(int64(n))
			if !ok || o.CustomFieldID != f.ID {
				return nil, fmt.Errorf("%v is not an option of the field", x)
			}
			names = append(names, o.Name)
		}
		return names, nil
	case "user":
		n, ok := v.(float64)
		if _, found := st.users.get(int64(n)); !ok || !found {
			return nil, fmt.Errorf("must be a user id, not %s", el.Value)
		}
		return int64(n), nil
	case "currency":
		n, ok := v.(float64)
		if !ok || el.Unit == "" {
			return nil, errors.New("must be a number with a unit (a currency code)")
		}
		return map[string]any{"amount": n, "unit": el.Unit}, nil
	}
	return v, nil
}

// apply sets the write on a.
func (p applicationPatch) apply(a *Application, now time.Time) {
	if p.sourceID != nil {
		a.SourceID = *p.sourceID
	}
	if p.recruiterID != nil {
		a.RecruiterID = *p.recruiterID
	}
	if p.coordinatorID != nil {
		a.CoordinatorID = *p.coordinatorID
	}
	if p.referrerID != nil {
		a.ReferrerID = *p.referrerID
	}
	if len(p.custom) > 0 {
		next := make(map[string]customField, len(a.custom)+len(p.custom))
		for k, v := range a.custom {
			next[k] = v
		}
		for k, v := range p.custom {
			if v == nil {
				// Shown as null, like a field never set.
				if f, ok := next[k]; ok {
					next[k] = customField{Name: f.Name, Type: f.Type}
				}
				continue
			}
			next[k] = *v
		}
		a.custom = next
	}
	touch(&a.Meta, now)
}

// ApplicationCustomField returns the value written to an application's
// custom field (by name_key) through the API, and whether there is one.
func (s *Sim) ApplicationCustomField(applicationID int64, key string) (any, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.st.applications.get(applicationID)
	if !ok {
		return nil, false
	}
	f, ok := a.custom[key]
	if !ok || f.Value == nil {
		return nil, false
	}
	return f.Value, true
}

// customFieldV1 is a custom field definition as GET /v1/custom_fields
// lists it.
type customFieldV1 struct {
	ID                  int64  `json:"id"`
	Name                string `json:"name"`
	Active              bool   `json:"active"`
	FieldType           string `json:"field_type"`
	Priority            int    `json:"priority"`
	ValueType           string `json:"value_type"`
	Private             bool   `json:"private"`
	Required            bool   `json:"required"`
	RequireApproval     bool   `json:"require_approval"`
	TriggerNewVersion   bool   `json:"trigger_new_version"`
	NameKey             string `json:"name_key"`
	Description         jstr   `json:"description"`
	ExposeInJobBoardAPI bool   `json:"expose_in_job_board_api"`
	APIOnly             bool   `json:"api_only"`
	Offices             []any  `json:"offices"`
	Departments         []any  `json:"departments"`
	TemplateTokenString string `json:"template_token_string"`
	CustomFieldOptions  []any  `json:"custom_field_options"`
}

// v1FieldTypes are the field types GET /v1/custom_fields/{field_type}
// serves.
var v1FieldTypes = []string{"offer", "candidate", "application", "job", "rejection_question", "referral_question", "user_attribute"}

// listCustomFieldsV1 is GET /v1/custom_fields/{field_type}.
func (s *Sim) listCustomFieldsV1(w http.ResponseWriter, r *http.Request) {
	if !s.authV1(w, r, resCustomFields) {
		return
	}
	ft := r.PathValue("field_type")
	if !slices.Contains(v1FieldTypes, ft) {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []customFieldV1{}
	for _, f := range s.st.customFields.rows {
		if f.FieldType != ft {
			continue
		}
		cf := customFieldV1{ID: f.ID, Name: f.Name, Active: f.Active, FieldType: f.FieldType, Priority: f.SortOrder,
			ValueType: f.ValueType, Private: f.Private, Required: f.Required, NameKey: f.NameKey, Offices: []any{},
			Departments: []any{}, TemplateTokenString: "{{" + strings.ToUpper(f.NameKey) + "}}", CustomFieldOptions: []any{}}
		for _, o := range s.st.customOptions.children("custom_field_id", f.ID) {
			cf.CustomFieldOptions = append(cf.CustomFieldOptions, map[string]any{"id": o.ID, "name": o.Name, "priority": o.SortOrder, "external_id": jstr(o.ExternalID)})
		}
		out = append(out, cf)
	}
	writeJSON(w, http.StatusOK, out)
}
