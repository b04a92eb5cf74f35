package app

import (
	"context"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// assessmentProps describe the Assessment Partner section of My Company.
func (s *server) assessmentProps(ctx context.Context, r *http.Request) (views.AssessmentProps, error) {
	base := s.baseURL(r) + AssessmentPath
	p := views.AssessmentProps{ListTestsURL: base + "/list_tests", SendTestURL: base + "/send_test",
		TestStatusURL: base + "/test_status", ResponseErrorURL: base + "/response_error", HTTPS: strings.HasPrefix(base, "https://")}
	var err error
	if p.Keys, err = s.DB.AssessmentKeys(ctx); err != nil {
		return p, err
	}
	if p.Stats, err = s.DB.AssessmentStats(ctx); err != nil {
		return p, err
	}
	if p.Errors, err = s.DB.RecentAssessmentErrors(ctx, 10); err != nil {
		return p, err
	}
	recent, err := s.DB.RecentAssessmentRequests(ctx, 10)
	if err != nil {
		return p, err
	}
	names := map[int64]string{}
	for _, q := range recent {
		if _, ok := names[q.JobID]; !ok {
			if jd, err := s.DB.JobDetail(ctx, q.JobID); err == nil {
				names[q.JobID] = jd.Name
			}
		}
		row := views.AssessmentRow{ID: q.ID, JobID: q.JobID, JobName: names[q.JobID], CandidateID: q.CandidateID, Status: q.Status,
			Score: q.Score, CreatedAt: q.CreatedAt, MatchURL: matchURL("", q.JobID, q.CandidateID), Note: q.Error}
		if q.Status == db.AssessmentComplete {
			row.Note = q.NotifyError
			if row.Note != "" {
				row.Note = "telling Greenhouse failed: " + row.Note
			}
		}
		p.Recent = append(p.Recent, row)
	}
	return p, nil
}

// renderAssessmentKey shows My Company with a key just made, this once:
// rendered, not redirected, so the key never travels in a URL or cookie.
func (s *server) renderAssessmentKey(w http.ResponseWriter, r *http.Request, key, msg string) {
	p, err := s.companyProps(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.SelfID = currentAccount(r.Context()).ID
	p.Assessment.NewKey = key
	l := s.layout(w, r, "My Company", "company")
	l.Flashes = append(l.Flashes, views.Flash{Kind: views.FlashSuccess, Message: msg})
	s.render(w, r, http.StatusOK, views.CompanyPage(l, p))
}
