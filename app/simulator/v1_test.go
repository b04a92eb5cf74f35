package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestV1Paging(t *testing.T) {
	e := newEnv(t, Config{})
	snap := e.sim.Snapshot()
	n := len(snap.Candidates)
	per := 40
	last := (n + per - 1) / per

	res, _ := e.v1(fmt.Sprintf("/v1/candidates?per_page=%d", per))
	if got := nextLink(res.Header, "last"); !strings.Contains(got, fmt.Sprintf("page=%d", last)) || !strings.HasPrefix(got, e.srv.URL+"/v1/candidates?") {
		t.Fatalf("last link %q, want page=%d", got, last)
	}
	var ids []int64
	u := e.srv.URL + fmt.Sprintf("/v1/candidates?per_page=%d", per)
	pages := 0
	for u != "" {
		res, body := e.v1(u)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", u, res.StatusCode)
		}
		pages++
		if pages > 1 && nextLink(res.Header, "prev") == "" {
			t.Fatalf("page %d has no prev link", pages)
		}
		for _, r := range records(t, body) {
			ids = append(ids, idOf(r))
		}
		u = nextLink(res.Header, "next")
	}
	if pages != last || len(ids) != n || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != n {
		t.Fatalf("%d pages, %d ids (want %d pages, %d ids, ascending, unique)", pages, len(ids), last, n)
	}

	t.Run("SkipCount", func(t *testing.T) {
		res, _ := e.v1("/v1/candidates?per_page=40&skip_count=true")
		if nextLink(res.Header, "last") != "" || nextLink(res.Header, "next") == "" {
			t.Fatalf("Link %q", res.Header.Get("Link"))
		}
	})
	t.Run("SinglePageHasNoLink", func(t *testing.T) {
		res, body := e.v1("/v1/departments")
		if res.Header.Get("Link") != "" || len(records(t, body)) != len(snap.Departments) {
			t.Fatalf("Link %q", res.Header.Get("Link"))
		}
	})
	t.Run("PerPageOutOfRange", func(t *testing.T) {
		if res, _ := e.v1("/v1/candidates?per_page=501"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("per_page=501: %d", res.StatusCode)
		}
	})
}

func TestV1Filters(t *testing.T) {
	e := newEnv(t, Config{})
	snap := e.sim.Snapshot()
	job := snap.Jobs[len(snap.Jobs)/2]
	count := func(ok func(Application) bool) int {
		n := 0
		for _, a := range snap.Applications {
			if ok(a) {
				n++
			}
		}
		return n
	}
	mid := snap.Applications[len(snap.Applications)/2]
	tests := []struct {
		name string
		path string
		want int
	}{
		{"StatusHired", "/v1/applications?per_page=500&status=hired", count(func(a Application) bool { return a.Status == StatusHired })},
		{"InvalidStatusIsEmpty", "/v1/applications?status=bogus", 0},
		// A prospect's application lists its prospective jobs as its jobs.
		{"JobID", fmt.Sprintf("/v1/applications?per_page=500&job_id=%d", job.ID), count(func(a Application) bool {
			return a.JobID == job.ID || slices.Contains(a.ProspectiveJobIDs, job.ID)
		})},
		{"CreatedAfter", "/v1/applications?per_page=500&created_after=" + mid.CreatedAt.Format(tsLayout),
			count(func(a Application) bool { return !a.CreatedAt.Before(mid.CreatedAt) })},
		{"LastActivityAfter", "/v1/applications?per_page=500&last_activity_after=" + mid.LastActivityAt.Format(tsLayout),
			count(func(a Application) bool { return !a.LastActivityAt.Before(mid.LastActivityAt) })},
		{"UpdatedAfterIgnoredOnApplications", "/v1/applications?per_page=500&updated_after=2099-01-01T00:00:00Z", min(500, len(snap.Applications))},
		{"CandidatesUpdatedBefore", "/v1/candidates?per_page=500&updated_before=" + snap.Candidates[10].UpdatedAt.Format(tsLayout), -1},
		{"JobStagesForJob", fmt.Sprintf("/v1/jobs/%d/stages", job.ID), -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.v1(tc.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", res.StatusCode, trunc(body))
			}
			if got := len(records(t, body)); tc.want >= 0 && got != tc.want {
				t.Fatalf("%d records, want %d", got, tc.want)
			}
		})
	}
	t.Run("BadDate", func(t *testing.T) {
		if res, _ := e.v1("/v1/candidates?created_after=yesterday"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%d", res.StatusCode)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		for _, p := range []string{"/v1/candidates/1", "/v1/applications/x", "/v1/nope"} {
			if res, _ := e.v1(p); res.StatusCode != http.StatusNotFound {
				t.Fatalf("%s: %d", p, res.StatusCode)
			}
		}
	})
}

// compareKeys reports fixture keys missing from got, recursing into
// objects and into the first element of arrays present on both sides.
func compareKeys(path string, fixture, got any, missing *[]string) {
	switch f := fixture.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return // null on our side: nothing to compare
		}
		for k, fv := range f {
			if strings.HasSuffix(path, "custom_fields") {
				return // custom fields are configured per tenant
			}
			gv, ok := g[k]
			if !ok {
				*missing = append(*missing, path+"."+k)
				continue
			}
			compareKeys(path+"."+k, fv, gv, missing)
		}
	case []any:
		g, ok := got.([]any)
		if ok && len(f) > 0 && len(g) > 0 {
			compareKeys(path+"[0]", f[0], g[0], missing)
		}
	}
}

// TestV1ShapesMatchFixtures checks every key of the real v1 examples is in
// our responses, at every nesting level both sides have.
func TestV1ShapesMatchFixtures(t *testing.T) {
	dir := sharedDir(t, "fixtures", "greenhouse")
	e := newEnv(t, Config{Candidates: 500})
	snap := e.sim.Snapshot()
	// Pick records rich enough to exercise nested objects.
	var cand, rejectedApp, hiredApp int64
	for _, a := range snap.Applications {
		if a.Status == StatusRejected && rejectedApp == 0 {
			rejectedApp = a.ID
		}
		if a.Status == StatusHired && hiredApp == 0 {
			hiredApp = a.ID
			cand = a.CandidateID
		}
	}
	var offer, job, scorecard int64
	for _, o := range snap.Offers {
		if o.OpeningID != 0 {
			offer, job = o.ID, o.JobID
		}
	}
	scorecard = snap.Scorecards[0].ID
	pairs := []struct{ fixture, path string }{
		{"harvest_candidate.json", fmt.Sprintf("/v1/candidates/%d", cand)},
		{"harvest_candidates_list.json", "/v1/candidates?per_page=5"},
		{"harvest_application.json", fmt.Sprintf("/v1/applications/%d", rejectedApp)},
		{"harvest_applications_list.json", "/v1/applications?status=rejected&per_page=5"},
		{"harvest_job.json", fmt.Sprintf("/v1/jobs/%d", job)},
		{"harvest_jobs_list.json", "/v1/jobs"},
		{"harvest_job_hiring_team.json", fmt.Sprintf("/v1/jobs/%d/hiring_team", job)},
		{"harvest_job_post.json", fmt.Sprintf("/v1/job_posts/%d", snap.JobPosts[0].ID)},
		{"harvest_job_posts_list.json", "/v1/job_posts"},
		{"harvest_job_stage.json", fmt.Sprintf("/v1/job_stages/%d", snap.JobInterviewStages[2].ID)},
		{"harvest_job_stages_for_job.json", fmt.Sprintf("/v1/jobs/%d/stages", job)},
		{"harvest_user.json", fmt.Sprintf("/v1/users/%d", snap.Users[0].ID)},
		{"harvest_users_list.json", "/v1/users"},
		{"harvest_departments_list.json", "/v1/departments"},
		{"harvest_offices_list.json", "/v1/offices"},
		{"harvest_sources_list.json", "/v1/sources"},
		{"harvest_rejection_reasons_list.json", "/v1/rejection_reasons"},
		{"harvest_close_reasons_list.json", "/v1/close_reasons"},
		{"harvest_scheduled_interviews_list.json", "/v1/scheduled_interviews"},
		{"harvest_scorecard.json", fmt.Sprintf("/v1/scorecards/%d", scorecard)},
		{"harvest_offer.json", fmt.Sprintf("/v1/offers/%d", offer)},
		{"harvest_activity_feed.json", fmt.Sprintf("/v1/candidates/%d/activity_feed", cand)},
	}
	for _, p := range pairs {
		t.Run(p.fixture, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, p.fixture))
			if err != nil {
				t.Fatal(err)
			}
			var fixture, got any
			if err := json.Unmarshal(raw, &fixture); err != nil {
				t.Fatal(err)
			}
			res, body := e.v1(p.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", p.path, res.StatusCode, trunc(body))
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			var missing []string
			compareKeys("", fixture, got, &missing)
			if len(missing) > 0 {
				t.Fatalf("keys of the fixture missing from %s: %v", p.path, missing)
			}
		})
	}
}

// TestV1V3SameValues checks that a v1 client and a v3 client see the same
// records.
func TestV1V3SameValues(t *testing.T) {
	e := newEnv(t, Config{})
	snap := e.sim.Snapshot()
	v3ByID := func(res string, id int64) map[string]any {
		_, body := e.v3(fmt.Sprintf("/v3/%s?ids=%d", res, id))
		recs := records(t, body)
		if len(recs) != 1 {
			t.Fatalf("%s %d: %d records", res, id, len(recs))
		}
		return recs[0]
	}
	v1Get := func(path string) map[string]any {
		_, body := e.v1(path)
		return object(t, body)
	}
	eq := func(what string, a, b any) {
		t.Helper()
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s: v1 %s, v3 %s", what, ja, jb)
		}
	}
	options := map[float64]any{}
	for _, o := range e.pageAllV3("/v3/custom_field_options?per_page=500") {
		options[o["id"].(float64)] = o["name"]
	}
	optionName := func(id any) any {
		f, _ := id.(float64)
		return options[f]
	}
	sub := func(m any, k string) any {
		if mm, ok := m.(map[string]any); ok {
			return mm[k]
		}
		return nil
	}
	for i := 0; i < len(snap.Candidates); i += len(snap.Candidates) / 12 {
		c := snap.Candidates[i]
		one := v1Get(fmt.Sprintf("/v1/candidates/%d", c.ID))
		three := v3ByID("candidates", c.ID)
		for _, k := range []string{"id", "first_name", "last_name", "company", "title", "created_at", "updated_at", "can_email",
			"tags", "phone_numbers", "email_addresses", "addresses", "website_addresses"} {
			eq("candidate."+k, one[k], three[k])
		}
		eq("candidate.last_activity", one["last_activity"], three["last_activity_at"])
		eq("candidate.private", one["is_private"], three["private"])

		_, body := e.v3(fmt.Sprintf("/v3/applications?candidate_ids=%d", c.ID))
		apps3 := records(t, body)
		var ids3 []any
		for _, a := range apps3 {
			ids3 = append(ids3, a["id"])
		}
		slices.Reverse(ids3) // v3 is DESC, v1 ASC
		eq("candidate.application_ids", one["application_ids"], ids3)

		// v3 names school, degree and discipline by custom field option.
		_, body = e.v3(fmt.Sprintf("/v3/candidate_educations?candidate_ids=%d", c.ID))
		edus := records(t, body)
		for j, ed := range one["educations"].([]any) {
			ed, ed3 := ed.(map[string]any), edus[len(edus)-1-j]
			eq("education.id", ed["id"], ed3["id"])
			for _, k := range []string{"school_name", "degree", "discipline"} {
				eq("education."+k, ed[k], optionName(ed3[k+"_custom_field_option_id"]))
			}
			eq("education.start", ed["start_date"], ed3["start_at"])
			eq("education.end", ed["end_date"], ed3["end_at"])
		}

		for _, app := range one["applications"].([]any) {
			a1 := app.(map[string]any)
			a3 := v3ByID("applications", idOf(a1))
			eq("application.applied_at", a1["applied_at"], a3["created_at"])
			for _, k := range []string{"candidate_id", "prospect", "rejected_at", "last_activity_at", "job_post_id"} {
				eq("application."+k, a1[k], a3[k])
			}
			status := a1["status"]
			if status == "active" {
				status = "in_process"
			}
			eq("application.status", status, a3["status"])
			// v3's stage_id is the application's stage record; the plan's
			// stage (v1 current_stage) is that record's job_interview_stage_id.
			var planStage any
			if a3["stage_id"] != nil {
				_, body := e.v3(fmt.Sprintf("/v3/application_stages?ids=%d", idOf(map[string]any{"id": a3["stage_id"]})))
				if st := records(t, body); len(st) == 1 {
					planStage = st[0]["job_interview_stage_id"]
				}
			}
			eq("application.stage", sub(a1["current_stage"], "id"), planStage)
			eq("application.stage_name", sub(a1["current_stage"], "name"), a3["stage_name"])
			eq("application.source_id", sub(a1["source"], "id"), a3["source_id"])
			eq("application.rejection_reason_id", sub(a1["rejection_reason"], "id"), a3["rejection_reason_id"])
			eq("application.referrer_id", sub(a1["credited_to"], "id"), a3["referrer_id"])
			eq("application.recruiter_id", sub(a1["recruiter"], "id"), a3["recruiter_id"])
			eq("application.location_address", sub(a1["location"], "address"), a3["location_address"])
			// v1 lists a candidate's job, or a prospect's prospective jobs.
			var jobs1 []any
			for _, j := range a1["jobs"].([]any) {
				jobs1 = append(jobs1, sub(j, "id"))
			}
			jobs3 := a3["prospective_job_ids"].([]any)
			if a3["job_id"] != nil {
				jobs3 = []any{a3["job_id"]}
			} else if a3["prospect"] != true {
				t.Errorf("application %v: job_id null, but not a prospect", a3["id"])
			}
			eq("application.jobs", jobs1, jobs3)
		}

		// v1 attachments have no id, but their URLs serve the same files.
		_, body = e.v3(fmt.Sprintf("/v3/attachments?candidate_ids=%d", c.ID))
		atts3 := records(t, body)
		atts1 := one["attachments"].([]any)
		if len(atts1) != len(atts3) {
			t.Fatalf("candidate %d: %d v1 attachments, %d v3", c.ID, len(atts1), len(atts3))
		}
		for j, a := range atts1 {
			a1, a3 := a.(map[string]any), atts3[len(atts3)-1-j]
			eq("attachment.filename", a1["filename"], a3["filename"])
			eq("attachment.type", a1["type"], a3["type"])
			_, f1 := e.download(a1["url"].(string))
			_, f3 := e.download(a3["url"].(string))
			if !bytes.Equal(f1, f3) {
				t.Errorf("attachment %v: v1 and v3 URLs serve different bytes", a3["id"])
			}
		}
	}
	for _, j := range snap.Jobs[:8] {
		one := v1Get(fmt.Sprintf("/v1/jobs/%d", j.ID))
		three := v3ByID("jobs", j.ID)
		for _, k := range []string{"name", "requisition_id", "notes", "confidential", "status", "created_at", "opened_at", "closed_at", "updated_at"} {
			eq("job."+k, one[k], three[k])
		}
		eq("job.department_id", sub(one["departments"].([]any)[0], "id"), three["department_id"])
		var offices []any
		for _, o := range one["offices"].([]any) {
			offices = append(offices, sub(o, "id"))
		}
		eq("job.office_ids", offices, three["office_ids"])
		_, body := e.v3(fmt.Sprintf("/v3/openings?job_ids=%d", j.ID))
		ops := records(t, body)
		for k, o := range one["openings"].([]any) {
			o3 := ops[len(ops)-1-k]
			eq("opening.id", sub(o, "id"), o3["id"])
			eq("opening.open", sub(o, "status") == "open", o3["open"])
			eq("opening.closed_at", sub(o, "closed_at"), o3["closed_at"])
		}
	}
	for _, sc := range snap.Scorecards[:10] {
		one := v1Get(fmt.Sprintf("/v1/scorecards/%d", sc.ID))
		three := v3ByID("scorecards", sc.ID)
		rating := three["candidate_rating"]
		if rating == "strong_no" {
			rating = "definitely_not"
		}
		eq("scorecard.rating", one["overall_recommendation"], rating)
		eq("scorecard.interviewer", sub(one["interviewer"], "id"), three["interviewer_id"])
		for _, k := range []string{"interviewed_at", "submitted_at", "application_id", "created_at", "updated_at"} {
			eq("scorecard."+k, one[k], three[k])
		}
	}
	for _, o := range snap.Offers[:min(10, len(snap.Offers))] {
		one := v1Get(fmt.Sprintf("/v1/offers/%d", o.ID))
		three := v3ByID("offers", o.ID)
		eq("offer.sent", one["sent_at"], three["sent_on"])
		eq("offer.starts", one["starts_at"], three["starts_on"])
		eq("offer.status", one["status"], map[string]string{"Created": "unresolved", "Accepted": "accepted",
			"Rejected": "rejected", "Deprecated": "deprecated"}[three["status"].(string)])
		eq("offer.opening", sub(one["opening"], "id"), three["opening_id"])
	}
}
