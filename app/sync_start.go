package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// syncStart starts an incremental sync in the background; its progress is
// polled with syncStatus.
func (s *server) syncStart(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sy := s.Syncer()
	if sy == nil {
		s.error(w, r, ErrNotConnected)
		return
	}
	if !sy.Status().Running {
		if err := s.StartSync(false); err != nil {
			s.error(w, r, err)
			return
		}
	}
	if !isHTMX(r) {
		flash(r, views.FlashInfo, "Sync started.")
		s.redirect(w, r, "/company#sync-h")
		return
	}
	p, err := s.syncProps(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The run may not have marked itself running yet: show it starting
	// so the fragment keeps polling.
	if !p.Running {
		// Counters still describe the previous run: hide them.
		p.Running, p.Kind, p.Resource = true, "starting", ""
		p.Done, p.Total, p.Records, p.Files, p.Failed, p.Queued = 0, 0, 0, 0, 0, 0
	}
	s.render(w, r, http.StatusOK, views.SyncStatus(s.layout(w, r, "", ""), p))
}
