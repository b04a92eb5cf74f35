package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// writebackStatus is the write-back fragment My Company polls while a run
// goes.
func (s *server) writebackStatus(w http.ResponseWriter, r *http.Request) {
	if !isHTMX(r) {
		s.redirect(w, r, "/company#writeback-h")
		return
	}
	st, err := s.writebackStatusProps(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.WritebackStatusFragment(s.layout(w, r, "", ""), st))
}
