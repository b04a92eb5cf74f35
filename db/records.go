package db

import (
	"encoding/json"
	"slices"
	"time"
)

// The record types below are Shortlist's internal form of Greenhouse data,
// shaped like Harvest v3 (children carry parent ids). The Harvest client maps
// both API versions into them, so the rest of the app never sees a wire
// format. A zero id or time means "none" and is stored as NULL. Raw is the
// record as Greenhouse sent it.

// Record is a Greenhouse record that can be upserted.
type Record interface {
	// Table is the table the record lives in.
	Table() string
	// fields lists column names with values, key columns first.
	fields() []field
	// keyCols is how many leading fields form the conflict key.
	keyCols() int
}

type field struct {
	name string
	val  any
}

// Contact is a typed value such as an email address or phone number.
type Contact struct {
	Value string `json:"value"`
	Type  string `json:"type,omitempty"`
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}

func rawText(r json.RawMessage) string {
	if len(r) == 0 {
		return "{}"
	}
	return string(r)
}

// Department is a Greenhouse department.
type Department struct {
	ID, ParentID         int64
	Name, ExternalID     string
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (Department) Table() string { return "departments" }
func (Department) keyCols() int  { return 1 }
func (r Department) fields() []field {
	return []field{{"id", r.ID}, {"name", r.Name}, {"parent_id", nullInt(r.ParentID)}, {"external_id", nullString(r.ExternalID)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Office is a Greenhouse office.
type Office struct {
	ID, ParentID               int64
	Name, Location, ExternalID string
	CreatedAt, UpdatedAt       time.Time
	Raw                        json.RawMessage
}

func (Office) Table() string { return "offices" }
func (Office) keyCols() int  { return 1 }
func (r Office) fields() []field {
	return []field{{"id", r.ID}, {"name", r.Name}, {"location", r.Location}, {"parent_id", nullInt(r.ParentID)},
		{"external_id", nullString(r.ExternalID)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Source is where a candidate came from (LinkedIn, a referral, ...).
type Source struct {
	ID                   int64
	Name, TypeName       string
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (Source) Table() string { return "sources" }
func (Source) keyCols() int  { return 1 }
func (r Source) fields() []field {
	return []field{{"id", r.ID}, {"name", r.Name}, {"type_name", r.TypeName},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// RejectionReason is why an application was rejected.
type RejectionReason struct {
	ID                   int64
	Name, TypeName       string
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (RejectionReason) Table() string { return "rejection_reasons" }
func (RejectionReason) keyCols() int  { return 1 }
func (r RejectionReason) fields() []field {
	return []field{{"id", r.ID}, {"name", r.Name}, {"type_name", r.TypeName},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// CloseReason is why a job opening was closed.
type CloseReason struct {
	ID                   int64
	Name                 string
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (CloseReason) Table() string { return "close_reasons" }
func (CloseReason) keyCols() int  { return 1 }
func (r CloseReason) fields() []field {
	return []field{{"id", r.ID}, {"name", r.Name},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// User is a Greenhouse user (recruiter, interviewer, ...), not a Shortlist login.
type User struct {
	ID                                                  int64
	FirstName, LastName, Name, PrimaryEmail, EmployeeID string
	Deactivated, SiteAdmin                              bool
	CreatedAt, UpdatedAt                                time.Time
	Raw                                                 json.RawMessage
}

func (User) Table() string { return "users" }
func (User) keyCols() int  { return 1 }
func (r User) fields() []field {
	return []field{{"id", r.ID}, {"first_name", r.FirstName}, {"last_name", r.LastName}, {"name", r.Name},
		{"primary_email", r.PrimaryEmail}, {"employee_id", nullString(r.EmployeeID)}, {"deactivated", boolInt(r.Deactivated)},
		{"site_admin", boolInt(r.SiteAdmin)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Job is a requisition.
type Job struct {
	ID, DepartmentID                         int64
	Name, RequisitionID, Status, Notes       string
	Confidential, IsTemplate                 bool
	OfficeIDs                                []int64
	OpenedAt, ClosedAt, CreatedAt, UpdatedAt time.Time
	Raw                                      json.RawMessage
}

func (Job) Table() string { return "jobs" }
func (Job) keyCols() int  { return 1 }
func (r Job) fields() []field {
	if r.OfficeIDs == nil {
		r.OfficeIDs = []int64{}
	}
	return []field{{"id", r.ID}, {"name", r.Name}, {"requisition_id", nullString(r.RequisitionID)}, {"status", r.Status},
		{"confidential", boolInt(r.Confidential)}, {"is_template", boolInt(r.IsTemplate)}, {"department_id", nullInt(r.DepartmentID)},
		{"office_ids", jsonText(r.OfficeIDs)}, {"notes", r.Notes}, {"opened_at", nullTime(r.OpenedAt)}, {"closed_at", nullTime(r.ClosedAt)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// JobPost is a job's posting; Content is HTML.
type JobPost struct {
	ID, JobID                                 int64
	Title, Location, Content, InternalContent string
	Internal, Live, Active                    bool
	FirstPublishedAt, CreatedAt, UpdatedAt    time.Time
	Raw                                       json.RawMessage
}

func (JobPost) Table() string { return "job_posts" }
func (JobPost) keyCols() int  { return 1 }
func (r JobPost) fields() []field {
	return []field{{"id", r.ID}, {"job_id", nullInt(r.JobID)}, {"title", r.Title}, {"location", r.Location},
		{"internal", boolInt(r.Internal)}, {"live", boolInt(r.Live)}, {"active", boolInt(r.Active)}, {"content", r.Content},
		{"internal_content", r.InternalContent}, {"first_published_at", nullTime(r.FirstPublishedAt)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// JobInterviewStage is one stage of a job's interview plan.
type JobInterviewStage struct {
	ID, JobID            int64
	Name                 string
	SortOrder            int
	Active               bool
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (JobInterviewStage) Table() string { return "job_interview_stages" }
func (JobInterviewStage) keyCols() int  { return 1 }
func (r JobInterviewStage) fields() []field {
	return []field{{"id", r.ID}, {"job_id", nullInt(r.JobID)}, {"name", r.Name}, {"sort_order", r.SortOrder},
		{"active", boolInt(r.Active)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// JobHiringManager links a hiring manager to a job. GHID is v3's id (v1 has none).
type JobHiringManager struct {
	JobID, UserID, GHID  int64
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (JobHiringManager) Table() string { return "job_hiring_managers" }
func (JobHiringManager) keyCols() int  { return 2 }
func (r JobHiringManager) fields() []field {
	return []field{{"job_id", r.JobID}, {"user_id", r.UserID}, {"gh_id", nullInt(r.GHID)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// JobOwner links a recruiter, coordinator or sourcer to a job. Responsible
// marks the recruiter or coordinator new applications are assigned to.
type JobOwner struct {
	JobID, UserID        int64
	Type                 string // recruiter | coordinator | sourcer
	Responsible          bool
	GHID                 int64
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (JobOwner) Table() string { return "job_owners" }
func (JobOwner) keyCols() int  { return 3 }
func (r JobOwner) fields() []field {
	return []field{{"job_id", r.JobID}, {"user_id", r.UserID}, {"type", r.Type}, {"responsible", boolInt(r.Responsible)},
		{"gh_id", nullInt(r.GHID)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Opening is one headcount on a job.
type Opening struct {
	ID, JobID, ApplicationID, CloseReasonID  int64
	OpeningID                                string
	Open                                     bool
	OpenedAt, ClosedAt, CreatedAt, UpdatedAt time.Time
	Raw                                      json.RawMessage
}

func (Opening) Table() string { return "openings" }
func (Opening) keyCols() int  { return 1 }
func (r Opening) fields() []field {
	return []field{{"id", r.ID}, {"job_id", nullInt(r.JobID)}, {"opening_id", nullString(r.OpeningID)}, {"open", boolInt(r.Open)},
		{"application_id", nullInt(r.ApplicationID)}, {"close_reason_id", nullInt(r.CloseReasonID)}, {"opened_at", nullTime(r.OpenedAt)},
		{"closed_at", nullTime(r.ClosedAt)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Candidate is a person in Greenhouse (candidate or prospect).
type Candidate struct {
	ID                                   int64
	FirstName, LastName, Company, Title  string
	Private, CanEmail                    bool
	Tags                                 []string
	EmailAddresses, PhoneNumbers         []Contact
	LastActivityAt, CreatedAt, UpdatedAt time.Time
	Raw                                  json.RawMessage
}

// Name is the candidate's display name.
func (c Candidate) Name() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

func (Candidate) Table() string { return "candidates" }
func (Candidate) keyCols() int  { return 1 }
func (r Candidate) fields() []field {
	if r.Tags == nil {
		r.Tags = []string{}
	}
	if r.EmailAddresses == nil {
		r.EmailAddresses = []Contact{}
	}
	if r.PhoneNumbers == nil {
		r.PhoneNumbers = []Contact{}
	}
	return []field{{"id", r.ID}, {"first_name", r.FirstName}, {"last_name", r.LastName}, {"company", r.Company}, {"title", r.Title},
		{"private", boolInt(r.Private)}, {"can_email", boolInt(r.CanEmail)}, {"tags", jsonText(r.Tags)},
		{"email_addresses", jsonText(r.EmailAddresses)}, {"phone_numbers", jsonText(r.PhoneNumbers)},
		{"last_activity_at", nullTime(r.LastActivityAt)}, {"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// CandidateEducation is one school on a candidate's profile. Dates are as
// Greenhouse gives them (often only a year or month matters). Harvest v3
// names the school, degree and discipline by custom field option; the
// option ids are kept beside the names they resolve to (v1 gives names
// only).
type CandidateEducation struct {
	ID, CandidateID                                        int64
	SchoolName, Degree, Discipline                         string
	SchoolNameOptionID, DegreeOptionID, DisciplineOptionID int64
	StartDate, EndDate                                     time.Time
	CreatedAt, UpdatedAt                                   time.Time
	Raw                                                    json.RawMessage
}

func (CandidateEducation) Table() string { return "candidate_educations" }
func (CandidateEducation) keyCols() int  { return 1 }
func (r CandidateEducation) fields() []field {
	return []field{{"id", r.ID}, {"candidate_id", r.CandidateID}, {"school_name", r.SchoolName}, {"degree", r.Degree},
		{"discipline", r.Discipline}, {"school_name_custom_field_option_id", nullInt(r.SchoolNameOptionID)},
		{"degree_custom_field_option_id", nullInt(r.DegreeOptionID)}, {"discipline_custom_field_option_id", nullInt(r.DisciplineOptionID)},
		{"start_date", nullTime(r.StartDate)}, {"end_date", nullTime(r.EndDate)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// CandidateEmployment is one job on a candidate's profile.
type CandidateEmployment struct {
	ID, CandidateID      int64
	CompanyName, Title   string
	StartDate, EndDate   time.Time
	CreatedAt, UpdatedAt time.Time
	Raw                  json.RawMessage
}

func (CandidateEmployment) Table() string { return "candidate_employments" }
func (CandidateEmployment) keyCols() int  { return 1 }
func (r CandidateEmployment) fields() []field {
	return []field{{"id", r.ID}, {"candidate_id", r.CandidateID}, {"company_name", r.CompanyName}, {"title", r.Title},
		{"start_date", nullTime(r.StartDate)}, {"end_date", nullTime(r.EndDate)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Application statuses, as Shortlist stores them. Harvest v3 reads back
// "in_process" for active; the client maps it.
const (
	StatusActive    = "active"
	StatusRejected  = "rejected"
	StatusHired     = "hired"
	StatusConverted = "converted"
)

// Application is a candidate's application to a job, or a prospect's. A
// prospect application has no JobID: ProspectiveJobIDs are the jobs the
// prospect is considered for (none, one or several). StageID is the
// interview plan's stage the application is in (a job interview stage);
// ApplicationStageID is Harvest v3's stage_id, the application's own
// application_stages record, whose job interview stage is StageID (v1 has
// no such record).
type Application struct {
	ID, CandidateID, JobID, JobPostID                int64
	Prospect                                         bool
	ProspectiveJobIDs                                []int64
	Status                                           string
	StageID, ApplicationStageID                      int64
	StageName                                        string
	SourceID, ReferrerID, RecruiterID, CoordinatorID int64
	RejectionReasonID                                int64
	RejectedAt, LastActivityAt, CreatedAt, UpdatedAt time.Time
	Raw                                              json.RawMessage
}

// JobIDs lists the jobs the application is for: its job, then any
// prospective jobs.
func (r Application) JobIDs() []int64 {
	var out []int64
	if r.JobID != 0 {
		out = append(out, r.JobID)
	}
	for _, id := range r.ProspectiveJobIDs {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func (Application) Table() string { return "applications" }
func (Application) keyCols() int  { return 1 }
func (r Application) fields() []field {
	if r.ProspectiveJobIDs == nil {
		r.ProspectiveJobIDs = []int64{}
	}
	return []field{{"id", r.ID}, {"candidate_id", r.CandidateID}, {"job_id", nullInt(r.JobID)}, {"job_post_id", nullInt(r.JobPostID)},
		{"prospect", boolInt(r.Prospect)}, {"prospective_job_ids", jsonText(r.ProspectiveJobIDs)},
		{"status", r.Status}, {"stage_id", nullInt(r.StageID)}, {"application_stage_id", nullInt(r.ApplicationStageID)},
		{"stage_name", r.StageName},
		{"source_id", nullInt(r.SourceID)}, {"referrer_id", nullInt(r.ReferrerID)}, {"recruiter_id", nullInt(r.RecruiterID)},
		{"coordinator_id", nullInt(r.CoordinatorID)}, {"rejection_reason_id", nullInt(r.RejectionReasonID)},
		{"rejected_at", nullTime(r.RejectedAt)}, {"last_activity_at", nullTime(r.LastActivityAt)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// ApplicationStage is one stay of an application in a stage.
type ApplicationStage struct {
	ID, ApplicationID, JobInterviewStageID int64
	EnteredAt, ExitedAt                    time.Time
	Current                                bool
	CreatedAt, UpdatedAt                   time.Time
	Raw                                    json.RawMessage
}

func (ApplicationStage) Table() string { return "application_stages" }
func (ApplicationStage) keyCols() int  { return 1 }
func (r ApplicationStage) fields() []field {
	return []field{{"id", r.ID}, {"application_id", r.ApplicationID}, {"job_interview_stage_id", nullInt(r.JobInterviewStageID)},
		{"entered_at", nullTime(r.EnteredAt)}, {"exited_at", nullTime(r.ExitedAt)}, {"current", boolInt(r.Current)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Attachment is a file on a candidate (resume, cover letter, ...). ID is
// Shortlist's own; GHID is Harvest v3's id when known. URL is signed and
// expires (7 days at Greenhouse).
type Attachment struct {
	ID, GHID, CandidateID, ApplicationID int64
	Type, Filename, URL                  string
	CreatedAt, UpdatedAt                 time.Time
	Raw                                  json.RawMessage
}

// Attachment types Shortlist reads.
const (
	AttachmentResume      = "resume"
	AttachmentCoverLetter = "cover_letter"
)

func (Attachment) Table() string { return "attachments" }
func (Attachment) keyCols() int  { return 4 }
func (r Attachment) fields() []field {
	// created_at is part of the key, so it is never NULL.
	return []field{{"candidate_id", r.CandidateID}, {"type", r.Type}, {"filename", r.Filename}, {"created_at", formatTimeOrEmpty(r.CreatedAt)},
		{"application_id", nullInt(r.ApplicationID)}, {"gh_id", nullInt(r.GHID)}, {"url", r.URL},
		{"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

func formatTimeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// Interview is a scheduled interview.
type Interview struct {
	ID, ApplicationID, JobID, JobInterviewID, OrganizerID int64
	Status, Location                                      string
	StartsAt, EndsAt, CreatedAt, UpdatedAt                time.Time
	Raw                                                   json.RawMessage
}

func (Interview) Table() string { return "interviews" }
func (Interview) keyCols() int  { return 1 }
func (r Interview) fields() []field {
	return []field{{"id", r.ID}, {"application_id", nullInt(r.ApplicationID)}, {"job_id", nullInt(r.JobID)},
		{"job_interview_id", nullInt(r.JobInterviewID)}, {"status", r.Status}, {"location", r.Location},
		{"organizer_id", nullInt(r.OrganizerID)}, {"starts_at", nullTime(r.StartsAt)}, {"ends_at", nullTime(r.EndsAt)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Scorecard is an interviewer's feedback on an application.
type Scorecard struct {
	ID, ApplicationID, InterviewerID, SubmitterID    int64
	CandidateRating, Status                          string
	InterviewedAt, SubmittedAt, CreatedAt, UpdatedAt time.Time
	Raw                                              json.RawMessage
}

func (Scorecard) Table() string { return "scorecards" }
func (Scorecard) keyCols() int  { return 1 }
func (r Scorecard) fields() []field {
	return []field{{"id", r.ID}, {"application_id", nullInt(r.ApplicationID)}, {"interviewer_id", nullInt(r.InterviewerID)},
		{"submitter_id", nullInt(r.SubmitterID)}, {"candidate_rating", r.CandidateRating}, {"status", r.Status},
		{"interviewed_at", nullTime(r.InterviewedAt)}, {"submitted_at", nullTime(r.SubmittedAt)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Offer is one version of an offer.
type Offer struct {
	ID, ApplicationID, JobID, CandidateID              int64
	Version                                            int
	Status                                             string
	StartsOn, SentOn, ResolvedAt, CreatedAt, UpdatedAt time.Time
	Raw                                                json.RawMessage
}

func (Offer) Table() string { return "offers" }
func (Offer) keyCols() int  { return 1 }
func (r Offer) fields() []field {
	return []field{{"id", r.ID}, {"application_id", nullInt(r.ApplicationID)}, {"job_id", nullInt(r.JobID)},
		{"candidate_id", nullInt(r.CandidateID)}, {"version", r.Version}, {"status", r.Status},
		{"starts_on", nullTime(r.StartsOn)}, {"sent_on", nullTime(r.SentOn)}, {"resolved_at", nullTime(r.ResolvedAt)},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}

// Note is an activity-feed note on a candidate.
type Note struct {
	ID, CandidateID, ApplicationID, UserID int64
	Type, Visibility, Body                 string
	CreatedAt, UpdatedAt                   time.Time
	Raw                                    json.RawMessage
}

func (Note) Table() string { return "notes" }
func (Note) keyCols() int  { return 1 }
func (r Note) fields() []field {
	return []field{{"id", r.ID}, {"candidate_id", nullInt(r.CandidateID)}, {"application_id", nullInt(r.ApplicationID)},
		{"user_id", nullInt(r.UserID)}, {"type", r.Type}, {"visibility", r.Visibility}, {"body", r.Body},
		{"created_at", nullTime(r.CreatedAt)}, {"updated_at", nullTime(r.UpdatedAt)}, {"raw", rawText(r.Raw)}}
}
