package app

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
)

// sendTestRequest is send_test's body (assessment_send_test_request.json).
type sendTestRequest struct {
	PartnerTestID json.RawMessage `json:"partner_test_id"`
	Candidate     struct {
		FirstName            string `json:"first_name"`
		LastName             string `json:"last_name"`
		PreferredName        string `json:"preferred_name"`
		ResumeURL            string `json:"resume_url"`
		PhoneNumber          string `json:"phone_number"`
		Email                string `json:"email"`
		GreenhouseProfileURL string `json:"greenhouse_profile_url"`
	} `json:"candidate"`
	SentBy string `json:"sent_by"`
	URL    string `json:"url"`
}

// maxSendTestBytes bounds send_test's body, a few hundred bytes.
const maxSendTestBytes = 64 << 10

// assessmentSendTest is POST /assessment/send_test: it records the test
// for the candidate (named by greenhouse_profile_url, else by email) and
// answers {"partner_interview_id": "…"} at once; the score follows in the
// background (ProcessAssessments). An unknown test is a 404; a body that
// names no candidate a 400.
func (s *server) assessmentSendTest(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var req sendTestRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxSendTestBytes))
	if err := dec.Decode(&req); err != nil {
		assessmentError(w, http.StatusBadRequest, "the body must be send_test's JSON: {partner_test_id, candidate{…}, sent_by, url}")
		return
	}
	jobID, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(string(req.PartnerTestID)), `"`), 10, 64)
	if err != nil || jobID <= 0 {
		assessmentError(w, http.StatusNotFound, "no test has partner_test_id "+string(req.PartnerTestID))
		return
	}
	if _, err := s.DB.JobDetail(ctx, jobID); errors.Is(err, db.ErrNotFound) {
		assessmentError(w, http.StatusNotFound, "no test has partner_test_id "+strconv.FormatInt(jobID, 10))
		return
	} else if err != nil {
		s.log.Error("assessment: send_test", slog.Any("error", err))
		assessmentError(w, http.StatusInternalServerError, "internal error")
		return
	}
	cand, app := parseProfileURL(req.Candidate.GreenhouseProfileURL)
	email := strings.TrimSpace(req.Candidate.Email)
	if cand == 0 && email != "" {
		cand, err = s.DB.CandidateIDByEmail(ctx, email)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			s.log.Error("assessment: send_test", slog.Any("error", err))
			assessmentError(w, http.StatusInternalServerError, "internal error")
			return
		}
	}
	if cand == 0 {
		assessmentError(w, http.StatusNotFound, "no candidate found: send greenhouse_profile_url (https://app.greenhouse.io/people/{id}?application_id={id}) or the email of a synced candidate")
		return
	}
	callback := strings.TrimSpace(req.URL)
	if callback != "" && !s.callbackAllowed(ctx, callback) {
		s.log.Warn("assessment: send_test's url is not a Greenhouse address; Greenhouse will have to poll", slog.String("url", callback))
		callback = ""
	}
	k, _ := ctx.Value(assessmentKeyKey{}).(db.AssessmentKey)
	rec, err := s.DB.CreateAssessmentRequest(ctx, db.AssessmentRequest{ID: newInterviewID(), KeyID: k.ID, JobID: jobID, CandidateID: cand,
		ApplicationID: app, Email: email, SentBy: strings.TrimSpace(req.SentBy), CallbackURL: callback, BaseURL: s.baseURL(r)})
	if err != nil {
		s.log.Error("assessment: send_test", slog.Any("error", err))
		assessmentError(w, http.StatusInternalServerError, "internal error")
		return
	}
	s.log.Info("assessment requested", slog.String("partner_interview_id", rec.ID), slog.Int64("job_id", jobID),
		slog.Int64("candidate_id", cand), slog.Int64("application_id", app))
	s.assess.poke()
	writeAssessmentJSON(w, http.StatusOK, map[string]string{"partner_interview_id": rec.ID})
}

// newInterviewID is a random partner_interview_id: 128 bits in hex.
func newInterviewID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
