package app

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// maxBulkAdd bounds the candidates one request adds to a job (a Discover
// page shows 25).
const maxBulkAdd = 100

// prospectCreate adds candidates to a job in Greenhouse (as prospects, or
// as candidates in the job's first stage) from Discover, Candidate or
// Match: one candidate_id from a row's form, several from the bulk form.
// htmx gets each action's status (which follows it to done); a plain form
// post goes back where it came from with a message.
func (s *server) prospectCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	jobID, err := pathID(r, "jobID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	kind, err := addKind(r.PostForm.Get("as"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var ids []int64
	for _, v := range r.PostForm["candidate_id"] {
		id, err := form.ID(v, "candidate_id")
		if err != nil {
			s.error(w, r, err)
			return
		}
		if id != 0 {
			ids = append(ids, id)
		}
	}
	bulk := r.PostForm.Get("bulk") == "1"
	// From a Discover row (or the bulk form above them), whose status the
	// answer updates when the candidate is on the job.
	inRow := bulk || r.PostForm.Get("row") == "1"
	switch {
	case len(ids) == 0 && bulk:
		s.error(w, r, invalid("select the candidates to add first (the boxes beside their names)"))
		return
	case len(ids) == 0:
		s.error(w, r, invalid("say which candidate to add (candidate_id)"))
		return
	case len(ids) > maxBulkAdd:
		s.error(w, r, invalid("add at most %d candidates at once", maxBulkAdd))
		return
	}
	var queued []views.ActionView
	skipped := 0
	for _, id := range ids {
		a, err := s.queueAddToJob(ctx, jobID, id, kind)
		// In a bulk add, a candidate the user may not see (or who is gone)
		// is left out; anything else stops it, as it would stop them all.
		if bulk && errors.Is(err, db.ErrNotFound) && len(ids) > 1 {
			skipped++
			continue
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		v := s.actionView(ctx, a)
		v.InRow = inRow
		queued = append(queued, v)
	}
	summary := fmt.Sprintf("%s sent to Greenhouse.", plural(len(queued), "candidate", "candidates"))
	if skipped > 0 {
		summary += fmt.Sprintf(" %s not found.", plural(skipped, "candidate was", "candidates were"))
	}
	if !isHTMX(r) {
		flash(r, views.FlashSuccess, summary+" The page shows how it went.")
		s.redirect(w, r, localPath(r.PostForm.Get("back"), discoverJobURL(jobID)))
		return
	}
	if bulk {
		s.render(w, r, http.StatusOK, views.ActionStatuses(summary, queued))
		return
	}
	s.render(w, r, http.StatusOK, views.ActionStatus(queued[0]))
}

// plural is "1 candidate" or "2 candidates".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
