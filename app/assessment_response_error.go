package app

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
)

// responseError is response_error's body (assessment_response_error_request.json).
type responseError struct {
	APICall            string          `json:"api_call"`
	Errors             []string        `json:"errors"`
	PartnerTestID      json.RawMessage `json:"partner_test_id"`
	PartnerTestName    string          `json:"partner_test_name"`
	PartnerInterviewID json.RawMessage `json:"partner_interview_id"`
	CandidateEmail     string          `json:"candidate_email"`
}

// assessmentResponseError is POST /assessment/response_error: Greenhouse
// reports what was wrong with one of Shortlist's answers. It is logged and
// shown on My Company, and answered {"status": 200}.
func (s *server) assessmentResponseError(w http.ResponseWriter, r *http.Request) {
	var req responseError
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxSendTestBytes)).Decode(&req); err != nil {
		assessmentError(w, http.StatusBadRequest, "the body must be response_error's JSON: {api_call, errors[], …}")
		return
	}
	scalar := func(raw json.RawMessage) string { return strings.Trim(strings.TrimSpace(string(raw)), `"`) }
	e := db.AssessmentError{APICall: req.APICall, Errors: req.Errors, PartnerInterviewID: scalar(req.PartnerInterviewID),
		PartnerTestID: scalar(req.PartnerTestID)}
	if err := s.DB.SaveAssessmentError(r.Context(), e); err != nil {
		s.log.Error("assessment: response_error", slog.Any("error", err))
		assessmentError(w, http.StatusInternalServerError, "internal error")
		return
	}
	s.log.Warn("Greenhouse reported an error in an assessment answer", slog.String("api_call", req.APICall),
		slog.Any("errors", req.Errors), slog.String("partner_interview_id", e.PartnerInterviewID))
	writeAssessmentJSON(w, http.StatusOK, map[string]int{"status": 200})
}
