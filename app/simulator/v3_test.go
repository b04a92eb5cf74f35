package simulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var tsPattern = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// TestV3Shapes checks the form of every v3 list: a bare array, ids
// descending, timestamps in ISO 8601 UTC with milliseconds. Which fields
// each record carries is checked against Greenhouse's reference in
// registry_test.go.
func TestV3Shapes(t *testing.T) {
	e := newEnv(t, Config{Candidates: 150})
	for _, res := range Resources() {
		t.Run(res, func(t *testing.T) {
			res1, body := e.v3("/v3/" + res + "?per_page=500")
			if res1.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", res1.StatusCode, trunc(body))
			}
			if !strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
				t.Fatal("body is not a bare array")
			}
			recs := records(t, body)
			if len(recs) == 0 {
				t.Fatal("no records")
			}
			prev := int64(1 << 62)
			for _, r := range recs {
				for _, k := range []string{"created_at", "updated_at"} {
					if s, _ := r[k].(string); !tsPattern.MatchString(s) {
						t.Fatalf("%s = %v, want ISO 8601 UTC with milliseconds", k, r[k])
					}
				}
				if id := idOf(r); id >= prev {
					t.Fatalf("ids not DESC: %d after %d", id, prev)
				} else {
					prev = id
				}
			}
		})
	}
}

func TestV3ApplicationStatusReadsBack(t *testing.T) {
	e := newEnv(t, Config{})
	seen := map[string]bool{}
	for _, r := range e.pageAllV3("/v3/applications?per_page=500") {
		seen[r["status"].(string)] = true
	}
	for _, s := range []string{"in_process", "rejected", "hired"} {
		if !seen[s] {
			t.Errorf("no application reads back status %q (saw %v)", s, seen)
		}
	}
	if seen["active"] {
		t.Error(`v3 must read "active" back as "in_process"`)
	}
}

func TestV3Paging(t *testing.T) {
	e := newEnv(t, Config{})
	snap := e.sim.Snapshot()
	tests := []struct {
		resource string
		perPage  int
		want     int
	}{
		{"candidates", 7, len(snap.Candidates)},
		{"applications", 100, len(snap.Applications)},
		{"application_stages", 500, len(snap.ApplicationStages)},
		{"departments", 3, len(snap.Departments)},
	}
	for _, tc := range tests {
		t.Run(tc.resource, func(t *testing.T) {
			first := fmt.Sprintf("/v3/%s?per_page=%d", tc.resource, tc.perPage)
			res, _ := e.v3(first)
			if link := res.Header.Get("Link"); tc.want > tc.perPage && !strings.HasPrefix(link, "<"+e.srv.URL+"/v3/"+tc.resource+"?cursor=") {
				t.Fatalf("Link %q", link)
			}
			all := e.pageAllV3(first)
			if len(all) != tc.want {
				t.Fatalf("paged %d records, want %d", len(all), tc.want)
			}
			seen := map[int64]bool{}
			for i, r := range all {
				id := idOf(r)
				if seen[id] {
					t.Fatalf("id %d returned twice", id)
				}
				seen[id] = true
				if i > 0 && id >= idOf(all[i-1]) {
					t.Fatalf("not ordered by id DESC at %d", i)
				}
			}
		})
	}
	t.Run("LinkFollowsTheServerCalled", func(t *testing.T) {
		// The same Sim behind a second server: links must lead back to
		// the server the client called, not to the base URL's.
		other := httptest.NewServer(e.sim.Handler())
		defer other.Close()
		res, _ := e.v3(other.URL + "/v3/candidates?per_page=5")
		if link := nextLink(res.Header, "next"); !strings.HasPrefix(link, other.URL+"/v3/candidates?cursor=") {
			t.Fatalf("next link %q does not go to %s", link, other.URL)
		}
	})
	t.Run("LastPageHasNoLink", func(t *testing.T) {
		res, body := e.v3(fmt.Sprintf("/v3/candidates?per_page=%d", len(snap.Candidates)))
		if res.Header.Get("Link") != "" || len(records(t, body)) != len(snap.Candidates) {
			t.Fatalf("single full page: Link %q", res.Header.Get("Link"))
		}
	})
}

// Records created while a client pages must not shift later pages.
func TestV3PagingStableUnderInserts(t *testing.T) {
	e := newEnv(t, Config{})
	before := e.sim.Snapshot()
	res, body := e.v3("/v3/candidates?per_page=40")
	got := records(t, body)
	e.clock.Add(time.Minute)
	events := e.sim.Step(25)
	added := 0
	for _, ev := range events {
		if strings.HasPrefix(ev.Action, "new_") {
			added++
		}
	}
	if added == 0 {
		t.Fatal("Step added no candidate")
	}
	got = append(got, e.pageAllV3(nextLink(res.Header, "next"))...)
	ids := map[int64]int{}
	for _, r := range got {
		ids[idOf(r)]++
	}
	for _, c := range before.Candidates {
		if ids[c.ID] != 1 {
			t.Fatalf("candidate %d returned %d times", c.ID, ids[c.ID])
		}
	}
	if len(ids) != len(before.Candidates) {
		t.Fatalf("paged %d distinct candidates, had %d before paging", len(ids), len(before.Candidates))
	}
}

func TestV3CursorRules(t *testing.T) {
	e := newEnv(t, Config{})
	res, _ := e.v3("/v3/candidates?per_page=5&updated_at=gte|2020-01-01T00:00:00Z")
	next := nextLink(res.Header, "next")
	cursor := strings.TrimPrefix(next, e.srv.URL+"/v3/candidates?cursor=")
	_, jobsBody := e.v3("/v3/jobs?per_page=1")
	jobs := records(t, jobsBody)
	tests := []struct {
		name   string
		path   string
		status int
		body   string
	}{
		{"CursorOnly", "/v3/candidates?cursor=" + cursor, 200, ""},
		{"CursorWithPerPage", "/v3/candidates?cursor=" + cursor + "&per_page=5", 422,
			`{"message":"Unprocessable Content","errors":["When passing a cursor, do not include other query params."]}`},
		{"CursorWithFilter", "/v3/candidates?updated_at=gte|2020-01-01T00:00:00Z&cursor=" + cursor, 422, "When passing a cursor"},
		{"GarbageCursor", "/v3/candidates?cursor=abc", 422, "Invalid cursor"},
		{"BadQueryString", "/v3/candidates?cursor=%%%", 422, "Unprocessable Content"},
		{"OtherResource", "/v3/jobs?cursor=" + cursor, 422, "Invalid cursor"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.v3(tc.path)
			if res.StatusCode != tc.status || !strings.Contains(string(body), tc.body) {
				t.Fatalf("status %d body %s", res.StatusCode, body)
			}
		})
	}
	t.Run("CursorKeepsFilters", func(t *testing.T) {
		_, body := e.v3("/v3/candidates?cursor=" + cursor)
		for _, r := range records(t, body) {
			if r["updated_at"].(string) < "2020" {
				t.Fatal("filter lost")
			}
		}
		if len(records(t, body)) != 5 {
			t.Fatal("per_page lost")
		}
		_ = jobs
	})
}

func TestV3Filters(t *testing.T) {
	e := newEnv(t, Config{})
	snap := e.sim.Snapshot()
	cand := snap.Candidates[len(snap.Candidates)/2]
	var appsOfCand []int64
	for _, a := range snap.Applications {
		if a.CandidateID == cand.ID {
			appsOfCand = append(appsOfCand, a.ID)
		}
	}
	var app Application
	for _, a := range snap.Applications[len(snap.Applications)/3:] {
		if !a.Prospect {
			app = a
			break
		}
	}
	mid := snap.Candidates[len(snap.Candidates)/2].UpdatedAt
	late := mid.Add(30 * 24 * time.Hour)
	countUpdated := func(from, to time.Time) int {
		n := 0
		for _, c := range snap.Candidates {
			if !c.UpdatedAt.Before(from) && c.UpdatedAt.Before(to) {
				n++
			}
		}
		return n
	}
	ts := func(t time.Time) string { return url.QueryEscape(t.Format(time.RFC3339Nano)) }
	var resumes, openJobs int
	for _, a := range snap.Attachments {
		if a.Type == "resume" {
			resumes++
		}
	}
	for _, j := range snap.Jobs {
		if j.Status == "open" {
			openJobs++
		}
	}
	ids51 := make([]string, 51)
	for i := range ids51 {
		ids51[i] = itoa(int64(i + 1))
	}

	tests := []struct {
		name   string
		path   string
		status int
		count  int                       // -1: don't check
		check  func(map[string]any) bool // every record
		body   string                    // for errors
	}{
		{"Ids", fmt.Sprintf("/v3/candidates?ids=%d,%d", snap.Candidates[0].ID, cand.ID), 200, 2, nil, ""},
		{"IdsUnknown", "/v3/candidates?ids=1", 200, 0, nil, ""},
		{"IdsTooMany", "/v3/candidates?ids=" + strings.Join(ids51, ","), 422, 0, nil, `"ids"`},
		{"ParentIDs", fmt.Sprintf("/v3/applications?candidate_ids=%d", cand.ID), 200, len(appsOfCand),
			func(r map[string]any) bool { return int64(r["candidate_id"].(float64)) == cand.ID }, ""},
		{"ParentIDsPlusStatus", fmt.Sprintf("/v3/applications?candidate_ids=%d&status=rejected", cand.ID), 200, -1,
			func(r map[string]any) bool { return r["status"] == "rejected" }, ""},
		{"CurrentStage", fmt.Sprintf("/v3/application_stages?application_ids=%d&current=true", app.ID), 200, 1,
			func(r map[string]any) bool {
				return r["current"] == true && r["job_interview_stage_id"].(float64) == float64(app.StageID)
			}, ""},
		{"AttachmentType", "/v3/attachments?type=resume&per_page=500", 200, min(resumes, 500),
			func(r map[string]any) bool { return r["type"] == "resume" }, ""},
		{"JobsOpen", "/v3/jobs?status=open", 200, openJobs, func(r map[string]any) bool { return r["status"] == "open" }, ""},
		{"StatusActiveReadsInProcess", "/v3/applications?status=active&per_page=500", 200, -1,
			func(r map[string]any) bool { return r["status"] == "in_process" }, ""},
		{"UpdatedPipe", "/v3/candidates?per_page=500&updated_at=gte|" + ts(mid), 200, countUpdated(mid, testEpoch.Add(time.Hour)), nil, ""},
		{"UpdatedPipeTwoSided", "/v3/candidates?per_page=500&updated_at=gte|" + ts(mid) + "|lt|" + ts(late), 200, countUpdated(mid, late), nil, ""},
		{"UpdatedBrackets", "/v3/candidates?per_page=500&updated_at[gte]=" + ts(mid) + "&updated_at[lt]=" + ts(late), 200, countUpdated(mid, late), nil, ""},
		{"DateOnly", "/v3/candidates?per_page=500&created_at=gte|2026-10-01", 200, -1,
			func(r map[string]any) bool { return r["created_at"].(string) >= "2026-10-01" }, ""},
		{"LastActivity", "/v3/candidates?per_page=5&last_activity_at=gte|" + ts(mid), 200, 5, nil, ""},
		{"AfterIsNotV3", "/v3/candidates?updated_after=2024-01-01T00:00:00Z", 422, 0, nil, `"updated_after"`},
		{"BeforeIsNotV3", "/v3/candidates?created_before=2024-01-01T00:00:00Z", 422, 0, nil, `"created_before"`},
		{"BadOperator", "/v3/candidates?updated_at=after|2024-01-01T00:00:00Z", 422, 0, nil, `"updated_at"`},
		{"BadDate", "/v3/candidates?updated_at=gte|yesterday", 422, 0, nil, `"updated_at"`},
		{"CandidateIDsOnCandidates", "/v3/candidates?candidate_ids=1", 422, 0, nil, `"candidate_ids"`},
		{"SingularParent", "/v3/applications?candidate_id=1", 422, 0, nil, `"candidate_id"`},
		{"PlanStagesAreNotApplicationStages", "/v3/applications?job_interview_stage_ids=1", 422, 0, nil, `"job_interview_stage_ids"`},
		{"UnknownFilter", "/v3/jobs?last_activity_at=gte|2024-01-01", 422, 0, nil, `"last_activity_at"`},
		{"BadStatus", "/v3/applications?status=in_process", 422, 0, nil, `"status"`},
		{"PerPageTooBig", "/v3/candidates?per_page=600", 422, 0, nil,
			`{"message":"Unprocessable Content","errors":[{"per_page":"` + "`600`" + ` number is greater than: 500"}]}`},
		{"PerPageZero", "/v3/candidates?per_page=0", 422, 0, nil, `"per_page"`},
		{"Fields", "/v3/candidates?per_page=3&fields=first_name", 200, 3,
			func(r map[string]any) bool { return len(r) == 2 && r["first_name"] != nil }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.v3(tc.path)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, trunc(body))
			}
			if tc.status != 200 {
				if !strings.Contains(string(body), tc.body) {
					t.Fatalf("body %s lacks %s", body, tc.body)
				}
				return
			}
			recs := records(t, body)
			if tc.count >= 0 && len(recs) != tc.count {
				t.Fatalf("%d records, want %d", len(recs), tc.count)
			}
			for _, r := range recs {
				if tc.check != nil && !tc.check(r) {
					t.Fatalf("record fails the filter: %v", r)
				}
			}
		})
	}
}

func TestV3Routes(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20})
	id := e.sim.Snapshot().Jobs[0].ID
	for _, p := range []string{"/v3/candidates/53880001", fmt.Sprintf("/v3/jobs/%d", id), fmt.Sprintf("/v3/jobs/%d/job_posts", id),
		"/v3/candidates/1/activity_feed", "/v3/nope", "/v3/", "/v4/candidates"} {
		t.Run(p, func(t *testing.T) {
			res, body := e.v3(p)
			if res.StatusCode != http.StatusNotFound || strings.TrimSpace(string(body)) != `{"message":"Resource not found"}` {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
		})
	}
	t.Run("POST", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v3/candidates", strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+e.mintToken())
		if res, _ := e.do(req); res.StatusCode != http.StatusNotFound {
			t.Fatalf("POST /v3/candidates: %d", res.StatusCode)
		}
	})
}
