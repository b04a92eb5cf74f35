package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// actionShow is where an action in Greenhouse stands, as the fragment a
// page polls until the action is done or failed. Only its author and
// owners see an action.
func (s *server) actionShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "actionID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.requestAction(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !isHTMX(r) {
		// The fragment is no page: show the candidate it was about.
		s.redirect(w, r, "/candidates/"+itoa64(a.CandidateID))
		return
	}
	v := s.actionView(ctx, a)
	v.InRow = r.URL.Query().Get("row") == "1"
	s.render(w, r, http.StatusOK, views.ActionStatus(v))
}
