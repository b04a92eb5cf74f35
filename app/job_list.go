package app

import (
	"net/http"
	"strconv"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// jobList lists the requisitions recruiters rank for (see db.Jobs for which
// ones), filtered by title, department, office and status. htmx requests
// get only the table.
func (s *server) jobList(w http.ResponseWriter, r *http.Request) {
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
	filter := db.JobFilter{Query: f.Query, DepartmentID: f.DepartmentID, OfficeID: f.OfficeID, Status: f.Status, Viewer: v}
	if f.Status == "any" {
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
	p := views.JobsProps{Query: f.Query, Status: f.Status, Synced: len(jobs) > 0}
	if f.DepartmentID != 0 {
		p.DepartmentID = strconv.FormatInt(f.DepartmentID, 10)
	}
	if f.OfficeID != 0 {
		p.OfficeID = strconv.FormatInt(f.OfficeID, 10)
	}
	if !p.Synced {
		// An empty result may be the filters' doing (or Greenhouse's
		// visibility): say "nothing synced" only when there is no job at all.
		all, err := s.DB.Jobs(ctx, db.JobFilter{Limit: 1, Viewer: db.Everyone})
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.Synced = len(all) > 0
	}
	for _, j := range jobs {
		p.Jobs = append(p.Jobs, jobRow(j, co))
	}
	if !isHTMX(r) {
		depts, offices, err := s.DB.JobFacets(ctx, v)
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.Departments, p.Offices = options(depts), options(offices)
	}
	s.render(w, r, http.StatusOK, views.JobsPage(s.layout(w, r, "Jobs", "jobs"), p), "job-results")
}

func jobRow(j db.JobListing, co company) views.JobRow {
	return views.JobRow{
		ID: j.ID, Name: j.Name, RequisitionID: j.RequisitionID, Department: j.Department, Offices: j.Offices,
		Status: j.Status, Confidential: j.Confidential, ActiveApplicants: j.ActiveApplicants, Applied: j.Applicants, OpenedAt: j.OpenedAt,
		DiscoverURL: "/discover?job=" + strconv.FormatInt(j.ID, 10) + "&applied_only=1",
		ATSURL:      co.jobURL(j.ID),
	}
}

func options(ns []db.NamedID) []views.Option {
	out := make([]views.Option, len(ns))
	for i, n := range ns {
		out[i] = views.Option{Value: strconv.FormatInt(n.ID, 10), Label: n.Name}
	}
	return out
}
