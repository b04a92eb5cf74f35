package simulator

import (
	"slices"
	"time"
)

// Resource names, as the v3 routes spell them.
const (
	resCandidates         = "candidates"
	resApplications       = "applications"
	resAttachments        = "attachments"
	resApplicationStages  = "application_stages"
	resJobs               = "jobs"
	resJobPosts           = "job_posts"
	resJobInterviewStages = "job_interview_stages"
	resJobHiringManagers  = "job_hiring_managers"
	resJobOwners          = "job_owners"
	resOpenings           = "openings"
	resInterviews         = "interviews"
	resScorecards         = "scorecards"
	resOffers             = "offers"
	resUsers              = "users"
	resDepartments        = "departments"
	resOffices            = "offices"
	resSources            = "sources"
	resRejectionReasons   = "rejection_reasons"
	resCloseReasons       = "close_reasons"
	resNotes              = "notes"
	resEducations         = "candidate_educations"
	resEmployments        = "candidate_employments"
	resCustomFields       = "custom_fields"
	resCustomFieldOptions = "custom_field_options"
	resCandidateTags      = "candidate_tags"
	resAppliedTags        = "applied_candidate_tags"
	resUserRoles          = "user_roles"
	resRejectionDetails   = "rejection_details"
	resProspectDetails    = "prospect_details"
	resEEOC               = "eeoc"
	resJobPostLocations   = "job_post_locations"

	// Ids that exist but are not resources of their own.
	seqJobInterviews = "job_interviews"
	seqKits          = "interview_kits"
	seqKitQuestions  = "kit_questions"
)

// idBase gives every resource its own id range, so a client that mixes up
// ids of two resources finds nothing instead of the wrong record.
var idBase = map[string]int64{
	resUsers:              4_080_000,
	resDepartments:        25_900,
	resOffices:            47_000,
	resSources:            10,
	resRejectionReasons:   200,
	resCloseReasons:       360,
	resJobs:               4_104_000,
	resJobPosts:           4_700_000,
	resJobInterviewStages: 7_220_000,
	resJobHiringManagers:  1_500_000,
	resJobOwners:          1_600_000,
	resOpenings:           2_586_000,
	resCandidates:         53_880_000,
	resApplications:       69_100_000,
	resApplicationStages:  120_000_000,
	resAttachments:        310_000_000,
	resInterviews:         91_280_000,
	resScorecards:         11_270_000,
	resOffers:             1_142_000,
	resNotes:              12_340_000,
	resEducations:         561_000,
	resEmployments:        8_485_000,
	resCustomFields:       4_400,
	resCustomFieldOptions: 9_870_000,
	resCandidateTags:      7_300,
	resAppliedTags:        33_500_000,
	resUserRoles:          100,
	// Derived resources take their ids from the record they derive from
	// (see derivedID), offset into a range of their own.
	resRejectionDetails: 150_000_000,
	resProspectDetails:  180_000_000,
	resEEOC:             210_000_000,
	resJobPostLocations: 5_900_000,
	seqJobInterviews:    6_000_000,
	seqKits:             9_100_000,
	seqKitQuestions:     11_050_000,
}

// row is implemented by every record type through its embedded Meta.
type row interface{ meta() *Meta }

// parentKey names a foreign key a table is indexed on, e.g. candidate_id.
type parentKey[P row] struct {
	name string
	get  func(P) int64
}

// table holds one resource's records ordered by ascending id, with an id
// index and one index per parent key. Records are only appended (ids grow),
// so row positions never move.
type table[P row] struct {
	rows    []P
	pos     map[int64]int32
	parents []parentKey[P]
	index   map[string]map[int64][]int32
}

func newTable[P row](parents ...parentKey[P]) *table[P] {
	t := &table[P]{parents: parents}
	t.reindex()
	return t
}

// reindex rebuilds every index; used after bulk generation.
func (t *table[P]) reindex() {
	t.pos = make(map[int64]int32, len(t.rows))
	t.index = make(map[string]map[int64][]int32, len(t.parents))
	for _, p := range t.parents {
		t.index[p.name] = make(map[int64][]int32)
	}
	for i, r := range t.rows {
		t.indexRow(int32(i), r)
	}
}

func (t *table[P]) indexRow(i int32, r P) {
	t.pos[r.meta().ID] = i
	for _, p := range t.parents {
		if id := p.get(r); id != 0 {
			t.index[p.name][id] = append(t.index[p.name][id], i)
		}
	}
}

// add appends a record whose id is larger than every existing id.
func (t *table[P]) add(r P) {
	t.rows = append(t.rows, r)
	t.indexRow(int32(len(t.rows)-1), r)
}

func (t *table[P]) get(id int64) (P, bool) {
	i, ok := t.pos[id]
	if !ok {
		var zero P
		return zero, false
	}
	return t.rows[i], true
}

// children returns the records whose parent key equals id, by ascending id.
func (t *table[P]) children(parent string, id int64) []P {
	idx := t.index[parent][id]
	out := make([]P, len(idx))
	for i, j := range idx {
		out[i] = t.rows[j]
	}
	return out
}

// reparent moves a record in a parent index after its key changed.
func (t *table[P]) reparent(parent string, r P, oldID, newID int64) {
	i := t.pos[r.meta().ID]
	m := t.index[parent]
	if oldID != 0 {
		m[oldID] = slices.DeleteFunc(slices.Clone(m[oldID]), func(j int32) bool { return j == i })
	}
	if newID != 0 {
		m[newID] = append(m[newID], i)
		slices.Sort(m[newID])
	}
}

// Implementation of listSource, used by the generic list handlers.
func (t *table[P]) length() int        { return len(t.rows) }
func (t *table[P]) metaAt(i int) *Meta { return t.rows[i].meta() }
func (t *table[P]) rowAt(i int) row    { return t.rows[i] }
func (t *table[P]) posOf(id int64) (int, bool) {
	i, ok := t.pos[id]
	return int(i), ok
}
func (t *table[P]) parentRows(k string, id int64) []int32 { return t.index[k][id] }

// snapshot copies every record; see the note on slices in model.go.
func snapshotOf[T any, P interface {
	*T
	row
}](t *table[P]) []T {
	out := make([]T, len(t.rows))
	for i, r := range t.rows {
		out[i] = *(*T)(r)
	}
	return out
}

// store is the whole simulated tenant.
type store struct {
	departments       *table[*Department]
	offices           *table[*Office]
	users             *table[*User]
	sources           *table[*Source]
	rejectionReasons  *table[*RejectionReason]
	closeReasons      *table[*CloseReason]
	jobs              *table[*Job]
	jobPosts          *table[*JobPost]
	stages            *table[*JobInterviewStage]
	hiringManagers    *table[*JobHiringManager]
	jobOwners         *table[*JobOwner]
	openings          *table[*Opening]
	candidates        *table[*Candidate]
	educations        *table[*Education]
	employments       *table[*Employment]
	applications      *table[*Application]
	applicationStages *table[*ApplicationStage]
	attachments       *table[*Attachment]
	interviews        *table[*Interview]
	scorecards        *table[*Scorecard]
	offers            *table[*Offer]
	notes             *table[*Note]
	customFields      *table[*CustomField]
	customOptions     *table[*CustomFieldOption]
	candidateTags     *table[*CandidateTag]
	appliedTags       *table[*AppliedCandidateTag]
	userRoles         *table[*UserRole]

	// tagByName finds a tag of the tag list by name.
	tagByName map[string]*CandidateTag
	// optionByName finds an option by its field's type and name_key and
	// its own name (see optionKey).
	optionByName map[string]*CustomFieldOption

	// last holds the last id handed out per resource.
	last map[string]int64
	// jobInterview finds a job interview (inside a stage) by id.
	jobInterview map[int64]*JobInterview
}

func newStore() *store {
	return &store{
		departments:      newTable[*Department](),
		offices:          newTable[*Office](),
		users:            newTable[*User](),
		sources:          newTable[*Source](),
		rejectionReasons: newTable[*RejectionReason](),
		closeReasons:     newTable[*CloseReason](),
		jobs:             newTable(parentKey[*Job]{"department_id", func(j *Job) int64 { return j.DepartmentID }}),
		jobPosts:         newTable(parentKey[*JobPost]{"job_id", func(p *JobPost) int64 { return p.JobID }}),
		stages:           newTable(parentKey[*JobInterviewStage]{"job_id", func(p *JobInterviewStage) int64 { return p.JobID }}),
		hiringManagers: newTable(
			parentKey[*JobHiringManager]{"job_id", func(p *JobHiringManager) int64 { return p.JobID }},
			parentKey[*JobHiringManager]{"user_id", func(p *JobHiringManager) int64 { return p.UserID }}),
		jobOwners: newTable(
			parentKey[*JobOwner]{"job_id", func(p *JobOwner) int64 { return p.JobID }},
			parentKey[*JobOwner]{"user_id", func(p *JobOwner) int64 { return p.UserID }}),
		openings: newTable(
			parentKey[*Opening]{"job_id", func(p *Opening) int64 { return p.JobID }},
			parentKey[*Opening]{"application_id", func(p *Opening) int64 { return p.ApplicationID }}),
		candidates:  newTable[*Candidate](),
		educations:  newTable(parentKey[*Education]{"candidate_id", func(p *Education) int64 { return p.CandidateID }}),
		employments: newTable(parentKey[*Employment]{"candidate_id", func(p *Employment) int64 { return p.CandidateID }}),
		applications: newTable(
			parentKey[*Application]{"candidate_id", func(p *Application) int64 { return p.CandidateID }},
			parentKey[*Application]{"job_id", func(p *Application) int64 { return p.JobID }}),
		applicationStages: newTable(
			parentKey[*ApplicationStage]{"application_id", func(p *ApplicationStage) int64 { return p.ApplicationID }}),
		attachments: newTable(
			parentKey[*Attachment]{"candidate_id", func(p *Attachment) int64 { return p.CandidateID }},
			parentKey[*Attachment]{"application_id", func(p *Attachment) int64 { return p.ApplicationID }}),
		interviews: newTable(
			parentKey[*Interview]{"application_id", func(p *Interview) int64 { return p.ApplicationID }},
			parentKey[*Interview]{"job_id", func(p *Interview) int64 { return p.JobID }}),
		scorecards: newTable(
			parentKey[*Scorecard]{"application_id", func(p *Scorecard) int64 { return p.ApplicationID }}),
		offers: newTable(
			parentKey[*Offer]{"application_id", func(p *Offer) int64 { return p.ApplicationID }},
			parentKey[*Offer]{"candidate_id", func(p *Offer) int64 { return p.CandidateID }},
			parentKey[*Offer]{"job_id", func(p *Offer) int64 { return p.JobID }}),
		notes: newTable(
			parentKey[*Note]{"candidate_id", func(p *Note) int64 { return p.CandidateID }},
			parentKey[*Note]{"application_id", func(p *Note) int64 { return p.ApplicationID }}),
		customFields: newTable[*CustomField](),
		customOptions: newTable(
			parentKey[*CustomFieldOption]{"custom_field_id", func(p *CustomFieldOption) int64 { return p.CustomFieldID }}),
		candidateTags: newTable[*CandidateTag](),
		appliedTags: newTable(
			parentKey[*AppliedCandidateTag]{"candidate_id", func(p *AppliedCandidateTag) int64 { return p.CandidateID }},
			parentKey[*AppliedCandidateTag]{"candidate_tag_id", func(p *AppliedCandidateTag) int64 { return p.CandidateTagID }}),
		userRoles:    newTable[*UserRole](),
		tagByName:    map[string]*CandidateTag{},
		optionByName: map[string]*CustomFieldOption{},
		last:         map[string]int64{},
		jobInterview: map[int64]*JobInterview{},
	}
}

// newID hands out the next id of a resource. Ids leave small, stable gaps
// (as a busy multi-tenant database would) so clients cannot assume that
// ids are contiguous.
func (s *store) newID(res string) int64 {
	last, ok := s.last[res]
	if !ok {
		last = idBase[res]
	}
	h := splitmix(uint64(last) ^ uint64(len(res))<<56)
	gap := int64(1)
	if h%5 == 0 {
		gap += int64(h>>8) % 4
	}
	s.last[res] = last + gap
	return last + gap
}

// assignIDs sorts records created out of order by creation time and gives
// them ascending ids, as a real database would have, then rebuilds indexes.
func assignIDs[P row](s *store, t *table[P], res string) {
	slices.SortStableFunc(t.rows, func(a, b P) int {
		return a.meta().CreatedAt.Compare(b.meta().CreatedAt)
	})
	for _, r := range t.rows {
		r.meta().ID = s.newID(res)
	}
	t.reindex()
}

// counts reports the number of records per v3 resource.
func (s *store) counts() map[string]int {
	return map[string]int{
		resCandidates:         len(s.candidates.rows),
		resApplications:       len(s.applications.rows),
		resAttachments:        len(s.attachments.rows),
		resApplicationStages:  len(s.applicationStages.rows),
		resJobs:               len(s.jobs.rows),
		resJobPosts:           len(s.jobPosts.rows),
		resJobInterviewStages: len(s.stages.rows),
		resJobHiringManagers:  len(s.hiringManagers.rows),
		resJobOwners:          len(s.jobOwners.rows),
		resOpenings:           len(s.openings.rows),
		resInterviews:         len(s.interviews.rows),
		resScorecards:         len(s.scorecards.rows),
		resOffers:             len(s.offers.rows),
		resUsers:              len(s.users.rows),
		resDepartments:        len(s.departments.rows),
		resOffices:            len(s.offices.rows),
		resSources:            len(s.sources.rows),
		resRejectionReasons:   len(s.rejectionReasons.rows),
		resCloseReasons:       len(s.closeReasons.rows),
		resNotes:              len(s.notes.rows),
		resEducations:         len(s.educations.rows),
		resEmployments:        len(s.employments.rows),
		resCustomFields:       len(s.customFields.rows),
		resCustomFieldOptions: len(s.customOptions.rows),
		resCandidateTags:      len(s.candidateTags.rows),
		resAppliedTags:        len(s.appliedTags.rows),
		resUserRoles:          len(s.userRoles.rows),
		resRejectionDetails:   len(rejectionDetails(s)),
		resProspectDetails:    len(prospectDetails(s)),
		resEEOC:               len(eeocs(s)),
		resJobPostLocations:   len(jobPostLocations(s)),
	}
}

// touch bumps updated_at, never moving it backwards.
func touch(m *Meta, at time.Time) {
	if at.After(m.UpdatedAt) {
		m.UpdatedAt = at
	}
}

// latest returns the later of two times.
func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// splitmix is a tiny, good-quality integer hash (SplitMix64 finaliser).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
