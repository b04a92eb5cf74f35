package simulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Harvest v3 serves list routes only: bare JSON arrays ordered by id DESC,
// cursor pagination with a Link rel="next" header while more pages exist,
// and strict parameter validation (unknown parameters are a 422).

const (
	v3DefaultPerPage = 100
	v3MaxPerPage     = 500
	v3MaxIDs         = 50
)

// listSource is a table seen without its record type.
type listSource interface {
	length() int
	metaAt(i int) *Meta
	rowAt(i int) row
	posOf(id int64) (int, bool)
	parentRows(k string, id int64) []int32
}

// renderCtx carries what renderers need besides the record.
type renderCtx struct {
	s    *Sim
	st   *store
	base string
	now  time.Time
}

// parentFilter is a plural id filter on a parent key (candidate_ids=…).
// index names the table index for the fast path ("" when the key is not
// indexed); get returns the row's values for the key.
type parentFilter struct {
	index string
	get   func(row) []int64
}

// valueFilter parses a filter value into a predicate, or returns the
// message for a 422.
type valueFilter func(st *store, val string) (func(row) bool, error)

// v3Spec describes one v3 list route.
type v3Spec struct {
	name     string
	src      func(st *store) listSource
	parents  map[string]parentFilter
	filters  map[string]valueFilter
	activity func(row) time.Time // last_activity_at, when the resource has it
	render   func(rc *renderCtx, r row) any
}

func one(get func(row) int64) parentFilter {
	return parentFilter{get: func(r row) []int64 { return []int64{get(r)} }}
}

func indexed(index string, get func(row) int64) parentFilter {
	return parentFilter{index: index, get: func(r row) []int64 { return []int64{get(r)} }}
}

func boolFilter(get func(row) bool) valueFilter {
	return func(_ *store, v string) (func(row) bool, error) {
		b, err := strconv.ParseBool(v)
		if err != nil || (v != "true" && v != "false") {
			return nil, fmt.Errorf("`%s` is not a valid boolean", v)
		}
		return func(r row) bool { return get(r) == b }, nil
	}
}

func enumFilter(allowed []string, get func(row) string) valueFilter {
	return func(_ *store, v string) (func(row) bool, error) {
		if !slices.Contains(allowed, v) {
			return nil, fmt.Errorf("`%s` is not one of: %s", v, strings.Join(allowed, ", "))
		}
		return func(r row) bool { return get(r) == v }, nil
	}
}

func singleIDFilter(get func(row) []int64) valueFilter {
	return func(_ *store, v string) (func(row) bool, error) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("`%s` is not a valid integer", v)
		}
		return func(r row) bool { return slices.Contains(get(r), id) }, nil
	}
}

var v3Specs = map[string]*v3Spec{}

func init() {
	for _, sp := range []*v3Spec{
		{name: resCandidates, src: func(st *store) listSource { return st.candidates },
			activity: func(r row) time.Time { return r.(*Candidate).LastActivityAt },
			filters: map[string]valueFilter{
				"email": func(_ *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						for _, e := range r.(*Candidate).EmailAddresses {
							if strings.EqualFold(e.Value, v) {
								return true
							}
						}
						return false
					}, nil
				},
				"tag": func(_ *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						return slices.ContainsFunc(r.(*Candidate).Tags, func(t string) bool { return strings.EqualFold(t, v) })
					}, nil
				},
				// private=true (the default) includes private candidates.
				"private": func(_ *store, v string) (func(row) bool, error) {
					b, err := strconv.ParseBool(v)
					if err != nil {
						return nil, fmt.Errorf("`%s` is not a valid boolean", v)
					}
					return func(r row) bool { return b || !r.(*Candidate).Private }, nil
				},
			},
			render: renderV3Candidate},
		{name: resApplications, src: func(st *store) listSource { return st.applications },
			activity: func(r row) time.Time { return r.(*Application).LastActivityAt },
			parents: map[string]parentFilter{
				"candidate_ids":           indexed("candidate_id", func(r row) int64 { return r.(*Application).CandidateID }),
				"job_ids":                 indexed("job_id", func(r row) int64 { return r.(*Application).JobID }),
				"job_post_ids":            one(func(r row) int64 { return r.(*Application).JobPostID }),
				"source_ids":              one(func(r row) int64 { return r.(*Application).SourceID }),
				"referrer_ids":            one(func(r row) int64 { return r.(*Application).ReferrerID }),
				"stage_ids":               one(func(r row) int64 { return r.(*Application).StageID }),
				"job_interview_stage_ids": one(func(r row) int64 { return r.(*Application).StageID }),
				"prospective_job_ids":     {get: func(r row) []int64 { return r.(*Application).ProspectiveJobIDs }},
			},
			filters: map[string]valueFilter{
				// The query spells the in-process status "active"; it reads
				// back as "in_process".
				"status":   enumFilter([]string{"active", "rejected", "hired", "converted"}, func(r row) string { return r.(*Application).Status }),
				"prospect": boolFilter(func(r row) bool { return r.(*Application).Prospect }),
				"stage_name": func(st *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						stg, ok := st.stages.get(r.(*Application).StageID)
						return ok && strings.EqualFold(stg.Name, v)
					}, nil
				},
			},
			render: renderV3Application},
		{name: resAttachments, src: func(st *store) listSource { return st.attachments },
			parents: map[string]parentFilter{
				"candidate_ids":   indexed("candidate_id", func(r row) int64 { return r.(*Attachment).CandidateID }),
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Attachment).ApplicationID }),
			},
			filters: map[string]valueFilter{
				"type": enumFilter([]string{"resume", "cover_letter", "take_home_test", "offer_packet", "offer_letter",
					"signed_offer_letter", "other", "form_attachment", "midfunnel_agreement", "automated_agreement"},
					func(r row) string { return r.(*Attachment).Type }),
			},
			render: renderV3Attachment},
		{name: resApplicationStages, src: func(st *store) listSource { return st.applicationStages },
			parents: map[string]parentFilter{
				"application_ids":         indexed("application_id", func(r row) int64 { return r.(*ApplicationStage).ApplicationID }),
				"job_interview_stage_ids": one(func(r row) int64 { return r.(*ApplicationStage).JobInterviewStageID }),
			},
			filters: map[string]valueFilter{"current": boolFilter(func(r row) bool { return r.(*ApplicationStage).Current })},
			render:  renderV3ApplicationStage},
		{name: resJobs, src: func(st *store) listSource { return st.jobs },
			filters: map[string]valueFilter{
				// department_id and office_id stay singular in v3.
				"department_id": singleIDFilter(func(r row) []int64 { return []int64{r.(*Job).DepartmentID} }),
				"office_id":     singleIDFilter(func(r row) []int64 { return r.(*Job).OfficeIDs }),
				"status":        enumFilter([]string{"open", "closed", "draft"}, func(r row) string { return r.(*Job).Status }),
				"requisition_id": func(_ *store, v string) (func(row) bool, error) {
					return func(r row) bool { return r.(*Job).RequisitionID == v }, nil
				},
			},
			render: renderV3Job},
		{name: resJobPosts, src: func(st *store) listSource { return st.jobPosts },
			parents: map[string]parentFilter{"job_ids": indexed("job_id", func(r row) int64 { return r.(*JobPost).JobID })},
			filters: map[string]valueFilter{
				"live":     boolFilter(func(r row) bool { return r.(*JobPost).Live }),
				"active":   boolFilter(func(r row) bool { return r.(*JobPost).Active }),
				"internal": boolFilter(func(r row) bool { return r.(*JobPost).Internal }),
			},
			render: renderV3JobPost},
		{name: resJobInterviewStages, src: func(st *store) listSource { return st.stages },
			parents: map[string]parentFilter{"job_ids": indexed("job_id", func(r row) int64 { return r.(*JobInterviewStage).JobID })},
			render:  renderV3JobInterviewStage},
		{name: resJobHiringManagers, src: func(st *store) listSource { return st.hiringManagers },
			parents: map[string]parentFilter{
				"job_ids":  indexed("job_id", func(r row) int64 { return r.(*JobHiringManager).JobID }),
				"user_ids": indexed("user_id", func(r row) int64 { return r.(*JobHiringManager).UserID }),
			},
			render: renderV3JobHiringManager},
		{name: resJobOwners, src: func(st *store) listSource { return st.jobOwners },
			parents: map[string]parentFilter{
				"job_ids":  indexed("job_id", func(r row) int64 { return r.(*JobOwner).JobID }),
				"user_ids": indexed("user_id", func(r row) int64 { return r.(*JobOwner).UserID }),
			},
			filters: map[string]valueFilter{"type": enumFilter([]string{"recruiter", "coordinator", "sourcer"}, func(r row) string { return r.(*JobOwner).Type })},
			render:  renderV3JobOwner},
		{name: resOpenings, src: func(st *store) listSource { return st.openings },
			parents: map[string]parentFilter{
				"job_ids":         indexed("job_id", func(r row) int64 { return r.(*Opening).JobID }),
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Opening).ApplicationID }),
			},
			filters: map[string]valueFilter{"open": boolFilter(func(r row) bool { return r.(*Opening).Open() })},
			render:  renderV3Opening},
		{name: resInterviews, src: func(st *store) listSource { return st.interviews },
			parents: map[string]parentFilter{
				"job_ids":         indexed("job_id", func(r row) int64 { return r.(*Interview).JobID }),
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Interview).ApplicationID }),
			},
			filters: map[string]valueFilter{"status": enumFilter([]string{"scheduled", "awaiting_feedback", "complete"}, func(r row) string { return r.(*Interview).Status })},
			render:  renderV3Interview},
		{name: resScorecards, src: func(st *store) listSource { return st.scorecards },
			parents: map[string]parentFilter{"application_ids": indexed("application_id", func(r row) int64 { return r.(*Scorecard).ApplicationID })},
			render:  renderV3Scorecard},
		{name: resOffers, src: func(st *store) listSource { return st.offers },
			parents: map[string]parentFilter{
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Offer).ApplicationID }),
				"candidate_ids":   indexed("candidate_id", func(r row) int64 { return r.(*Offer).CandidateID }),
				"job_ids":         indexed("job_id", func(r row) int64 { return r.(*Offer).JobID }),
			},
			filters: map[string]valueFilter{
				"status": enumFilter([]string{"Created", "Accepted", "Rejected", "Deprecated"}, func(r row) string { return r.(*Offer).Status }),
				"current_only": func(st *store, v string) (func(row) bool, error) {
					b, err := strconv.ParseBool(v)
					if err != nil {
						return nil, fmt.Errorf("`%s` is not a valid boolean", v)
					}
					return func(r row) bool { return !b || isCurrentOffer(st, r.(*Offer)) }, nil
				},
			},
			render: renderV3Offer},
		{name: resUsers, src: func(st *store) listSource { return st.users },
			filters: map[string]valueFilter{
				"email": func(_ *store, v string) (func(row) bool, error) {
					return func(r row) bool { return strings.EqualFold(r.(*User).Email, v) }, nil
				},
				"deactivated": boolFilter(func(r row) bool { return r.(*User).Deactivated }),
			},
			render: renderV3User},
		{name: resDepartments, src: func(st *store) listSource { return st.departments }, render: renderV3Department},
		{name: resOffices, src: func(st *store) listSource { return st.offices }, render: renderV3Office},
		{name: resSources, src: func(st *store) listSource { return st.sources }, render: renderV3Source},
		{name: resRejectionReasons, src: func(st *store) listSource { return st.rejectionReasons },
			filters: map[string]valueFilter{"include_defaults": boolFilter(func(row) bool { return true })},
			render:  renderV3RejectionReason},
		{name: resCloseReasons, src: func(st *store) listSource { return st.closeReasons }, render: renderV3CloseReason},
		{name: resNotes, src: func(st *store) listSource { return st.notes },
			parents: map[string]parentFilter{
				"candidate_ids":   indexed("candidate_id", func(r row) int64 { return r.(*Note).CandidateID }),
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Note).ApplicationID }),
			},
			filters: map[string]valueFilter{"type": enumFilter([]string{"NOTE", "EMAIL", "ACTIVITY"}, func(r row) string { return r.(*Note).Type })},
			render:  renderV3Note},
		{name: resEducations, src: func(st *store) listSource { return st.educations },
			parents: map[string]parentFilter{"candidate_ids": indexed("candidate_id", func(r row) int64 { return r.(*Education).CandidateID })},
			render:  renderV3Education},
		{name: resEmployments, src: func(st *store) listSource { return st.employments },
			parents: map[string]parentFilter{"candidate_ids": indexed("candidate_id", func(r row) int64 { return r.(*Employment).CandidateID })},
			render:  renderV3Employment},
	} {
		v3Specs[sp.name] = sp
	}
}

// isCurrentOffer reports whether o is the latest version for its
// application.
func isCurrentOffer(st *store, o *Offer) bool {
	for _, other := range st.offers.children("application_id", o.ApplicationID) {
		if other.Version > o.Version {
			return false
		}
	}
	return true
}

// unprocessable writes a v3 422.
func unprocessable(w http.ResponseWriter, errs ...any) {
	writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "Unprocessable Content", Errors: errs})
}

// apiV3 serves /v3/: rate limit first (every response carries the
// headers), then outage and injected failures, then routing, auth and the
// list itself.
func (s *Sim) apiV3() http.Handler {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /v3/{resource}", func(w http.ResponseWriter, r *http.Request) {
		spec := v3Specs[r.PathValue("resource")]
		if spec == nil {
			writeJSON(w, http.StatusNotFound, notFoundBody)
			return
		}
		if !s.authV3(w, r, spec.name) {
			return
		}
		s.listV3(w, r, spec)
	})
	inner.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, notFoundBody)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.limits.fixedWindow(s.v3Client(r), s.cfg.RateLimitV3, 30*time.Second, s.now()).apply(w) {
			return
		}
		if s.injectFailure(w) {
			return
		}
		inner.ServeHTTP(w, r)
	})
}

// v3Cursor is what a cursor encodes: the resource, the original query
// (filters and per_page) and the keyset position (ids below Before).
type v3Cursor struct {
	Resource string `json:"r"`
	Query    string `json:"q"`
	Before   int64  `json:"b"`
}

func encodeCursor(c v3Cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (v3Cursor, error) {
	var c v3Cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	err = json.Unmarshal(b, &c)
	return c, err
}

// v3Query is a validated list request.
type v3Query struct {
	perPage   int
	ids       []int64
	parentKey string // indexed parent filter used to narrow the scan
	parentIDs []int64
	preds     []func(row) bool
	fields    []string
}

func (s *Sim) listV3(w http.ResponseWriter, r *http.Request, spec *v3Spec) {
	if s.answerEmptyList(w) {
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		unprocessable(w, "Invalid query string.")
		return
	}
	before := int64(math.MaxInt64)
	if q.Has("cursor") {
		if len(q) != 1 || len(q["cursor"]) != 1 {
			unprocessable(w, "When passing a cursor, do not include other query params.")
			return
		}
		c, err := decodeCursor(q.Get("cursor"))
		if err != nil || c.Resource != spec.name {
			unprocessable(w, "Invalid cursor.")
			return
		}
		if q, err = url.ParseQuery(c.Query); err != nil {
			unprocessable(w, "Invalid cursor.")
			return
		}
		before = c.Before
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	vq, errs := parseV3Query(s.st, spec, q)
	if len(errs) > 0 {
		unprocessable(w, errs...)
		return
	}
	src := spec.src(s.st)
	idx, more := vq.run(src, before)
	rc := &renderCtx{s: s, st: s.st, base: s.base(r), now: s.now()}
	out := make([]any, len(idx))
	for i, j := range idx {
		out[i] = project(spec.render(rc, src.rowAt(j)), vq.fields)
	}
	body, err := json.Marshal(out)
	if err != nil {
		s.log.Error("greenhouse simulator: encode v3 list", "error", err, "resource", spec.name)
		writeJSON(w, http.StatusInternalServerError, apiError{Message: "Internal Server Error"})
		return
	}
	if more {
		cur := encodeCursor(v3Cursor{Resource: spec.name, Query: q.Encode(), Before: src.metaAt(idx[len(idx)-1]).ID})
		w.Header().Set("Link", fmt.Sprintf(`<%s/v3/%s?cursor=%s>; rel="next"`, rc.base, spec.name, cur))
	}
	writeRawJSON(w, http.StatusOK, body)
}

// project keeps only the requested fields of a rendered record.
func project(v any, fields []string) any {
	if len(fields) == 0 {
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return v
	}
	out := make(map[string]json.RawMessage, len(fields)+1)
	out["id"] = m["id"]
	for _, f := range fields {
		if val, ok := m[f]; ok {
			out[f] = val
		}
	}
	return out
}

// dateOps are the comparison operators of v3 date filters.
var dateOps = map[string]func(a, b time.Time) bool{
	"gte": func(a, b time.Time) bool { return !a.Before(b) },
	"gt":  func(a, b time.Time) bool { return a.After(b) },
	"lte": func(a, b time.Time) bool { return !a.After(b) },
	"lt":  func(a, b time.Time) bool { return a.Before(b) },
}

// parseTime accepts RFC 3339 (with or without fractions) and plain dates.
// A '+' in an offset arrives as a space when the client did not escape
// it, so that is repaired first.
func parseTime(v string) (time.Time, error) {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "+")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("`%s` is not a valid ISO 8601 date-time", v)
}

// parseV3Query validates every parameter; anything the resource does not
// support is an error, as in Greenhouse.
func parseV3Query(st *store, spec *v3Spec, q url.Values) (*v3Query, []any) {
	vq := &v3Query{perPage: v3DefaultPerPage}
	var errs []any
	fail := func(k string, err error) { errs = append(errs, map[string]string{k: err.Error()}) }
	timeFields := map[string]func(row) time.Time{
		"created_at": func(r row) time.Time { return r.meta().CreatedAt },
		"updated_at": func(r row) time.Time { return r.meta().UpdatedAt },
	}
	if spec.activity != nil {
		timeFields["last_activity_at"] = spec.activity
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys) // stable error order
	for _, k := range keys {
		v := strings.Join(q[k], ",")
		switch {
		case k == "per_page":
			n, err := strconv.Atoi(v)
			switch {
			case err != nil:
				fail(k, fmt.Errorf("`%s` is not a valid integer", v))
			case n > v3MaxPerPage:
				fail(k, fmt.Errorf("`%d` number is greater than: %d", n, v3MaxPerPage))
			case n < 1:
				fail(k, fmt.Errorf("`%d` number is less than: 1", n))
			default:
				vq.perPage = n
			}
		case k == "ids":
			ids, err := parseIDList(v)
			switch {
			case err != nil:
				fail(k, err)
			case len(ids) > v3MaxIDs:
				fail(k, fmt.Errorf("must contain at most %d ids", v3MaxIDs))
			default:
				vq.ids = ids
			}
		case k == "fields":
			fs := strings.Split(v, ",")
			if len(fs) > 50 {
				fail(k, fmt.Errorf("must contain at most 50 fields"))
			}
			vq.fields = fs
		case spec.parents[k].get != nil:
			pf := spec.parents[k]
			ids, err := parseIDList(v)
			if err != nil {
				fail(k, err)
				continue
			}
			set := map[int64]bool{}
			for _, id := range ids {
				set[id] = true
			}
			vq.preds = append(vq.preds, func(r row) bool {
				return slices.ContainsFunc(pf.get(r), func(id int64) bool { return set[id] })
			})
			if pf.index != "" && vq.parentKey == "" {
				vq.parentKey, vq.parentIDs = pf.index, ids
			}
		case spec.filters[k] != nil:
			pred, err := spec.filters[k](st, v)
			if err != nil {
				fail(k, err)
				continue
			}
			vq.preds = append(vq.preds, pred)
		default:
			field, op, bracket := strings.Cut(k, "[")
			get := timeFields[field]
			if get == nil {
				fail(k, fmt.Errorf("is not a permitted parameter"))
				continue
			}
			var pairs []string
			if bracket {
				if !strings.HasSuffix(op, "]") {
					fail(k, fmt.Errorf("is not a permitted parameter"))
					continue
				}
				pairs = []string{strings.TrimSuffix(op, "]"), v}
			} else {
				pairs = strings.Split(v, "|")
			}
			if len(pairs)%2 != 0 {
				fail(k, fmt.Errorf("`%s` must look like gte|2024-01-01T00:00:00Z", v))
				continue
			}
			for i := 0; i < len(pairs); i += 2 {
				cmp, ok := dateOps[pairs[i]]
				t, err := parseTime(pairs[i+1])
				if !ok {
					err = fmt.Errorf("`%s` is not one of: gte, gt, lte, lt", pairs[i])
				}
				if err != nil {
					fail(k, err)
					break
				}
				vq.preds = append(vq.preds, func(r row) bool { return cmp(get(r), t) })
			}
		}
	}
	return vq, errs
}

func parseIDList(v string) ([]int64, error) {
	var ids []int64
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("`%s` is not a valid integer", p)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// run returns the row positions of the page (ids below before, by id
// DESC) and whether more rows match after it. Because the position is an
// id, records created while a client pages never shift the pages.
func (vq *v3Query) run(src listSource, before int64) ([]int, bool) {
	var page []int
	more := false
	visit := func(i int) bool {
		if src.metaAt(i).ID >= before {
			return true
		}
		r := src.rowAt(i)
		for _, p := range vq.preds {
			if !p(r) {
				return true
			}
		}
		if len(page) == vq.perPage {
			more = true
			return false
		}
		page = append(page, i)
		return true
	}
	if vq.ids == nil && vq.parentKey == "" {
		top := sort.Search(src.length(), func(i int) bool { return src.metaAt(i).ID >= before })
		for i := top - 1; i >= 0 && visit(i); i-- {
		}
		return page, more
	}
	// Narrow to the listed ids or the parent's children first.
	var cand []int
	if vq.ids != nil {
		for _, id := range vq.ids {
			if i, ok := src.posOf(id); ok {
				cand = append(cand, i)
			}
		}
	} else {
		for _, id := range vq.parentIDs {
			for _, i := range src.parentRows(vq.parentKey, id) {
				cand = append(cand, int(i))
			}
		}
	}
	// Rows are stored in id order, so sorting positions sorts by id.
	slices.Sort(cand)
	cand = slices.Compact(cand)
	for k := len(cand) - 1; k >= 0 && visit(cand[k]); k-- {
	}
	return page, more
}
