package app

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// userGreenhouseUpdate links a Shortlist account to a synced Greenhouse
// user, or (0) back to the one with its email. The link decides what a
// recruiter sees and as whom their actions in Greenhouse are taken, so
// only owners may change it.
func (s *server) userGreenhouseUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "userID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	// 0 (or nothing) goes back to matching by email.
	var ghID int64
	if v := strings.TrimSpace(r.PostForm.Get("greenhouse_user_id")); v != "0" {
		if ghID, err = form.ID(v, "greenhouse_user_id"); err != nil {
			s.error(w, r, err)
			return
		}
	}
	acct, err := s.DB.Account(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ghID != 0 {
		opts, err := s.DB.GreenhouseUserOptions(ctx)
		if err != nil {
			s.error(w, r, err)
			return
		}
		i := slices.IndexFunc(opts, func(o db.GreenhouseUserOption) bool { return o.ID == ghID })
		if i < 0 {
			flash(r, views.FlashError, "Not linked: Greenhouse user #"+itoa64(ghID)+" has not been synced. Sync, then try again.")
			s.redirect(w, r, "/company#users-h")
			return
		}
		if err := s.DB.SetGreenhouseUser(ctx, id, ghID); err != nil {
			s.error(w, r, err)
			return
		}
		msg := acct.Email + " now acts as " + orText(opts[i].Name, "Greenhouse user #"+itoa64(ghID)) + " in Greenhouse."
		if opts[i].Deactivated {
			msg += " That user is deactivated in Greenhouse, so they cannot act there."
		}
		flash(r, views.FlashSuccess, msg)
		s.redirect(w, r, "/company#users-h")
		return
	}
	if err := s.DB.SetGreenhouseUser(ctx, id, 0); err != nil {
		s.error(w, r, err)
		return
	}
	gu, err := s.DB.GreenhouseUserFor(ctx, id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		flash(r, views.FlashSuccess, acct.Email+" is matched by email again; no Greenhouse user has it, so they cannot act in Greenhouse.")
	case err != nil:
		s.error(w, r, err)
		return
	default:
		flash(r, views.FlashSuccess, acct.Email+" is matched by email again: "+orText(gu.Name, gu.Email)+".")
	}
	s.redirect(w, r, "/company#users-h")
}
