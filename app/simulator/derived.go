package simulator

import (
	"sort"
	"strings"
	"time"
)

// Resources that Greenhouse keeps beside the ones the generator writes:
// the custom field dictionary (with schools, degrees and disciplines), the
// tag list, user roles, and records derived from applications and job
// posts (rejection and prospect details, EEOC answers, post locations).

// derivedRows is a read-only table built from other records when a list is
// read, ordered by ascending id. It has no parent index, so parent filters
// scan it.
type derivedRows[P row] struct{ rows []P }

func (d derivedRows[P]) length() int                      { return len(d.rows) }
func (d derivedRows[P]) metaAt(i int) *Meta               { return d.rows[i].meta() }
func (d derivedRows[P]) rowAt(i int) row                  { return d.rows[i] }
func (d derivedRows[P]) parentRows(string, int64) []int32 { return nil }
func (d derivedRows[P]) posOf(id int64) (int, bool) {
	i := sort.Search(len(d.rows), func(i int) bool { return d.rows[i].meta().ID >= id })
	return i, i < len(d.rows) && d.rows[i].meta().ID == id
}

// derivedID gives a derived record the id of the record it derives from,
// moved into the derived resource's own range: unique, stable, and in the
// same order as its source.
func derivedID(res, from string, id int64) int64 { return idBase[res] + id - idBase[from] }

// rejectionDetails lists one rejection per rejected application.
func rejectionDetails(st *store) []*RejectionDetail {
	var out []*RejectionDetail
	for _, a := range st.applications.rows {
		if a.Status != StatusRejected || a.RejectedAt.IsZero() {
			continue
		}
		d := &RejectionDetail{Meta: Meta{ID: derivedID(resRejectionDetails, resApplications, a.ID), CreatedAt: a.RejectedAt,
			UpdatedAt: a.RejectedAt}, ApplicationID: a.ID, RejectionReasonID: a.RejectionReasonID, RejectedAt: a.RejectedAt}
		// The rejection wrote an activity note; its author rejected.
		for _, n := range st.notes.children("application_id", a.ID) {
			if n.Type == "ACTIVITY" && n.Subject == "Candidate Rejected" && n.CreatedAt.Equal(a.RejectedAt) {
				d.RejectionNoteID, d.RejectedByID = n.ID, n.UserID
			}
		}
		out = append(out, d)
	}
	return out
}

// Prospect pools and their stages. The simulator does not serve
// prospect_pools, but prospect details point into them as Greenhouse's do.
var (
	prospectPools      = []int64{224, 227, 231}
	prospectPoolStages = map[int64][]int64{224: {817, 818, 819}, 227: {826, 827}, 231: {840, 841, 842}}
)

// prospectDetails lists the pipeline state of every prospect application.
func prospectDetails(st *store) []*ProspectDetail {
	var out []*ProspectDetail
	for _, a := range st.applications.rows {
		if !a.Prospect {
			continue
		}
		h := splitmix(uint64(a.ID) ^ 0x9d)
		pool := prospectPools[h%uint64(len(prospectPools))]
		stages := prospectPoolStages[pool]
		d := &ProspectDetail{Meta: Meta{ID: derivedID(resProspectDetails, resApplications, a.ID), CreatedAt: a.CreatedAt,
			UpdatedAt: a.UpdatedAt}, ApplicationID: a.ID, PoolID: pool, PoolStageID: stages[(h>>8)%uint64(len(stages))],
			ProspectOwnerID: a.ReferrerID}
		if len(a.ProspectiveJobIDs) > 0 {
			if j, ok := st.jobs.get(a.ProspectiveJobIDs[0]); ok {
				d.DepartmentID = j.DepartmentID
				if len(j.OfficeIDs) > 0 {
					d.OfficeID = j.OfficeIDs[0]
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// The US federal self-identification answers, as Greenhouse numbers them.
var (
	eeocGender = []EEOCAnswer{{1, "Male"}, {2, "Female"}, {3, "Decline To Self Identify"}}
	eeocRace   = []EEOCAnswer{{1, "American Indian or Alaskan Native"}, {2, "Asian"}, {3, "Black or African American"},
		{4, "Hispanic or Latino"}, {5, "White"}, {6, "Native Hawaiian or Other Pacific Islander"}, {7, "Two or More Races"},
		{8, "Decline To Self Identify"}}
	eeocVeteran = []EEOCAnswer{{1, "I am not a protected veteran"},
		{2, "I identify as one or more of the classifications of protected veteran"}, {3, "I don't wish to answer"}}
	eeocDisability = []EEOCAnswer{{1, "Yes, I have a disability (or previously had a disability)"},
		{2, "No, I don't have a disability"}, {3, "I don't wish to answer"}}
	eeocGenderW     = []int{48, 47, 5}
	eeocRaceW       = []int{1, 12, 12, 15, 50, 1, 4, 5}
	eeocVeteranW    = []int{88, 5, 7}
	eeocDisabilityW = []int{84, 8, 8}
)

// eeocShare is the share of applications sent through a job post that
// come with self-identification answers; the survey is voluntary.
const eeocShare = 40

// hashPick picks from xs by weights with the hash h.
func hashPick(h uint64, xs []EEOCAnswer, weights []int) *EEOCAnswer {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := int(h % uint64(total))
	for i, w := range weights {
		if n < w {
			return &xs[i]
		}
		n -= w
	}
	return &xs[len(xs)-1]
}

// eeocs lists the survey answers: for a share of the applications sent
// through a job post, with each person answering the same way every time
// and skipping a question now and then. The answers are hashed from ids,
// so they are independent of the hidden fit and of every decision (see
// decisions.go): the simulated recruiters are unbiased, and a bias audit
// of a ranker that ignores them finds impact ratios near 1 up to sampling
// noise, which small groups make large.
func eeocs(st *store) []*EEOC {
	var out []*EEOC
	for _, a := range st.applications.rows {
		if a.Prospect || a.JobPostID == 0 || splitmix(uint64(a.ID)^0xee0c)%100 >= eeocShare {
			continue
		}
		e := &EEOC{Meta: Meta{ID: derivedID(resEEOC, resApplications, a.ID), CreatedAt: a.CreatedAt, UpdatedAt: a.CreatedAt},
			ApplicationID: a.ID, CandidateID: a.CandidateID, SubmittedAt: a.CreatedAt}
		answer := func(salt uint64, xs []EEOCAnswer, w []int) *EEOCAnswer {
			if splitmix(uint64(a.ID)^salt)%100 < 6 {
				return nil // skipped
			}
			return hashPick(splitmix(uint64(a.CandidateID)^salt), xs, w)
		}
		e.Gender = answer(0x61, eeocGender, eeocGenderW)
		e.Race = answer(0x72, eeocRace, eeocRaceW)
		e.VeteranStatus = answer(0x76, eeocVeteran, eeocVeteranW)
		e.DisabilityStatus = answer(0x64, eeocDisability, eeocDisabilityW)
		out = append(out, e)
	}
	return out
}

// jobPostLocations lists one location per job post: its office when the
// post is in one office, else the post's text.
func jobPostLocations(st *store) []*JobPostLocation {
	out := make([]*JobPostLocation, 0, len(st.jobPosts.rows))
	for _, p := range st.jobPosts.rows {
		l := &JobPostLocation{Meta: Meta{ID: derivedID(resJobPostLocations, resJobPosts, p.ID), CreatedAt: p.CreatedAt,
			UpdatedAt: p.CreatedAt}, JobPostID: p.ID, Type: "free_text", PlainTextLocation: p.Location}
		if o, ok := st.offices.get(p.OfficeID); ok && o.Location == p.Location {
			l.Type, l.OfficeID, l.PlainTextLocation = "office", o.ID, ""
		}
		out = append(out, l)
	}
	return out
}

// currentAppStage is the application_stages row of the stage the
// application is in (v3 application.stage_id), or nil.
func currentAppStage(st *store, a *Application) *ApplicationStage {
	if a.StageID == 0 {
		return nil
	}
	var cur *ApplicationStage
	for _, as := range st.applicationStages.children("application_id", a.ID) {
		if as.JobInterviewStageID == a.StageID && (cur == nil || !as.EnteredAt.Before(cur.EnteredAt)) {
			cur = as
		}
	}
	return cur
}

// customFieldSpec describes one generated custom field and its options.
type customFieldSpec struct {
	name, key, fieldType, valueType, internal string
	private                                   bool
	options                                   []string
}

// customFieldSpecs are the custom fields the generated records use (see
// candidateCustomFields, applicationCustomFields, jobCustomFields and
// offerCustomFields) and the education fields.
func customFieldSpecs() []customFieldSpec {
	var disciplines []string
	seen := map[string]bool{}
	for _, f := range families {
		for _, d := range f.Disciplines {
			if !seen[d] {
				seen[d] = true
				disciplines = append(disciplines, d)
			}
		}
	}
	var degreeNames []string
	for _, d := range degrees {
		if !seen[d] {
			seen[d] = true
			degreeNames = append(degreeNames, d)
		}
	}
	employment := []string{"Full-time", "Part-time", "Contract", "Intern"}
	return []customFieldSpec{
		{name: "Desired Salary", key: "desired_salary", fieldType: "candidate", valueType: "short_text", private: true},
		{name: "Work Remotely", key: "work_remotely", fieldType: "candidate", valueType: "yes_no"},
		{name: "School Name", key: "school_name", fieldType: "candidate", valueType: "single_select", internal: "school_name", options: schools},
		{name: "Degree", key: "degree", fieldType: "candidate", valueType: "single_select", internal: "degree", options: degreeNames},
		{name: "Discipline", key: "discipline", fieldType: "candidate", valueType: "single_select", internal: "discipline", options: disciplines},
		{name: "Screening Notes", key: "screening_notes", fieldType: "application", valueType: "short_text"},
		{name: "Employment Type", key: "employment_type", fieldType: "job", valueType: "single_select", internal: "employment_type", options: employment},
		{name: "Salary Range", key: "salary_range", fieldType: "job", valueType: "currency_range"},
		{name: "Salary", key: "salary", fieldType: "offer", valueType: "currency", private: true},
		{name: "Employment Type", key: "employment_type", fieldType: "offer", valueType: "single_select", options: employment},
		{name: "Notes", key: "notes", fieldType: "offer", valueType: "long_text"},
		{name: ShortlistScoreField, key: ShortlistScoreKey, fieldType: "application", valueType: "number"},
	}
}

// genCustomFields writes the custom field dictionary. It uses no random
// numbers, so the rest of the generated account does not depend on it.
func (g *gen) genCustomFields() {
	st, t0 := g.st, ms(g.orgStart)
	for i, sp := range customFieldSpecs() {
		f := &CustomField{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: sp.name, NameKey: sp.key, FieldType: sp.fieldType,
			ValueType: sp.valueType, InternalType: sp.internal, Private: sp.private, Active: true, SortOrder: i}
		addRow(g, st.customFields, resCustomFields, f, false)
		for k, name := range sp.options {
			o := &CustomFieldOption{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, CustomFieldID: f.ID, Name: name, SortOrder: k, Active: true}
			if sp.internal != "" {
				o.ExternalID = sp.key + "-" + slugify(name)
			}
			addRow(g, st.customOptions, resCustomFieldOptions, o, false)
			st.optionByName[optionKey(sp.fieldType, sp.key, name)] = o
		}
	}
}

func optionKey(fieldType, key, name string) string { return fieldType + "\x00" + key + "\x00" + name }

// optionID is the id of the option named name of the fieldType field keyed
// key, or 0.
func (st *store) optionID(fieldType, key, name string) int64 {
	if o := st.optionByName[optionKey(fieldType, key, name)]; o != nil {
		return o.ID
	}
	return 0
}

// userRoleSpecs are Greenhouse's built-in roles plus two custom job admin
// roles.
var userRoleSpecs = []struct{ name, roleType string }{
	{"Site Admin", "site_admin"}, {"Standard", "job_admin"}, {"Private", "job_admin"},
	{"Recruiter", "job_admin"}, {"Coordinator", "job_admin"}, {"Interviewer", "deprecated_interviewer"},
}

func (g *gen) genUserRoles() {
	t0 := ms(g.orgStart)
	for _, r := range userRoleSpecs {
		addRow(g, g.st.userRoles, resUserRoles, &UserRole{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: r.name, RoleType: r.roleType}, false)
	}
}

// applyTags records c's tags in the tag list and on the candidate, for the
// tags not recorded yet.
func (g *gen) applyTags(c *Candidate, at time.Time) {
	st := g.st
	have := map[int64]bool{}
	for _, a := range st.appliedTags.children("candidate_id", c.ID) {
		have[a.CandidateTagID] = true
	}
	for _, name := range c.Tags {
		tag := st.tagByName[strings.ToLower(name)]
		if tag == nil {
			tag = &CandidateTag{Meta: Meta{CreatedAt: at, UpdatedAt: at}, Name: name}
			addRow(g, st.candidateTags, resCandidateTags, tag, false)
			st.tagByName[strings.ToLower(name)] = tag
		}
		if have[tag.ID] {
			continue
		}
		have[tag.ID] = true
		addRow(g, st.appliedTags, resAppliedTags, &AppliedCandidateTag{Meta: Meta{CreatedAt: at, UpdatedAt: at},
			CandidateID: c.ID, CandidateTagID: tag.ID}, false)
	}
}
