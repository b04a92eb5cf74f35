package greenhouse

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/app/simulator/simtest"
	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

// The contract check reads a Greenhouse account's Harvest v3 answers and
// compares them with Greenhouse's reference (harvest_v3_endpoints.json):
// for the routes whose shape Shortlist once guessed, the fields found
// across the returned records must all be fields the reference lists. It
// reads a real account when GREENHOUSE_CONTRACT=1 and the account's
// credentials are set:
//
//	GREENHOUSE_CONTRACT=1 GREENHOUSE_CLIENT_ID=… GREENHOUSE_CLIENT_SECRET=… \
//	  [GREENHOUSE_USER_ID=…] [GREENHOUSE_API_URL=…] [GREENHOUSE_TOKEN_URL=…] \
//	  go test ./app/greenhouse -run TestContract -v
//
// and the simulator otherwise, so the check itself is exercised on every
// run. It only reads, at most contractPages pages per route.

// contractRoutes are the routes checked, with the fields Greenhouse's
// schema has beyond the June 2026 reference.
var contractRoutes = map[string][]string{
	"candidate_educations":  nil,
	"candidate_employments": nil,
	"job_posts":             nil,
	"job_hiring_managers":   nil,
	"applications":          {"rejection_reason_id"},
}

const contractPages = 3

func contractClient(t *testing.T) (*Client, string) {
	t.Helper()
	if on, _ := strconv.ParseBool(os.Getenv("GREENHOUSE_CONTRACT")); on {
		c, err := New(Config{BaseURL: os.Getenv("GREENHOUSE_API_URL"), TokenURL: os.Getenv("GREENHOUSE_TOKEN_URL"),
			ClientID: os.Getenv("GREENHOUSE_CLIENT_ID"), ClientSecret: os.Getenv("GREENHOUSE_CLIENT_SECRET"),
			OnBehalfOf: os.Getenv("GREENHOUSE_USER_ID"), PerPage: 100})
		if err != nil {
			t.Fatalf("GREENHOUSE_CONTRACT=1 needs Harvest v3 credentials: %v", err)
		}
		return c, "the Greenhouse account at " + c.base.String()
	}
	sim, base := simtest.Start(t, simulator.Config{Seed: 9, Candidates: 80, RateLimitV3: -1})
	return simClient(t, sim, base, func(c *Config) { c.PerPage = 100 }), "the simulator"
}

// referenceFields reads the reference's response fields of each route.
func referenceFields(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedtest.Fixtures(t), "harvest_v3_endpoints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Endpoints []struct {
			Path           string `json:"path"`
			Method         string `json:"method"`
			ResponseFields []struct {
				Name string `json:"name"`
			} `json:"responseFields"`
		} `json:"endpoints"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, e := range doc.Endpoints {
		if e.Method != "GET" {
			continue
		}
		route := strings.TrimPrefix(e.Path, "/v3/")
		for _, f := range e.ResponseFields {
			out[route] = append(out[route], f.Name)
		}
	}
	return out
}

// rawRecords reads up to pages pages of a v3 route as raw objects.
func rawRecords(ctx context.Context, c *Client, route string, pages int) ([]map[string]json.RawMessage, error) {
	r := Resource(route)
	u := c.urlFor(route, url.Values{"per_page": {strconv.Itoa(c.cfg.PerPage)}})
	var out []map[string]json.RawMessage
	for n := 0; u != "" && n < pages; n++ {
		resp, err := c.apiGet(ctx, r, "list "+r.label(), u)
		if err != nil {
			return nil, err
		}
		var recs []map[string]json.RawMessage
		if err := json.Unmarshal(resp.body, &recs); err != nil {
			return nil, err
		}
		out = append(out, recs...)
		if u, err = c.nextLink(resp.header, u, r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func TestContract(t *testing.T) {
	ref := referenceFields(t)
	c, where := contractClient(t)
	for route, extra := range contractRoutes {
		t.Run(route, func(t *testing.T) {
			allowed := append(slices.Clone(ref[route]), extra...)
			if len(ref[route]) == 0 {
				t.Fatalf("the reference has no fields for /v3/%s", route)
			}
			recs, err := rawRecords(context.Background(), c, route, contractPages)
			if err != nil {
				t.Fatalf("read /v3/%s from %s: %v", route, where, err)
			}
			if len(recs) == 0 {
				t.Skipf("%s has no %s to compare", where, route)
			}
			seen := map[string]bool{}
			for _, r := range recs {
				for k := range r {
					seen[k] = true
				}
			}
			var unknown []string
			for k := range seen {
				if !slices.Contains(allowed, k) {
					unknown = append(unknown, k)
				}
			}
			slices.Sort(unknown)
			if len(unknown) > 0 {
				t.Errorf("%s answers /v3/%s with fields the reference does not list: %v", where, route, unknown)
			}
			t.Logf("%s: %d records, fields %d of the reference's %d", route, len(recs), len(seen), len(ref[route]))
		})
	}
}

// jsonNames lists the JSON names of a wire struct, embedded structs
// included.
func jsonNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, jsonNames(f.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// TestV3WireNamesAreTheReferences: every field the client reads from a v3
// record is one Greenhouse's reference lists for the route (or one its
// later schema added), so no mapping rests on a guessed name.
func TestV3WireNamesAreTheReferences(t *testing.T) {
	ref := referenceFields(t)
	later := map[Resource][]string{Applications: {"rejection_reason_id"}}
	for _, r := range allResources {
		m, ok := v3Maps[r]
		if !ok {
			t.Errorf("no v3 mapping for %s", r)
			continue
		}
		allowed := append(slices.Clone(ref[string(r)]), later[r]...)
		if len(ref[string(r)]) == 0 {
			t.Errorf("the reference has no /v3/%s", r)
			continue
		}
		for _, name := range jsonNames(m.wire) {
			if !slices.Contains(allowed, name) {
				t.Errorf("the client reads %q from /v3/%s, which the reference does not list", name, r)
			}
		}
	}
	// The options read to name educations.
	for _, name := range []string{"id", "name"} {
		if !slices.Contains(ref[string(CustomFieldOptions)], name) {
			t.Errorf("custom_field_options has no %q in the reference", name)
		}
	}
}
