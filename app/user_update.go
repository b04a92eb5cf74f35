package app

import (
	"errors"
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// userUpdate changes a user's role or password, or disables or enables
// them. A disabled
// user's sessions and API tokens stop working at once. The last enabled
// owner cannot be demoted or disabled.
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
		// An owner sets a new password for someone locked out; their
		// sessions end (the password fingerprint changes).
		err := s.SetPassword(ctx, id, pw)
		if errors.Is(err, ErrInvalid) {
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
	s.redirect(w, r, "/company#users-h")
}
