package app

import (
	"errors"
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// writebackRun starts a write-back run now; its progress is polled with
// writebackStatus.
func (s *server) writebackRun(w http.ResponseWriter, r *http.Request) {
	err := s.StartScoreWriteback()
	if err != nil && !errors.Is(err, db.ErrInvalid) && !errors.Is(err, ErrNotConnected) {
		s.error(w, r, err)
		return
	}
	if !isHTMX(r) {
		if err != nil {
			_, msg := errorStatus(err)
			flash(r, views.FlashError, msg)
		} else {
			flash(r, views.FlashInfo, "Writing changed scores to Greenhouse.")
		}
		s.redirect(w, r, "/company#writeback-h")
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.writebackStatusProps(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The run may not have marked itself running yet: show it starting so
	// the fragment keeps polling.
	if !st.Running {
		st.Running, st.JobsDone, st.JobsTotal, st.Counts = true, 0, 0, views.WritebackCounts{}
	}
	s.render(w, r, http.StatusOK, views.WritebackStatusFragment(s.layout(w, r, "", ""), st))
}
