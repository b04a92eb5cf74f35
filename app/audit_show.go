package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/app/audit"
	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/views"
)

// auditShow is the Bias audit: how the Discover ranking treats each job's
// applicants by sex and race/ethnicity, from the EEOC answers (?job=ID
// audits one job). Owners only.
func (s *server) auditShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var jobID int64
	if v := r.URL.Query().Get("job"); v != "" {
		id, err := form.ID(v, "job")
		if err != nil {
			s.error(w, r, err)
			return
		}
		jobID = id
	}
	p := views.AuditProps{JobID: jobID, TopN: audit.TopN}
	empty, err := s.indexEmpty()
	if err != nil {
		s.error(w, r, err)
		return
	}
	if empty {
		p.IndexEmpty = true
	} else {
		rep, err := s.Audit(ctx, jobID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		p = auditProps(rep, jobID)
	}
	s.render(w, r, http.StatusOK, views.AuditPage(s.layout(w, r, "Bias audit", "audit"), p))
}

// auditProps describes a report for the page.
func auditProps(rep *AuditReport, jobID int64) views.AuditProps {
	p := views.AuditProps{GeneratedAt: rep.GeneratedAt, Ranking: rep.Ranking, EEOCAnswers: rep.EEOCAnswers, JobID: jobID,
		TopN: rep.TopN, Notes: rep.Notes, Overall: auditResultProps(rep.Overall, false)}
	for _, j := range rep.Jobs {
		p.Jobs = append(p.Jobs, views.AuditJob{ID: j.ID, Name: j.Name, Status: j.Status, Result: auditResultProps(j.Result, true)})
	}
	return p
}

func auditResultProps(r audit.Result, oneJob bool) views.AuditResult {
	out := views.AuditResult{Applicants: r.Applicants, Answered: r.Answered, Median: r.Median, HasMedian: oneJob}
	tables := []audit.Table{r.Sex, r.Race}
	titles := []string{"Sex", "Race/ethnicity"}
	if r.IntersectionShown {
		tables, titles = append(tables, r.Intersection), append(titles, "Sex and race/ethnicity")
	} else if r.Answered > 0 {
		out.Combined = "Sex and race/ethnicity combined are not shown: fewer than two combinations have enough people to compare."
	}
	for i, t := range tables {
		vt := views.AuditTable{Title: titles[i], Unknown: t.Unknown}
		for _, c := range t.Categories {
			vt.Rows = append(vt.Rows, views.AuditRow{Name: c.Name, N: c.N, Above: c.Above, Top: c.Top, Rate: c.ScoringRate,
				TopRate: c.TopRate, Ratio: c.ImpactRatio, TopRatio: c.TopImpactRatio, TooFew: c.TooFew, Flagged: c.Flagged})
		}
		out.Tables = append(out.Tables, vt)
		out.Flagged += t.Flagged
		if m := t.MinImpactRatio; m != nil && (out.MinRatio == nil || *m < *out.MinRatio) {
			out.MinRatio = m
		}
	}
	return out
}
