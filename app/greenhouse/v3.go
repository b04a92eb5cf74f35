package greenhouse

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// Harvest v3 wire shapes and their mapping to db records: the one place
// that knows v3 field names. Source: Greenhouse's own v3 reference as of
// June 2026, ../shared/fixtures/greenhouse/harvest_v3_endpoints.json (the
// fields of every GET endpoint) with harvest_v3_inventory.md (notes per
// endpoint). Every v3 resource carries id, created_at and updated_at.

type v3Stamps struct {
	CreatedAt ghTime `json:"created_at"`
	UpdatedAt ghTime `json:"updated_at"`
}

type v3Named struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type v3Department struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	ParentID   int64  `json:"parent_id"`
	ExternalID string `json:"external_id"`
	v3Stamps
}

type v3Office struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Location   text   `json:"location"` // string or {"name"}: not confirmed
	ParentID   int64  `json:"parent_id"`
	ExternalID string `json:"external_id"`
	v3Stamps
}

// v3Typed covers sources (type {id,name}) and rejection reasons (type
// {id,key,name}).
type v3Typed struct {
	ID   int64    `json:"id"`
	Name string   `json:"name"`
	Type *v3Named `json:"type"`
	v3Stamps
}

// v3CloseReason has no type.
type v3CloseReason struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	v3Stamps
}

func (t v3Typed) typeName() string {
	if t.Type == nil {
		return ""
	}
	return t.Type.Name
}

type v3User struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Name         string `json:"name"`
	PrimaryEmail string `json:"primary_email"` // v1 primary_email_address
	EmployeeID   string `json:"employee_id"`
	Deactivated  bool   `json:"deactivated"` // v1 disabled
	SiteAdmin    bool   `json:"site_admin"`
	v3Stamps
}

type v3Job struct {
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	RequisitionID string  `json:"requisition_id"`
	Notes         string  `json:"notes"`
	Confidential  bool    `json:"confidential"`
	Status        string  `json:"status"`
	IsTemplate    bool    `json:"is_template"`
	DepartmentID  int64   `json:"department_id"` // v1 departments[]
	OfficeIDs     []int64 `json:"office_ids"`    // v1 offices[]
	OpenedAt      ghTime  `json:"opened_at"`
	ClosedAt      ghTime  `json:"closed_at"`
	v3Stamps
}

// v3JobPost has no location: a post's locations are a resource of their own
// (job_post_locations), which Shortlist does not read.
type v3JobPost struct {
	ID               int64  `json:"id"`
	JobID            int64  `json:"job_id"`
	Title            string `json:"title"`
	Content          string `json:"content"`
	InternalContent  string `json:"internal_content"`
	Internal         bool   `json:"internal"`
	Live             bool   `json:"live"`
	Active           bool   `json:"active"`
	FirstPublishedAt ghTime `json:"first_published_at"`
	v3Stamps
}

type v3JobInterviewStage struct {
	ID        int64  `json:"id"`
	JobID     int64  `json:"job_id"`
	Name      string `json:"name"`
	SortOrder int    `json:"sort_order"` // v1 priority
	Active    bool   `json:"active"`
	v3Stamps
}

type v3JobHiringManager struct {
	ID     int64 `json:"id"`
	JobID  int64 `json:"job_id"`
	UserID int64 `json:"user_id"`
	v3Stamps
}

// v3JobOwner: type is recruiter, coordinator or sourcer; responsible marks
// the recruiter or coordinator new applications are assigned to.
type v3JobOwner struct {
	ID          int64  `json:"id"`
	JobID       int64  `json:"job_id"`
	UserID      int64  `json:"user_id"`
	Type        string `json:"type"`
	Responsible bool   `json:"responsible"`
	v3Stamps
}

type v3Opening struct {
	ID            int64  `json:"id"`
	JobID         int64  `json:"job_id"`
	OpeningID     string `json:"opening_id"`
	Open          bool   `json:"open"` // v1 status "open"|"closed"
	ApplicationID int64  `json:"application_id"`
	CloseReasonID int64  `json:"close_reason_id"` // v1 close_reason{id}
	OpenedAt      ghTime `json:"opened_at"`
	ClosedAt      ghTime `json:"closed_at"`
	v3Stamps
}

type v3Candidate struct {
	ID             int64        `json:"id"`
	FirstName      string       `json:"first_name"`
	LastName       string       `json:"last_name"`
	Company        string       `json:"company"`
	Title          string       `json:"title"`
	Private        bool         `json:"private"` // v1 is_private
	CanEmail       bool         `json:"can_email"`
	Tags           []string     `json:"tags"`
	EmailAddresses []db.Contact `json:"email_addresses"`
	PhoneNumbers   []db.Contact `json:"phone_numbers"`
	LastActivityAt ghTime       `json:"last_activity_at"` // v1 last_activity
	v3Stamps
}

// v3Education names the school, degree and discipline by custom field
// option: the names come from /v3/custom_field_options (see
// Client.resolveOptions). Dates come as start_at/end_at, and as month and
// year parts when only those are known.
type v3Education struct {
	ID                            int64  `json:"id"`
	CandidateID                   int64  `json:"candidate_id"`
	SchoolNameCustomFieldOptionID int64  `json:"school_name_custom_field_option_id"`
	DegreeCustomFieldOptionID     int64  `json:"degree_custom_field_option_id"`
	DisciplineCustomFieldOptionID int64  `json:"discipline_custom_field_option_id"`
	StartAt                       ghTime `json:"start_at"`
	StartDateMonth                int    `json:"start_date_month"`
	StartDateYear                 int    `json:"start_date_year"`
	EndAt                         ghTime `json:"end_at"`
	EndDateMonth                  int    `json:"end_date_month"`
	EndDateYear                   int    `json:"end_date_year"`
	v3Stamps
}

// monthYear is the first day of a month given as parts; a missing month
// means January, a missing year no date.
func monthYear(month, year int) time.Time {
	if year <= 0 {
		return time.Time{}
	}
	if month < 1 || month > 12 {
		month = 1
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
}

type v3Employment struct {
	ID          int64  `json:"id"`
	CandidateID int64  `json:"candidate_id"`
	CompanyName string `json:"company_name"`
	Title       string `json:"title"`
	StartDate   ghTime `json:"start_date"`
	EndDate     ghTime `json:"end_date"` // null while current
	v3Stamps
}

// v3Application: a prospect application has job_id null and lists the
// jobs it is considered for in prospective_job_ids. stage_id is the
// application's own application_stages record, not the plan's stage (v1
// current_stage.id): the sync takes that from the record.
type v3Application struct {
	ID                int64   `json:"id"`
	CandidateID       int64   `json:"candidate_id"`
	JobID             int64   `json:"job_id"` // v1 jobs[0]
	JobPostID         int64   `json:"job_post_id"`
	Prospect          bool    `json:"prospect"`
	ProspectiveJobIDs []int64 `json:"prospective_job_ids"` // v1 a prospect's jobs
	Status            string  `json:"status"`
	StageID           int64   `json:"stage_id"`
	StageName         string  `json:"stage_name"` // v1 current_stage.name
	SourceID          int64   `json:"source_id"`
	ReferrerID        int64   `json:"referrer_id"` // v1 credited_to
	RecruiterID       int64   `json:"recruiter_id"`
	CoordinatorID     int64   `json:"coordinator_id"`
	RejectionReasonID int64   `json:"rejection_reason_id"` // in Greenhouse's schema since the June 2026 reference
	RejectedAt        ghTime  `json:"rejected_at"`
	LastActivityAt    ghTime  `json:"last_activity_at"`
	v3Stamps                  // created_at is v1 applied_at
}

type v3ApplicationStage struct {
	ID                  int64  `json:"id"`
	ApplicationID       int64  `json:"application_id"`
	JobInterviewStageID int64  `json:"job_interview_stage_id"`
	EnteredAt           ghTime `json:"entered_at"`
	ExitedAt            ghTime `json:"exited_at"`
	Current             bool   `json:"current"`
	v3Stamps
}

type v3Attachment struct {
	ID            int64  `json:"id"`
	CandidateID   int64  `json:"candidate_id"`
	ApplicationID int64  `json:"application_id"`
	Type          string `json:"type"`
	Filename      string `json:"filename"`
	URL           string `json:"url"`
	v3Stamps
}

type v3Interview struct {
	ID             int64  `json:"id"`
	ApplicationID  int64  `json:"application_id"`
	JobID          int64  `json:"job_id"`
	JobInterviewID int64  `json:"job_interview_id"` // v1 interview.id
	OrganizerID    int64  `json:"organizer_id"`     // v1 organizer.id
	Status         string `json:"status"`
	Location       text   `json:"location"`
	StartsAt       ghTime `json:"starts_at"` // v1 start.date_time
	EndsAt         ghTime `json:"ends_at"`
	AllDayStartOn  ghTime `json:"all_day_start_on"` // v1 start.date
	AllDayEndOn    ghTime `json:"all_day_end_on"`
	v3Stamps
}

type v3Scorecard struct {
	ID              int64  `json:"id"`
	ApplicationID   int64  `json:"application_id"`
	InterviewerID   int64  `json:"interviewer_id"`
	SubmitterID     int64  `json:"submitter_id"`     // v1 submitted_by.id
	CandidateRating string `json:"candidate_rating"` // v1 overall_recommendation
	Status          string `json:"status"`
	InterviewedAt   ghTime `json:"interviewed_at"`
	SubmittedAt     ghTime `json:"submitted_at"`
	v3Stamps
}

type v3Offer struct {
	ID            int64  `json:"id"`
	Version       int    `json:"version"`
	ApplicationID int64  `json:"application_id"`
	JobID         int64  `json:"job_id"`
	CandidateID   int64  `json:"candidate_id"`
	Status        string `json:"status"`    // Created|Accepted|Rejected|Deprecated
	StartsOn      ghTime `json:"starts_on"` // v1 starts_at
	SentOn        ghTime `json:"sent_on"`   // v1 sent_at
	ResolvedAt    ghTime `json:"resolved_at"`
	v3Stamps
}

// v3Note: Shortlist keeps a note's text; e-mail notes also carry email_from,
// email_to, email_cc and email_attachment_file_names, kept in Raw.
type v3Note struct {
	ID            int64  `json:"id"`
	CandidateID   int64  `json:"candidate_id"`
	ApplicationID int64  `json:"application_id"`
	UserID        int64  `json:"user_id"`
	Type          string `json:"type"`       // NOTE|EMAIL|ACTIVITY|…
	Visibility    string `json:"visibility"` // publicly_visible|privately_visible|admin_only_visible
	Body          string `json:"body"`
	v3Stamps
}

// v3EEOCAnswer is one self-identification answer: an id in Greenhouse's
// fixed federal list and its description; null when left blank.
type v3EEOCAnswer struct {
	ID          int64  `json:"id"`
	Description string `json:"description"`
}

func (a *v3EEOCAnswer) parts() (int64, string) {
	if a == nil {
		return 0, ""
	}
	return a.ID, a.Description
}

// v3EEOC is one application's answers. Shortlist keeps sex and
// race/ethnicity only (db.EEOC); the veteran and disability answers are
// not read.
type v3EEOC struct {
	ID            int64         `json:"id"`
	ApplicationID int64         `json:"application_id"`
	CandidateID   int64         `json:"candidate_id"`
	Gender        *v3EEOCAnswer `json:"gender"`
	Race          *v3EEOCAnswer `json:"race"`
	SubmittedAt   ghTime        `json:"submitted_at"`
	v3Stamps
}

func (w v3EEOC) record(ghID int64, created, updated time.Time) db.EEOC {
	e := db.EEOC{ApplicationID: w.ApplicationID, GHID: ghID, CandidateID: w.CandidateID, SubmittedAt: w.SubmittedAt.Time,
		CreatedAt: created, UpdatedAt: updated}
	e.GenderID, e.Gender = w.Gender.parts()
	e.RaceID, e.Race = w.Race.parts()
	return e
}

// v3Mapping maps one v3 list element of a resource into a Batch; wire is
// the element's Go shape, whose JSON names the tests hold to Greenhouse's
// reference.
type v3Mapping struct {
	fn   func(json.RawMessage, *Batch) error
	wire reflect.Type
}

func v3mapper[W any](f func(W, json.RawMessage, *Batch)) v3Mapping {
	return v3Mapping{fn: mapper(f), wire: reflect.TypeFor[W]()}
}

// v3Maps maps one v3 list element of each resource into a Batch.
var v3Maps = map[Resource]v3Mapping{
	Departments: v3mapper(func(w v3Department, raw json.RawMessage, b *Batch) {
		b.Departments = append(b.Departments, db.Department{ID: w.ID, ParentID: w.ParentID, Name: w.Name,
			ExternalID: w.ExternalID, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Offices: v3mapper(func(w v3Office, raw json.RawMessage, b *Batch) {
		b.Offices = append(b.Offices, db.Office{ID: w.ID, ParentID: w.ParentID, Name: w.Name, Location: string(w.Location),
			ExternalID: w.ExternalID, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Sources: v3mapper(func(w v3Typed, raw json.RawMessage, b *Batch) {
		b.Sources = append(b.Sources, db.Source{ID: w.ID, Name: w.Name, TypeName: w.typeName(),
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	RejectionReasons: v3mapper(func(w v3Typed, raw json.RawMessage, b *Batch) {
		b.RejectionReasons = append(b.RejectionReasons, db.RejectionReason{ID: w.ID, Name: w.Name, TypeName: w.typeName(),
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	CloseReasons: v3mapper(func(w v3CloseReason, raw json.RawMessage, b *Batch) {
		b.CloseReasons = append(b.CloseReasons, db.CloseReason{ID: w.ID, Name: w.Name,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Users: v3mapper(func(w v3User, raw json.RawMessage, b *Batch) {
		b.Users = append(b.Users, db.User{ID: w.ID, FirstName: w.FirstName, LastName: w.LastName, Name: w.Name,
			PrimaryEmail: w.PrimaryEmail, EmployeeID: w.EmployeeID, Deactivated: w.Deactivated, SiteAdmin: w.SiteAdmin,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Jobs: v3mapper(func(w v3Job, raw json.RawMessage, b *Batch) {
		b.Jobs = append(b.Jobs, db.Job{ID: w.ID, DepartmentID: w.DepartmentID, Name: w.Name, RequisitionID: w.RequisitionID,
			Status: w.Status, Notes: w.Notes, Confidential: w.Confidential, IsTemplate: w.IsTemplate, OfficeIDs: w.OfficeIDs,
			OpenedAt: w.OpenedAt.Time, ClosedAt: w.ClosedAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	JobPosts: v3mapper(func(w v3JobPost, raw json.RawMessage, b *Batch) {
		b.JobPosts = append(b.JobPosts, db.JobPost{ID: w.ID, JobID: w.JobID, Title: w.Title,
			Content: w.Content, InternalContent: w.InternalContent, Internal: w.Internal, Live: w.Live, Active: w.Active,
			FirstPublishedAt: w.FirstPublishedAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	JobInterviewStages: v3mapper(func(w v3JobInterviewStage, raw json.RawMessage, b *Batch) {
		b.JobInterviewStages = append(b.JobInterviewStages, db.JobInterviewStage{ID: w.ID, JobID: w.JobID, Name: w.Name,
			SortOrder: w.SortOrder, Active: w.Active, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	JobHiringManagers: v3mapper(func(w v3JobHiringManager, raw json.RawMessage, b *Batch) {
		b.JobHiringManagers = append(b.JobHiringManagers, db.JobHiringManager{JobID: w.JobID, UserID: w.UserID, GHID: w.ID,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	JobOwners: v3mapper(func(w v3JobOwner, raw json.RawMessage, b *Batch) {
		b.JobOwners = append(b.JobOwners, db.JobOwner{JobID: w.JobID, UserID: w.UserID, Type: ownerType(w.Type),
			Responsible: w.Responsible, GHID: w.ID, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Openings: v3mapper(func(w v3Opening, raw json.RawMessage, b *Batch) {
		b.Openings = append(b.Openings, db.Opening{ID: w.ID, JobID: w.JobID, ApplicationID: w.ApplicationID,
			CloseReasonID: w.CloseReasonID, OpeningID: w.OpeningID, Open: w.Open, OpenedAt: w.OpenedAt.Time,
			ClosedAt: w.ClosedAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Candidates: v3mapper(func(w v3Candidate, raw json.RawMessage, b *Batch) {
		b.Candidates = append(b.Candidates, db.Candidate{ID: w.ID, FirstName: w.FirstName, LastName: w.LastName,
			Company: w.Company, Title: w.Title, Private: w.Private, CanEmail: w.CanEmail, Tags: w.Tags,
			EmailAddresses: w.EmailAddresses, PhoneNumbers: w.PhoneNumbers, LastActivityAt: w.LastActivityAt.Time,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	CandidateEducations: v3mapper(func(w v3Education, raw json.RawMessage, b *Batch) {
		e := db.CandidateEducation{ID: w.ID, CandidateID: w.CandidateID, SchoolNameOptionID: w.SchoolNameCustomFieldOptionID,
			DegreeOptionID: w.DegreeCustomFieldOptionID, DisciplineOptionID: w.DisciplineCustomFieldOptionID,
			StartDate: w.StartAt.Time, EndDate: w.EndAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw}
		if e.StartDate.IsZero() {
			e.StartDate = monthYear(w.StartDateMonth, w.StartDateYear)
		}
		if e.EndDate.IsZero() {
			e.EndDate = monthYear(w.EndDateMonth, w.EndDateYear)
		}
		b.Educations = append(b.Educations, e)
	}),
	CandidateEmployments: v3mapper(func(w v3Employment, raw json.RawMessage, b *Batch) {
		b.Employments = append(b.Employments, db.CandidateEmployment{ID: w.ID, CandidateID: w.CandidateID,
			CompanyName: w.CompanyName, Title: w.Title, StartDate: w.StartDate.Time, EndDate: w.EndDate.Time,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Applications: v3mapper(func(w v3Application, raw json.RawMessage, b *Batch) {
		if len(w.ProspectiveJobIDs) == 0 {
			w.ProspectiveJobIDs = nil // as v1 maps none
		}
		b.Applications = append(b.Applications, db.Application{ID: w.ID, CandidateID: w.CandidateID, JobID: w.JobID,
			JobPostID: w.JobPostID, Prospect: w.Prospect, ProspectiveJobIDs: w.ProspectiveJobIDs,
			Status: applicationStatus(w.Status), ApplicationStageID: w.StageID, StageName: w.StageName, SourceID: w.SourceID, ReferrerID: w.ReferrerID, RecruiterID: w.RecruiterID,
			CoordinatorID: w.CoordinatorID, RejectionReasonID: w.RejectionReasonID, RejectedAt: w.RejectedAt.Time,
			LastActivityAt: w.LastActivityAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	ApplicationStages: v3mapper(func(w v3ApplicationStage, raw json.RawMessage, b *Batch) {
		b.ApplicationStages = append(b.ApplicationStages, db.ApplicationStage{ID: w.ID, ApplicationID: w.ApplicationID,
			JobInterviewStageID: w.JobInterviewStageID, EnteredAt: w.EnteredAt.Time, ExitedAt: w.ExitedAt.Time,
			Current: w.Current, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Attachments: v3mapper(func(w v3Attachment, raw json.RawMessage, b *Batch) {
		b.Attachments = append(b.Attachments, db.Attachment{GHID: w.ID, CandidateID: w.CandidateID,
			ApplicationID: w.ApplicationID, Type: w.Type, Filename: w.Filename, URL: w.URL,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Interviews: v3mapper(func(w v3Interview, raw json.RawMessage, b *Batch) {
		b.Interviews = append(b.Interviews, db.Interview{ID: w.ID, ApplicationID: w.ApplicationID, JobID: w.JobID,
			JobInterviewID: w.JobInterviewID, OrganizerID: w.OrganizerID, Status: w.Status, Location: string(w.Location),
			StartsAt: first(w.StartsAt, w.AllDayStartOn), EndsAt: first(w.EndsAt, w.AllDayEndOn),
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Scorecards: v3mapper(func(w v3Scorecard, raw json.RawMessage, b *Batch) {
		b.Scorecards = append(b.Scorecards, db.Scorecard{ID: w.ID, ApplicationID: w.ApplicationID,
			InterviewerID: w.InterviewerID, SubmitterID: w.SubmitterID, CandidateRating: rating(w.CandidateRating),
			Status: w.Status, InterviewedAt: w.InterviewedAt.Time, SubmittedAt: w.SubmittedAt.Time,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Offers: v3mapper(func(w v3Offer, raw json.RawMessage, b *Batch) {
		b.Offers = append(b.Offers, db.Offer{ID: w.ID, ApplicationID: w.ApplicationID, JobID: w.JobID,
			CandidateID: w.CandidateID, Version: w.Version, Status: offerStatus(w.Status), StartsOn: w.StartsOn.Time,
			SentOn: w.SentOn.Time, ResolvedAt: w.ResolvedAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	EEOC: v3mapper(func(w v3EEOC, _ json.RawMessage, b *Batch) {
		// The raw answer is not kept (db.EEOC).
		b.EEOC = append(b.EEOC, w.record(w.ID, w.CreatedAt.Time, w.UpdatedAt.Time))
	}),
	Notes: v3mapper(func(w v3Note, raw json.RawMessage, b *Batch) {
		b.Notes = append(b.Notes, db.Note{ID: w.ID, CandidateID: w.CandidateID, ApplicationID: w.ApplicationID,
			UserID: w.UserID, Type: noteType(w.Type), Visibility: visibility(w.Visibility), Body: w.Body,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
}

// deferral describes the items of a v3 page Greenhouse was still
// processing: {"message": …} in place of a record (the candidate list's
// documented oneOf). See Page.Deferred.
type deferral struct {
	count int
	// floor is the earliest created_at of the records that follow a
	// processing item on the page; zero when none does.
	floor time.Time
	// atEnd: a processing item is followed by no dated record on the page.
	atEnd bool
	// first is the created_at of the page's first dated record.
	first time.Time
}

// v3Peek reads what every v3 list item has, before its mapping.
type v3Peek struct {
	ID        int64   `json:"id"`
	Message   *string `json:"message"`
	CreatedAt ghTime  `json:"created_at"`
}

// decodeV3 maps a v3 list answer (a bare JSON array) of resource r. Items
// Greenhouse is still processing are left out and described in the
// deferral; any other item without an id is an error, since it cannot be
// stored.
func decodeV3(r Resource, body []byte) (Batch, deferral, error) {
	var b Batch
	var d deferral
	m, ok := v3Maps[r]
	if !ok {
		return b, d, fmt.Errorf("no v3 mapping for %s", r)
	}
	items, err := splitArray(body)
	if err != nil {
		return b, d, err
	}
	pending := false // a processing item waits for the next dated record
	for i, it := range items {
		var pk v3Peek
		if err := json.Unmarshal(it, &pk); err != nil {
			return b, d, fmt.Errorf("item %d: %w", i+1, err)
		}
		if pk.ID == 0 {
			if pk.Message == nil {
				return b, d, fmt.Errorf("item %d is a record without an id", i+1)
			}
			d.count++
			pending = true
			continue
		}
		if err := m.fn(compact(it), &b); err != nil {
			return b, d, fmt.Errorf("item %d (id %d): %w", i+1, pk.ID, err)
		}
		if t := pk.CreatedAt.Time; !t.IsZero() {
			if d.first.IsZero() {
				d.first = t
			}
			if pending && (d.floor.IsZero() || t.Before(d.floor)) {
				d.floor = t
			}
			pending = false
		}
	}
	d.atEnd = pending
	return b, d, nil
}

// Value vocabularies. Shortlist stores one vocabulary whatever the version:
// v3's words, lower case, except note visibility, which keeps the short
// words both versions write (public, private, admin_only).

// applicationStatus: v3 reads back in_process where v1 and the v3 filter
// say active.
func applicationStatus(s string) string {
	if s == "in_process" {
		return db.StatusActive
	}
	return s
}

// offerStatus: v3 Created|Accepted|Rejected|Deprecated; v1 unresolved|
// accepted|rejected|deprecated, where unresolved is v3's Created.
func offerStatus(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "unresolved" {
		return "created"
	}
	return s
}

// rating: v3 strong_no|no|yes|strong_yes|no_decision; v1 says
// definitely_not for strong_no.
func rating(s string) string {
	if s == "definitely_not" {
		return "strong_no"
	}
	return s
}

// visibility: v3 reads back publicly_visible|privately_visible|
// admin_only_visible, v1 public|private|admin_only.
func visibility(s string) string {
	switch s {
	case "publicly_visible":
		return "public"
	case "privately_visible":
		return "private"
	case "admin_only_visible":
		return "admin_only"
	}
	return s
}

// noteType keeps v3's upper-case types (NOTE, EMAIL, ACTIVITY, …).
func noteType(s string) string { return strings.ToUpper(s) }

// ownerType: recruiter|coordinator|sourcer, whether Greenhouse says it in
// the singular, the plural (v1 hiring_team keys) or capitalised.
func ownerType(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "s")
}
