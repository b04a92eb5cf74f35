package app

import (
	"net/http"
)

// apiNoteRequest is the body of POST /api/v1/candidates/{id}/notes.
type apiNoteRequest struct {
	Body string `json:"body"`
	// Visibility is public (the default), private or admin_only.
	Visibility string `json:"visibility"`
}

// apiNoteCreate is POST /api/v1/candidates/{candID}/notes: write a note on
// the candidate in Greenhouse as the token's user. It answers 202 with the
// action, to poll at its url until done or failed.
func (s *server) apiNoteCreate(w http.ResponseWriter, r *http.Request) {
	candID, err := pathID(r, "candID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req apiNoteRequest
	if err := readJSON(w, r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.queueNote(r.Context(), candID, req.Body, req.Visibility)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/actions/"+itoa64(a.ID))
	s.writeJSON(w, http.StatusAccepted, toAPIAction(a))
}
