package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

// The tests in this file hold the simulator to Greenhouse's own Harvest v3
// reference, harvest_v3_endpoints.json in the shared fixtures: every route
// it serves, every parameter each route takes and every field its records
// carry. A simulator that drifts from the reference would let the client
// drift with it unnoticed, so these fail on any difference.

// regEndpoint is one GET endpoint of the reference.
type regEndpoint struct {
	Path       string `json:"path"`
	Method     string `json:"method"`
	List       bool   `json:"list"`
	Parameters []struct {
		Name string `json:"name"`
		In   string `json:"in"`
		Type string `json:"type"`
	} `json:"parameters"`
	ResponseFields []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"responseFields"`
}

func (e regEndpoint) params() map[string]string {
	out := map[string]string{}
	for _, p := range e.Parameters {
		if p.In == "query" {
			out[p.Name] = p.Type
		}
	}
	return out
}

func (e regEndpoint) fields() []string {
	var out []string
	for _, f := range e.ResponseFields {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// registry loads the reference, keyed by path below /v3/.
func registry(t *testing.T) map[string]regEndpoint {
	t.Helper()
	b, err := os.ReadFile(sharedDir(t, "fixtures", "greenhouse", "harvest_v3_endpoints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Endpoints []regEndpoint `json:"endpoints"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]regEndpoint{}
	for _, e := range doc.Endpoints {
		if e.Method == http.MethodGet {
			out[strings.TrimPrefix(e.Path, "/v3/")] = e
		}
	}
	if len(out) < 70 {
		t.Fatalf("the reference lists %d GET endpoints, expected the 72 of June 2026", len(out))
	}
	return out
}

// notServed are the reference's routes the simulator leaves out: Shortlist
// does not read them and nothing in the simulator's account needs them.
// Every other route is served and checked.
var notServed = []string{
	"approval_flows", "approver_groups", "approvers", "blocked_spam_sources", "bulk_requests",
	"bulk_requests/{bulk_action_uuid}", "candidate_attribute_types", "custom_field_departments", "custom_field_offices",
	"default_interviewers", "demographic_answer_options", "demographic_answers", "demographic_question_sets",
	"demographic_questions", "email_templates", "focus_candidate_attributes", "future_job_permissions", "interview_kits",
	"interviewer_tags", "interviewers", "job_board_custom_locations", "job_boards", "job_candidate_attributes",
	"job_interviews", "job_notes", "job_post_searchable_locations", "pay_input_ranges", "pay_inputs",
	"prospect_pool_stages", "prospect_pools", "referrers", "rejection_reasons/{id}", "scorecard_candidate_attributes",
	"scorecard_question_answer_options", "scorecard_question_answers", "scorecard_question_candidate_attributes",
	"scorecard_question_options", "scorecard_questions", "tracking_links", "user_emails", "user_job_permissions",
}

// extraFields are fields the simulator serves beyond the June 2026
// reference because Greenhouse's later schema has them.
var extraFields = map[string][]string{"applications": {"rejection_reason_id"}}

func wantFields(e regEndpoint, route string) []string {
	out := append(e.fields(), extraFields[route]...)
	slices.Sort(out)
	return out
}

// TestV3RoutesFollowRegistry compares the simulator's declared routes,
// parameters and record fields with the reference, without a request.
func TestV3RoutesFollowRegistry(t *testing.T) {
	reg := registry(t)
	for route := range reg {
		if slices.Contains(notServed, route) != (v3Specs[route] == nil) {
			t.Errorf("/v3/%s: served %v, but listed as not served %v", route, v3Specs[route] != nil, slices.Contains(notServed, route))
		}
	}
	for _, route := range notServed {
		if _, ok := reg[route]; !ok {
			t.Errorf("notServed lists /v3/%s, which the reference does not have", route)
		}
	}
	for _, route := range Resources() {
		e, ok := reg[route]
		if !ok {
			t.Errorf("the simulator serves /v3/%s, which the reference does not have", route)
			continue
		}
		sp := v3Specs[route]
		var want []string
		for p := range e.params() {
			want = append(want, p)
		}
		slices.Sort(want)
		if got := sp.params(); !slices.Equal(got, want) {
			t.Errorf("/v3/%s parameters\n got %v\nwant %v", route, got, want)
		}
		got := sp.fieldNames()
		slices.Sort(got)
		if w := wantFields(e, route); !slices.Equal(got, w) {
			t.Errorf("/v3/%s fields\n got %v\nwant %v", route, got, w)
		}
	}
}

// registryEnv is a simulator with one candidate still being processed, so
// the candidate list's {"message"} alternative shows too.
func registryEnv(t *testing.T) *testEnv {
	e := newEnv(t, Config{Candidates: 150})
	cands := e.sim.Snapshot().Candidates
	e.sim.SetProcessing(cands[len(cands)/3].ID)
	return e
}

// TestV3ResponsesFollowRegistry reads every served route whole and checks
// that each record carries exactly the reference's fields: all of them and
// nothing else.
func TestV3ResponsesFollowRegistry(t *testing.T) {
	reg := registry(t)
	e := registryEnv(t)
	for _, route := range Resources() {
		t.Run(route, func(t *testing.T) {
			want := wantFields(reg[route], route)
			recs := e.pageAllV3("/v3/" + route + "?per_page=500")
			if len(recs) == 0 {
				t.Fatal("no records: nothing to compare")
			}
			union := map[string]bool{}
			messages := 0
			for _, r := range recs {
				keys := keysOf(r)
				for _, k := range keys {
					union[k] = true
				}
				if route == resCandidates && slices.Equal(keys, []string{"message"}) {
					// The other half of the candidate oneOf: a candidate
					// Greenhouse is still processing.
					messages++
					continue
				}
				full := slices.DeleteFunc(slices.Clone(want), func(k string) bool { return route == resCandidates && k == "message" })
				if !slices.Equal(keys, full) {
					t.Fatalf("record %v keys\n got %v\nwant %v", r["id"], keys, full)
				}
			}
			if route == resCandidates && messages != 1 {
				t.Errorf("%d processing items, want the 1 candidate being processed", messages)
			}
			var all []string
			for k := range union {
				all = append(all, k)
			}
			slices.Sort(all)
			if !slices.Equal(all, want) {
				t.Errorf("fields across records\n got %v\nwant %v", all, want)
			}
		})
	}
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// paramCase is one documented parameter sent with a value taken from the
// data, and what every returned record must then satisfy.
type paramCase struct {
	query string
	// match is nil for parameters that only have to be accepted: no field
	// of the record shows what they filter on (include_defaults, tag), or
	// the data holds no value to filter by.
	match func(r map[string]any) bool
}

// scalar renders a JSON value as a query value.
func scalar(v any) string {
	switch x := v.(type) {
	case float64:
		return fmt.Sprint(int64(x))
	case bool:
		return fmt.Sprint(x)
	case string:
		return x
	}
	return ""
}

func isScalar(v any) bool {
	switch v.(type) {
	case float64, bool, string:
		return true
	}
	return false
}

// sample returns a value of field f from the middle of recs (arrays: an
// element), or nil when no record has one.
func sample(recs []map[string]any, f string) any {
	var vals []any
	for _, r := range recs {
		switch v := r[f].(type) {
		case nil:
		case []any:
			if len(v) > 0 && isScalar(v[0]) {
				vals = append(vals, v[len(v)/2])
			}
		default:
			if isScalar(v) {
				vals = append(vals, v)
			}
		}
	}
	if len(vals) == 0 {
		return nil
	}
	return vals[len(vals)/2]
}

// eq reports whether field value v is, or holds, want.
func eq(v, want any) bool {
	if a, ok := v.([]any); ok {
		return slices.ContainsFunc(a, func(x any) bool { return scalar(x) == scalar(want) })
	}
	return v != nil && scalar(v) == scalar(want)
}

// acceptOnly are values for parameters whose effect no field shows.
var acceptOnly = map[string]string{
	"include_defaults": "true", "show_service_accounts": "true", "current_only": "true", "custom_field_key": "degree",
	"email": "nobody@example.com", "tag": "Referral", "external_office_id": "office-01", "external_department_id": "dept-people",
}

// caseFor builds the check of parameter p (of type typ) on route from the
// route's records.
func caseFor(route, p, typ string, recs []map[string]any, fields []string) paramCase {
	has := func(f string) bool { return slices.Contains(fields, f) }
	switch {
	case acceptOnly[p] != "":
		return paramCase{query: p + "=" + url.QueryEscape(acceptOnly[p])}
	case p == "private" && route == resCandidates:
		// private=false leaves private candidates out; true (the default)
		// includes them.
		return paramCase{query: "private=false", match: func(r map[string]any) bool { return r["private"] == false }}
	case p == "status" && route == resApplications:
		// Queried as active, read back as in_process.
		return paramCase{query: "status=active", match: func(r map[string]any) bool { return r["status"] == "in_process" }}
	}
	field := p
	switch {
	case p == "ids":
		field = "id"
	case strings.HasSuffix(p, "_ids") && has(strings.TrimSuffix(p, "s")):
		field = strings.TrimSuffix(p, "s")
	case !has(p) && has(p+"s"):
		field = p + "s" // office_id on jobs, which carry office_ids
	}
	if !has(field) {
		return paramCase{query: p + "=" + fallback(typ)}
	}
	switch typ {
	case "object":
		v := sample(recs, field)
		if v == nil {
			return paramCase{query: p + "=" + url.QueryEscape("gte|2020-01-01")}
		}
		from := scalar(v)
		return paramCase{query: p + "=" + url.QueryEscape("gte|"+from), match: func(r map[string]any) bool {
			s, ok := r[field].(string)
			return ok && s >= from
		}}
	case "boolean":
		v := sample(recs, field)
		if v == nil {
			return paramCase{query: p + "=true"}
		}
		// A value some records lack, when there is one: a filter that is
		// ignored then fails the count.
		want := true
		for _, r := range recs {
			if r[field] == false {
				want = false
			}
		}
		return paramCase{query: fmt.Sprintf("%s=%v", p, want), match: func(r map[string]any) bool { return r[field] == want }}
	}
	v := sample(recs, field)
	if v == nil {
		return paramCase{query: p + "=" + fallback(typ)}
	}
	return paramCase{query: p + "=" + url.QueryEscape(scalar(v)), match: func(r map[string]any) bool { return eq(r[field], v) }}
}

func fallback(typ string) string {
	switch typ {
	case "boolean":
		return "true"
	case "object":
		return url.QueryEscape("gte|2020-01-01")
	case "string":
		return "x"
	}
	return "1"
}

// TestV3ParametersFollowRegistry sends every documented parameter of every
// served route and checks that it is accepted and, where a field shows its
// effect, applied: the route then returns exactly the records (of the
// whole list) that satisfy it. An undocumented parameter gets Greenhouse's
// 422.
func TestV3ParametersFollowRegistry(t *testing.T) {
	reg := registry(t)
	e := registryEnv(t)
	for _, route := range Resources() {
		t.Run(route, func(t *testing.T) {
			all := e.pageAllV3("/v3/" + route + "?per_page=500")
			all = slices.DeleteFunc(all, func(r map[string]any) bool { return r["id"] == nil })
			fields := reg[route].fields()
			for p, typ := range reg[route].params() {
				t.Run(p, func(t *testing.T) {
					switch p {
					case "cursor":
						res, _ := e.v3("/v3/" + route + "?per_page=1")
						next := nextLink(res.Header, "next")
						if next == "" {
							t.Skip("a single record: no second page")
						}
						if res, body := e.v3(next); res.StatusCode != http.StatusOK {
							t.Fatalf("cursor alone: %d %s", res.StatusCode, trunc(body))
						}
						return
					case "per_page":
						res, body := e.v3("/v3/" + route + "?per_page=1")
						if res.StatusCode != http.StatusOK || len(records(t, body)) != 1 {
							t.Fatalf("per_page=1: %d, %d records", res.StatusCode, len(records(t, body)))
						}
						return
					case "fields":
						res, body := e.v3("/v3/" + route + "?per_page=5&fields=id")
						if res.StatusCode != http.StatusOK {
							t.Fatalf("fields=id: %d %s", res.StatusCode, trunc(body))
						}
						for _, r := range records(t, body) {
							if k := keysOf(r); len(k) > 1 {
								t.Fatalf("fields=id kept %v", k)
							}
						}
						return
					}
					c := caseFor(route, p, typ, all, fields)
					u := "/v3/" + route + "?per_page=500&" + c.query
					res, body := e.v3(u)
					if res.StatusCode != http.StatusOK {
						t.Fatalf("GET %s: %d %s", u, res.StatusCode, trunc(body))
					}
					if c.match == nil {
						return
					}
					got := slices.DeleteFunc(e.pageAllV3(u), func(r map[string]any) bool { return r["id"] == nil })
					want := 0
					for _, r := range all {
						if c.match(r) {
							want++
						}
					}
					if want == 0 {
						t.Fatalf("%s matches no record: the check proves nothing", c.query)
					}
					for _, r := range got {
						if !c.match(r) {
							t.Fatalf("%s returned a record it should have filtered out: %v", c.query, r)
						}
					}
					if len(got) != want {
						t.Fatalf("%s returned %d records, %d of the list match", c.query, len(got), want)
					}
				})
			}
			t.Run("Undocumented", func(t *testing.T) {
				res, body := e.v3("/v3/" + route + "?per_page=5&not_a_parameter=1")
				var got struct {
					Message string              `json:"message"`
					Errors  []map[string]string `json:"errors"`
				}
				if res.StatusCode != http.StatusUnprocessableEntity || json.Unmarshal(body, &got) != nil ||
					got.Message != "Unprocessable Content" || len(got.Errors) != 1 || got.Errors[0]["not_a_parameter"] == "" {
					t.Fatalf("%d %s, want 422 {\"message\":\"Unprocessable Content\",\"errors\":[{\"not_a_parameter\":…}]}", res.StatusCode, body)
				}
			})
		})
	}
}
