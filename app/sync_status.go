package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// syncStatus is the sync fragment My Company polls while a sync runs.
func (s *server) syncStatus(w http.ResponseWriter, r *http.Request) {
	if !isHTMX(r) {
		s.redirect(w, r, "/company#sync-h")
		return
	}
	p, err := s.syncProps(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.SyncStatus(s.layout(w, r, "", ""), p))
}
