package app

import (
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// jobSuggest answers the Job Title autocomplete with a list of options:
// jobs whose name or requisition id contains the typed words, open first.
// An empty field lists recent open jobs.
func (s *server) jobSuggest(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewer(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	f := db.JobFilter{Query: q, Limit: 10, Viewer: v}
	if q == "" {
		f.Status = db.JobOpen
	}
	jobs, err := s.DB.Jobs(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	opts := make([]views.JobOption, len(jobs))
	for i, j := range jobs {
		meta := j.Department
		if j.RequisitionID != "" {
			meta = strings.TrimPrefix(meta+" · "+j.RequisitionID, " · ")
		}
		opts[i] = views.JobOption{ID: j.ID, Name: j.Name, Status: j.Status, Meta: meta, Confidential: j.Confidential}
	}
	s.render(w, r, http.StatusOK, views.JobOptions(opts, q))
}

func equalFoldTrim(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
