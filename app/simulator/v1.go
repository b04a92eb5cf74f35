package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Harvest v1 serves the same records with embedded children, page-number
// pagination (Link next/prev/last) and lenient parameters: unknown
// parameters are ignored, as in Greenhouse.

const (
	v1DefaultPerPage = 100
	v1MaxPerPage     = 500
)

// v1List describes a v1 list route.
type v1List struct {
	resource string // v3 resource name, for permissions
	src      func(st *store) listSource
	// parent narrows nested routes (/v1/jobs/{id}/stages) to one parent.
	parent string
	// dates enables created_/updated_ before/after.
	dates   bool
	filters func(st *store, q url.Values) ([]func(row) bool, *v1Error)
	render  func(rc *renderCtx, r row) any
}

// v1Error is a v1 422 body.
type v1Error struct {
	Field, Message string
}

func (e *v1Error) write(w http.ResponseWriter) {
	type fieldError struct {
		Message string `json:"message"`
		Field   string `json:"field"`
	}
	writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "Validation error", Errors: []fieldError{{e.Message, e.Field}}})
}

// apiV1 serves /v1/: the sliding-window rate limit per API key first, then
// outage and injected failures, routing, auth and the handlers.
func (s *Sim) apiV1() http.Handler {
	inner := http.NewServeMux()
	list := func(pattern string, l v1List) {
		inner.HandleFunc("GET "+pattern, func(w http.ResponseWriter, r *http.Request) {
			if s.authV1(w, r, l.resource) {
				s.listV1(w, r, l)
			}
		})
	}
	show := func(pattern, resource string, src func(st *store) listSource, render func(rc *renderCtx, r row) any) {
		inner.HandleFunc("GET "+pattern, func(w http.ResponseWriter, r *http.Request) {
			if s.authV1(w, r, resource) {
				s.showV1(w, r, src, render)
			}
		})
	}
	cands := func(st *store) listSource { return st.candidates }
	apps := func(st *store) listSource { return st.applications }
	jobs := func(st *store) listSource { return st.jobs }
	posts := func(st *store) listSource { return st.jobPosts }
	stages := func(st *store) listSource { return st.stages }
	users := func(st *store) listSource { return st.users }
	depts := func(st *store) listSource { return st.departments }
	offices := func(st *store) listSource { return st.offices }
	ivs := func(st *store) listSource { return st.interviews }
	scs := func(st *store) listSource { return st.scorecards }
	offers := func(st *store) listSource { return st.offers }

	list("/v1/candidates", v1List{resource: resCandidates, src: cands, dates: true, filters: v1CandidateFilters, render: renderV1Candidate})
	show("/v1/candidates/{id}", resCandidates, cands, renderV1Candidate)
	inner.HandleFunc("GET /v1/candidates/{id}/activity_feed", func(w http.ResponseWriter, r *http.Request) {
		if s.authV1(w, r, resNotes) {
			s.activityFeed(w, r)
		}
	})
	list("/v1/applications", v1List{resource: resApplications, src: apps, filters: v1ApplicationFilters, render: renderV1Application})
	show("/v1/applications/{id}", resApplications, apps, renderV1Application)
	list("/v1/applications/{id}/scorecards", v1List{resource: resScorecards, src: scs, parent: "application_id", render: renderV1Scorecard})
	list("/v1/applications/{id}/scheduled_interviews", v1List{resource: resInterviews, src: ivs, parent: "application_id", render: renderV1Interview})
	list("/v1/applications/{id}/offers", v1List{resource: resOffers, src: offers, parent: "application_id", render: renderV1Offer})
	list("/v1/jobs", v1List{resource: resJobs, src: jobs, dates: true, filters: v1JobFilters, render: renderV1Job})
	show("/v1/jobs/{id}", resJobs, jobs, renderV1Job)
	inner.HandleFunc("GET /v1/jobs/{id}/hiring_team", func(w http.ResponseWriter, r *http.Request) {
		if s.authV1(w, r, resJobs) {
			s.hiringTeam(w, r)
		}
	})
	list("/v1/jobs/{id}/job_posts", v1List{resource: resJobPosts, src: posts, parent: "job_id", dates: true, filters: v1PostFilters, render: renderV1JobPost})
	list("/v1/jobs/{id}/stages", v1List{resource: resJobInterviewStages, src: stages, parent: "job_id", dates: true, render: renderV1JobStage})
	list("/v1/job_posts", v1List{resource: resJobPosts, src: posts, dates: true, filters: v1PostFilters, render: renderV1JobPost})
	show("/v1/job_posts/{id}", resJobPosts, posts, renderV1JobPost)
	list("/v1/job_stages", v1List{resource: resJobInterviewStages, src: stages, dates: true, render: renderV1JobStage})
	show("/v1/job_stages/{id}", resJobInterviewStages, stages, renderV1JobStage)
	list("/v1/users", v1List{resource: resUsers, src: users, dates: true, filters: v1UserFilters, render: renderV1User})
	show("/v1/users/{id}", resUsers, users, renderV1User)
	list("/v1/departments", v1List{resource: resDepartments, src: depts, render: renderV1Department})
	show("/v1/departments/{id}", resDepartments, depts, renderV1Department)
	list("/v1/offices", v1List{resource: resOffices, src: offices, render: renderV1Office})
	show("/v1/offices/{id}", resOffices, offices, renderV1Office)
	list("/v1/sources", v1List{resource: resSources, src: func(st *store) listSource { return st.sources }, render: renderV1Source})
	list("/v1/rejection_reasons", v1List{resource: resRejectionReasons, src: func(st *store) listSource { return st.rejectionReasons }, render: renderV1RejectionReason})
	list("/v1/close_reasons", v1List{resource: resCloseReasons, src: func(st *store) listSource { return st.closeReasons }, render: renderV1CloseReason})
	list("/v1/scheduled_interviews", v1List{resource: resInterviews, src: ivs, dates: true, filters: v1InterviewFilters, render: renderV1Interview})
	show("/v1/scheduled_interviews/{id}", resInterviews, ivs, renderV1Interview)
	list("/v1/scorecards", v1List{resource: resScorecards, src: scs, dates: true, render: renderV1Scorecard})
	show("/v1/scorecards/{id}", resScorecards, scs, renderV1Scorecard)
	list("/v1/offers", v1List{resource: resOffers, src: offers, dates: true, filters: v1OfferFilters, render: renderV1Offer})
	show("/v1/offers/{id}", resOffers, offers, renderV1Offer)
	list("/v1/eeoc", v1List{resource: resEEOC, src: func(st *store) listSource { return derivedRows[*EEOC]{eeocs(st)} },
		filters: v1EEOCFilters, render: renderV1EEOC})
	inner.HandleFunc("GET /v1/custom_fields/{field_type}", s.listCustomFieldsV1) // custom_field_write.go
	s.writeRoutesV1(inner)
	inner.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, notFoundBody)
	})

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, _, _ := r.BasicAuth()
		if !s.limits.slidingWindow("v1:"+key, s.cfg.RateLimitV1, 10*time.Second, s.now()).apply(w) {
			return
		}
		if s.injectFailure(w) {
			return
		}
		inner.ServeHTTP(w, r)
	})
}

func (s *Sim) showV1(w http.ResponseWriter, r *http.Request, src func(st *store) listSource, render func(rc *renderCtx, r row) any) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := src(s.st)
	i, ok := t.posOf(id)
	if err != nil || !ok {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return
	}
	writeJSON(w, http.StatusOK, render(&renderCtx{s: s, st: s.st, base: s.base(r), now: s.now()}, t.rowAt(i)))
}

// v1DateFilters handles created_/updated_ before/after: "after" is
// inclusive, "before" exclusive.
func v1DateFilters(q url.Values, fields map[string]func(row) time.Time) ([]func(row) bool, *v1Error) {
	var preds []func(row) bool
	for name, get := range fields {
		for _, side := range []string{"after", "before"} {
			k := name + "_" + side
			v := q.Get(k)
			if v == "" {
				continue
			}
			t, err := parseTime(v)
			if err != nil {
				return nil, &v1Error{k, "must be an ISO-8601 timestamp"}
			}
			if side == "after" {
				preds = append(preds, func(r row) bool { return !get(r).Before(t) })
			} else {
				preds = append(preds, func(r row) bool { return get(r).Before(t) })
			}
		}
	}
	return preds, nil
}

func (s *Sim) listV1(w http.ResponseWriter, r *http.Request, l v1List) {
	if s.answerEmptyList(w) {
		return
	}
	q := r.URL.Query()
	page, perPage := 1, v1DefaultPerPage
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			(&v1Error{"page", "must be a positive integer"}).write(w)
			return
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > v1MaxPerPage {
			(&v1Error{"per_page", "must be an integer between 1 and 500"}).write(w)
			return
		}
		perPage = n
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var preds []func(row) bool
	if l.dates {
		p, verr := v1DateFilters(q, map[string]func(row) time.Time{
			"created": func(r row) time.Time { return r.meta().CreatedAt },
			"updated": func(r row) time.Time { return r.meta().UpdatedAt },
		})
		if verr != nil {
			verr.write(w)
			return
		}
		preds = p
	}
	if l.filters != nil {
		p, verr := l.filters(s.st, q)
		if verr != nil {
			verr.write(w)
			return
		}
		preds = append(preds, p...)
	}
	src := l.src(s.st)
	var rows []int
	match := func(i int) {
		rw := src.rowAt(i)
		for _, p := range preds {
			if !p(rw) {
				return
			}
		}
		rows = append(rows, i)
	}
	if l.parent != "" {
		pid, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			writeJSON(w, http.StatusNotFound, notFoundBody)
			return
		}
		for _, i := range src.parentRows(l.parent, pid) {
			match(int(i))
		}
	} else {
		for i := range src.length() {
			match(i)
		}
	}
	total := len(rows)
	lo, hi := min((page-1)*perPage, total), min(page*perPage, total)
	rc := &renderCtx{s: s, st: s.st, base: s.base(r), now: s.now()}
	out := make([]any, 0, hi-lo)
	for _, i := range rows[lo:hi] {
		out = append(out, l.render(rc, src.rowAt(i)))
	}
	last := max(1, (total+perPage-1)/perPage)
	if link := v1Link(rc.base+r.URL.Path, q, page, last, q.Get("skip_count") == "true"); link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, http.StatusOK, out)
}

// v1Link builds the RFC 5988 Link header; there is none when everything
// fits on one page.
func v1Link(path string, q url.Values, page, last int, skipCount bool) string {
	if page == 1 && last == 1 {
		return ""
	}
	at := func(p int) string {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("page", strconv.Itoa(p))
		if qq.Get("per_page") == "" {
			qq.Set("per_page", strconv.Itoa(v1DefaultPerPage))
		}
		return "<" + path + "?" + qq.Encode() + ">"
	}
	var parts []string
	if page < last {
		parts = append(parts, at(page+1)+`; rel="next"`)
	}
	if page > 1 {
		parts = append(parts, at(min(page-1, last))+`; rel="prev"`)
	}
	if !skipCount {
		parts = append(parts, at(last)+`; rel="last"`)
	}
	return strings.Join(parts, ", ")
}

func parseBoolParam(q url.Values, k string) (*bool, *v1Error) {
	v := q.Get(k)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, &v1Error{k, "must be true or false"}
	}
	return &b, nil
}

func parseIntParam(q url.Values, k string) (int64, bool, *v1Error) {
	v := q.Get(k)
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, &v1Error{k, "must be an integer"}
	}
	return n, true, nil
}

func v1CandidateFilters(st *store, q url.Values) ([]func(row) bool, *v1Error) {
	var preds []func(row) bool
	if jobID, ok, err := parseIntParam(q, "job_id"); err != nil {
		return nil, err
	} else if ok {
		preds = append(preds, func(r row) bool {
			return slices.ContainsFunc(st.applications.children("candidate_id", r.meta().ID), func(a *Application) bool {
				return slices.Contains(applicationJobIDs(a), jobID)
			})
		})
	}
	if email := q.Get("email"); email != "" {
		preds = append(preds, func(r row) bool {
			return slices.ContainsFunc(r.(*Candidate).EmailAddresses, func(e TypedValue) bool { return strings.EqualFold(e.Value, email) })
		})
	}
	if v := q.Get("candidate_ids"); v != "" {
		ids, err := parseIDList(v)
		if err != nil {
			return nil, &v1Error{"candidate_ids", "must be a comma separated list of integers"}
		}
		// At most 50 candidates are returned this way.
		ids = ids[:min(50, len(ids))]
		preds = append(preds, func(r row) bool { return slices.Contains(ids, r.meta().ID) })
	}
	return preds, nil
}

func v1ApplicationFilters(_ *store, q url.Values) ([]func(row) bool, *v1Error) {
	preds, err := v1DateFilters(q, map[string]func(row) time.Time{
		"created": func(r row) time.Time { return r.meta().CreatedAt },
	})
	if err != nil {
		return nil, err
	}
	if v := q.Get("last_activity_after"); v != "" {
		t, perr := parseTime(v)
		if perr != nil {
			return nil, &v1Error{"last_activity_after", "must be an ISO-8601 timestamp"}
		}
		preds = append(preds, func(r row) bool { return !r.(*Application).LastActivityAt.Before(t) })
	}
	if jobID, ok, err := parseIntParam(q, "job_id"); err != nil {
		return nil, err
	} else if ok {
		// A prospect application lists its prospective jobs as its jobs.
		preds = append(preds, func(r row) bool { return slices.Contains(applicationJobIDs(r.(*Application)), jobID) })
	}
	if st := q.Get("status"); st != "" {
		// An unknown status matches nothing rather than failing.
		preds = append(preds, func(r row) bool { return r.(*Application).Status == st })
	}
	return preds, nil
}

func v1JobFilters(st *store, q url.Values) ([]func(row) bool, *v1Error) {
	var preds []func(row) bool
	if v := q.Get("status"); v != "" {
		preds = append(preds, func(r row) bool { return r.(*Job).Status == v })
	}
	if v := q.Get("requisition_id"); v != "" {
		preds = append(preds, func(r row) bool { return r.(*Job).RequisitionID == v })
	}
	if v := q.Get("opening_id"); v != "" {
		preds = append(preds, func(r row) bool {
			return slices.ContainsFunc(st.openings.children("job_id", r.meta().ID), func(o *Opening) bool { return o.OpeningID == v })
		})
	}
	for _, k := range []string{"department_id", "office_id"} {
		id, ok, err := parseIntParam(q, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if k == "department_id" {
			preds = append(preds, func(r row) bool { return r.(*Job).DepartmentID == id })
		} else {
			preds = append(preds, func(r row) bool { return slices.Contains(r.(*Job).OfficeIDs, id) })
		}
	}
	return preds, nil
}

func v1PostFilters(_ *store, q url.Values) ([]func(row) bool, *v1Error) {
	var preds []func(row) bool
	for _, k := range []string{"live", "active", "internal"} {
		b, err := parseBoolParam(q, k)
		if err != nil {
			return nil, err
		}
		if b == nil {
			continue
		}
		want := *b
		switch k {
		case "live":
			preds = append(preds, func(r row) bool { return r.(*JobPost).Live == want })
		case "active":
			preds = append(preds, func(r row) bool { return r.(*JobPost).Active == want })
		default:
			preds = append(preds, func(r row) bool { return r.(*JobPost).Internal == want })
		}
	}
	return preds, nil
}

func v1UserFilters(_ *store, q url.Values) ([]func(row) bool, *v1Error) {
	var preds []func(row) bool
	if v := q.Get("email"); v != "" {
		preds = append(preds, func(r row) bool { return strings.EqualFold(r.(*User).Email, v) })
	}
	if v := q.Get("employee_id"); v != "" {
		preds = append(preds, func(r row) bool { return r.(*User).EmployeeID == v })
	}
	return preds, nil
}

func v1InterviewFilters(_ *store, q url.Values) ([]func(row) bool, *v1Error) {
	preds, err := v1DateFilters(q, map[string]func(row) time.Time{
		"starts": func(r row) time.Time { return r.(*Interview).StartsAt },
		"ends":   func(r row) time.Time { return r.(*Interview).EndsAt },
	})
	if err != nil {
		return nil, err
	}
	if v := q.Get("external_event_id"); v != "" {
		preds = append(preds, func(r row) bool { return r.(*Interview).ExternalEventID == v })
	}
	return preds, nil
}

func v1OfferFilters(_ *store, q url.Values) ([]func(row) bool, *v1Error) {
	preds, err := v1DateFilters(q, map[string]func(row) time.Time{
		"sent":     func(r row) time.Time { return r.(*Offer).SentOn },
		"starts":   func(r row) time.Time { return r.(*Offer).StartsOn },
		"resolved": func(r row) time.Time { return r.(*Offer).ResolvedAt },
	})
	if err != nil {
		return nil, err
	}
	if v := q.Get("status"); v != "" {
		preds = append(preds, func(r row) bool { return v1OfferStatus(r.(*Offer).Status) == v })
	}
	return preds, nil
}

// activityFeed is GET /v1/candidates/{id}/activity_feed: notes, e-mails
// and activities (including stage changes), newest first.
func (s *Sim) activityFeed(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	c, ok := st.candidates.get(id)
	if err != nil || !ok {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return
	}
	type entry struct {
		at time.Time
		v  any
	}
	var notes, emails, acts []entry
	for _, n := range st.notes.children("candidate_id", id) {
		u := userRef(st, n.UserID)
		switch n.Type {
		case "EMAIL":
			emails = append(emails, entry{n.CreatedAt, map[string]any{"id": n.ID, "created_at": jtime(n.CreatedAt),
				"subject": n.Subject, "body": n.Body, "to": jstr(n.To), "from": jstr(n.EmailFrom), "cc": jstr(n.CC), "user": u}})
		case "ACTIVITY":
			acts = append(acts, entry{n.CreatedAt, map[string]any{"id": n.ID, "created_at": jtime(n.CreatedAt),
				"subject": n.Subject, "body": n.Body, "user": u}})
		default:
			// "visiblity" (sic) is in Greenhouse's payload next to the
			// correct spelling.
			notes = append(notes, entry{n.CreatedAt, map[string]any{"id": n.ID, "created_at": jtime(n.CreatedAt),
				"body": n.Body, "user": u, "private": n.Visibility != "public", "visiblity": n.Visibility, "visibility": n.Visibility}})
		}
	}
	for _, a := range st.applications.children("candidate_id", id) {
		job := ""
		if j, ok := st.jobs.get(a.JobID); ok {
			job = j.Name
		}
		for _, as := range st.applicationStages.children("application_id", a.ID) {
			stg, _ := st.stages.get(as.JobInterviewStageID)
			u := userRef(st, a.RecruiterID)
			acts = append(acts, entry{as.EnteredAt, map[string]any{"id": as.ID, "created_at": jtime(as.EnteredAt),
				"subject": "Candidate Stage Change",
				"body": fmt.Sprintf("%s was moved into %s for %s on %s by %s", c.Name(), stg.Name, job,
					as.EnteredAt.Format("01/02/2006"), userName(st, a.RecruiterID)), "user": u}})
		}
	}
	sortDesc := func(es []entry) []any {
		slices.SortStableFunc(es, func(a, b entry) int { return b.at.Compare(a.at) })
		out := make([]any, len(es))
		for i, e := range es {
			out[i] = e.v
		}
		return out
	}
	writeJSON(w, http.StatusOK, map[string]any{"notes": sortDesc(notes), "emails": sortDesc(emails), "activities": sortDesc(acts)})
}

func userName(st *store, id int64) string {
	if u, ok := st.users.get(id); ok {
		return u.Name()
	}
	return "Greenhouse"
}

// hiringTeam is GET /v1/jobs/{id}/hiring_team.
func (s *Sim) hiringTeam(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	if _, ok := st.jobs.get(id); err != nil || !ok {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return
	}
	active := func(uid int64) bool {
		u, ok := st.users.get(uid)
		return ok && !u.Deactivated
	}
	team := map[string][]map[string]any{"hiring_managers": {}, "recruiters": {}, "coordinators": {}, "sourcers": {}}
	for _, h := range st.hiringManagers.children("job_id", id) {
		team["hiring_managers"] = append(team["hiring_managers"], map[string]any{"user_id": h.UserID, "active": active(h.UserID)})
	}
	for _, o := range st.jobOwners.children("job_id", id) {
		m := map[string]any{"user_id": o.UserID, "active": active(o.UserID)}
		if o.Type != "sourcer" {
			m["responsible"] = o.Responsible
		}
		team[o.Type+"s"] = append(team[o.Type+"s"], m)
	}
	writeJSON(w, http.StatusOK, team)
}
