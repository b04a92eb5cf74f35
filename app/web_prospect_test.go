package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// fixtureProspect finds, in the fixture's database, a prospect application
// considered for a listed job: its candidate, the job, and the application.
func fixtureProspect(t *testing.T) (candidate int64, job db.JobListing, app db.ApplicationSummary) {
	t.Helper()
	ctx := context.Background()
	listed := map[int64]db.JobListing{}
	for _, j := range fx.jobs {
		listed[j.ID] = j
	}
	for _, c := range fx.sim.Snapshot().Applications {
		if !c.Prospect || len(c.ProspectiveJobIDs) == 0 {
			continue
		}
		p, err := fx.app.DB.CandidateProfile(ctx, c.CandidateID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Applications {
			// The candidate's only application to the job is this one.
			if a.ID != c.ID {
				continue
			}
			for _, jid := range a.ProspectiveJobIDs {
				j, ok := listed[jid]
				other := slices.ContainsFunc(p.Applications, func(x db.ApplicationSummary) bool { return x.ID != a.ID && slices.Contains(x.JobIDs(), jid) })
				if ok && !other {
					return c.CandidateID, j, a
				}
			}
		}
	}
	t.Fatal("the fixture has no prospect considered for a listed job")
	return
}

// TestProspectsShowOnTheirJobs: a prospect application (no job, prospective
// jobs) shows on each prospective job: in Applied Only, marked as a
// prospect in Discover and the API, and on the candidate's page.
func TestProspectsShowOnTheirJobs(t *testing.T) {
	ctx := context.Background()
	cand, job, app := fixtureProspect(t)
	_, srv := startServer(t, fx.app)
	tok, _, err := fx.app.CreateToken(ctx, recruiterEmail, "prospects")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("APIRanking", func(t *testing.T) {
		var ranked []map[string]any
		path := fmt.Sprintf("/api/v1/jobs/%d/candidates?applied_only=true&limit=500", job.ID)
		if st := apiGet(t, srv.URL, tok, path, &ranked); st != 200 {
			t.Fatalf("status %d", st)
		}
		// Who is a prospect for the job, by the simulator's records.
		prospectFor := map[int64]bool{}
		for _, a := range fx.sim.Snapshot().Applications {
			if a.Prospect && slices.Contains(a.ProspectiveJobIDs, job.ID) {
				prospectFor[a.CandidateID] = true
			}
		}
		found := false
		for _, r := range ranked {
			p, ok := r["prospect"].(bool)
			if !ok {
				t.Fatalf("ranking item without a boolean prospect: %v", r)
			}
			id := int64(r["id"].(float64))
			if p && !prospectFor[id] {
				t.Errorf("candidate %d marked a prospect for job %d, but is not one", id, job.ID)
			}
			if id == cand {
				found = true
				if !p || r["applied"] != true {
					t.Errorf("the prospect's ranking item: %v", r)
				}
			}
		}
		if !found {
			t.Fatalf("prospect %d missing from job %d's Applied Only ranking (%d items)", cand, job.ID, len(ranked))
		}
		if job.Applicants < len(ranked) {
			t.Errorf("the job lists %d applicants, its Applied Only ranking %d", job.Applicants, len(ranked))
		}
	})

	t.Run("APICandidate", func(t *testing.T) {
		var c struct {
			Applications []struct {
				ID                int64   `json:"id"`
				JobID             *int64  `json:"job_id"`
				Prospect          *bool   `json:"prospect"`
				ProspectiveJobIDs []int64 `json:"prospective_job_ids"`
			} `json:"applications"`
		}
		if st := apiGet(t, srv.URL, tok, fmt.Sprintf("/api/v1/candidates/%d", cand), &c); st != 200 {
			t.Fatalf("status %d", st)
		}
		for _, a := range c.Applications {
			if a.Prospect == nil || a.ProspectiveJobIDs == nil {
				t.Fatalf("application %d lacks prospect or prospective_job_ids", a.ID)
			}
			if a.ID == app.ID && (!*a.Prospect || a.JobID != nil || !slices.Equal(a.ProspectiveJobIDs, app.ProspectiveJobIDs)) {
				t.Errorf("prospect application: job %v, prospect %v, prospective %v (want %v)", a.JobID, *a.Prospect, a.ProspectiveJobIDs, app.ProspectiveJobIDs)
			}
		}
	})

	t.Run("Discover", func(t *testing.T) {
		c := loggedIn(t, srv.URL, "recruiter")
		id := strconv.FormatInt(cand, 10)
		for page := 1; page < 100; page++ {
			res := c.get(fmt.Sprintf("/discover?job=%d&applied_only=1&page=%d", job.ID, page))
			if res.Status != 200 {
				t.Fatalf("discover: %d", res.Status)
			}
			i := strings.Index(res.Body, `data-candidate-id="`+id+`"`)
			if i < 0 {
				if !strings.Contains(res.Body, `data-testid="pager-next"`) {
					t.Fatalf("prospect %d not on any page of job %d's Applied Only list", cand, job.ID)
				}
				continue
			}
			row := res.Body[i:]
			row = row[:strings.Index(row, "</tr>")]
			if !strings.Contains(row, `data-testid="prospect-badge"`) || !strings.Contains(row, `data-applied="true"`) {
				t.Fatalf("prospect row without its mark: %s", row)
			}
			return
		}
	})

	t.Run("CandidatePage", func(t *testing.T) {
		c := loggedIn(t, srv.URL, "recruiter")
		res := c.get(fmt.Sprintf("/candidates/%d", cand))
		if res.Status != 200 {
			t.Fatalf("status %d", res.Status)
		}
		link := fmt.Sprintf(`href="/discover?job=%d&amp;applied_only=1" data-testid="prospective-job"`, job.ID)
		if !strings.Contains(res.Body, link) || !strings.Contains(res.Body, `data-testid="prospect-badge"`) {
			t.Fatalf("candidate page lacks the prospective job link %s or the prospect mark", link)
		}
	})
}
