package simulator

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// v3 shapes follow greenhouse-v3.md §2: flat records, parent ids instead
// of embedded children, created_at and updated_at everywhere.

func candidateCustomFields(c *Candidate) map[string]customField {
	var salary any
	if c.DesiredSalary != "" {
		salary = c.DesiredSalary
	}
	return map[string]customField{
		"desired_salary": {Name: "Desired Salary", Type: "short_text", Value: salary},
		"work_remotely":  {Name: "Work Remotely", Type: "boolean", Value: c.WorkRemotely},
	}
}

type v3Candidate struct {
	ID                   int64                  `json:"id"`
	FirstName            string                 `json:"first_name"`
	LastName             string                 `json:"last_name"`
	PreferredName        jstr                   `json:"preferred_name"`
	Company              jstr                   `json:"company"`
	Title                jstr                   `json:"title"`
	LastActivityAt       jtime                  `json:"last_activity_at"`
	Private              bool                   `json:"private"`
	CanEmail             bool                   `json:"can_email"`
	Tags                 []string               `json:"tags"`
	LinkedUserIDs        []int64                `json:"linked_user_ids"`
	PhoneNumbers         []valueType            `json:"phone_numbers"`
	Addresses            []valueType            `json:"addresses"`
	EmailAddresses       []valueType            `json:"email_addresses"`
	WebsiteAddresses     []valueType            `json:"website_addresses"`
	SocialMediaAddresses []valueType            `json:"social_media_addresses"`
	CustomFields         map[string]customField `json:"custom_fields"`
	TimeZone             jstr                   `json:"time_zone"`
	CreatedAt            jtime                  `json:"created_at"`
	UpdatedAt            jtime                  `json:"updated_at"`
}

// v3Processing is what the candidate list shows, in place of a candidate,
// while Greenhouse is still processing one (the response is a oneOf: a
// candidate or this).
type v3Processing struct {
	Message string `json:"message"`
}

// processingMessage is the text of a v3Processing item.
const processingMessage = "This candidate is still being processed. Please try again shortly."

func renderV3Candidate(rc *renderCtx, r row) any {
	c := r.(*Candidate)
	if rc.s.processing[c.ID] {
		return v3Processing{Message: processingMessage}
	}
	return v3Candidate{ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, PreferredName: jstr(c.PreferredName),
		Company: jstr(c.Company), Title: jstr(c.Title), LastActivityAt: jtime(c.LastActivityAt), Private: c.Private,
		CanEmail: c.CanEmail, Tags: nz(c.Tags), LinkedUserIDs: []int64{},
		PhoneNumbers: valueTypes(c.PhoneNumbers), Addresses: valueTypes(c.Addresses), EmailAddresses: valueTypes(c.EmailAddresses),
		WebsiteAddresses: valueTypes(c.WebsiteAddresses), SocialMediaAddresses: valueTypes(c.SocialMediaAddresses),
		CustomFields: candidateCustomFields(c), TimeZone: jstr(candidateTimeZone(c)), CreatedAt: jtime(c.CreatedAt),
		UpdatedAt: jtime(c.UpdatedAt)}
}

// candidateTimeZone guesses the candidate's time zone from their phone
// number's country, as a recruiter filling it in would.
func candidateTimeZone(c *Candidate) string {
	for _, p := range c.PhoneNumbers {
		if len(p.Value) > 3 && p.Value[:3] == "+44" {
			return "Europe/London"
		}
	}
	if len(c.PhoneNumbers) == 0 {
		return ""
	}
	return "America/New_York"
}

type v3Answer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

func answers(as []Answer) []v3Answer {
	out := make([]v3Answer, len(as))
	for i, a := range as {
		out[i] = v3Answer(a)
	}
	return out
}

type v3Application struct {
	ID                int64                  `json:"id"`
	CandidateID       int64                  `json:"candidate_id"`
	JobID             jid                    `json:"job_id"`
	JobPostID         jid                    `json:"job_post_id"`
	RecruiterID       jid                    `json:"recruiter_id"`
	CoordinatorID     jid                    `json:"coordinator_id"`
	ReferrerID        jid                    `json:"referrer_id"`
	SourceID          jid                    `json:"source_id"`
	StageID           jid                    `json:"stage_id"`
	StageName         jstr                   `json:"stage_name"`
	Status            string                 `json:"status"`
	NeedsDecision     bool                   `json:"needs_decision"`
	Prospect          bool                   `json:"prospect"`
	RejectedAt        jtime                  `json:"rejected_at"`
	RejectionReasonID jid                    `json:"rejection_reason_id"`
	LastActivityAt    jtime                  `json:"last_activity_at"`
	LocationAddress   jstr                   `json:"location_address"`
	Answers           []v3Answer             `json:"answers"`
	ProspectiveJobIDs []int64                `json:"prospective_job_ids"`
	CustomFields      map[string]customField `json:"custom_fields"`
	AgencyNoteID      jid                    `json:"agency_note_id"`
	CreatedAt         jtime                  `json:"created_at"`
	UpdatedAt         jtime                  `json:"updated_at"`
}

// v3Status spells an application status the way v3 reads it back.
func v3Status(s string) string {
	if s == StatusActive {
		return "in_process"
	}
	return s
}

// applicationCustomFields are an application's custom fields. The sourcer's
// screening note reads the resume and the employment history only (the
// observable match), never the hidden fit the decisions follow.
func applicationCustomFields(a *Application) map[string]customField {
	var v any
	if a.fit.obs.score() > 0.75 {
		v = "Strong match"
	}
	out := map[string]customField{"screening_notes": {Name: "Screening Notes", Type: "short_text", Value: v},
		ShortlistScoreKey: {Name: ShortlistScoreField, Type: "number", Value: nil}}
	maps.Copy(out, a.custom)
	return out
}

// needsDecision is true when every interview of the current stage has
// happened and the team owes the candidate a decision.
func needsDecision(st *store, a *Application) bool {
	if a.Status != StatusActive || a.Prospect {
		return false
	}
	any := false
	for _, iv := range st.interviews.children("application_id", a.ID) {
		if iv.StageID != a.StageID {
			continue
		}
		if iv.Status != "complete" {
			return false
		}
		any = true
	}
	return any
}

// v3StageID is the application's v3 stage_id: the id of its current
// application_stages record, 0 when it has none.
func v3StageID(st *store, a *Application) int64 {
	if as := currentAppStage(st, a); as != nil {
		return as.ID
	}
	return 0
}

func renderV3Application(rc *renderCtx, r row) any {
	a := r.(*Application)
	out := v3Application{ID: a.ID, CandidateID: a.CandidateID, JobID: jid(a.JobID), JobPostID: jid(a.JobPostID),
		RecruiterID: jid(a.RecruiterID), CoordinatorID: jid(a.CoordinatorID), ReferrerID: jid(a.ReferrerID),
		SourceID: jid(a.SourceID), StageID: jid(a.StageID), Status: v3Status(a.Status), NeedsDecision: needsDecision(rc.st, a),
		Prospect: a.Prospect, RejectedAt: jtime(a.RejectedAt), RejectionReasonID: jid(a.RejectionReasonID),
		LastActivityAt: jtime(a.LastActivityAt), LocationAddress: jstr(a.LocationAddress), Answers: answers(a.Answers),
		ProspectiveJobIDs: nz(a.ProspectiveJobIDs), CustomFields: applicationCustomFields(a),
		CreatedAt: jtime(a.CreatedAt), UpdatedAt: jtime(a.UpdatedAt)}
	// stage_id is the application's own stage record (an application_stages
	// id), not the interview plan's stage: that one is the record's
	// job_interview_stage_id.
	out.StageID = jid(v3StageID(rc.st, a))
	if stg, ok := rc.st.stages.get(a.StageID); ok {
		out.StageName = jstr(stg.Name)
	}
	return out
}

type v3Attachment struct {
	ID            int64  `json:"id"`
	ApplicationID jid    `json:"application_id"`
	CandidateID   int64  `json:"candidate_id"`
	Type          string `json:"type"`
	Filename      string `json:"filename"`
	URL           string `json:"url"`
	CreatedAt     jtime  `json:"created_at"`
	UpdatedAt     jtime  `json:"updated_at"`
}

func renderV3Attachment(rc *renderCtx, r row) any {
	a := r.(*Attachment)
	return v3Attachment{ID: a.ID, ApplicationID: jid(a.ApplicationID), CandidateID: a.CandidateID, Type: a.Type,
		Filename: a.Filename, URL: rc.s.fileURL(rc.base, a, rc.now), CreatedAt: jtime(a.CreatedAt), UpdatedAt: jtime(a.UpdatedAt)}
}

type v3ApplicationStage struct {
	ID                  int64 `json:"id"`
	ApplicationID       int64 `json:"application_id"`
	JobInterviewStageID int64 `json:"job_interview_stage_id"`
	EnteredAt           jtime `json:"entered_at"`
	ExitedAt            jtime `json:"exited_at"`
	DaysInStage         int   `json:"days_in_stage"`
	Current             bool  `json:"current"`
	CreatedAt           jtime `json:"created_at"`
	UpdatedAt           jtime `json:"updated_at"`
}

func renderV3ApplicationStage(rc *renderCtx, r row) any {
	s := r.(*ApplicationStage)
	end := s.ExitedAt
	if end.IsZero() {
		end = rc.now
	}
	return v3ApplicationStage{ID: s.ID, ApplicationID: s.ApplicationID, JobInterviewStageID: s.JobInterviewStageID,
		EnteredAt: jtime(s.EnteredAt), ExitedAt: jtime(s.ExitedAt), DaysInStage: max(0, int(end.Sub(s.EnteredAt)/(24*time.Hour))),
		Current: s.Current, CreatedAt: jtime(s.CreatedAt), UpdatedAt: jtime(s.UpdatedAt)}
}

type v3JobInterviewStage struct {
	ID        int64  `json:"id"`
	JobID     int64  `json:"job_id"`
	Name      string `json:"name"`
	SortOrder int    `json:"sort_order"`
	Active    bool   `json:"active"`
	CreatedAt jtime  `json:"created_at"`
	UpdatedAt jtime  `json:"updated_at"`
}

func renderV3JobInterviewStage(_ *renderCtx, r row) any {
	s := r.(*JobInterviewStage)
	return v3JobInterviewStage{ID: s.ID, JobID: s.JobID, Name: s.Name, SortOrder: s.SortOrder, Active: s.Active,
		CreatedAt: jtime(s.CreatedAt), UpdatedAt: jtime(s.UpdatedAt)}
}

type salaryRange struct {
	MinValue int    `json:"min_value"`
	MaxValue int    `json:"max_value"`
	Unit     string `json:"unit"`
}

func jobCustomFields(j *Job) map[string]customField {
	return map[string]customField{
		"employment_type": {Name: "Employment Type", Type: "single_select", Value: j.EmploymentType},
		"salary_range":    {Name: "Salary Range", Type: "currency_range", Value: salaryRange{j.SalaryMin, j.SalaryMax, "USD"}},
	}
}

type v3Job struct {
	ID            int64                  `json:"id"`
	Name          string                 `json:"name"`
	RequisitionID jstr                   `json:"requisition_id"`
	Notes         jstr                   `json:"notes"`
	Confidential  bool                   `json:"confidential"`
	Status        string                 `json:"status"`
	OpenedAt      jtime                  `json:"opened_at"`
	ClosedAt      jtime                  `json:"closed_at"`
	IsTemplate    bool                   `json:"is_template"`
	CopiedFromID  jid                    `json:"copied_from_id"`
	DepartmentID  jid                    `json:"department_id"`
	OfficeIDs     []int64                `json:"office_ids"`
	CustomFields  map[string]customField `json:"custom_fields"`
	CreatedAt     jtime                  `json:"created_at"`
	UpdatedAt     jtime                  `json:"updated_at"`
}

func renderV3Job(_ *renderCtx, r row) any {
	j := r.(*Job)
	return v3Job{ID: j.ID, Name: j.Name, RequisitionID: jstr(j.RequisitionID), Notes: jstr(j.Notes), Confidential: j.Confidential,
		Status: j.Status, OpenedAt: jtime(j.OpenedAt), ClosedAt: jtime(j.ClosedAt), IsTemplate: j.IsTemplate,
		CopiedFromID: jid(j.CopiedFromID), DepartmentID: jid(j.DepartmentID), OfficeIDs: nz(j.OfficeIDs),
		CustomFields: jobCustomFields(j), CreatedAt: jtime(j.CreatedAt), UpdatedAt: jtime(j.UpdatedAt)}
}

type postQuestion struct {
	Required    bool   `json:"required"`
	Private     bool   `json:"private"`
	Label       string `json:"label"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Values      []any  `json:"values"`
	Description jstr   `json:"description"`
}

func postQuestions() []postQuestion {
	out := make([]postQuestion, len(jobPostQuestions))
	for i, q := range jobPostQuestions {
		out[i] = postQuestion{Required: q.Required, Label: q.Label, Name: q.Name, Type: q.Type, Values: []any{}}
	}
	return out
}

// v3JobPost has no location: a post's locations are job_post_locations.
type v3JobPost struct {
	ID                       int64          `json:"id"`
	Title                    string         `json:"title"`
	Internal                 bool           `json:"internal"`
	Active                   bool           `json:"active"`
	Live                     bool           `json:"live"`
	Featured                 bool           `json:"featured"`
	FirstPublishedAt         jtime          `json:"first_published_at"`
	Content                  string         `json:"content"`
	InternalContent          jstr           `json:"internal_content"`
	Language                 string         `json:"language"`
	PublicURL                jstr           `json:"public_url"`
	JobID                    int64          `json:"job_id"`
	JobBoardID               int64          `json:"job_board_id"`
	DemographicQuestionSetID jid            `json:"demographic_question_set_id"`
	Questions                []postQuestion `json:"questions"`
	CreatedAt                jtime          `json:"created_at"`
	UpdatedAt                jtime          `json:"updated_at"`
}

func publicURL(p *JobPost) string {
	if p.Internal || !p.Live {
		return ""
	}
	return fmt.Sprintf("https://job-boards.greenhouse.io/%s/jobs/%d", companySlug, p.ID)
}

func renderV3JobPost(_ *renderCtx, r row) any {
	p := r.(*JobPost)
	return v3JobPost{ID: p.ID, Title: p.Title, Internal: p.Internal, Active: p.Active, Live: p.Live, Featured: p.Featured,
		FirstPublishedAt: jtime(p.FirstPublishedAt), Content: p.Content, InternalContent: jstr(p.InternalContent),
		Language: p.Language, PublicURL: jstr(publicURL(p)),
		JobID: p.JobID, JobBoardID: p.JobBoardID, Questions: postQuestions(), CreatedAt: jtime(p.CreatedAt), UpdatedAt: jtime(p.UpdatedAt)}
}

type v3JobHiringManager struct {
	ID        int64 `json:"id"`
	JobID     int64 `json:"job_id"`
	UserID    int64 `json:"user_id"`
	CreatedAt jtime `json:"created_at"`
	UpdatedAt jtime `json:"updated_at"`
}

func renderV3JobHiringManager(_ *renderCtx, r row) any {
	h := r.(*JobHiringManager)
	return v3JobHiringManager{ID: h.ID, JobID: h.JobID, UserID: h.UserID, CreatedAt: jtime(h.CreatedAt), UpdatedAt: jtime(h.UpdatedAt)}
}

// v3JobOwner: responsible marks the recruiter or coordinator new
// applications go to; it is always false for sourcers.
type v3JobOwner struct {
	ID          int64  `json:"id"`
	JobID       int64  `json:"job_id"`
	UserID      int64  `json:"user_id"`
	Type        string `json:"type"`
	Responsible bool   `json:"responsible"`
	CreatedAt   jtime  `json:"created_at"`
	UpdatedAt   jtime  `json:"updated_at"`
}

func renderV3JobOwner(_ *renderCtx, r row) any {
	o := r.(*JobOwner)
	return v3JobOwner{ID: o.ID, JobID: o.JobID, UserID: o.UserID, Type: o.Type, Responsible: o.Responsible && o.Type != "sourcer",
		CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt)}
}

type v3Opening struct {
	ID            int64                  `json:"id"`
	JobID         int64                  `json:"job_id"`
	OpeningID     jstr                   `json:"opening_id"`
	OpenedAt      jtime                  `json:"opened_at"`
	ClosedAt      jtime                  `json:"closed_at"`
	Open          bool                   `json:"open"`
	SortOrder     int                    `json:"sort_order"`
	ApplicationID jid                    `json:"application_id"`
	CloseReasonID jid                    `json:"close_reason_id"`
	TargetStartOn jdate                  `json:"target_start_on"`
	CustomFields  map[string]customField `json:"custom_fields"`
	CreatedAt     jtime                  `json:"created_at"`
	UpdatedAt     jtime                  `json:"updated_at"`
}

func renderV3Opening(_ *renderCtx, r row) any {
	o := r.(*Opening)
	return v3Opening{ID: o.ID, JobID: o.JobID, OpeningID: jstr(o.OpeningID), OpenedAt: jtime(o.OpenedAt), ClosedAt: jtime(o.ClosedAt),
		Open: o.Open(), SortOrder: o.SortOrder, ApplicationID: jid(o.ApplicationID), CloseReasonID: jid(o.CloseReasonID),
		TargetStartOn: jdate(o.TargetStartOn), CustomFields: map[string]customField{}, CreatedAt: jtime(o.CreatedAt),
		UpdatedAt: jtime(o.UpdatedAt)}
}

type v3Interview struct {
	ID                     int64  `json:"id"`
	JobID                  int64  `json:"job_id"`
	ApplicationID          int64  `json:"application_id"`
	JobInterviewID         int64  `json:"job_interview_id"`
	StartsAt               jtime  `json:"starts_at"`
	EndsAt                 jtime  `json:"ends_at"`
	AllDayStartOn          jdate  `json:"all_day_start_on"`
	AllDayEndOn            jdate  `json:"all_day_end_on"`
	Location               jstr   `json:"location"`
	Status                 string `json:"status"`
	OrganizerID            jid    `json:"organizer_id"`
	ScheduledAt            jtime  `json:"scheduled_at"`
	AvailabilityReceivedAt jtime  `json:"availability_received_at"`
	VideoConferencingURL   jstr   `json:"video_conferencing_url"`
	ExternalEventID        jstr   `json:"external_event_id"`
	CreatedAt              jtime  `json:"created_at"`
	UpdatedAt              jtime  `json:"updated_at"`
}

func renderV3Interview(_ *renderCtx, r row) any {
	iv := r.(*Interview)
	return v3Interview{ID: iv.ID, JobID: iv.JobID, ApplicationID: iv.ApplicationID, JobInterviewID: iv.JobInterviewID,
		StartsAt: jtime(iv.StartsAt), EndsAt: jtime(iv.EndsAt), Location: jstr(iv.Location), Status: iv.Status,
		OrganizerID: jid(iv.OrganizerID), ScheduledAt: jtime(iv.ScheduledAt), AvailabilityReceivedAt: jtime(iv.CreatedAt),
		VideoConferencingURL: jstr(iv.VideoConferencingURL), ExternalEventID: jstr(iv.ExternalEventID),
		CreatedAt: jtime(iv.CreatedAt), UpdatedAt: jtime(iv.UpdatedAt)}
}

type v3Scorecard struct {
	ID                   int64  `json:"id"`
	ApplicationID        int64  `json:"application_id"`
	InterviewKitID       jid    `json:"interview_kit_id"`
	InterviewerID        jid    `json:"interviewer_id"`
	SubmitterID          jid    `json:"submitter_id"`
	CandidateRating      string `json:"candidate_rating"`
	Status               string `json:"status"`
	InterviewedAt        jtime  `json:"interviewed_at"`
	SubmittedAt          jtime  `json:"submitted_at"`
	Notes                jstr   `json:"notes"`
	NotesWithTags        jstr   `json:"notes_with_tags"`
	PrivateNotes         jstr   `json:"private_notes"`
	PrivateNotesWithTags jstr   `json:"private_notes_with_tags"`
	PublicNotes          jstr   `json:"public_notes"`
	PublicNotesWithTags  jstr   `json:"public_notes_with_tags"`
	CreatedAt            jtime  `json:"created_at"`
	UpdatedAt            jtime  `json:"updated_at"`
}

func renderV3Scorecard(_ *renderCtx, r row) any {
	s := r.(*Scorecard)
	return v3Scorecard{ID: s.ID, ApplicationID: s.ApplicationID, InterviewKitID: jid(s.InterviewKitID), InterviewerID: jid(s.InterviewerID),
		SubmitterID: jid(s.SubmitterID), CandidateRating: s.Rating, Status: s.Status, InterviewedAt: jtime(s.InterviewedAt),
		SubmittedAt: jtime(s.SubmittedAt), Notes: jstr(s.KeyTakeaways), NotesWithTags: jstr(s.KeyTakeaways),
		PrivateNotes: jstr(s.PrivateNotes), PrivateNotesWithTags: jstr(s.PrivateNotes),
		CreatedAt: jtime(s.CreatedAt), UpdatedAt: jtime(s.UpdatedAt)}
}

func offerCustomFields(o *Offer) map[string]customField {
	var notes any
	if o.Notes != "" {
		notes = o.Notes
	}
	return map[string]customField{
		"salary":          {Name: "Salary", Type: "currency", Value: map[string]any{"amount": o.Salary, "unit": "USD"}},
		"employment_type": {Name: "Employment Type", Type: "single_select", Value: o.EmploymentType},
		"notes":           {Name: "Notes", Type: "long_text", Value: notes},
	}
}

type v3Offer struct {
	ID            int64                  `json:"id"`
	Version       int                    `json:"version"`
	ApplicationID int64                  `json:"application_id"`
	JobID         int64                  `json:"job_id"`
	CandidateID   int64                  `json:"candidate_id"`
	OpeningID     jid                    `json:"opening_id"`
	Status        string                 `json:"status"`
	StartsOn      jdate                  `json:"starts_on"`
	SentOn        jdate                  `json:"sent_on"`
	ResolvedAt    jtime                  `json:"resolved_at"`
	CustomFields  map[string]customField `json:"custom_fields"`
	CreatedAt     jtime                  `json:"created_at"`
	UpdatedAt     jtime                  `json:"updated_at"`
}

func renderV3Offer(_ *renderCtx, r row) any {
	o := r.(*Offer)
	return v3Offer{ID: o.ID, Version: o.Version, ApplicationID: o.ApplicationID, JobID: o.JobID, CandidateID: o.CandidateID,
		OpeningID: jid(o.OpeningID), Status: o.Status, StartsOn: jdate(o.StartsOn), SentOn: jdate(o.SentOn),
		ResolvedAt: jtime(o.ResolvedAt), CustomFields: offerCustomFields(o), CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt)}
}

type v3User struct {
	ID                 int64                  `json:"id"`
	FirstName          string                 `json:"first_name"`
	LastName           string                 `json:"last_name"`
	Name               string                 `json:"name"`
	JobTitle           jstr                   `json:"job_title"`
	PrimaryEmail       string                 `json:"primary_email"`
	Emails             []string               `json:"emails"`
	Deactivated        bool                   `json:"deactivated"`
	SiteAdmin          bool                   `json:"site_admin"`
	AgencyID           jid                    `json:"agency_id"`
	EmployeeID         jstr                   `json:"employee_id"`
	LinkedCandidateIDs []int64                `json:"linked_candidate_ids"`
	OfficeIDs          []int64                `json:"office_ids"`
	DepartmentIDs      []int64                `json:"department_ids"`
	InterviewerTags    []any                  `json:"interviewer_tags"`
	CustomFields       map[string]customField `json:"custom_fields"`
	CreatedAt          jtime                  `json:"created_at"`
	UpdatedAt          jtime                  `json:"updated_at"`
}

func renderV3User(_ *renderCtx, r row) any {
	u := r.(*User)
	return v3User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Name: u.Name(), JobTitle: jstr(u.JobTitle),
		PrimaryEmail: u.Email, Emails: []string{u.Email}, Deactivated: u.Deactivated, SiteAdmin: u.SiteAdmin,
		EmployeeID: jstr(u.EmployeeID), LinkedCandidateIDs: []int64{}, OfficeIDs: nz(u.OfficeIDs), DepartmentIDs: nz(u.DepartmentIDs),
		InterviewerTags: []any{}, CustomFields: map[string]customField{}, CreatedAt: jtime(u.CreatedAt), UpdatedAt: jtime(u.UpdatedAt)}
}

type v3Department struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	ParentID   jid    `json:"parent_id"`
	ExternalID jstr   `json:"external_id"`
	CreatedAt  jtime  `json:"created_at"`
	UpdatedAt  jtime  `json:"updated_at"`
}

func renderV3Department(_ *renderCtx, r row) any {
	d := r.(*Department)
	return v3Department{ID: d.ID, Name: d.Name, ParentID: jid(d.ParentID), ExternalID: jstr(d.ExternalID),
		CreatedAt: jtime(d.CreatedAt), UpdatedAt: jtime(d.UpdatedAt)}
}

type v3Office struct {
	ID                          int64  `json:"id"`
	Name                        string `json:"name"`
	ParentID                    jid    `json:"parent_id"`
	ExternalID                  jstr   `json:"external_id"`
	Location                    jstr   `json:"location"`
	PrimaryInHouseContactUserID jid    `json:"primary_in_house_contact_user_id"`
	CreatedAt                   jtime  `json:"created_at"`
	UpdatedAt                   jtime  `json:"updated_at"`
}

func renderV3Office(_ *renderCtx, r row) any {
	o := r.(*Office)
	return v3Office{ID: o.ID, Name: o.Name, ParentID: jid(o.ParentID), ExternalID: jstr(o.ExternalID), Location: jstr(o.Location),
		PrimaryInHouseContactUserID: jid(o.PrimaryContactUserID), CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt)}
}

type idName struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type v3Source struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Type      idName `json:"type"`
	CreatedAt jtime  `json:"created_at"`
	UpdatedAt jtime  `json:"updated_at"`
}

func renderV3Source(_ *renderCtx, r row) any {
	s := r.(*Source)
	return v3Source{ID: s.ID, Name: s.Name, Type: idName{s.TypeID, s.TypeName}, CreatedAt: jtime(s.CreatedAt), UpdatedAt: jtime(s.UpdatedAt)}
}

type v3RejectionReason struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type struct {
		ID   int64  `json:"id"`
		Key  string `json:"key"`
		Name string `json:"name"`
	} `json:"type"`
	CreatedAt jtime `json:"created_at"`
	UpdatedAt jtime `json:"updated_at"`
}

func renderV3RejectionReason(_ *renderCtx, r row) any {
	rr := r.(*RejectionReason)
	out := v3RejectionReason{ID: rr.ID, Name: rr.Name, CreatedAt: jtime(rr.CreatedAt), UpdatedAt: jtime(rr.UpdatedAt)}
	out.Type.ID, out.Type.Key, out.Type.Name = rr.TypeID, rr.TypeKey, rr.TypeName
	return out
}

type v3CloseReason struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CreatedAt jtime  `json:"created_at"`
	UpdatedAt jtime  `json:"updated_at"`
}

func renderV3CloseReason(_ *renderCtx, r row) any {
	c := r.(*CloseReason)
	return v3CloseReason{ID: c.ID, Name: c.Name, CreatedAt: jtime(c.CreatedAt), UpdatedAt: jtime(c.UpdatedAt)}
}

type v3Note struct {
	ID                       int64    `json:"id"`
	CandidateID              int64    `json:"candidate_id"`
	ApplicationID            jid      `json:"application_id"`
	Body                     string   `json:"body"`
	BodyWithTags             string   `json:"body_with_tags"`
	Subject                  jstr     `json:"subject"`
	Type                     string   `json:"type"`
	UserID                   jid      `json:"user_id"`
	EmailFrom                jstr     `json:"email_from"`
	EmailTo                  jstr     `json:"email_to"`
	EmailCC                  []string `json:"email_cc"`
	EmailAttachmentFileNames jstr     `json:"email_attachment_file_names"`
	Visibility               string   `json:"visibility"`
	ImportHash               jstr     `json:"import_hash"`
	CreatedAt                jtime    `json:"created_at"`
	UpdatedAt                jtime    `json:"updated_at"`
}

// v3Visibility spells note visibility the way v3 reads it back.
var v3Visibility = map[string]string{"public": "publicly_visible", "private": "privately_visible", "admin_only": "admin_only_visible"}

func renderV3Note(_ *renderCtx, r row) any {
	n := r.(*Note)
	out := v3Note{ID: n.ID, CandidateID: n.CandidateID, ApplicationID: jid(n.ApplicationID), Body: n.Body, BodyWithTags: n.Body,
		Subject: jstr(n.Subject), Type: n.Type, UserID: jid(n.UserID), EmailFrom: jstr(n.EmailFrom), EmailTo: jstr(n.To),
		EmailCC: []string{}, Visibility: v3Visibility[n.Visibility], CreatedAt: jtime(n.CreatedAt), UpdatedAt: jtime(n.UpdatedAt)}
	if n.CC != "" {
		out.EmailCC = []string{n.CC}
	}
	return out
}

// v3Education names the school, degree and discipline by custom field
// option (see custom_field_options), and gives its dates both as
// timestamps and as month and year.
type v3Education struct {
	ID                            int64 `json:"id"`
	CandidateID                   int64 `json:"candidate_id"`
	SchoolNameCustomFieldOptionID jid   `json:"school_name_custom_field_option_id"`
	DegreeCustomFieldOptionID     jid   `json:"degree_custom_field_option_id"`
	DisciplineCustomFieldOptionID jid   `json:"discipline_custom_field_option_id"`
	StartAt                       jtime `json:"start_at"`
	StartDateMonth                jint  `json:"start_date_month"`
	StartDateYear                 jint  `json:"start_date_year"`
	EndAt                         jtime `json:"end_at"`
	EndDateMonth                  jint  `json:"end_date_month"`
	EndDateYear                   jint  `json:"end_date_year"`
	Latest                        bool  `json:"latest"`
	CreatedAt                     jtime `json:"created_at"`
	UpdatedAt                     jtime `json:"updated_at"`
}

// monthYear splits a date into month and year, both null when it is zero.
func monthYear(t time.Time) (jint, jint) {
	if t.IsZero() {
		return 0, 0
	}
	return jint(t.Month()), jint(t.Year())
}

// latestEducation is the candidate's most recent education: the one that
// ended last, the newest record on a tie.
func latestEducation(st *store, candidateID int64) *Education {
	var best *Education
	for _, e := range st.educations.children("candidate_id", candidateID) {
		if best == nil || !e.EndDate.Before(best.EndDate) {
			best = e
		}
	}
	return best
}

// latestEmployment is the candidate's current or most recent job.
func latestEmployment(st *store, candidateID int64) *Employment {
	var best *Employment
	for _, e := range st.employments.children("candidate_id", candidateID) {
		switch {
		case best == nil:
			best = e
		case e.EndDate.IsZero() != best.EndDate.IsZero():
			if e.EndDate.IsZero() {
				best = e
			}
		case !e.StartDate.Before(best.StartDate):
			best = e
		}
	}
	return best
}

func renderV3Education(rc *renderCtx, r row) any {
	e := r.(*Education)
	out := v3Education{ID: e.ID, CandidateID: e.CandidateID,
		SchoolNameCustomFieldOptionID: jid(rc.st.optionID("candidate", "school_name", e.SchoolName)),
		DegreeCustomFieldOptionID:     jid(rc.st.optionID("candidate", "degree", e.Degree)),
		DisciplineCustomFieldOptionID: jid(rc.st.optionID("candidate", "discipline", e.Discipline)),
		StartAt:                       jtime(e.StartDate), EndAt: jtime(e.EndDate),
		Latest:    latestEducation(rc.st, e.CandidateID) == e,
		CreatedAt: jtime(e.CreatedAt), UpdatedAt: jtime(e.UpdatedAt)}
	out.StartDateMonth, out.StartDateYear = monthYear(e.StartDate)
	out.EndDateMonth, out.EndDateYear = monthYear(e.EndDate)
	return out
}

type v3Employment struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"candidate_id"`
	CompanyName jstr  `json:"company_name"`
	Title       jstr  `json:"title"`
	StartDate   jtime `json:"start_date"`
	EndDate     jtime `json:"end_date"`
	Latest      bool  `json:"latest"`
	CreatedAt   jtime `json:"created_at"`
	UpdatedAt   jtime `json:"updated_at"`
}

func renderV3Employment(rc *renderCtx, r row) any {
	e := r.(*Employment)
	return v3Employment{ID: e.ID, CandidateID: e.CandidateID, CompanyName: jstr(e.CompanyName), Title: jstr(e.Title),
		StartDate: jtime(e.StartDate), EndDate: jtime(e.EndDate), Latest: latestEmployment(rc.st, e.CandidateID) == e,
		CreatedAt: jtime(e.CreatedAt), UpdatedAt: jtime(e.UpdatedAt)}
}

type v3CustomField struct {
	ID                   int64  `json:"id"`
	Name                 string `json:"name"`
	NameKey              string `json:"name_key"`
	FieldType            string `json:"field_type"`
	ValueType            string `json:"value_type"`
	InternalType         jstr   `json:"internal_type"`
	Description          jstr   `json:"description"`
	Placeholder          jstr   `json:"placeholder"`
	DefaultValue         any    `json:"default_value"`
	TemplateTokenString  jstr   `json:"template_token_string"`
	ApplicationType      jstr   `json:"application_type"`
	Active               bool   `json:"active"`
	APIOnly              bool   `json:"api_only"`
	Private              bool   `json:"private"`
	Required             bool   `json:"required"`
	RequireApproval      bool   `json:"require_approval"`
	TriggerNewVersion    bool   `json:"trigger_new_version"`
	ExposeInJobBoardAPI  bool   `json:"expose_in_job_board_api"`
	UseForJobApprovals   bool   `json:"use_for_job_approvals"`
	UseForOfferApprovals bool   `json:"use_for_offer_approvals"`
	SortOrder            int    `json:"sort_order"`
	UpdatedByID          jid    `json:"updated_by_id"`
	CreatedAt            jtime  `json:"created_at"`
	UpdatedAt            jtime  `json:"updated_at"`
}

func renderV3CustomField(_ *renderCtx, r row) any {
	f := r.(*CustomField)
	out := v3CustomField{ID: f.ID, Name: f.Name, NameKey: f.NameKey, FieldType: f.FieldType, ValueType: f.ValueType,
		InternalType: jstr(f.InternalType), TemplateTokenString: jstr("{{" + strings.ToUpper(f.NameKey) + "}}"),
		Active: f.Active, Private: f.Private, Required: f.Required, SortOrder: f.SortOrder,
		CreatedAt: jtime(f.CreatedAt), UpdatedAt: jtime(f.UpdatedAt)}
	if f.FieldType == "application" {
		out.ApplicationType = "all"
	}
	return out
}

type v3CustomFieldOption struct {
	ID            int64  `json:"id"`
	CustomFieldID int64  `json:"custom_field_id"`
	Name          string `json:"name"`
	ExternalID    jstr   `json:"external_id"`
	SortOrder     int    `json:"sort_order"`
	Active        bool   `json:"active"`
	CreatedAt     jtime  `json:"created_at"`
	UpdatedAt     jtime  `json:"updated_at"`
}

func renderV3CustomFieldOption(_ *renderCtx, r row) any {
	o := r.(*CustomFieldOption)
	return v3CustomFieldOption{ID: o.ID, CustomFieldID: o.CustomFieldID, Name: o.Name, ExternalID: jstr(o.ExternalID),
		SortOrder: o.SortOrder, Active: o.Active, CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt)}
}

type v3CandidateTag struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CreatedAt jtime  `json:"created_at"`
	UpdatedAt jtime  `json:"updated_at"`
}

func renderV3CandidateTag(_ *renderCtx, r row) any {
	t := r.(*CandidateTag)
	return v3CandidateTag{ID: t.ID, Name: t.Name, CreatedAt: jtime(t.CreatedAt), UpdatedAt: jtime(t.UpdatedAt)}
}

type v3AppliedTag struct {
	ID             int64 `json:"id"`
	CandidateID    int64 `json:"candidate_id"`
	CandidateTagID int64 `json:"candidate_tag_id"`
	CreatedAt      jtime `json:"created_at"`
	UpdatedAt      jtime `json:"updated_at"`
}

func renderV3AppliedTag(_ *renderCtx, r row) any {
	t := r.(*AppliedCandidateTag)
	return v3AppliedTag{ID: t.ID, CandidateID: t.CandidateID, CandidateTagID: t.CandidateTagID,
		CreatedAt: jtime(t.CreatedAt), UpdatedAt: jtime(t.UpdatedAt)}
}

type v3UserRole struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	RoleType  string `json:"role_type"`
	CreatedAt jtime  `json:"created_at"`
	UpdatedAt jtime  `json:"updated_at"`
}

func renderV3UserRole(_ *renderCtx, r row) any {
	u := r.(*UserRole)
	return v3UserRole{ID: u.ID, Name: u.Name, RoleType: u.RoleType, CreatedAt: jtime(u.CreatedAt), UpdatedAt: jtime(u.UpdatedAt)}
}

type v3RejectionDetail struct {
	ID                   int64          `json:"id"`
	ApplicationID        int64          `json:"application_id"`
	RejectedByID         jid            `json:"rejected_by_id"`
	RejectionReasonID    jid            `json:"rejection_reason_id"`
	RejectionNoteID      jid            `json:"rejection_note_id"`
	RejectedAt           jtime          `json:"rejected_at"`
	QuestionCustomFields map[string]any `json:"question_custom_fields"`
	CreatedAt            jtime          `json:"created_at"`
	UpdatedAt            jtime          `json:"updated_at"`
}

func renderV3RejectionDetail(_ *renderCtx, r row) any {
	d := r.(*RejectionDetail)
	return v3RejectionDetail{ID: d.ID, ApplicationID: d.ApplicationID, RejectedByID: jid(d.RejectedByID),
		RejectionReasonID: jid(d.RejectionReasonID), RejectionNoteID: jid(d.RejectionNoteID), RejectedAt: jtime(d.RejectedAt),
		QuestionCustomFields: map[string]any{}, CreatedAt: jtime(d.CreatedAt), UpdatedAt: jtime(d.UpdatedAt)}
}

type v3ProspectDetail struct {
	ID              int64 `json:"id"`
	ApplicationID   int64 `json:"application_id"`
	PoolID          jid   `json:"pool_id"`
	PoolStageID     jid   `json:"pool_stage_id"`
	ProspectOwnerID jid   `json:"prospect_owner_id"`
	DepartmentID    jid   `json:"department_id"`
	OfficeID        jid   `json:"office_id"`
	CreatedAt       jtime `json:"created_at"`
	UpdatedAt       jtime `json:"updated_at"`
}

func renderV3ProspectDetail(_ *renderCtx, r row) any {
	d := r.(*ProspectDetail)
	return v3ProspectDetail{ID: d.ID, ApplicationID: d.ApplicationID, PoolID: jid(d.PoolID), PoolStageID: jid(d.PoolStageID),
		ProspectOwnerID: jid(d.ProspectOwnerID), DepartmentID: jid(d.DepartmentID), OfficeID: jid(d.OfficeID),
		CreatedAt: jtime(d.CreatedAt), UpdatedAt: jtime(d.UpdatedAt)}
}

// v3EEOCAnswer is an answer as {id, description}; a skipped question is null.
type v3EEOCAnswer struct {
	ID          int64  `json:"id"`
	Description string `json:"description"`
}

func eeocAnswer(a *EEOCAnswer) *v3EEOCAnswer {
	if a == nil {
		return nil
	}
	return &v3EEOCAnswer{a.ID, a.Description}
}

type v3EEOC struct {
	ID               int64         `json:"id"`
	ApplicationID    int64         `json:"application_id"`
	CandidateID      int64         `json:"candidate_id"`
	Gender           *v3EEOCAnswer `json:"gender"`
	Race             *v3EEOCAnswer `json:"race"`
	VeteranStatus    *v3EEOCAnswer `json:"veteran_status"`
	DisabilityStatus *v3EEOCAnswer `json:"disability_status"`
	SubmittedAt      jtime         `json:"submitted_at"`
	CreatedAt        jtime         `json:"created_at"`
	UpdatedAt        jtime         `json:"updated_at"`
}

func renderV3EEOC(_ *renderCtx, r row) any {
	e := r.(*EEOC)
	return v3EEOC{ID: e.ID, ApplicationID: e.ApplicationID, CandidateID: e.CandidateID, Gender: eeocAnswer(e.Gender),
		Race: eeocAnswer(e.Race), VeteranStatus: eeocAnswer(e.VeteranStatus), DisabilityStatus: eeocAnswer(e.DisabilityStatus),
		SubmittedAt: jtime(e.SubmittedAt), CreatedAt: jtime(e.CreatedAt), UpdatedAt: jtime(e.UpdatedAt)}
}

type v3JobPostLocation struct {
	ID                int64  `json:"id"`
	JobPostID         int64  `json:"job_post_id"`
	Type              string `json:"type"`
	OfficeID          jid    `json:"office_id"`
	CustomLocationID  jid    `json:"custom_location_id"`
	PlainTextLocation jstr   `json:"plain_text_location"`
	CreatedAt         jtime  `json:"created_at"`
	UpdatedAt         jtime  `json:"updated_at"`
}

func renderV3JobPostLocation(_ *renderCtx, r row) any {
	l := r.(*JobPostLocation)
	return v3JobPostLocation{ID: l.ID, JobPostID: l.JobPostID, Type: l.Type, OfficeID: jid(l.OfficeID),
		CustomLocationID: jid(l.CustomLocationID), PlainTextLocation: jstr(l.PlainTextLocation),
		CreatedAt: jtime(l.CreatedAt), UpdatedAt: jtime(l.UpdatedAt)}
}
