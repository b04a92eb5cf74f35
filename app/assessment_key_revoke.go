package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// assessmentKeyRevoke revokes a key: Greenhouse's calls with it get 401.
func (s *server) assessmentKeyRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "keyID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.DB.RevokeAssessmentKey(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Key revoked. Greenhouse's calls with it now get 401.")
	s.redirect(w, r, "/company#assessment-h")
}
