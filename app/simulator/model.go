package simulator

import "time"

// The record types below are the simulator's canonical data. Both API
// versions render from them, so v1 and v3 always agree. A zero time.Time or
// a zero id means null. Slices are replaced, never changed in place, so the
// shallow copies handed out by Snapshot stay stable.

// Meta holds the fields every resource has.
type Meta struct {
	ID        int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (m *Meta) meta() *Meta { return m }

// TypedValue is a {value, type} pair such as a phone number or an e-mail.
type TypedValue struct {
	Value string
	Type  string
}

// Department is an organisational unit; ParentID is 0 at the top level.
type Department struct {
	Meta
	Name       string
	ParentID   int64
	ExternalID string
}

// Office is a location jobs and users belong to.
type Office struct {
	Meta
	Name                 string
	Location             string
	ParentID             int64
	ExternalID           string
	PrimaryContactUserID int64
}

// User is a Greenhouse user (recruiter, coordinator, hiring manager, ...).
type User struct {
	Meta
	FirstName     string
	LastName      string
	JobTitle      string
	Email         string
	EmployeeID    string
	SiteAdmin     bool
	Deactivated   bool
	OfficeIDs     []int64
	DepartmentIDs []int64
	// Role is simulator ground truth (recruiter, coordinator, sourcer,
	// hiring_manager, interviewer, admin); the API does not expose it.
	Role string
}

// Name is the user's display name.
func (u *User) Name() string { return u.FirstName + " " + u.LastName }

// Source is where an application came from.
type Source struct {
	Meta
	Name     string
	TypeID   int64
	TypeName string
}

// RejectionReason explains a rejection; TypeKey is the v3 enum key.
type RejectionReason struct {
	Meta
	Name     string
	TypeID   int64
	TypeKey  string
	TypeName string
}

// CloseReason explains why an opening was closed.
type CloseReason struct {
	Meta
	Name string
}

// Job is a requisition. Status is open, closed or draft.
type Job struct {
	Meta
	Name           string
	RequisitionID  string
	Notes          string
	Confidential   bool
	Status         string
	OpenedAt       time.Time
	ClosedAt       time.Time
	IsTemplate     bool
	CopiedFromID   int64
	DepartmentID   int64
	OfficeIDs      []int64
	CreatedByID    int64
	EmploymentType string
	SalaryMin      int
	SalaryMax      int
	// Family, RequiredSkills and NiceSkills are simulator ground truth:
	// the role family the job belongs to and the skills its post asks for.
	Family         string
	RequiredSkills []string
	NiceSkills     []string
}

// JobPost is a job's advertisement on a job board.
type JobPost struct {
	Meta
	JobID            int64
	Title            string
	Location         string
	OfficeID         int64
	Internal         bool
	Active           bool
	Live             bool
	Featured         bool
	FirstPublishedAt time.Time
	Content          string
	InternalContent  string
	Language         string
	JobBoardID       int64
}

// JobInterview is one interview inside a job interview stage.
type JobInterview struct {
	ID                    int64
	Name                  string
	Schedulable           bool
	EstimatedMinutes      int
	KitID                 int64
	KitContent            string
	Questions             []KitQuestion
	DefaultInterviewerIDs []int64
}

// KitQuestion is an interview-kit question.
type KitQuestion struct {
	ID       int64
	Question string
}

// JobInterviewStage is a step of a job's pipeline (v1 "job stage").
type JobInterviewStage struct {
	Meta
	JobID      int64
	Name       string
	SortOrder  int
	Active     bool
	Interviews []JobInterview
}

// JobHiringManager links a hiring manager to a job.
type JobHiringManager struct {
	Meta
	JobID       int64
	UserID      int64
	Responsible bool
}

// JobOwner links a recruiter, coordinator or sourcer to a job.
type JobOwner struct {
	Meta
	JobID       int64
	UserID      int64
	Type        string // recruiter, coordinator or sourcer
	Responsible bool
}

// Opening is a headcount slot of a job; it is open while ClosedAt is zero.
type Opening struct {
	Meta
	JobID         int64
	OpeningID     string
	OpenedAt      time.Time
	ClosedAt      time.Time
	SortOrder     int
	ApplicationID int64
	CloseReasonID int64
	TargetStartOn time.Time
}

// Open reports whether the opening is still open.
func (o *Opening) Open() bool { return o.ClosedAt.IsZero() }

// Candidate is a person in the ATS.
type Candidate struct {
	Meta
	FirstName            string
	LastName             string
	PreferredName        string
	Company              string
	Title                string
	LastActivityAt       time.Time
	Private              bool
	CanEmail             bool
	Tags                 []string
	PhoneNumbers         []TypedValue
	Addresses            []TypedValue
	EmailAddresses       []TypedValue
	WebsiteAddresses     []TypedValue
	SocialMediaAddresses []TypedValue
	RecruiterID          int64
	CoordinatorID        int64
	DesiredSalary        string
	WorkRemotely         bool
	// Family, Family2 and Skills are simulator ground truth used to write
	// the resume: role family key, an optional second family and the
	// skills the resume lists.
	Family  string
	Family2 string
	Skills  []string
	// level (seniority 0-3) and strength (how strong the person is in
	// their family, 0..1) are hidden: the resume and the employment
	// titles show them only in part, and the hiring decisions depend on
	// them (see decisions.go). Unexported, so no code outside the
	// simulator can read them.
	level    int
	strength float64
	seed     uint64 // rebuilds the resume text on demand
	corpus   int    // index into the corpus texts, -1 when none
}

// Name is the candidate's full name.
func (c *Candidate) Name() string { return c.FirstName + " " + c.LastName }

// Education is a candidate's school record (v3 candidate_educations).
type Education struct {
	Meta
	CandidateID int64
	SchoolName  string
	Degree      string
	Discipline  string
	StartDate   time.Time
	EndDate     time.Time
}

// Employment is a candidate's job record (v3 candidate_employments);
// EndDate is zero for the current job.
type Employment struct {
	Meta
	CandidateID int64
	CompanyName string
	Title       string
	StartDate   time.Time
	EndDate     time.Time
}

// Answer is an application-question answer.
type Answer struct {
	Question string
	Answer   string
}

// Application statuses as v1 and the webhooks spell them; v3 reads
// "active" back as "in_process".
const (
	StatusActive    = "active"
	StatusRejected  = "rejected"
	StatusHired     = "hired"
	StatusConverted = "converted"
)

// Application is a candidate's application to a job, or a prospect
// application (Prospect true, JobID possibly 0).
type Application struct {
	Meta
	CandidateID       int64
	JobID             int64
	JobPostID         int64
	RecruiterID       int64
	CoordinatorID     int64
	ReferrerID        int64
	SourceID          int64
	StageID           int64 // current job interview stage, 0 for prospects
	Status            string
	Prospect          bool
	RejectedAt        time.Time
	RejectionReasonID int64
	LastActivityAt    time.Time
	LocationAddress   string
	Answers           []Answer
	ProspectiveJobIDs []int64
	// fit is the hidden fit the hiring team's decisions follow (see
	// decisions.go): never rendered, and unexported so that nothing
	// outside the simulator (a model under test) can read it.
	fit hiddenFit
	// custom holds the custom field values written through the API, by
	// name_key (see custom_field_write.go); replaced, never changed in place.
	custom map[string]customField
}

// applicationJobIDs lists the jobs an application is for: its job, or a
// prospect's prospective jobs.
func applicationJobIDs(a *Application) []int64 {
	if a.JobID != 0 {
		return []int64{a.JobID}
	}
	return a.ProspectiveJobIDs
}

// ApplicationStage is one visit of an application to a job stage.
type ApplicationStage struct {
	Meta
	ApplicationID       int64
	JobInterviewStageID int64
	EnteredAt           time.Time
	ExitedAt            time.Time
	Current             bool
}

// Attachment types used by the generator.
const (
	AttachmentResume      = "resume"
	AttachmentCoverLetter = "cover_letter"
)

// Attachment is a file on a candidate (and possibly an application).
// Format is pdf, docx or txt.
type Attachment struct {
	Meta
	CandidateID   int64
	ApplicationID int64
	Type          string
	Filename      string
	Format        string
	Corrupt       bool
	origin        fileOrigin
}

// Interview is a scheduled interview (v1 scheduled_interviews).
type Interview struct {
	Meta
	JobID                int64
	ApplicationID        int64
	JobInterviewID       int64
	Name                 string
	StageID              int64
	StartsAt             time.Time
	EndsAt               time.Time
	Location             string
	Status               string // scheduled, awaiting_feedback, complete
	OrganizerID          int64
	ScheduledAt          time.Time
	VideoConferencingURL string
	ExternalEventID      string
	InterviewerIDs       []int64
}

// ScoreAttribute is one rated attribute on a scorecard.
type ScoreAttribute struct {
	Name   string
	Type   string
	Note   string
	Rating string // definitely_not, no, mixed, yes, strong_yes
}

// Scorecard is an interviewer's feedback. Rating uses the v3 enum
// (strong_no, no, yes, strong_yes, no_decision).
type Scorecard struct {
	Meta
	ApplicationID  int64
	CandidateID    int64
	InterviewID    int64
	InterviewKitID int64
	StageID        int64
	StageName      string
	InterviewName  string
	InterviewerID  int64
	SubmitterID    int64
	Rating         string
	Status         string
	InterviewedAt  time.Time
	SubmittedAt    time.Time
	KeyTakeaways   string
	PrivateNotes   string
	Attributes     []ScoreAttribute
	interview      *Interview
}

// Offer is a versioned offer. Status uses the v3 spelling (Created,
// Accepted, Rejected, Deprecated).
type Offer struct {
	Meta
	Version        int
	ApplicationID  int64
	JobID          int64
	CandidateID    int64
	OpeningID      int64
	UserID         int64
	Status         string
	StartsOn       time.Time
	SentOn         time.Time
	ResolvedAt     time.Time
	Salary         int
	EmploymentType string
	Notes          string
}

// Note is an activity-feed entry. Type is NOTE, EMAIL or ACTIVITY;
// Visibility is public, private or admin_only.
type Note struct {
	Meta
	CandidateID   int64
	ApplicationID int64
	UserID        int64
	Subject       string
	Body          string
	Type          string
	Visibility    string
	EmailFrom     string
	To            string
	CC            string
}

// CustomField is a custom field definition (v3 custom_fields). Schools,
// degrees and disciplines are custom fields too: their values are the
// options of the fields whose NameKey is school_name, degree and discipline.
type CustomField struct {
	Meta
	Name         string
	NameKey      string
	FieldType    string // candidate, application, job, offer, opening, ...
	ValueType    string // short_text, long_text, single_select, yes_no, currency, ...
	InternalType string // school_name, degree, discipline for the education fields
	Private      bool
	Required     bool
	Active       bool
	SortOrder    int
}

// CustomFieldOption is one value of a select field (v3
// custom_field_options).
type CustomFieldOption struct {
	Meta
	CustomFieldID int64
	Name          string
	ExternalID    string
	SortOrder     int
	Active        bool
}

// CandidateTag is a tag in the account's tag list (v3 candidate_tags).
type CandidateTag struct {
	Meta
	Name string
}

// AppliedCandidateTag puts a tag on a candidate (v3 applied_candidate_tags).
type AppliedCandidateTag struct {
	Meta
	CandidateID    int64
	CandidateTagID int64
}

// UserRole is a permission role (v3 user_roles). RoleType is site_admin,
// job_admin or deprecated_interviewer.
type UserRole struct {
	Meta
	Name     string
	RoleType string
}

// The records below are derived from the ones above when a list is read,
// so they always agree with the applications and posts they describe.

// RejectionDetail is the rejection of one rejected application (v3
// rejection_details).
type RejectionDetail struct {
	Meta
	ApplicationID     int64
	RejectedByID      int64
	RejectionReasonID int64
	RejectionNoteID   int64
	RejectedAt        time.Time
}

// ProspectDetail is the prospect pipeline state of a prospect application
// (v3 prospect_details).
type ProspectDetail struct {
	Meta
	ApplicationID   int64
	PoolID          int64
	PoolStageID     int64
	ProspectOwnerID int64
	DepartmentID    int64
	OfficeID        int64
}

// EEOCAnswer is one answer of the US federal self-identification survey.
type EEOCAnswer struct {
	ID          int64
	Description string
}

// EEOC is a candidate's voluntary self-identification sent with an
// application (v3 eeoc). A nil answer is a question left unanswered.
type EEOC struct {
	Meta
	ApplicationID    int64
	CandidateID      int64
	Gender           *EEOCAnswer
	Race             *EEOCAnswer
	VeteranStatus    *EEOCAnswer
	DisabilityStatus *EEOCAnswer
	SubmittedAt      time.Time
}

// JobPostLocation is one location of a job post (v3 job_post_locations):
// an office, or free text ("Boston, MA or Remote").
type JobPostLocation struct {
	Meta
	JobPostID         int64
	Type              string // office | free_text | custom_list
	OfficeID          int64
	CustomLocationID  int64
	PlainTextLocation string
}
