package app

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
)

// testStatus is test_status's answer (assessment_test_status_response.json).
// partner_score and metadata come once complete.
type testStatus struct {
	Status     string         `json:"partner_status"`
	ProfileURL string         `json:"partner_profile_url"`
	Score      *float64       `json:"partner_score,omitempty"`
	Metadata   map[string]any `json:"metadata,omitempty"`
}

// assessmentTestStatus is GET /assessment/test_status?partner_interview_id=…:
// "pending" until the candidate is scored, then "complete" with the score
// (0-100 on the job's curve), the Match page and a summary. An unknown id
// is a 404.
func (s *server) assessmentTestStatus(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(r.URL.Query().Get("partner_interview_id"))
	if id == "" {
		assessmentError(w, http.StatusBadRequest, "partner_interview_id is missing")
		return
	}
	req, err := s.DB.AssessmentRequest(r.Context(), id)
	if errors.Is(err, db.ErrNotFound) {
		assessmentError(w, http.StatusNotFound, "no test has partner_interview_id "+id)
		return
	}
	if err != nil {
		s.log.Error("assessment: test_status", slog.Any("error", err))
		assessmentError(w, http.StatusInternalServerError, "internal error")
		return
	}
	base := req.BaseURL
	if base == "" {
		base = s.baseURL(r)
	}
	out := testStatus{Status: "pending", ProfileURL: matchURL(base, req.JobID, req.CandidateID)}
	if req.Status == db.AssessmentComplete {
		score := req.Score
		out.Status, out.Score, out.Metadata = "complete", &score, req.Metadata
	}
	writeAssessmentJSON(w, http.StatusOK, out)
}
