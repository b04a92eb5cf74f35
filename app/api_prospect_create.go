package app

import (
	"net/http"
)

// apiProspectRequest is the body of POST /api/v1/jobs/{id}/prospects.
type apiProspectRequest struct {
	CandidateID int64 `json:"candidate_id"`
	// As is "prospect" (the default) or "candidate" (the job's first
	// stage).
	As string `json:"as"`
}

// apiProspectCreate is POST /api/v1/jobs/{jobID}/prospects: put a candidate
// on the job in Greenhouse as the token's user. It answers 202 with the
// action, to poll at its url until done or failed.
func (s *server) apiProspectCreate(w http.ResponseWriter, r *http.Request) {
	jobID, err := pathID(r, "jobID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req apiProspectRequest
	if err := readJSON(w, r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if req.CandidateID <= 0 {
		s.error(w, r, invalid("candidate_id must be a candidate's id"))
		return
	}
	kind, err := addKind(req.As)
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.queueAddToJob(r.Context(), jobID, req.CandidateID, kind)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/actions/"+itoa64(a.ID))
	s.writeJSON(w, http.StatusAccepted, toAPIAction(a))
}
