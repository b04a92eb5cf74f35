package app

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// candidateShow shows a candidate's profile, applications and resume.
func (s *server) candidateShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "candID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.viewer(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	prof, err := s.DB.CandidateProfileFor(ctx, v, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	co, err := s.company(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c := prof.Candidate
	p := views.CandidateProps{
		Candidate: c, Employments: prof.Employments, Educations: prof.Educations,
		Resume: resumeInfo(prof), ATSURL: co.candidateURL(c.ID), BackURL: backToDiscover(r.URL.Query()),
	}
	last := c.LastActivityAt
	for _, a := range prof.Applications {
		row := views.ApplicationRow{JobID: a.JobID, JobName: a.JobName, Status: a.Status, Stage: a.StageName,
			Prospect: a.Prospect, Confidential: a.JobConfidential, AppliedAt: a.CreatedAt, LastActivityAt: a.LastActivityAt}
		if a.JobID != 0 {
			row.JobURL = discoverJobURL(a.JobID)
		}
		for _, j := range a.ProspectiveJobs {
			row.ProspectiveJobs = append(row.ProspectiveJobs, views.JobLink{Name: j.Name, URL: discoverJobURL(j.ID), Confidential: j.Confidential})
		}
		p.Applications = append(p.Applications, row)
		last = db.LastActivity(last, a.LastActivityAt)
	}
	p.LastActivity = last
	// The job of the ranking the user came from, to add the candidate to.
	var job *views.JobRef
	if f, err := form.NewDiscoverForm(r); err == nil && f.JobID != 0 {
		if jd, err := s.DB.JobDetailFor(ctx, v, f.JobID); err == nil {
			job = &views.JobRef{ID: jd.ID, Name: jd.Name, Status: jd.Status, Confidential: jd.Confidential}
		}
	}
	if p.Act, err = s.candidateAct(r, v, prof, job, true); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.CandidatePage(s.layout(w, r, c.Name(), ""), p))
}

// discoverJobURL ranks a job's candidates, Applied Only.
func discoverJobURL(jobID int64) string {
	return "/discover?job=" + strconv.FormatInt(jobID, 10) + "&applied_only=1"
}

// resumeInfo describes the candidate's newest resume: its text when read,
// why not when it failed, or that it waits for download. When the newest
// could not be read, the text of an older one is still shown.
func resumeInfo(p db.CandidateProfile) views.ResumeInfo {
	for _, a := range p.Attachments {
		if a.Attachment.Type != db.AttachmentResume {
			continue
		}
		ri := views.ResumeInfo{Filename: a.Attachment.Filename, Extractor: a.Text.Extractor, ExtractedAt: a.Text.ExtractedAt}
		switch a.Text.Status {
		case db.TextOK:
			ri.State, ri.Text = views.ResumeOK, a.Text.Text
		case db.TextFailed:
			ri.State, ri.Reason, ri.Text = views.ResumeFailed, orText(a.Text.Error, "The file could not be read."), p.Resume.Text
		default:
			ri.State, ri.Text = views.ResumePending, p.Resume.Text
		}
		return ri
	}
	return views.ResumeInfo{State: views.ResumeNone}
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// pathID reads a positive id from the URL path.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := form.ID(chi.URLParam(r, name), name)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		return 0, errNotFound
	}
	return id, nil
}
