package app

import (
	"errors"
	"net/http"

	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/views"
)

// rankingModelTrain starts a training run now, in the background; the
// Ranking model page shows it running and then its outcome.
func (s *server) rankingModelTrain(w http.ResponseWriter, r *http.Request) {
	err := s.Learner.StartTrain(s.life)
	switch {
	case errors.Is(err, learner.ErrBusy):
		flash(r, views.FlashInfo, "A training run is already in progress.")
	case err != nil:
		s.error(w, r, err)
		return
	default:
		flash(r, views.FlashInfo, "Training started. Reload this page to see its outcome.")
	}
	s.redirect(w, r, "/company/ranking-model")
}
