package simulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
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

// v3Spec describes one v3 list route. Its parameters are exactly the ones
// Greenhouse documents for the route (harvest_v3_endpoints.json): the
// universal cursor, per_page, ids, created_at, updated_at and fields, plus
// parents, filters and dates. Anything else is a 422.
type v3Spec struct {
	name string
	src  func(st *store) listSource
	// wire is a zero value of what render returns: its JSON names are the
	// record's fields, the choices of fields=.
	wire any
	// noStamps: the resource has no created_at/updated_at filters.
	noStamps bool
	parents  map[string]parentFilter
	filters  map[string]valueFilter
	// dates are the date-range filters beside created_at and updated_at.
	dates  map[string]func(row) time.Time
	render func(rc *renderCtx, r row) any
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

// textFilter matches a string field exactly (Greenhouse's text filters are
// case-sensitive) or, with fold, case-insensitively.
func textFilter(fold bool, get func(row) string) valueFilter {
	return func(_ *store, v string) (func(row) bool, error) {
		return func(r row) bool {
			if fold {
				return strings.EqualFold(get(r), v)
			}
			return get(r) == v
		}, nil
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

// stringsFilter is a list filter over string values (employee_ids).
func stringsFilter(get func(row) string) valueFilter {
	return func(_ *store, v string) (func(row) bool, error) {
		want := strings.Split(v, ",")
		return func(r row) bool { return slices.Contains(want, get(r)) }, nil
	}
}

// optionFilter is custom_field_option_id: records whose custom field of
// that option (a fieldType field) holds the option's name.
func optionFilter(fieldType string, get func(row) map[string]customField) valueFilter {
	return func(st *store, v string) (func(row) bool, error) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("`%s` is not a valid integer", v)
		}
		o, ok := st.customOptions.get(id)
		var f *CustomField
		if ok {
			f, ok = st.customFields.get(o.CustomFieldID)
		}
		if !ok || f.FieldType != fieldType {
			return func(row) bool { return false }, nil
		}
		return func(r row) bool {
			cf, ok := get(r)[f.NameKey]
			if !ok {
				return false
			}
			switch val := cf.Value.(type) {
			case string:
				return val == o.Name
			case []string:
				return slices.Contains(val, o.Name)
			}
			return false
		}, nil
	}
}

// storeBoolFilter is boolFilter for a property that needs the other records
// (latest: the candidate's most recent education).
func storeBoolFilter(get func(st *store, r row) bool) valueFilter {
	return func(st *store, v string) (func(row) bool, error) {
		if _, err := boolFilter(func(row) bool { return false })(st, v); err != nil {
			return nil, err
		}
		b := v == "true"
		return func(r row) bool { return get(st, r) == b }, nil
	}
}

var v3Specs = map[string]*v3Spec{}

func init() {
	app := func(r row) *Application { return r.(*Application) }
	for _, sp := range []*v3Spec{
		{name: resCandidates, src: func(st *store) listSource { return st.candidates }, wire: v3Candidate{},
			dates: map[string]func(row) time.Time{"last_activity_at": func(r row) time.Time { return r.(*Candidate).LastActivityAt }},
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
				"custom_field_option_id": optionFilter("candidate", func(r row) map[string]customField { return candidateCustomFields(r.(*Candidate)) }),
			},
			render: renderV3Candidate},
		{name: resApplications, src: func(st *store) listSource { return st.applications }, wire: v3Application{},
			dates: map[string]func(row) time.Time{"last_activity_at": func(r row) time.Time { return app(r).LastActivityAt }},
			parents: map[string]parentFilter{
				"candidate_ids":       indexed("candidate_id", func(r row) int64 { return app(r).CandidateID }),
				"job_ids":             indexed("job_id", func(r row) int64 { return app(r).JobID }),
				"prospective_job_ids": {get: func(r row) []int64 { return app(r).ProspectiveJobIDs }},
				"job_post_ids":        one(func(r row) int64 { return app(r).JobPostID }),
				"source_ids":          one(func(r row) int64 { return app(r).SourceID }),
				"referrer_ids":        one(func(r row) int64 { return app(r).ReferrerID }),
			},
			filters: map[string]valueFilter{
				// The query spells the in-process status "active"; it reads
				// back as "in_process".
				"status":   enumFilter([]string{"active", "rejected", "hired", "converted"}, func(r row) string { return app(r).Status }),
				"prospect": boolFilter(func(r row) bool { return app(r).Prospect }),
				// stage_ids are application_stages ids (the stage_id the
				// applications show), not interview plan stages.
				"stage_ids": func(st *store, v string) (func(row) bool, error) {
					want, err := parseIDList(v)
					if err != nil {
						return nil, err
					}
					return func(r row) bool { return slices.Contains(want, v3StageID(st, app(r))) }, nil
				},
				"stage_name": func(st *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						stg, ok := st.stages.get(app(r).StageID)
						return ok && stg.Name == v
					}, nil
				},
				"custom_field_option_id": optionFilter("application", func(r row) map[string]customField { return applicationCustomFields(app(r)) }),
			},
			render: renderV3Application},
		{name: resAttachments, src: func(st *store) listSource { return st.attachments }, wire: v3Attachment{},
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
		{name: resApplicationStages, src: func(st *store) listSource { return st.applicationStages }, wire: v3ApplicationStage{},
			parents: map[string]parentFilter{
				"application_ids":         indexed("application_id", func(r row) int64 { return r.(*ApplicationStage).ApplicationID }),
				"job_interview_stage_ids": one(func(r row) int64 { return r.(*ApplicationStage).JobInterviewStageID }),
			},
			filters: map[string]valueFilter{"current": boolFilter(func(r row) bool { return r.(*ApplicationStage).Current })},
			render:  renderV3ApplicationStage},
		{name: resJobs, src: func(st *store) listSource { return st.jobs }, wire: v3Job{},
			dates: map[string]func(row) time.Time{
				"opened_at": func(r row) time.Time { return r.(*Job).OpenedAt },
				"closed_at": func(r row) time.Time { return r.(*Job).ClosedAt },
			},
			filters: map[string]valueFilter{
				// department_id and office_id stay singular in v3.
				"department_id":          singleIDFilter(func(r row) []int64 { return []int64{r.(*Job).DepartmentID} }),
				"office_id":              singleIDFilter(func(r row) []int64 { return r.(*Job).OfficeIDs }),
				"status":                 enumFilter([]string{"open", "closed", "draft"}, func(r row) string { return r.(*Job).Status }),
				"confidential":           boolFilter(func(r row) bool { return r.(*Job).Confidential }),
				"requisition_id":         textFilter(false, func(r row) string { return r.(*Job).RequisitionID }),
				"custom_field_option_id": optionFilter("job", func(r row) map[string]customField { return jobCustomFields(r.(*Job)) }),
			},
			render: renderV3Job},
		{name: resJobPosts, src: func(st *store) listSource { return st.jobPosts }, wire: v3JobPost{},
			parents: map[string]parentFilter{
				"job_ids":       indexed("job_id", func(r row) int64 { return r.(*JobPost).JobID }),
				"job_board_ids": one(func(r row) int64 { return r.(*JobPost).JobBoardID }),
			},
			filters: map[string]valueFilter{
				"live":     boolFilter(func(r row) bool { return r.(*JobPost).Live }),
				"active":   boolFilter(func(r row) bool { return r.(*JobPost).Active }),
				"internal": boolFilter(func(r row) bool { return r.(*JobPost).Internal }),
				"featured": boolFilter(func(r row) bool { return r.(*JobPost).Featured }),
			},
			render: renderV3JobPost},
		{name: resJobInterviewStages, src: func(st *store) listSource { return st.stages }, wire: v3JobInterviewStage{},
			parents: map[string]parentFilter{"job_ids": indexed("job_id", func(r row) int64 { return r.(*JobInterviewStage).JobID })},
			filters: map[string]valueFilter{"active": boolFilter(func(r row) bool { return r.(*JobInterviewStage).Active })},
			render:  renderV3JobInterviewStage},
		{name: resJobHiringManagers, src: func(st *store) listSource { return st.hiringManagers }, wire: v3JobHiringManager{},
			parents: map[string]parentFilter{
				"job_ids":  indexed("job_id", func(r row) int64 { return r.(*JobHiringManager).JobID }),
				"user_ids": indexed("user_id", func(r row) int64 { return r.(*JobHiringManager).UserID }),
			},
			render: renderV3JobHiringManager},
		{name: resJobOwners, src: func(st *store) listSource { return st.jobOwners }, wire: v3JobOwner{},
			parents: map[string]parentFilter{
				"job_ids":  indexed("job_id", func(r row) int64 { return r.(*JobOwner).JobID }),
				"user_ids": indexed("user_id", func(r row) int64 { return r.(*JobOwner).UserID }),
			},
			filters: map[string]valueFilter{"type": enumFilter([]string{"recruiter", "coordinator", "sourcer"}, func(r row) string { return r.(*JobOwner).Type })},
			render:  renderV3JobOwner},
		{name: resOpenings, src: func(st *store) listSource { return st.openings }, wire: v3Opening{},
			dates: map[string]func(row) time.Time{
				"opened_at": func(r row) time.Time { return r.(*Opening).OpenedAt },
				"closed_at": func(r row) time.Time { return r.(*Opening).ClosedAt },
			},
			parents: map[string]parentFilter{
				"job_ids":          indexed("job_id", func(r row) int64 { return r.(*Opening).JobID }),
				"application_ids":  indexed("application_id", func(r row) int64 { return r.(*Opening).ApplicationID }),
				"close_reason_ids": one(func(r row) int64 { return r.(*Opening).CloseReasonID }),
			},
			filters: map[string]valueFilter{
				"open":                   boolFilter(func(r row) bool { return r.(*Opening).Open() }),
				"opening_id":             textFilter(false, func(r row) string { return r.(*Opening).OpeningID }),
				"custom_field_option_id": optionFilter("opening", func(row) map[string]customField { return nil }),
			},
			render: renderV3Opening},
		{name: resInterviews, src: func(st *store) listSource { return st.interviews }, wire: v3Interview{},
			dates: map[string]func(row) time.Time{
				"starts_at": func(r row) time.Time { return r.(*Interview).StartsAt },
				"ends_at":   func(r row) time.Time { return r.(*Interview).EndsAt },
				// The simulator schedules no all-day interviews.
				"all_day_start_on": func(row) time.Time { return time.Time{} },
				"all_day_end_on":   func(row) time.Time { return time.Time{} },
			},
			parents: map[string]parentFilter{
				"job_ids":           indexed("job_id", func(r row) int64 { return r.(*Interview).JobID }),
				"application_ids":   indexed("application_id", func(r row) int64 { return r.(*Interview).ApplicationID }),
				"job_interview_ids": one(func(r row) int64 { return r.(*Interview).JobInterviewID }),
				"organizer_ids":     one(func(r row) int64 { return r.(*Interview).OrganizerID }),
			},
			filters: map[string]valueFilter{
				"status": enumFilter([]string{"to_be_scheduled", "scheduled", "awaiting_feedback", "complete", "skipped",
					"collect_feedback", "to_be_sent", "sent", "received"}, func(r row) string { return r.(*Interview).Status }),
				"external_event_id": textFilter(false, func(r row) string { return r.(*Interview).ExternalEventID }),
			},
			render: renderV3Interview},
		{name: resScorecards, src: func(st *store) listSource { return st.scorecards }, wire: v3Scorecard{},
			dates: map[string]func(row) time.Time{
				"interviewed_at": func(r row) time.Time { return r.(*Scorecard).InterviewedAt },
				"submitted_at":   func(r row) time.Time { return r.(*Scorecard).SubmittedAt },
			},
			parents: map[string]parentFilter{
				"application_ids":   indexed("application_id", func(r row) int64 { return r.(*Scorecard).ApplicationID }),
				"interview_kit_ids": one(func(r row) int64 { return r.(*Scorecard).InterviewKitID }),
				"submitter_ids":     one(func(r row) int64 { return r.(*Scorecard).SubmitterID }),
				"interviewer_ids":   one(func(r row) int64 { return r.(*Scorecard).InterviewerID }),
			},
			filters: map[string]valueFilter{"status": enumFilter([]string{"draft", "complete"}, func(r row) string { return r.(*Scorecard).Status })},
			render:  renderV3Scorecard},
		{name: resOffers, src: func(st *store) listSource { return st.offers }, wire: v3Offer{},
			dates: map[string]func(row) time.Time{
				"resolved_at": func(r row) time.Time { return r.(*Offer).ResolvedAt },
				"sent_on":     func(r row) time.Time { return r.(*Offer).SentOn },
				"starts_on":   func(r row) time.Time { return r.(*Offer).StartsOn },
			},
			parents: map[string]parentFilter{
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Offer).ApplicationID }),
				"candidate_ids":   indexed("candidate_id", func(r row) int64 { return r.(*Offer).CandidateID }),
				"job_ids":         indexed("job_id", func(r row) int64 { return r.(*Offer).JobID }),
				"opening_ids":     one(func(r row) int64 { return r.(*Offer).OpeningID }),
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
				"custom_field_option_id": optionFilter("offer", func(r row) map[string]customField { return offerCustomFields(r.(*Offer)) }),
			},
			render: renderV3Offer},
		{name: resUsers, src: func(st *store) listSource { return st.users }, wire: v3User{},
			parents: map[string]parentFilter{
				"agency_ids":           one(func(row) int64 { return 0 }),
				"office_ids":           {get: func(r row) []int64 { return r.(*User).OfficeIDs }},
				"department_ids":       {get: func(r row) []int64 { return r.(*User).DepartmentIDs }},
				"linked_candidate_ids": {get: func(row) []int64 { return nil }},
				"interviewer_tag_ids":  {get: func(row) []int64 { return nil }},
			},
			filters: map[string]valueFilter{
				"primary_email": textFilter(true, func(r row) string { return r.(*User).Email }),
				"employee_ids":  stringsFilter(func(r row) string { return r.(*User).EmployeeID }),
				"deactivated":   boolFilter(func(r row) bool { return r.(*User).Deactivated }),
				"external_office_id": func(st *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						return slices.ContainsFunc(r.(*User).OfficeIDs, func(id int64) bool {
							o, ok := st.offices.get(id)
							return ok && o.ExternalID == v
						})
					}, nil
				},
				"external_department_id": func(st *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						return slices.ContainsFunc(r.(*User).DepartmentIDs, func(id int64) bool {
							d, ok := st.departments.get(id)
							return ok && d.ExternalID == v
						})
					}, nil
				},
				// The simulator has no service accounts to hide or show.
				"show_service_accounts":  boolFilter(func(row) bool { return true }).any(),
				"custom_field_option_id": optionFilter("user_attribute", func(row) map[string]customField { return nil }),
			},
			render: renderV3User},
		{name: resDepartments, src: func(st *store) listSource { return st.departments }, wire: v3Department{},
			filters: map[string]valueFilter{
				"parent_id":   singleIDFilter(func(r row) []int64 { return []int64{r.(*Department).ParentID} }),
				"external_id": textFilter(false, func(r row) string { return r.(*Department).ExternalID }),
			},
			render: renderV3Department},
		{name: resOffices, src: func(st *store) listSource { return st.offices }, wire: v3Office{},
			filters: map[string]valueFilter{
				"parent_id":   singleIDFilter(func(r row) []int64 { return []int64{r.(*Office).ParentID} }),
				"external_id": textFilter(false, func(r row) string { return r.(*Office).ExternalID }),
			},
			render: renderV3Office},
		{name: resSources, src: func(st *store) listSource { return st.sources }, wire: v3Source{}, render: renderV3Source},
		{name: resRejectionReasons, src: func(st *store) listSource { return st.rejectionReasons }, wire: v3RejectionReason{},
			filters: map[string]valueFilter{"include_defaults": boolFilter(func(row) bool { return true }).any()},
			render:  renderV3RejectionReason},
		{name: resCloseReasons, src: func(st *store) listSource { return st.closeReasons }, wire: v3CloseReason{}, render: renderV3CloseReason},
		{name: resNotes, src: func(st *store) listSource { return st.notes }, wire: v3Note{},
			parents: map[string]parentFilter{
				"candidate_ids":   indexed("candidate_id", func(r row) int64 { return r.(*Note).CandidateID }),
				"application_ids": indexed("application_id", func(r row) int64 { return r.(*Note).ApplicationID }),
				"user_ids":        one(func(r row) int64 { return r.(*Note).UserID }),
			},
			filters: map[string]valueFilter{
				"type": enumFilter([]string{"NOTE", "ACTIVITY", "INTERVIEW", "EMAIL", "FOLLOW_UP", "TAKE_HOME_TEST", "LINKEDIN_NOTE",
					"LINKEDIN_INMAIL", "AVAILABILITY_REQUEST", "MIGRATION_ERROR", "TOUCHPOINT", "FORM", "FEEDBACK"},
					func(r row) string { return r.(*Note).Type }),
				"visibility": enumFilter([]string{"admin_only_visible", "privately_visible", "publicly_visible"},
					func(r row) string { return v3Visibility[r.(*Note).Visibility] }),
			},
			render: renderV3Note},
		{name: resEducations, src: func(st *store) listSource { return st.educations }, wire: v3Education{},
			dates: map[string]func(row) time.Time{
				"start_at": func(r row) time.Time { return r.(*Education).StartDate },
				"end_at":   func(r row) time.Time { return r.(*Education).EndDate },
			},
			parents: map[string]parentFilter{"candidate_ids": indexed("candidate_id", func(r row) int64 { return r.(*Education).CandidateID })},
			filters: map[string]valueFilter{"latest": storeBoolFilter(func(st *store, r row) bool {
				e := r.(*Education)
				return latestEducation(st, e.CandidateID) == e
			})},
			render: renderV3Education},
		{name: resEmployments, src: func(st *store) listSource { return st.employments }, wire: v3Employment{},
			parents: map[string]parentFilter{"candidate_ids": indexed("candidate_id", func(r row) int64 { return r.(*Employment).CandidateID })},
			filters: map[string]valueFilter{"latest": storeBoolFilter(func(st *store, r row) bool {
				e := r.(*Employment)
				return latestEmployment(st, e.CandidateID) == e
			})},
			render: renderV3Employment},
		{name: resCustomFields, src: func(st *store) listSource { return st.customFields }, wire: v3CustomField{},
			filters: map[string]valueFilter{
				"field_type": enumFilter([]string{"job", "opening", "standard", "offer", "compensation_frequency", "candidate",
					"referral_question", "application", "rejection_question", "form", "agency_question", "user_attribute"},
					func(r row) string { return r.(*CustomField).FieldType }),
				"active":   boolFilter(func(r row) bool { return r.(*CustomField).Active }),
				"name":     textFilter(false, func(r row) string { return r.(*CustomField).Name }),
				"name_key": textFilter(false, func(r row) string { return r.(*CustomField).NameKey }),
			},
			render: renderV3CustomField},
		{name: resCustomFieldOptions, src: func(st *store) listSource { return st.customOptions }, wire: v3CustomFieldOption{},
			parents: map[string]parentFilter{
				"custom_field_ids": indexed("custom_field_id", func(r row) int64 { return r.(*CustomFieldOption).CustomFieldID }),
			},
			filters: map[string]valueFilter{
				"active": boolFilter(func(r row) bool { return r.(*CustomFieldOption).Active }),
				// custom_field_key is the field's name_key: school_name,
				// degree and discipline serve v1's /schools, /degrees and
				// /disciplines.
				"custom_field_key": func(st *store, v string) (func(row) bool, error) {
					return func(r row) bool {
						f, ok := st.customFields.get(r.(*CustomFieldOption).CustomFieldID)
						return ok && f.NameKey == v
					}, nil
				},
			},
			render: renderV3CustomFieldOption},
		{name: resCandidateTags, src: func(st *store) listSource { return st.candidateTags }, wire: v3CandidateTag{}, render: renderV3CandidateTag},
		{name: resAppliedTags, src: func(st *store) listSource { return st.appliedTags }, wire: v3AppliedTag{},
			parents: map[string]parentFilter{
				"candidate_ids":     indexed("candidate_id", func(r row) int64 { return r.(*AppliedCandidateTag).CandidateID }),
				"candidate_tag_ids": indexed("candidate_tag_id", func(r row) int64 { return r.(*AppliedCandidateTag).CandidateTagID }),
			},
			render: renderV3AppliedTag},
		{name: resUserRoles, src: func(st *store) listSource { return st.userRoles }, wire: v3UserRole{}, render: renderV3UserRole},
		{name: resRejectionDetails, src: func(st *store) listSource { return derivedRows[*RejectionDetail]{rejectionDetails(st)} },
			wire: v3RejectionDetail{},
			parents: map[string]parentFilter{
				"application_ids":      one(func(r row) int64 { return r.(*RejectionDetail).ApplicationID }),
				"rejection_reason_ids": one(func(r row) int64 { return r.(*RejectionDetail).RejectionReasonID }),
			},
			filters: map[string]valueFilter{
				"custom_field_option_id": optionFilter("rejection_question", func(row) map[string]customField { return nil }),
			},
			render: renderV3RejectionDetail},
		{name: resProspectDetails, src: func(st *store) listSource { return derivedRows[*ProspectDetail]{prospectDetails(st)} },
			wire: v3ProspectDetail{},
			parents: map[string]parentFilter{
				"application_ids":    one(func(r row) int64 { return r.(*ProspectDetail).ApplicationID }),
				"pool_ids":           one(func(r row) int64 { return r.(*ProspectDetail).PoolID }),
				"pool_stage_ids":     one(func(r row) int64 { return r.(*ProspectDetail).PoolStageID }),
				"prospect_owner_ids": one(func(r row) int64 { return r.(*ProspectDetail).ProspectOwnerID }),
				"department_ids":     one(func(r row) int64 { return r.(*ProspectDetail).DepartmentID }),
				"office_ids":         one(func(r row) int64 { return r.(*ProspectDetail).OfficeID }),
			},
			render: renderV3ProspectDetail},
		{name: resEEOC, src: func(st *store) listSource { return derivedRows[*EEOC]{eeocs(st)} }, wire: v3EEOC{},
			dates:   map[string]func(row) time.Time{"submitted_at": func(r row) time.Time { return r.(*EEOC).SubmittedAt }},
			parents: map[string]parentFilter{"application_ids": one(func(r row) int64 { return r.(*EEOC).ApplicationID })},
			render:  renderV3EEOC},
		{name: resJobPostLocations, src: func(st *store) listSource { return derivedRows[*JobPostLocation]{jobPostLocations(st)} },
			wire: v3JobPostLocation{},
			parents: map[string]parentFilter{
				"job_post_ids":        one(func(r row) int64 { return r.(*JobPostLocation).JobPostID }),
				"office_ids":          one(func(r row) int64 { return r.(*JobPostLocation).OfficeID }),
				"custom_location_ids": one(func(r row) int64 { return r.(*JobPostLocation).CustomLocationID }),
			},
			filters: map[string]valueFilter{
				"type":                enumFilter([]string{"free_text", "office", "custom_list"}, func(r row) string { return r.(*JobPostLocation).Type }),
				"plain_text_location": textFilter(false, func(r row) string { return r.(*JobPostLocation).PlainTextLocation }),
			},
			render: renderV3JobPostLocation},
	} {
		v3Specs[sp.name] = sp
	}
}

// any turns a filter that only validates its value into one that keeps
// every record (include_defaults, show_service_accounts).
func (f valueFilter) any() valueFilter {
	return func(st *store, v string) (func(row) bool, error) {
		if _, err := f(st, v); err != nil {
			return nil, err
		}
		return func(row) bool { return true }, nil
	}
}

// fieldNames lists the JSON names of the spec's records: the choices of
// fields=. The candidate list also has the processing item's message.
func (sp *v3Spec) fieldNames() []string {
	t := reflect.TypeOf(sp.wire)
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out = append(out, name)
	}
	if sp.name == resCandidates {
		out = append(out, "message")
	}
	return out
}

// params lists every query parameter the route takes.
func (sp *v3Spec) params() []string {
	out := []string{"cursor", "per_page", "ids", "fields"}
	if !sp.noStamps {
		out = append(out, "created_at", "updated_at")
	}
	for k := range sp.parents {
		out = append(out, k)
	}
	for k := range sp.filters {
		out = append(out, k)
	}
	for k := range sp.dates {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
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
	s.writeRoutesV3(inner)
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
	if _, processing := v.(v3Processing); processing {
		return v // a candidate being processed has no fields to choose
	}
	out := make(map[string]json.RawMessage, len(fields)+1)
	if id, ok := m["id"]; ok {
		out["id"] = id
	}
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
	timeFields := map[string]func(row) time.Time{}
	if !spec.noStamps {
		timeFields["created_at"] = func(r row) time.Time { return r.meta().CreatedAt }
		timeFields["updated_at"] = func(r row) time.Time { return r.meta().UpdatedAt }
	}
	for k, get := range spec.dates {
		timeFields[k] = get
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
			known := spec.fieldNames()
			for _, f := range fs {
				if !slices.Contains(known, f) {
					fail(k, fmt.Errorf("`%s` is not one of: %s", f, strings.Join(known, ", ")))
					break
				}
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
