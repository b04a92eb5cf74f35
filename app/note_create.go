package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// noteCreate writes a note on a candidate in Greenhouse, with the
// visibility chosen (public, private or admin only). htmx gets the
// action's status; a plain form post goes back with a message.
func (s *server) noteCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	candID, err := pathID(r, "candID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.queueNote(ctx, candID, r.PostForm.Get("body"), r.PostForm.Get("visibility"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !isHTMX(r) {
		flash(r, views.FlashSuccess, "Note sent to Greenhouse.")
		s.redirect(w, r, localPath(r.PostForm.Get("back"), "/candidates/"+itoa64(candID)))
		return
	}
	s.render(w, r, http.StatusOK, views.ActionStatus(s.actionView(ctx, a)))
}
