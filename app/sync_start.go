package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/shortlist-hq/shortlist/app/sync"
	"github.com/shortlist-hq/shortlist/views"
)

// syncTimeout bounds a sync started from My Company.
const syncTimeout = 6 * time.Hour

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
		// The sync outlives the request that started it.
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), syncTimeout)
		go func() {
			defer cancel()
			_, err := sy.Run(bg, false)
			if err != nil && !errors.Is(err, sync.ErrBusy) {
				s.log.Error("sync started from My Company failed", slog.Any("error", err))
			}
		}()
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
