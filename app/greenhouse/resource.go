package greenhouse

import (
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// Resource names a kind of Greenhouse record. The name is the Harvest v3
// route and also the db table the records land in.
type Resource string

// Resources Shortlist reads. CustomFieldOptions is read only to name the
// schools, degrees and disciplines of educations; it has no table.
const (
	Departments          Resource = "departments"
	Offices              Resource = "offices"
	Sources              Resource = "sources"
	RejectionReasons     Resource = "rejection_reasons"
	CloseReasons         Resource = "close_reasons"
	Users                Resource = "users"
	Jobs                 Resource = "jobs"
	JobPosts             Resource = "job_posts"
	JobInterviewStages   Resource = "job_interview_stages"
	JobHiringManagers    Resource = "job_hiring_managers"
	JobOwners            Resource = "job_owners"
	Openings             Resource = "openings"
	Candidates           Resource = "candidates"
	CandidateEducations  Resource = "candidate_educations"
	CandidateEmployments Resource = "candidate_employments"
	Applications         Resource = "applications"
	ApplicationStages    Resource = "application_stages"
	Attachments          Resource = "attachments"
	Interviews           Resource = "interviews"
	Scorecards           Resource = "scorecards"
	Offers               Resource = "offers"
	Notes                Resource = "notes"
	// EEOC is the candidates' voluntary self-identification (v3 scope
	// harvest:eeoc:list): read for the bias audit only (see db.EEOC).
	EEOC               Resource = "eeoc"
	CustomFieldOptions Resource = "custom_field_options"
)

// allResources is parents before children, so a sync that walks in this
// order never stores a child before the record it points at.
var allResources = []Resource{Departments, Offices, Sources, RejectionReasons, CloseReasons, Users,
	Jobs, JobPosts, JobInterviewStages, JobHiringManagers, JobOwners, Openings,
	Candidates, CandidateEducations, CandidateEmployments, Applications, ApplicationStages, Attachments,
	Interviews, Scorecards, Offers, Notes, EEOC}

// label is the resource in words, for messages: "job posts".
func (r Resource) label() string { return strings.ReplaceAll(string(r), "_", " ") }

// v1Route describes how Harvest v1 serves a resource. Resources missing from
// v1Routes have no v1 list route: v1 embeds them in a parent.
type v1Route struct {
	path  string // under /v1/
	since string // incremental filter; "" when the route has none
	show  bool   // GET /v1/<path>/{id} exists
}

var v1Routes = map[Resource]v1Route{
	Departments:        {path: "departments", show: true},
	Offices:            {path: "offices", show: true},
	Sources:            {path: "sources"},
	RejectionReasons:   {path: "rejection_reasons"},
	CloseReasons:       {path: "close_reasons"},
	Users:              {path: "users", since: "updated_after", show: true},
	Jobs:               {path: "jobs", since: "updated_after", show: true},
	JobPosts:           {path: "job_posts", since: "updated_after", show: true},
	JobInterviewStages: {path: "job_stages", since: "updated_after", show: true},
	Candidates:         {path: "candidates", since: "updated_after", show: true},
	// v1 applications have no updated_after; last activity is the closest.
	Applications: {path: "applications", since: "last_activity_after", show: true},
	Interviews:   {path: "scheduled_interviews", since: "updated_after", show: true},
	Scorecards:   {path: "scorecards", since: "updated_after", show: true},
	Offers:       {path: "offers", since: "updated_after", show: true},
	// The answers do not change once submitted.
	EEOC: {path: "eeoc", since: "submitted_after"},
}

// v1Covers lists, for a v1 route, every table a full walk of it fills
// completely (the route's own plus the children v1 embeds in it).
var v1Covers = map[Resource][]Resource{
	Jobs:       {Jobs, JobHiringManagers, JobOwners, Openings},
	Candidates: {Candidates, CandidateEducations, CandidateEmployments, Attachments},
}

// Resources lists the routes a full sync walks for the connected version,
// parents first. v1 leaves out the children it embeds (see Covers) and notes,
// which v1 only serves per candidate (see CandidateNotes).
func (c *Client) Resources() []Resource {
	if c.version == V3 {
		return append([]Resource(nil), allResources...)
	}
	var out []Resource
	for _, r := range allResources {
		if _, ok := v1Routes[r]; ok {
			out = append(out, r)
		}
	}
	return out
}

// Covers lists the tables for which a complete walk of r returns every
// record, so the sync may delete rows of those tables that the walk did not
// see. In v3 that is r alone. A v1 jobs walk also covers hiring managers,
// owners and openings; a v1 candidates walk covers educations, employments
// and attachments. (A v1 applications page carries attachments too, but only
// some of them, so it does not cover the attachments table.)
func (c *Client) Covers(r Resource) []Resource {
	if c.version == V1 {
		if cov, ok := v1Covers[r]; ok {
			return append([]Resource(nil), cov...)
		}
	}
	return []Resource{r}
}

// Batch holds the records of one page, or one Get, mapped to db records.
// A v3 page fills only the slice of the resource walked; a v1 page also
// fills the slices of the children v1 embeds (a job's openings, a
// candidate's attachments, ...).
type Batch struct {
	Departments        []db.Department
	Offices            []db.Office
	Sources            []db.Source
	RejectionReasons   []db.RejectionReason
	CloseReasons       []db.CloseReason
	Users              []db.User
	Jobs               []db.Job
	JobPosts           []db.JobPost
	JobInterviewStages []db.JobInterviewStage
	JobHiringManagers  []db.JobHiringManager
	JobOwners          []db.JobOwner
	Openings           []db.Opening
	Candidates         []db.Candidate
	Educations         []db.CandidateEducation
	Employments        []db.CandidateEmployment
	Applications       []db.Application
	ApplicationStages  []db.ApplicationStage
	Attachments        []db.Attachment
	Interviews         []db.Interview
	Scorecards         []db.Scorecard
	Offers             []db.Offer
	Notes              []db.Note
	EEOC               []db.EEOC
}

// Len counts the records of every kind.
func (b *Batch) Len() int {
	return len(b.Departments) + len(b.Offices) + len(b.Sources) + len(b.RejectionReasons) + len(b.CloseReasons) +
		len(b.Users) + len(b.Jobs) + len(b.JobPosts) + len(b.JobInterviewStages) + len(b.JobHiringManagers) +
		len(b.JobOwners) + len(b.Openings) + len(b.Candidates) + len(b.Educations) + len(b.Employments) +
		len(b.Applications) + len(b.ApplicationStages) + len(b.Attachments) + len(b.Interviews) +
		len(b.Scorecards) + len(b.Offers) + len(b.Notes) + len(b.EEOC)
}

// Add appends o's records to b.
func (b *Batch) Add(o Batch) {
	b.Departments = append(b.Departments, o.Departments...)
	b.Offices = append(b.Offices, o.Offices...)
	b.Sources = append(b.Sources, o.Sources...)
	b.RejectionReasons = append(b.RejectionReasons, o.RejectionReasons...)
	b.CloseReasons = append(b.CloseReasons, o.CloseReasons...)
	b.Users = append(b.Users, o.Users...)
	b.Jobs = append(b.Jobs, o.Jobs...)
	b.JobPosts = append(b.JobPosts, o.JobPosts...)
	b.JobInterviewStages = append(b.JobInterviewStages, o.JobInterviewStages...)
	b.JobHiringManagers = append(b.JobHiringManagers, o.JobHiringManagers...)
	b.JobOwners = append(b.JobOwners, o.JobOwners...)
	b.Openings = append(b.Openings, o.Openings...)
	b.Candidates = append(b.Candidates, o.Candidates...)
	b.Educations = append(b.Educations, o.Educations...)
	b.Employments = append(b.Employments, o.Employments...)
	b.Applications = append(b.Applications, o.Applications...)
	b.ApplicationStages = append(b.ApplicationStages, o.ApplicationStages...)
	b.Attachments = append(b.Attachments, o.Attachments...)
	b.Interviews = append(b.Interviews, o.Interviews...)
	b.Scorecards = append(b.Scorecards, o.Scorecards...)
	b.Offers = append(b.Offers, o.Offers...)
	b.Notes = append(b.Notes, o.Notes...)
	b.EEOC = append(b.EEOC, o.EEOC...)
}

// Only returns the records of b that Get(r, ids) fetches for these ids: the
// records themselves and the children Get brings with them (a candidate's
// educations, employments, attachments and applications; a job's hiring
// managers, owners and openings; an application's attachments and stage
// history). It lets one Get serve several callers, each taking its own.
func (b *Batch) Only(r Resource, ids []int64) Batch {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var o Batch
	switch r {
	case Departments:
		o.Departments = pick(b.Departments, func(x db.Department) bool { return want[x.ID] })
	case Offices:
		o.Offices = pick(b.Offices, func(x db.Office) bool { return want[x.ID] })
	case Sources:
		o.Sources = pick(b.Sources, func(x db.Source) bool { return want[x.ID] })
	case RejectionReasons:
		o.RejectionReasons = pick(b.RejectionReasons, func(x db.RejectionReason) bool { return want[x.ID] })
	case CloseReasons:
		o.CloseReasons = pick(b.CloseReasons, func(x db.CloseReason) bool { return want[x.ID] })
	case Users:
		o.Users = pick(b.Users, func(x db.User) bool { return want[x.ID] })
	case Jobs:
		o.Jobs = pick(b.Jobs, func(x db.Job) bool { return want[x.ID] })
		o.JobHiringManagers = pick(b.JobHiringManagers, func(x db.JobHiringManager) bool { return want[x.JobID] })
		o.JobOwners = pick(b.JobOwners, func(x db.JobOwner) bool { return want[x.JobID] })
		o.Openings = pick(b.Openings, func(x db.Opening) bool { return want[x.JobID] })
	case JobPosts:
		o.JobPosts = pick(b.JobPosts, func(x db.JobPost) bool { return want[x.ID] })
	case JobInterviewStages:
		o.JobInterviewStages = pick(b.JobInterviewStages, func(x db.JobInterviewStage) bool { return want[x.ID] })
	case Openings:
		o.Openings = pick(b.Openings, func(x db.Opening) bool { return want[x.ID] })
	case Candidates:
		o.Candidates = pick(b.Candidates, func(x db.Candidate) bool { return want[x.ID] })
		o.Educations = pick(b.Educations, func(x db.CandidateEducation) bool { return want[x.CandidateID] })
		o.Employments = pick(b.Employments, func(x db.CandidateEmployment) bool { return want[x.CandidateID] })
		o.Attachments = pick(b.Attachments, func(x db.Attachment) bool { return want[x.CandidateID] })
		o.Applications = pick(b.Applications, func(x db.Application) bool { return want[x.CandidateID] })
	case CandidateEducations:
		o.Educations = pick(b.Educations, func(x db.CandidateEducation) bool { return want[x.ID] })
	case CandidateEmployments:
		o.Employments = pick(b.Employments, func(x db.CandidateEmployment) bool { return want[x.ID] })
	case Applications:
		o.Applications = pick(b.Applications, func(x db.Application) bool { return want[x.ID] })
		o.Attachments = pick(b.Attachments, func(x db.Attachment) bool { return want[x.ApplicationID] })
		o.ApplicationStages = pick(b.ApplicationStages, func(x db.ApplicationStage) bool { return want[x.ApplicationID] })
	case ApplicationStages:
		o.ApplicationStages = pick(b.ApplicationStages, func(x db.ApplicationStage) bool { return want[x.ID] })
	case Interviews:
		o.Interviews = pick(b.Interviews, func(x db.Interview) bool { return want[x.ID] })
	case Scorecards:
		o.Scorecards = pick(b.Scorecards, func(x db.Scorecard) bool { return want[x.ID] })
	case Offers:
		o.Offers = pick(b.Offers, func(x db.Offer) bool { return want[x.ID] })
	case Notes:
		o.Notes = pick(b.Notes, func(x db.Note) bool { return want[x.ID] })
	case EEOC:
		o.EEOC = pick(b.EEOC, func(x db.EEOC) bool { return want[x.GHID] })
	}
	return o
}

func pick[T any](xs []T, ok func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}

// Page is one page of a walk.
type Page struct {
	Batch
	// Next is the opaque position of the following page (the v3 cursor link
	// or the v1 next link); "" on the last page. Persist it after storing the
	// page and pass it as ListOptions.Resume to continue after a restart.
	Next string
	// Deferred counts the records Greenhouse was still processing: v3 lists
	// {"message": …} without an id in their place (documented for
	// candidates). They are not in the Batch and must be read by a later
	// pass, so the walk's high-water mark may not pass them. Lists run by
	// id, newest first, and ids follow creation, so a processing record was
	// created no earlier than any record after it: DeferredFloor is the
	// earliest created_at of the records right after a processing one on
	// this page (zero when none), and DeferredAtEnd says one is followed by
	// no dated record here, so the next page's FirstCreatedAt bounds it.
	Deferred       int
	DeferredFloor  time.Time
	DeferredAtEnd  bool
	FirstCreatedAt time.Time
}

// ListOptions narrows a walk.
type ListOptions struct {
	// UpdatedAfter keeps records updated at or after this instant; zero
	// means everything. v1 applications filter on last activity instead,
	// and the v1 lookup lists (departments, offices, sources, rejection and
	// close reasons) cannot filter, so they always come whole.
	UpdatedAfter time.Time
	// IDs, CandidateIDs, JobIDs and ApplicationIDs filter by record or
	// parent id (v3; at most 50 IDs). v1 supports IDs on candidates only;
	// use Get to fetch records by id in either version.
	IDs, CandidateIDs, JobIDs, ApplicationIDs []int64
	// Resume is a Page.Next from an earlier walk of the same resource: the
	// walk continues there and the filters above are ignored (the position
	// already carries them).
	Resume string
}
