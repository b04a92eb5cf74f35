package app

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/views"
)

// writebackUpdate saves where, how and when scores are written back. The
// field must be one Greenhouse lists now.
func (s *server) writebackUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	ws := WritebackSettings{Scale: r.PostForm.Get("scale"), Schedule: strings.TrimSpace(r.PostForm.Get("schedule"))}
	fail := func(err error) {
		status, msg := errorStatus(err)
		if status >= 500 {
			s.error(w, r, err)
			return
		}
		s.renderCompany(w, r, status, msg, func(p *views.CompanyProps) {
			p.Writeback.Scale, p.Writeback.Schedule = ws.Scale, ws.Schedule
		})
	}
	id, err := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get("field_id")), 10, 64)
	if err != nil || id < 0 {
		fail(invalid("choose a field from the list"))
		return
	}
	if id != 0 {
		fields, err := s.applicationFields(ctx)
		if err != nil {
			fail(invalid("Greenhouse's custom fields could not be read: %s", userError(err)))
			return
		}
		var found *greenhouse.CustomField
		for i := range fields {
			if fields[i].ID == id {
				found = &fields[i]
			}
		}
		if found == nil {
			fail(invalid("Greenhouse has no application custom field %d; reload the page and choose again", id))
			return
		}
		ws.Field = *found
	}
	if err := s.SaveWritebackSettings(ctx, ws); err != nil {
		fail(err)
		return
	}
	msg := "Score write-back is off."
	if ws.Field.ID != 0 {
		msg = "Score settings saved: scores go to “" + ws.Field.Name + "”."
		if ws.Interval() == 0 {
			msg += " The schedule is off: use “Write changed scores now”."
		}
	}
	flash(r, views.FlashSuccess, msg)
	s.redirect(w, r, "/company#writeback-h")
}
