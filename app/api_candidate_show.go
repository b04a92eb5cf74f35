package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

type apiCandidate struct {
	ID           int64            `json:"id"`
	Name         string           `json:"name"`
	FirstName    string           `json:"first_name"`
	LastName     string           `json:"last_name"`
	Title        *string          `json:"title"`
	Company      *string          `json:"company"`
	Private      bool             `json:"private"`
	Emails       []db.Contact     `json:"emails"`
	Phones       []db.Contact     `json:"phones"`
	Tags         []string         `json:"tags"`
	Employments  []apiEmployment  `json:"employments"`
	Educations   []apiEducation   `json:"educations"`
	Applications []apiApplication `json:"applications"`
	Notes        []apiNote        `json:"notes"`
	Resume       *apiResume       `json:"resume"`
	LastActivity *string          `json:"last_activity_at"`
	ATSURL       *string          `json:"ats_url"`
}

type apiEmployment struct {
	Title     string  `json:"title"`
	Company   string  `json:"company"`
	StartDate *string `json:"start_date"`
	EndDate   *string `json:"end_date"`
}

type apiEducation struct {
	School     string  `json:"school"`
	Degree     string  `json:"degree"`
	Discipline string  `json:"discipline"`
	StartDate  *string `json:"start_date"`
	EndDate    *string `json:"end_date"`
}

// apiApplication is one application of a candidate. A prospect's has no
// job: prospective_job_ids lists the jobs it is considered for.
type apiApplication struct {
	ID                int64   `json:"id"`
	JobID             *int64  `json:"job_id"`
	JobName           *string `json:"job_name"`
	Status            string  `json:"status"`
	CurrentStage      *string `json:"current_stage"`
	Prospect          bool    `json:"prospect"`
	ProspectiveJobIDs []int64 `json:"prospective_job_ids"`
	AppliedAt         *string `json:"applied_at"`
	LastActivity      *string `json:"last_activity_at"`
}

// apiNote is a note on the candidate: synced from Greenhouse, or pending
// (still on its way there, with the action that sends it).
type apiNote struct {
	ID         *int64  `json:"id"`
	Body       string  `json:"body"`
	Author     *string `json:"author"`
	AuthorID   *int64  `json:"author_id"` // the Greenhouse user
	Visibility string  `json:"visibility"`
	CreatedAt  *string `json:"created_at"`
	Pending    bool    `json:"pending"`
	ActionID   *int64  `json:"action_id"`
}

type apiResume struct {
	Filename string  `json:"filename"`
	Status   string  `json:"status"` // ok | failed | pending
	Error    *string `json:"error"`
}

// apiCandidateShow is GET /api/v1/candidates/{candID}: the profile and the
// candidate's applications.
func (s *server) apiCandidateShow(w http.ResponseWriter, r *http.Request) {
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
	p, err := s.DB.CandidateProfileFor(ctx, v, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	co, err := s.company(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c := p.Candidate
	out := apiCandidate{
		ID: c.ID, Name: c.Name(), FirstName: c.FirstName, LastName: c.LastName, Title: apiString(c.Title), Company: apiString(c.Company),
		Private: c.Private, Emails: nonNil(c.EmailAddresses), Phones: nonNil(c.PhoneNumbers), Tags: nonNil(c.Tags),
		Employments: []apiEmployment{}, Educations: []apiEducation{}, Applications: []apiApplication{},
		ATSURL: apiString(co.candidateURL(c.ID)),
	}
	last := c.LastActivityAt
	for _, e := range p.Employments {
		out.Employments = append(out.Employments, apiEmployment{Title: e.Title, Company: e.CompanyName, StartDate: apiDate(e.StartDate), EndDate: apiDate(e.EndDate)})
	}
	for _, e := range p.Educations {
		out.Educations = append(out.Educations, apiEducation{School: e.SchoolName, Degree: e.Degree, Discipline: e.Discipline,
			StartDate: apiDate(e.StartDate), EndDate: apiDate(e.EndDate)})
	}
	for _, a := range p.Applications {
		aa := apiApplication{ID: a.ID, Status: a.Status, CurrentStage: apiString(a.StageName), Prospect: a.Prospect,
			ProspectiveJobIDs: nonNil(a.ProspectiveJobIDs), AppliedAt: apiTime(a.CreatedAt), LastActivity: apiTime(a.LastActivityAt),
			JobName: apiString(a.JobName)}
		if a.JobID != 0 {
			jid := a.JobID
			aa.JobID = &jid
		}
		out.Applications = append(out.Applications, aa)
		last = db.LastActivity(last, a.LastActivityAt)
	}
	out.LastActivity = apiTime(last)
	notes, err := s.noteViews(ctx, v, c.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out.Notes = []apiNote{}
	for _, n := range notes {
		out.Notes = append(out.Notes, apiNote{ID: apiID(n.ID), Body: n.Body, Author: apiString(n.AuthorName), AuthorID: apiID(n.AuthorID),
			Visibility: n.Visibility, CreatedAt: apiTime(n.CreatedAt), Pending: n.Pending, ActionID: apiID(n.ActionID)})
	}
	ri := resumeInfo(p)
	if ri.State != views.ResumeNone {
		out.Resume = &apiResume{Filename: ri.Filename, Status: ri.State, Error: apiString(ri.Reason)}
	}
	s.writeJSON(w, http.StatusOK, out)
}

// apiID is an id, or null when 0.
func apiID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func apiDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format("2006-01-02")
	return &s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
