package app

import (
	"errors"
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
)

// assessmentKeyCreate makes an Assessment Partner API key and shows it,
// this once.
func (s *server) assessmentKeyCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	key, _, err := s.CreateAssessmentKey(r.Context(), r.PostForm.Get("name"))
	if errors.Is(err, db.ErrInvalid) {
		_, msg := errorStatus(err)
		s.renderCompany(w, r, http.StatusBadRequest, msg, nil)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderAssessmentKey(w, r, key, "API key made. Give it to Greenhouse with the addresses below.")
}
