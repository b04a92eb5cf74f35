package simulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestProspectApplications checks prospects as Greenhouse shows them: in
// v3 job_id is null and prospective_job_ids lists the jobs (several for
// some); v1 lists the same jobs as the application's jobs; the webhook
// carries them as its jobs.
func TestProspectApplications(t *testing.T) {
	e := newEnv(t, Config{})
	prospects := e.pageAllV3("/v3/applications?per_page=500&prospect=true")
	if len(prospects) == 0 {
		t.Fatal("no prospect applications")
	}
	withJobs, several := 0, 0
	for _, a := range prospects {
		if a["job_id"] != nil || a["stage_id"] != nil {
			t.Fatalf("prospect %v has job_id %v, stage_id %v: both must be null", a["id"], a["job_id"], a["stage_id"])
		}
		jobs := a["prospective_job_ids"].([]any)
		if len(jobs) > 0 {
			withJobs++
		}
		if len(jobs) > 1 {
			several++
		}
		_, body := e.v1(fmt.Sprintf("/v1/applications/%d", idOf(a)))
		var v1 struct {
			Prospect bool `json:"prospect"`
			Jobs     []struct {
				ID float64 `json:"id"`
			} `json:"jobs"`
		}
		if err := json.Unmarshal(body, &v1); err != nil {
			t.Fatal(err)
		}
		var got []any
		for _, j := range v1.Jobs {
			got = append(got, j.ID)
		}
		if !v1.Prospect || !slices.Equal(got, jobs) {
			t.Fatalf("prospect %v: v1 jobs %v, v3 prospective_job_ids %v", a["id"], got, jobs)
		}
	}
	if withJobs == 0 || several == 0 {
		t.Fatalf("%d prospects with jobs, %d with several: want some of both", withJobs, several)
	}
	// Each candidate application has its one job, never prospective ones.
	for _, a := range e.pageAllV3("/v3/applications?per_page=500&prospect=false") {
		if a["job_id"] == nil || len(a["prospective_job_ids"].([]any)) != 0 {
			t.Fatalf("candidate application %v: job_id %v, prospective_job_ids %v", a["id"], a["job_id"], a["prospective_job_ids"])
		}
	}
	// A job's prospects are found by prospective_job_ids, not job_ids.
	job := int64(prospects[0]["prospective_job_ids"].([]any)[0].(float64))
	byProspective := e.pageAllV3(fmt.Sprintf("/v3/applications?per_page=500&prospective_job_ids=%d", job))
	if !slices.ContainsFunc(byProspective, func(a map[string]any) bool { return a["id"] == prospects[0]["id"] }) {
		t.Fatalf("prospective_job_ids=%v misses prospect %v", job, prospects[0]["id"])
	}
	for _, a := range e.pageAllV3(fmt.Sprintf("/v3/applications?per_page=500&job_ids=%d", job)) {
		if a["prospect"] == true {
			t.Fatalf("job_ids=%v returned prospect %v", job, a["id"])
		}
	}

	t.Run("Webhook", func(t *testing.T) {
		s := e.sim
		s.mu.Lock()
		rc := &renderCtx{s: s, st: s.st, base: e.srv.URL, now: ms(s.now())}
		var events []Event
		for seed := uint64(0); seed < 20 && len(events) == 0; seed++ {
			// A prospect considered for a job (half of them are not).
			ev := s.newProspect(rand.New(rand.NewPCG(seed, 9)), rc)
			var body struct {
				Payload struct {
					Application struct {
						ID       int64 `json:"id"`
						Prospect bool  `json:"prospect"`
						Jobs     []struct {
							ID int64 `json:"id"`
						} `json:"jobs"`
					} `json:"application"`
				} `json:"payload"`
			}
			json.Unmarshal(ev[0].Payload, &body)
			if len(body.Payload.Application.Jobs) > 0 {
				events = ev
				a, _ := s.st.applications.get(body.Payload.Application.ID)
				var ids []int64
				for _, j := range body.Payload.Application.Jobs {
					ids = append(ids, j.ID)
				}
				if !body.Payload.Application.Prospect || a.JobID != 0 || !slices.Equal(ids, a.ProspectiveJobIDs) {
					t.Errorf("webhook jobs %v for prospect with job %d and prospective jobs %v", ids, a.JobID, a.ProspectiveJobIDs)
				}
			}
		}
		s.mu.Unlock()
		if len(events) == 0 {
			t.Fatal("no new prospect was considered for a job")
		}
		checkWebhookFixture(t, events[0])
	})
}

// TestProcessingCandidates checks the candidate list's other item: while
// Greenhouse processes a candidate, lists and reads by id show
// {"message": …} without an id in its place.
func TestProcessingCandidates(t *testing.T) {
	e := newEnv(t, Config{Candidates: 40})
	cands := e.sim.Snapshot().Candidates
	busy := cands[7].ID
	e.sim.SetProcessing(busy)
	all := e.pageAllV3("/v3/candidates?per_page=10")
	if len(all) != len(cands) {
		t.Fatalf("%d items for %d candidates", len(all), len(cands))
	}
	var msgs int
	for _, r := range all {
		if r["id"] == nil {
			msgs++
			if len(r) != 1 || r["message"] == "" {
				t.Fatalf("processing item %v: want only a message", r)
			}
		} else if idOf(r) == busy {
			t.Fatal("the candidate being processed was listed")
		}
	}
	if msgs != 1 {
		t.Fatalf("%d processing items, want 1", msgs)
	}
	if _, body := e.v3(fmt.Sprintf("/v3/candidates?ids=%d&fields=first_name", busy)); string(body) != `[{"message":"`+processingMessage+`"}]`+"\n" {
		t.Fatalf("read by id while processing: %s", body)
	}
	e.sim.SetProcessing()
	if _, body := e.v3(fmt.Sprintf("/v3/candidates?ids=%d", busy)); len(records(t, body)) != 1 || idOf(records(t, body)[0]) != busy {
		t.Fatalf("after processing: %s", body)
	}
}

// TestCustomFieldOptions checks what Shortlist reads to name schools,
// degrees and disciplines, and the custom_field_option_id filter.
func TestCustomFieldOptions(t *testing.T) {
	e := newEnv(t, Config{})
	snap := e.sim.Snapshot()
	fields := e.pageAllV3("/v3/custom_fields?per_page=500")
	key := map[float64]string{}
	for _, f := range fields {
		key[f["id"].(float64)] = f["name_key"].(string)
	}
	names := map[float64]string{}
	for _, o := range e.pageAllV3("/v3/custom_field_options?per_page=500&custom_field_key=school_name") {
		if key[o["custom_field_id"].(float64)] != "school_name" {
			t.Fatalf("custom_field_key=school_name returned option %v of field %v", o["name"], key[o["custom_field_id"].(float64)])
		}
		names[o["id"].(float64)] = o["name"].(string)
	}
	for _, ed := range snap.Educations[:30] {
		_, body := e.v3(fmt.Sprintf("/v3/candidate_educations?ids=%d", ed.ID))
		r := records(t, body)[0]
		id, _ := r["school_name_custom_field_option_id"].(float64)
		if names[id] != ed.SchoolName {
			t.Fatalf("education %d: option %v names %q, want %q", ed.ID, r["school_name_custom_field_option_id"], names[id], ed.SchoolName)
		}
	}

	// Each job employment type option selects exactly the jobs of that type.
	jobField := map[any]bool{}
	for _, f := range fields {
		if f["field_type"] == "job" {
			jobField[f["id"]] = true
		}
	}
	total := 0
	for _, o := range e.pageAllV3("/v3/custom_field_options?per_page=500&custom_field_key=employment_type") {
		if !jobField[o["custom_field_id"]] {
			continue
		}
		want := 0
		for _, j := range snap.Jobs {
			if j.EmploymentType == o["name"] {
				want++
			}
		}
		got := e.pageAllV3(fmt.Sprintf("/v3/jobs?per_page=500&custom_field_option_id=%d", idOf(o)))
		if len(got) != want {
			t.Fatalf("custom_field_option_id %v (%v) gave %d jobs, %d are of that type", o["id"], o["name"], len(got), want)
		}
		total += want
	}
	if total != len(snap.Jobs) {
		t.Fatalf("the employment type options cover %d of %d jobs", total, len(snap.Jobs))
	}
}

// TestEEOC checks the self-identification answers: for a share of the
// applications sent through a job post, each person answering alike every
// time, some questions skipped.
func TestEEOC(t *testing.T) {
	e := newEnv(t, Config{Candidates: 400})
	snap := e.sim.Snapshot()
	posted := 0
	for _, a := range snap.Applications {
		if a.JobPostID != 0 {
			posted++
		}
	}
	rows := e.pageAllV3("/v3/eeoc?per_page=500")
	if share := float64(len(rows)) / float64(posted); share < 0.25 || share > 0.55 {
		t.Fatalf("%d answers for %d applications through a post (%.0f%%), want about %d%%", len(rows), posted, share*100, eeocShare)
	}
	byCandidate := map[any]map[string]any{}
	skipped := 0
	genders := map[any]bool{}
	for _, r := range rows {
		if r["gender"] == nil {
			skipped++
		} else {
			genders[r["gender"].(map[string]any)["description"]] = true
		}
		if prev := byCandidate[r["candidate_id"]]; prev != nil && prev["gender"] != nil && r["gender"] != nil &&
			prev["gender"].(map[string]any)["id"] != r["gender"].(map[string]any)["id"] {
			t.Fatalf("candidate %v answered the gender question differently", r["candidate_id"])
		}
		byCandidate[r["candidate_id"]] = r
	}
	if skipped == 0 || len(genders) < 3 {
		t.Fatalf("%d skipped gender answers, %d distinct: want some of each", skipped, len(genders))
	}
	res, _ := e.v3("/v3/eeoc?submitted_at=" + "gte|" + testEpoch.Add(time.Hour).Format(time.RFC3339))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("submitted_at filter: %d", res.StatusCode)
	}
}
