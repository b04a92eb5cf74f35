package simulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestEmptyLists: with EmptyLists every list route answers 200 [] without a
// next link, as Greenhouse answers a user who is not a Site Admin; a v1
// show route still answers, and turning it off brings the lists back.
func TestEmptyLists(t *testing.T) {
	e := newEnv(t, Config{Candidates: 30, EmptyLists: true})
	snap := e.sim.Snapshot()
	cand, job := snap.Candidates[0].ID, snap.Jobs[0].ID
	lists := []struct {
		name string
		get  func(string) (*http.Response, []byte)
		path string
	}{
		{"v3 candidates", e.v3, "/v3/candidates?per_page=5"},
		{"v3 candidates by id", e.v3, fmt.Sprintf("/v3/candidates?ids=%d", cand)},
		{"v3 departments", e.v3, "/v3/departments"},
		{"v3 applications", e.v3, "/v3/applications"},
		{"v1 candidates", e.v1, "/v1/candidates?per_page=5"},
		{"v1 candidates by id", e.v1, fmt.Sprintf("/v1/candidates?candidate_ids=%d", cand)},
		{"v1 offices", e.v1, "/v1/offices"},
		{"v1 job stages", e.v1, fmt.Sprintf("/v1/jobs/%d/stages", job)},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			res, body := l.get(l.path)
			if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "[]" || res.Header.Get("Link") != "" {
				t.Errorf("%s: %d %q Link %q, want 200 [] without a link", l.path, res.StatusCode, trunc(body), res.Header.Get("Link"))
			}
		})
	}
	if res, body := e.v1(fmt.Sprintf("/v1/candidates/%d", cand)); res.StatusCode != http.StatusOK || idOf(object(t, body)) != cand {
		t.Errorf("v1 show route: %d %s", res.StatusCode, trunc(body))
	}
	e.sim.SetEmptyLists(false)
	if res, body := e.v3("/v3/candidates?per_page=5"); res.StatusCode != http.StatusOK || len(records(t, body)) != 5 {
		t.Errorf("after SetEmptyLists(false): %d %s", res.StatusCode, trunc(body))
	}
}
