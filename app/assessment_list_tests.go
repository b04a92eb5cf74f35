package app

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/shortlist-hq/shortlist/db"
)

// assessmentTest is one test list_tests offers.
type assessmentTest struct {
	ID   string `json:"partner_test_id"`
	Name string `json:"partner_test_name"`
}

// assessmentListTests is GET /assessment/list_tests: one test per open job
// (confidential ones too: Greenhouse calls with the organisation's key,
// and its admin picks the test for a job's own plan), its id the job's id
// and its name "Shortlist match: <job name>" (with the requisition id when
// two open jobs share a name), by name.
func (s *server) assessmentListTests(w http.ResponseWriter, r *http.Request) {
	jobs, err := s.DB.Jobs(r.Context(), db.JobFilter{Status: db.JobOpen, Limit: 10000, Viewer: db.Everyone})
	if err != nil {
		s.log.Error("assessment: list tests", "error", err)
		assessmentError(w, http.StatusInternalServerError, "internal error")
		return
	}
	names := map[string]int{}
	for _, j := range jobs {
		names[j.Name]++
	}
	out := make([]assessmentTest, 0, len(jobs))
	for _, j := range jobs {
		name := assessmentTestPrefix + j.Name
		if names[j.Name] > 1 && j.RequisitionID != "" {
			name += " (" + j.RequisitionID + ")"
		}
		out = append(out, assessmentTest{ID: strconv.FormatInt(j.ID, 10), Name: name})
	}
	sort.SliceStable(out, func(i, k int) bool { return out[i].Name < out[k].Name })
	writeAssessmentJSON(w, http.StatusOK, out)
}
