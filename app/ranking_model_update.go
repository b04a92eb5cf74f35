package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/views"
)

// rankingModelUpdate saves the owner's switch: use the learned model when
// it beats the lexical ranking ("auto"), or always rank lexically.
func (s *server) rankingModelUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	mode := r.PostForm.Get("mode")
	if mode != learner.ModeAuto && mode != learner.ModeLexical {
		s.error(w, r, invalid("choose how to rank: the learned model (auto) or lexical"))
		return
	}
	if err := s.Learner.SetMode(r.Context(), mode); err != nil {
		s.error(w, r, err)
		return
	}
	msg := "Rankings use the learned model whenever one beats the lexical ranking."
	if mode == learner.ModeLexical {
		msg = "Rankings are lexical (by job terms) until you switch the learned model back on."
	}
	flash(r, views.FlashSuccess, msg)
	s.redirect(w, r, "/company/ranking-model")
}
