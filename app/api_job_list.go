package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
)

// apiJob is a job in the API.
type apiJob struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Status        string        `json:"status"`
	Confidential  bool          `json:"confidential"`
	Department    *string       `json:"department"`
	Offices       []string      `json:"offices"`
	RequisitionID *string       `json:"requisition_id"`
	Applicants    apiApplicants `json:"applicants"`
	OpenedAt      *string       `json:"opened_at"`
	ATSURL        *string       `json:"ats_url"`
}

type apiApplicants struct {
	Active int `json:"active"`
	Total  int `json:"total"`
}

func newAPIJob(j db.JobListing, co company) apiJob {
	offices := j.Offices
	if offices == nil {
		offices = []string{}
	}
	return apiJob{
		ID: j.ID, Name: j.Name, Status: j.Status, Confidential: j.Confidential, Department: apiString(j.Department), Offices: offices,
		RequisitionID: apiString(j.RequisitionID), Applicants: apiApplicants{Active: j.ActiveApplicants, Total: j.Applicants},
		OpenedAt: apiTime(j.OpenedAt), ATSURL: apiString(co.jobURL(j.ID)),
	}
}

// apiJobList is GET /api/v1/jobs: the listed jobs (as on the Jobs page),
// any status unless ?status= says, optionally filtered by ?q=.
func (s *server) apiJobList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.NewJobsForm(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.viewer(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	filter := db.JobFilter{Query: f.Query, DepartmentID: f.DepartmentID, OfficeID: f.OfficeID, Status: r.URL.Query().Get("status"), Viewer: v}
	if filter.Status == "any" {
		filter.Status = ""
	}
	jobs, err := s.DB.Jobs(ctx, filter)
	if err != nil {
		s.error(w, r, err)
		return
	}
	co, err := s.company(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]apiJob, len(jobs))
	for i, j := range jobs {
		out[i] = newAPIJob(j, co)
	}
	s.writeJSON(w, http.StatusOK, out)
}
