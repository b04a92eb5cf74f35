package app

import (
	"errors"
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// userUpdate changes a user's role or password, or disables or enables
// them. Changing the role or password, or disabling, ends all of the
// user's sessions (see db.UpdateAccount) and a disabled user's API tokens
// stop working at once. The last enabled owner cannot be demoted or
// disabled. An owner's own password is changed under Account, which asks
// for the current one: here it is refused, or a session left open would
// be enough to take the account over for good.
func (s *server) userUpdate(w http.ResponseWriter, r *http.Request) {
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
	acct, err := s.DB.Account(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	self := currentAccount(ctx).ID == id
	var u db.AccountUpdate
	var did string
	if role := r.PostForm.Get("role"); role != "" {
		if role != db.RoleOwner && role != db.RoleRecruiter {
			s.error(w, r, invalid("the role must be owner or recruiter"))
			return
		}
		u.Role, did = &role, acct.Email+" is now "+role+"."
	}
	switch r.PostForm.Get("disabled") {
	case "1":
		t := true
		u.Disabled, did = &t, acct.Email+" is disabled."
	case "0":
		f := false
		u.Disabled, did = &f, acct.Email+" is enabled."
	}
	if pw := r.PostForm.Get("password"); pw != "" {
		if self {
			flash(r, views.FlashError, "Password not set: change your own password under Account, which asks for your current one.")
			s.redirect(w, r, "/company#users-h")
			return
		}
		// An owner sets a new password for someone locked out; their
		// sessions end.
		err := s.SetPassword(ctx, id, pw)
		if errors.Is(err, db.ErrInvalid) {
			_, msg := errorStatus(err)
			flash(r, views.FlashError, "Password not set: "+msg)
			s.redirect(w, r, "/company#users-h")
			return
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		if did == "" {
			flash(r, views.FlashSuccess, "New password set for "+acct.Email+". Share it privately.")
			s.redirect(w, r, "/company#users-h")
			return
		}
	}
	if did == "" {
		s.error(w, r, invalid("nothing to change"))
		return
	}
	err = s.DB.UpdateAccount(ctx, id, u)
	if errors.Is(err, db.ErrConflict) {
		_, msg := errorStatus(err)
		flash(r, views.FlashError, "Not changed: "+msg+".")
		s.redirect(w, r, "/company#users-h")
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, did)
	if self {
		s.afterOwnChange(w, r, acct)
		return
	}
	s.redirect(w, r, "/company#users-h")
}

// afterOwnChange follows an owner's change to their own account: a role
// change ended every session of it, this one included, so it is re-issued
// (with the new role); disabling oneself logs out.
func (s *server) afterOwnChange(w http.ResponseWriter, r *http.Request, before db.Account) {
	updated, err := s.DB.Account(r.Context(), before.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if updated.Disabled {
		if err := s.endSession(r); err != nil {
			s.error(w, r, err)
			return
		}
		s.redirect(w, r, "/login")
		return
	}
	if updated.Role == before.Role {
		s.redirect(w, r, "/company#users-h")
		return
	}
	if err := s.startSession(r, updated); err != nil {
		s.error(w, r, err)
		return
	}
	if !isOwner(&updated) {
		s.redirect(w, r, "/jobs")
		return
	}
	s.redirect(w, r, "/company#users-h")
}
