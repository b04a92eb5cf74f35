package simulator

import (
	"fmt"
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
	CreatedAt            jtime                  `json:"created_at"`
	UpdatedAt            jtime                  `json:"updated_at"`
}

func renderV3Candidate(_ *renderCtx, r row) any {
	c := r.(*Candidate)
	return v3Candidate{ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, PreferredName: jstr(c.PreferredName),
		Company: jstr(c.Company), Title: jstr(c.Title), LastActivityAt: jtime(c.LastActivityAt), Private: c.Private,
		CanEmail: c.CanEmail, Tags: nz(c.Tags), LinkedUserIDs: []int64{},
		PhoneNumbers: valueTypes(c.PhoneNumbers), Addresses: valueTypes(c.Addresses), EmailAddresses: valueTypes(c.EmailAddresses),
		WebsiteAddresses: valueTypes(c.WebsiteAddresses), SocialMediaAddresses: valueTypes(c.SocialMediaAddresses),
		CustomFields: candidateCustomFields(c), CreatedAt: jtime(c.CreatedAt), UpdatedAt: jtime(c.UpdatedAt)}
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

func applicationCustomFields(a *Application) map[string]customField {
	var v any
	if a.Fit > 0.75 {
		v = "Strong match"
	}
	return map[string]customField{"screening_notes": {Name: "Screening Notes", Type: "short_text", Value: v}}
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

func renderV3Application(rc *renderCtx, r row) any {
	a := r.(*Application)
	out := v3Application{ID: a.ID, CandidateID: a.CandidateID, JobID: jid(a.JobID), JobPostID: jid(a.JobPostID),
		RecruiterID: jid(a.RecruiterID), CoordinatorID: jid(a.CoordinatorID), ReferrerID: jid(a.ReferrerID),
		SourceID: jid(a.SourceID), StageID: jid(a.StageID), Status: v3Status(a.Status), NeedsDecision: needsDecision(rc.st, a),
		Prospect: a.Prospect, RejectedAt: jtime(a.RejectedAt), RejectionReasonID: jid(a.RejectionReasonID),
		LastActivityAt: jtime(a.LastActivityAt), LocationAddress: jstr(a.LocationAddress), Answers: answers(a.Answers),
		ProspectiveJobIDs: nz(a.ProspectiveJobIDs), CustomFields: applicationCustomFields(a),
		CreatedAt: jtime(a.CreatedAt), UpdatedAt: jtime(a.UpdatedAt)}
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

type v3JobPost struct {
	ID                       int64          `json:"id"`
	Title                    string         `json:"title"`
	Internal                 bool           `json:"internal"`
	Active                   bool           `json:"active"`
	Live                     bool           `json:"live"`
	Featured                 bool           `json:"featured"`
	FirstPublishedAt         jtime          `json:"first_published_at"`
	Content                  string         `json:"content"`
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
		FirstPublishedAt: jtime(p.FirstPublishedAt), Content: p.Content, Language: p.Language, PublicURL: jstr(publicURL(p)),
		JobID: p.JobID, JobBoardID: p.JobBoardID, Questions: postQuestions(), CreatedAt: jtime(p.CreatedAt), UpdatedAt: jtime(p.UpdatedAt)}
}

type v3JobHiringManager struct {
	ID          int64 `json:"id"`
	JobID       int64 `json:"job_id"`
	UserID      int64 `json:"user_id"`
	Responsible bool  `json:"responsible"`
	CreatedAt   jtime `json:"created_at"`
	UpdatedAt   jtime `json:"updated_at"`
}

func renderV3JobHiringManager(_ *renderCtx, r row) any {
	h := r.(*JobHiringManager)
	return v3JobHiringManager{ID: h.ID, JobID: h.JobID, UserID: h.UserID, Responsible: h.Responsible,
		CreatedAt: jtime(h.CreatedAt), UpdatedAt: jtime(h.UpdatedAt)}
}

type v3JobOwner struct {
	ID        int64  `json:"id"`
	JobID     int64  `json:"job_id"`
	UserID    int64  `json:"user_id"`
	Type      string `json:"type"`
	CreatedAt jtime  `json:"created_at"`
	UpdatedAt jtime  `json:"updated_at"`
}

func renderV3JobOwner(_ *renderCtx, r row) any {
	o := r.(*JobOwner)
	return v3JobOwner{ID: o.ID, JobID: o.JobID, UserID: o.UserID, Type: o.Type, CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt)}
}

type v3Opening struct {
	ID            int64 `json:"id"`
	JobID         int64 `json:"job_id"`
	OpeningID     jstr  `json:"opening_id"`
	OpenedAt      jtime `json:"opened_at"`
	ClosedAt      jtime `json:"closed_at"`
	Open          bool  `json:"open"`
	SortOrder     int   `json:"sort_order"`
	ApplicationID jid   `json:"application_id"`
	CloseReasonID jid   `json:"close_reason_id"`
	TargetStartOn jdate `json:"target_start_on"`
	CreatedAt     jtime `json:"created_at"`
	UpdatedAt     jtime `json:"updated_at"`
}

func renderV3Opening(_ *renderCtx, r row) any {
	o := r.(*Opening)
	return v3Opening{ID: o.ID, JobID: o.JobID, OpeningID: jstr(o.OpeningID), OpenedAt: jtime(o.OpenedAt), ClosedAt: jtime(o.ClosedAt),
		Open: o.Open(), SortOrder: o.SortOrder, ApplicationID: jid(o.ApplicationID), CloseReasonID: jid(o.CloseReasonID),
		TargetStartOn: jdate(o.TargetStartOn), CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt)}
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
	ID                 int64    `json:"id"`
	FirstName          string   `json:"first_name"`
	LastName           string   `json:"last_name"`
	Name               string   `json:"name"`
	JobTitle           jstr     `json:"job_title"`
	PrimaryEmail       string   `json:"primary_email"`
	Emails             []string `json:"emails"`
	Deactivated        bool     `json:"deactivated"`
	SiteAdmin          bool     `json:"site_admin"`
	AgencyID           jid      `json:"agency_id"`
	EmployeeID         jstr     `json:"employee_id"`
	LinkedCandidateIDs []int64  `json:"linked_candidate_ids"`
	OfficeIDs          []int64  `json:"office_ids"`
	DepartmentIDs      []int64  `json:"department_ids"`
	InterviewerTags    []any    `json:"interviewer_tags"`
	CreatedAt          jtime    `json:"created_at"`
	UpdatedAt          jtime    `json:"updated_at"`
}

func renderV3User(_ *renderCtx, r row) any {
	u := r.(*User)
	return v3User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Name: u.Name(), JobTitle: jstr(u.JobTitle),
		PrimaryEmail: u.Email, Emails: []string{u.Email}, Deactivated: u.Deactivated, SiteAdmin: u.SiteAdmin,
		EmployeeID: jstr(u.EmployeeID), LinkedCandidateIDs: []int64{}, OfficeIDs: nz(u.OfficeIDs), DepartmentIDs: nz(u.DepartmentIDs),
		InterviewerTags: []any{}, CreatedAt: jtime(u.CreatedAt), UpdatedAt: jtime(u.UpdatedAt)}
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
	ID            int64  `json:"id"`
	CandidateID   int64  `json:"candidate_id"`
	ApplicationID jid    `json:"application_id"`
	Body          string `json:"body"`
	BodyWithTags  string `json:"body_with_tags"`
	Subject       jstr   `json:"subject"`
	Type          string `json:"type"`
	UserID        jid    `json:"user_id"`
	EmailFrom     jstr   `json:"email_from"`
	To            jstr   `json:"to"`
	CC            jstr   `json:"cc"`
	Visibility    string `json:"visibility"`
	ImportHash    jstr   `json:"import_hash"`
	CreatedAt     jtime  `json:"created_at"`
	UpdatedAt     jtime  `json:"updated_at"`
}

// v3Visibility spells note visibility the way v3 reads it back.
var v3Visibility = map[string]string{"public": "publicly_visible", "private": "privately_visible", "admin_only": "admin_only_visible"}

func renderV3Note(_ *renderCtx, r row) any {
	n := r.(*Note)
	return v3Note{ID: n.ID, CandidateID: n.CandidateID, ApplicationID: jid(n.ApplicationID), Body: n.Body, BodyWithTags: n.Body,
		Subject: jstr(n.Subject), Type: n.Type, UserID: jid(n.UserID), EmailFrom: jstr(n.EmailFrom), To: jstr(n.To), CC: jstr(n.CC),
		Visibility: v3Visibility[n.Visibility], CreatedAt: jtime(n.CreatedAt), UpdatedAt: jtime(n.UpdatedAt)}
}

type v3Education struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"candidate_id"`
	SchoolName  jstr  `json:"school_name"`
	Degree      jstr  `json:"degree"`
	Discipline  jstr  `json:"discipline"`
	StartDate   jtime `json:"start_date"`
	EndDate     jtime `json:"end_date"`
	CreatedAt   jtime `json:"created_at"`
	UpdatedAt   jtime `json:"updated_at"`
}

func renderV3Education(_ *renderCtx, r row) any {
	e := r.(*Education)
	return v3Education{ID: e.ID, CandidateID: e.CandidateID, SchoolName: jstr(e.SchoolName), Degree: jstr(e.Degree),
		Discipline: jstr(e.Discipline), StartDate: jtime(e.StartDate), EndDate: jtime(e.EndDate),
		CreatedAt: jtime(e.CreatedAt), UpdatedAt: jtime(e.UpdatedAt)}
}

type v3Employment struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"candidate_id"`
	CompanyName jstr  `json:"company_name"`
	Title       jstr  `json:"title"`
	StartDate   jtime `json:"start_date"`
	EndDate     jtime `json:"end_date"`
	CreatedAt   jtime `json:"created_at"`
	UpdatedAt   jtime `json:"updated_at"`
}

func renderV3Employment(_ *renderCtx, r row) any {
	e := r.(*Employment)
	return v3Employment{ID: e.ID, CandidateID: e.CandidateID, CompanyName: jstr(e.CompanyName), Title: jstr(e.Title),
		StartDate: jtime(e.StartDate), EndDate: jtime(e.EndDate), CreatedAt: jtime(e.CreatedAt), UpdatedAt: jtime(e.UpdatedAt)}
}
