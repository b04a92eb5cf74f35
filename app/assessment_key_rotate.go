package app

import "net/http"

// assessmentKeyRotate replaces a key with a new one, shown this once; the
// old one stops working at once.
func (s *server) assessmentKeyRotate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "keyID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	key, _, err := s.RotateAssessmentKey(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderAssessmentKey(w, r, key, "Key rotated: the old key no longer works. Give Greenhouse the new one.")
}
