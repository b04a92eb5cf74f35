package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// patch sends a write with v3 or v1 credentials.
func (e *testEnv) patch(v1 bool, path string, body string, headers map[string]string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPatch, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if v1 {
		req.SetBasicAuth(e.sim.Config().APIKey, "")
	} else {
		if e.token == "" {
			e.token = e.mintToken()
		}
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return e.do(req)
}

// scoreField is the simulated account's "Shortlist score" field.
func scoreField(t *testing.T, e *testEnv) map[string]any {
	t.Helper()
	for _, f := range e.pageAllV3("/v3/custom_fields?field_type=application") {
		if f["name_key"] == ShortlistScoreKey {
			if f["name"] != ShortlistScoreField || f["value_type"] != "number" || f["active"] != true {
				t.Fatalf("score field: %v", f)
			}
			return f
		}
	}
	t.Fatal("no Shortlist score application field in /v3/custom_fields")
	return nil
}

// TestPatchApplicationCustomField writes the score field in both versions
// and reads it back from every read that shows an application.
func TestPatchApplicationCustomField(t *testing.T) {
	e := newEnv(t, Config{})
	field := scoreField(t, e)
	fid := idOf(field)
	snap := e.sim.Snapshot()
	app, other := snap.Applications[10], snap.Applications[11]
	admin, deactivated := snap.Users[0].ID, int64(0)
	for _, u := range snap.Users {
		if u.SiteAdmin && !u.Deactivated {
			admin = u.ID
		}
		if u.Deactivated {
			deactivated = u.ID
		}
	}
	var mu sync.Mutex
	var events []Event
	e.sim.Subscribe(func(ev Event) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	})

	t.Run("V3", func(t *testing.T) {
		res, body := e.patch(false, fmt.Sprintf("/v3/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":81}]}`, fid), nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		got := object(t, body)
		cf := got["custom_fields"].(map[string]any)[ShortlistScoreKey].(map[string]any)
		if cf["value"] != 81.0 || cf["type"] != "number" || cf["name"] != ShortlistScoreField {
			t.Fatalf("answer's custom field: %v", cf)
		}
		_, b := e.v3(fmt.Sprintf("/v3/applications?ids=%d", app.ID))
		recs := records(t, b)
		if v := recs[0]["custom_fields"].(map[string]any)[ShortlistScoreKey].(map[string]any)["value"]; v != 81.0 {
			t.Fatalf("v3 read shows %v", v)
		}
		if recs[0]["updated_at"] == jsonTime(app.UpdatedAt) {
			t.Fatal("updated_at did not move")
		}
		// The neighbour is untouched: the field reads null.
		_, b = e.v3(fmt.Sprintf("/v3/applications?ids=%d", other.ID))
		if v := records(t, b)[0]["custom_fields"].(map[string]any)[ShortlistScoreKey].(map[string]any)["value"]; v != nil {
			t.Fatalf("untouched application shows %v", v)
		}
	})
	t.Run("V1", func(t *testing.T) {
		path := fmt.Sprintf("/v1/applications/%d", app.ID)
		res, body := e.patch(true, path, `{"custom_fields":[{"name_key":"shortlist_score","value":64.5}]}`,
			map[string]string{"On-Behalf-Of": itoa(admin)})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		// The answer has the documented shape.
		raw, err := os.ReadFile(filepath.Join(sharedDir(t, "fixtures", "greenhouse"), "harvest_patch_application_response.json"))
		if err != nil {
			t.Fatal(err)
		}
		var fixture, got any
		json.Unmarshal(raw, &fixture)
		json.Unmarshal(body, &got)
		var missing []string
		compareKeys("", fixture, got, &missing)
		if len(missing) > 0 {
			t.Fatalf("keys of harvest_patch_application_response.json missing: %v", missing)
		}
		_, b := e.v1(path)
		o := object(t, b)
		if v := o["custom_fields"].(map[string]any)[ShortlistScoreKey]; v != 64.5 {
			t.Fatalf("v1 custom_fields shows %v", v)
		}
		if v := o["keyed_custom_fields"].(map[string]any)[ShortlistScoreKey].(map[string]any)["value"]; v != 64.5 {
			t.Fatalf("v1 keyed_custom_fields shows %v", v)
		}
		if v, ok := e.sim.ApplicationCustomField(app.ID, ShortlistScoreKey); !ok || v != 64.5 {
			t.Fatalf("ApplicationCustomField = %v %v", v, ok)
		}
	})
	t.Run("V1FixtureRequest", func(t *testing.T) {
		// The documented request, with ids of this account.
		raw, err := os.ReadFile(filepath.Join(sharedDir(t, "fixtures", "greenhouse"), "harvest_patch_application_request.json"))
		if err != nil {
			t.Fatal(err)
		}
		var req map[string]any
		json.Unmarshal(raw, &req)
		req["source_id"] = snap.Sources[2].ID
		req["referrer"] = map[string]any{"type": "id", "value": admin}
		b, _ := json.Marshal(req)
		res, body := e.patch(true, fmt.Sprintf("/v1/applications/%d", other.ID), string(b), map[string]string{"On-Behalf-Of": itoa(admin)})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		o := object(t, body)
		if src := o["source"].(map[string]any); idOf(src) != snap.Sources[2].ID {
			t.Fatalf("source %v", src)
		}
		if ct := o["credited_to"].(map[string]any); idOf(ct) != admin {
			t.Fatalf("credited_to %v", ct)
		}
	})
	t.Run("Webhooks", func(t *testing.T) {
		mu.Lock()
		defer mu.Unlock()
		if len(events) != 3 {
			t.Fatalf("%d events, want one application_updated per write", len(events))
		}
		for _, ev := range events {
			if ev.Action != "application_updated" {
				t.Fatalf("event %s", ev.Action)
			}
			checkWebhookFixture(t, ev)
		}
		var body struct {
			Payload struct {
				Application struct {
					ID           int64                  `json:"id"`
					CustomFields map[string]customField `json:"custom_fields"`
				} `json:"application"`
			} `json:"payload"`
		}
		json.Unmarshal(events[1].Payload, &body)
		if body.Payload.Application.ID != app.ID || body.Payload.Application.CustomFields[ShortlistScoreKey].Value != 64.5 {
			t.Fatalf("webhook payload: %+v", body.Payload.Application)
		}
	})

	refusals := []struct {
		name   string
		v1     bool
		path   string
		body   string
		header map[string]string
		status int
		want   string
	}{
		{"UnknownField", false, fmt.Sprintf("/v3/applications/%d", app.ID), `{"custom_fields":[{"id":1,"value":3}]}`, nil, 422, "custom field 1 does not exist"},
		{"UnknownNameKey", true, fmt.Sprintf("/v1/applications/%d", app.ID), `{"custom_fields":[{"name_key":"nope","value":3}]}`,
			map[string]string{"On-Behalf-Of": itoa(admin)}, 422, `custom field \"nope\" does not exist`},
		{"CandidateField", false, fmt.Sprintf("/v3/applications/%d", app.ID), `{"custom_fields":[{"name_key":"desired_salary","value":"x"}]}`, nil, 422, "not an active application field"},
		{"WrongType", false, fmt.Sprintf("/v3/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":"eighty"}]}`, fid), nil, 422, "must be a number"},
		{"TextForText", false, fmt.Sprintf("/v3/applications/%d", app.ID), `{"custom_fields":[{"name_key":"screening_notes","value":12}]}`, nil, 422, "must be text"},
		{"UnknownAttributeV3", false, fmt.Sprintf("/v3/applications/%d", app.ID), `{"colour":"red"}`, nil, 422, "colour"},
		{"NotJSON", false, fmt.Sprintf("/v3/applications/%d", app.ID), `{"custom_fields":`, nil, 400, "JSON"},
		{"NoApplication", false, "/v3/applications/1", fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":1}]}`, fid), nil, 404, "Resource not found"},
		{"NoOnBehalfOf", true, fmt.Sprintf("/v1/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":1}]}`, fid), nil, 422, "On-Behalf-Of"},
		// The POST routes' rules: an unknown user is invalid, a deactivated
		// one forbidden.
		{"UnknownOnBehalfOf", true, fmt.Sprintf("/v1/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":1}]}`, fid),
			map[string]string{"On-Behalf-Of": "1"}, 422, "No user with id"},
		{"DeactivatedOnBehalfOf", true, fmt.Sprintf("/v1/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":1}]}`, fid),
			map[string]string{"On-Behalf-Of": itoa(deactivated)}, 403, "is deactivated"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := e.sim.ApplicationCustomField(app.ID, ShortlistScoreKey)
			res, body := e.patch(tc.v1, tc.path, tc.body, tc.header)
			if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
				t.Fatalf("%d %s, want %d with %q", res.StatusCode, body, tc.status, tc.want)
			}
			if after, _ := e.sim.ApplicationCustomField(app.ID, ShortlistScoreKey); after != before {
				t.Fatalf("a refused write changed the value: %v → %v", before, after)
			}
		})
	}
	t.Run("MissingScope", func(t *testing.T) {
		e.sim.SetDenyResources(scopeApplicationsUpdate)
		defer e.sim.SetDenyResources()
		res, body := e.patch(false, fmt.Sprintf("/v3/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":1}]}`, fid), nil)
		if res.StatusCode != http.StatusForbidden || !bytes.Contains(body, []byte("harvest:applications:update")) {
			t.Fatalf("v3: %d %s", res.StatusCode, body)
		}
		res, body = e.patch(true, fmt.Sprintf("/v1/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":1}]}`, fid),
			map[string]string{"On-Behalf-Of": itoa(admin)})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("v1: %d %s", res.StatusCode, body)
		}
		// Reading is a different permission.
		if res, _ := e.v3(fmt.Sprintf("/v3/applications?ids=%d", app.ID)); res.StatusCode != http.StatusOK {
			t.Fatalf("read with the write scope denied: %d", res.StatusCode)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		res, body := e.patch(false, fmt.Sprintf("/v3/applications/%d", app.ID), fmt.Sprintf(`{"custom_fields":[{"id":%d,"delete_value":"true"}]}`, fid), nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		if v, ok := e.sim.ApplicationCustomField(app.ID, ShortlistScoreKey); ok {
			t.Fatalf("deleted value still reads %v", v)
		}
	})
}

// TestV1CustomFields lists the definitions as v1 does.
func TestV1CustomFields(t *testing.T) {
	e := newEnv(t, Config{})
	res, body := e.v1("/v1/custom_fields/application")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	found := false
	for _, f := range records(t, body) {
		if f["field_type"] != "application" {
			t.Fatalf("field of type %v in the application list", f["field_type"])
		}
		found = found || (f["name_key"] == ShortlistScoreKey && f["value_type"] == "number")
	}
	if !found {
		t.Fatalf("no Shortlist score in %s", trunc(body))
	}
	if res, _ := e.v1("/v1/custom_fields/nothing"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown field type: %d", res.StatusCode)
	}
}

func jsonTime(t time.Time) string {
	b, _ := json.Marshal(jtime(t))
	return strings.Trim(string(b), `"`)
}

// TestPatchFaults: the PATCH routes sit behind the same outage and rate
// limit as the reads (one budget per credential), and a refused write
// takes no effect.
func TestPatchFaults(t *testing.T) {
	e := newEnv(t, Config{RateLimitV3: 2})
	fid := idOf(scoreField(t, e)) // one v3 read of the budget of 2
	snap := e.sim.Snapshot()
	app := snap.Applications[10].ID
	admin := snap.Users[0].ID
	for _, u := range snap.Users {
		if u.SiteAdmin && !u.Deactivated {
			admin = u.ID
		}
	}
	paths := map[bool]string{false: fmt.Sprintf("/v3/applications/%d", app), true: fmt.Sprintf("/v1/applications/%d", app)}
	body := fmt.Sprintf(`{"custom_fields":[{"id":%d,"value":55}]}`, fid)
	obo := map[string]string{"On-Behalf-Of": itoa(admin)}
	e.sim.SetOutage(true)
	for _, v1 := range []bool{false, true} {
		res, _ := e.patch(v1, paths[v1], body, obo)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s, outage: %d, Retry-After %q", paths[v1], res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	e.sim.SetOutage(false)
	if v, ok := e.sim.ApplicationCustomField(app, ShortlistScoreKey); ok {
		t.Fatalf("a write refused by the outage took effect: %v", v)
	}
	// The outage's v3 answer spent the second request of the window.
	res, _ := e.patch(false, paths[false], body, nil)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("over the limit: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if v, ok := e.sim.ApplicationCustomField(app, ShortlistScoreKey); ok {
		t.Fatalf("a rate-limited write took effect: %v", v)
	}
}
