package simulator

// v1 shapes follow the fixtures in ../shared/fixtures/greenhouse
// (harvest_*.json): embedded children, user references and the v1
// spellings of statuses and dates.

// userRefV1 is how v1 embeds a user.
type userRefV1 struct {
	ID         int64  `json:"id"`
	FirstName  string `json:"first_name"`
	LastName   string `json:"last_name"`
	Name       string `json:"name"`
	EmployeeID jstr   `json:"employee_id"`
}

// userRef returns the v1 reference of a user, or nil (JSON null).
func userRef(st *store, id int64) *userRefV1 {
	u, ok := st.users.get(id)
	if !ok {
		return nil
	}
	return &userRefV1{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Name: u.Name(), EmployeeID: jstr(u.EmployeeID)}
}

type attachmentV1 struct {
	Filename  string `json:"filename"`
	URL       string `json:"url"`
	Type      string `json:"type"`
	CreatedAt jtime  `json:"created_at"`
}

func attachmentsV1(rc *renderCtx, as []*Attachment) []attachmentV1 {
	out := make([]attachmentV1, len(as))
	for i, a := range as {
		out[i] = attachmentV1{Filename: a.Filename, URL: rc.s.fileURL(rc.base, a, rc.now), Type: a.Type, CreatedAt: jtime(a.CreatedAt)}
	}
	return out
}

// flatCustomFields turns keyed custom fields into v1's {key: value} map.
func flatCustomFields(m map[string]customField) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v.Value
	}
	return out
}

type educationV1 struct {
	ID         int64  `json:"id"`
	SchoolName string `json:"school_name"`
	Degree     string `json:"degree"`
	Discipline string `json:"discipline"`
	StartDate  jtime  `json:"start_date"`
	EndDate    jtime  `json:"end_date"`
}

type employmentV1 struct {
	ID          int64  `json:"id"`
	CompanyName string `json:"company_name"`
	Title       string `json:"title"`
	StartDate   jtime  `json:"start_date"`
	EndDate     jtime  `json:"end_date"`
}

type candidateV1 struct {
	ID                   int64                  `json:"id"`
	FirstName            string                 `json:"first_name"`
	LastName             string                 `json:"last_name"`
	Company              jstr                   `json:"company"`
	Title                jstr                   `json:"title"`
	CreatedAt            jtime                  `json:"created_at"`
	UpdatedAt            jtime                  `json:"updated_at"`
	LastActivity         jtime                  `json:"last_activity"`
	IsPrivate            bool                   `json:"is_private"`
	PhotoURL             *string                `json:"photo_url"`
	Attachments          []attachmentV1         `json:"attachments"`
	ApplicationIDs       []int64                `json:"application_ids"`
	PhoneNumbers         []valueType            `json:"phone_numbers"`
	Addresses            []valueType            `json:"addresses"`
	EmailAddresses       []valueType            `json:"email_addresses"`
	WebsiteAddresses     []valueType            `json:"website_addresses"`
	SocialMediaAddresses []map[string]string    `json:"social_media_addresses"`
	Recruiter            *userRefV1             `json:"recruiter"`
	Coordinator          *userRefV1             `json:"coordinator"`
	CanEmail             bool                   `json:"can_email"`
	Tags                 []string               `json:"tags"`
	Applications         []applicationV1        `json:"applications"`
	Educations           []educationV1          `json:"educations"`
	Employments          []employmentV1         `json:"employments"`
	LinkedUserIDs        []int64                `json:"linked_user_ids"`
	CustomFields         map[string]any         `json:"custom_fields"`
	KeyedCustomFields    map[string]customField `json:"keyed_custom_fields"`
}

func renderV1Candidate(rc *renderCtx, r row) any {
	c := r.(*Candidate)
	st := rc.st
	cf := candidateCustomFields(c)
	out := candidateV1{ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, Company: jstr(c.Company), Title: jstr(c.Title),
		CreatedAt: jtime(c.CreatedAt), UpdatedAt: jtime(c.UpdatedAt), LastActivity: jtime(c.LastActivityAt), IsPrivate: c.Private,
		Attachments: attachmentsV1(rc, st.attachments.children("candidate_id", c.ID)), ApplicationIDs: []int64{},
		PhoneNumbers: valueTypes(c.PhoneNumbers), Addresses: valueTypes(c.Addresses), EmailAddresses: valueTypes(c.EmailAddresses),
		WebsiteAddresses: valueTypes(c.WebsiteAddresses), SocialMediaAddresses: valuesOnly(c.SocialMediaAddresses),
		Recruiter: userRef(st, c.RecruiterID), Coordinator: userRef(st, c.CoordinatorID), CanEmail: c.CanEmail, Tags: nz(c.Tags),
		Applications: []applicationV1{}, Educations: []educationV1{}, Employments: []employmentV1{}, LinkedUserIDs: []int64{},
		CustomFields: flatCustomFields(cf), KeyedCustomFields: cf}
	for _, a := range st.applications.children("candidate_id", c.ID) {
		out.ApplicationIDs = append(out.ApplicationIDs, a.ID)
		out.Applications = append(out.Applications, applicationV1Of(rc, a))
	}
	for _, e := range st.educations.children("candidate_id", c.ID) {
		out.Educations = append(out.Educations, educationV1{e.ID, e.SchoolName, e.Degree, e.Discipline, jtime(e.StartDate), jtime(e.EndDate)})
	}
	for _, e := range st.employments.children("candidate_id", c.ID) {
		out.Employments = append(out.Employments, employmentV1{e.ID, e.CompanyName, e.Title, jtime(e.StartDate), jtime(e.EndDate)})
	}
	return out
}

type rejectionReasonV1 struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type idName `json:"type"`
}

type applicationV1 struct {
	ID                    int64                  `json:"id"`
	CandidateID           int64                  `json:"candidate_id"`
	Prospect              bool                   `json:"prospect"`
	AppliedAt             jtime                  `json:"applied_at"`
	RejectedAt            jtime                  `json:"rejected_at"`
	LastActivityAt        jtime                  `json:"last_activity_at"`
	Location              map[string]string      `json:"location"`
	Source                map[string]any         `json:"source"`
	CreditedTo            *userRefV1             `json:"credited_to"`
	Recruiter             *userRefV1             `json:"recruiter"`
	Coordinator           *userRefV1             `json:"coordinator"`
	RejectionReason       *rejectionReasonV1     `json:"rejection_reason"`
	RejectionDetails      map[string]any         `json:"rejection_details"`
	Jobs                  []idName               `json:"jobs"`
	JobPostID             jid                    `json:"job_post_id"`
	Status                string                 `json:"status"`
	CurrentStage          *idName                `json:"current_stage"`
	Answers               []v3Answer             `json:"answers"`
	ProspectiveOffice     any                    `json:"prospective_office"`
	ProspectiveDepartment any                    `json:"prospective_department"`
	ProspectDetail        map[string]any         `json:"prospect_detail"`
	CustomFields          map[string]any         `json:"custom_fields"`
	KeyedCustomFields     map[string]customField `json:"keyed_custom_fields"`
	Attachments           []attachmentV1         `json:"attachments"`
}

func renderV1Application(rc *renderCtx, r row) any { return applicationV1Of(rc, r.(*Application)) }

func applicationV1Of(rc *renderCtx, a *Application) applicationV1 {
	st := rc.st
	cf := applicationCustomFields(a)
	out := applicationV1{ID: a.ID, CandidateID: a.CandidateID, Prospect: a.Prospect, AppliedAt: jtime(a.CreatedAt),
		RejectedAt: jtime(a.RejectedAt), LastActivityAt: jtime(a.LastActivityAt), CreditedTo: userRef(st, a.ReferrerID),
		Recruiter: userRef(st, a.RecruiterID), Coordinator: userRef(st, a.CoordinatorID), Jobs: []idName{},
		JobPostID: jid(a.JobPostID), Status: a.Status, Answers: answers(a.Answers),
		ProspectDetail: map[string]any{"prospect_pool": nil, "prospect_stage": nil, "prospect_owner": nil},
		CustomFields:   flatCustomFields(cf), KeyedCustomFields: cf,
		Attachments: attachmentsV1(rc, st.attachments.children("application_id", a.ID))}
	if a.LocationAddress != "" {
		out.Location = map[string]string{"address": a.LocationAddress}
	}
	if src, ok := st.sources.get(a.SourceID); ok {
		out.Source = map[string]any{"id": src.ID, "public_name": src.Name}
	}
	if rr, ok := st.rejectionReasons.get(a.RejectionReasonID); ok {
		out.RejectionReason = &rejectionReasonV1{rr.ID, rr.Name, idName{rr.TypeID, rr.TypeName}}
		out.RejectionDetails = map[string]any{"custom_fields": map[string]any{}, "keyed_custom_fields": map[string]any{}}
	}
	// A candidate's application has its one job; a prospect's lists the
	// jobs it is considered for, none or several.
	for _, id := range applicationJobIDs(a) {
		if j, ok := st.jobs.get(id); ok {
			out.Jobs = append(out.Jobs, idName{j.ID, j.Name})
		}
	}
	if stg, ok := st.stages.get(a.StageID); ok {
		out.CurrentStage = &idName{stg.ID, stg.Name}
	}
	if a.Prospect {
		if u := userRef(st, a.ReferrerID); u != nil {
			out.ProspectDetail["prospect_owner"] = map[string]any{"id": u.ID, "name": u.Name}
		}
	}
	return out
}

type departmentV1 struct {
	ID                         int64    `json:"id"`
	Name                       string   `json:"name"`
	ParentID                   jid      `json:"parent_id"`
	ParentDepartmentExternalID jstr     `json:"parent_department_external_id"`
	ChildIDs                   []int64  `json:"child_ids"`
	ChildDepartmentExternalIDs []string `json:"child_department_external_ids"`
	ExternalID                 jstr     `json:"external_id"`
}

func departmentV1Of(st *store, d *Department) departmentV1 {
	out := departmentV1{ID: d.ID, Name: d.Name, ParentID: jid(d.ParentID), ChildIDs: []int64{}, ChildDepartmentExternalIDs: []string{},
		ExternalID: jstr(d.ExternalID)}
	if p, ok := st.departments.get(d.ParentID); ok {
		out.ParentDepartmentExternalID = jstr(p.ExternalID)
	}
	for _, c := range st.departments.rows {
		if c.ParentID == d.ID {
			out.ChildIDs = append(out.ChildIDs, c.ID)
			out.ChildDepartmentExternalIDs = append(out.ChildDepartmentExternalIDs, c.ExternalID)
		}
	}
	return out
}

func renderV1Department(rc *renderCtx, r row) any { return departmentV1Of(rc.st, r.(*Department)) }

type officeV1 struct {
	ID                     int64             `json:"id"`
	Name                   string            `json:"name"`
	Location               map[string]string `json:"location"`
	PrimaryContactUserID   jid               `json:"primary_contact_user_id"`
	ParentID               jid               `json:"parent_id"`
	ParentOfficeExternalID jstr              `json:"parent_office_external_id"`
	ChildIDs               []int64           `json:"child_ids"`
	ChildOfficeExternalIDs []string          `json:"child_office_external_ids"`
	ExternalID             jstr              `json:"external_id"`
}

func officeV1Of(st *store, o *Office) officeV1 {
	out := officeV1{ID: o.ID, Name: o.Name, Location: map[string]string{"name": o.Location},
		PrimaryContactUserID: jid(o.PrimaryContactUserID), ParentID: jid(o.ParentID), ChildIDs: []int64{},
		ChildOfficeExternalIDs: []string{}, ExternalID: jstr(o.ExternalID)}
	for _, c := range st.offices.rows {
		if c.ParentID == o.ID && o.ID != 0 {
			out.ChildIDs = append(out.ChildIDs, c.ID)
			out.ChildOfficeExternalIDs = append(out.ChildOfficeExternalIDs, c.ExternalID)
		}
	}
	return out
}

func renderV1Office(rc *renderCtx, r row) any { return officeV1Of(rc.st, r.(*Office)) }

type teamMemberV1 struct {
	userRefV1
	Responsible *bool `json:"responsible,omitempty"`
}

type openingV1 struct {
	ID            int64   `json:"id"`
	OpeningID     jstr    `json:"opening_id"`
	Status        string  `json:"status"`
	OpenedAt      jtime   `json:"opened_at"`
	ClosedAt      jtime   `json:"closed_at"`
	ApplicationID jid     `json:"application_id"`
	CloseReason   *idName `json:"close_reason"`
}

func openingV1Of(st *store, o *Opening) openingV1 {
	out := openingV1{ID: o.ID, OpeningID: jstr(o.OpeningID), Status: "open", OpenedAt: jtime(o.OpenedAt), ClosedAt: jtime(o.ClosedAt),
		ApplicationID: jid(o.ApplicationID)}
	if !o.Open() {
		out.Status = "closed"
	}
	if cr, ok := st.closeReasons.get(o.CloseReasonID); ok {
		out.CloseReason = &idName{cr.ID, cr.Name}
	}
	return out
}

type jobV1 struct {
	ID                int64                     `json:"id"`
	Name              string                    `json:"name"`
	RequisitionID     jstr                      `json:"requisition_id"`
	Notes             jstr                      `json:"notes"`
	Confidential      bool                      `json:"confidential"`
	Status            string                    `json:"status"`
	CreatedAt         jtime                     `json:"created_at"`
	OpenedAt          jtime                     `json:"opened_at"`
	ClosedAt          jtime                     `json:"closed_at"`
	UpdatedAt         jtime                     `json:"updated_at"`
	IsTemplate        bool                      `json:"is_template"`
	CopiedFromID      jid                       `json:"copied_from_id"`
	Departments       []departmentV1            `json:"departments"`
	Offices           []officeV1                `json:"offices"`
	CustomFields      map[string]any            `json:"custom_fields"`
	KeyedCustomFields map[string]customField    `json:"keyed_custom_fields"`
	HiringTeam        map[string][]teamMemberV1 `json:"hiring_team"`
	Openings          []openingV1               `json:"openings"`
}

func renderV1Job(rc *renderCtx, r row) any {
	j := r.(*Job)
	st := rc.st
	cf := jobCustomFields(j)
	out := jobV1{ID: j.ID, Name: j.Name, RequisitionID: jstr(j.RequisitionID), Notes: jstr(j.Notes), Confidential: j.Confidential,
		Status: j.Status, CreatedAt: jtime(j.CreatedAt), OpenedAt: jtime(j.OpenedAt), ClosedAt: jtime(j.ClosedAt),
		UpdatedAt: jtime(j.UpdatedAt), IsTemplate: j.IsTemplate, CopiedFromID: jid(j.CopiedFromID),
		Departments: []departmentV1{}, Offices: []officeV1{}, CustomFields: flatCustomFields(cf), KeyedCustomFields: cf,
		HiringTeam: map[string][]teamMemberV1{"hiring_managers": {}, "recruiters": {}, "coordinators": {}, "sourcers": {}},
		Openings:   []openingV1{}}
	if d, ok := st.departments.get(j.DepartmentID); ok {
		out.Departments = append(out.Departments, departmentV1Of(st, d))
	}
	for _, id := range j.OfficeIDs {
		if o, ok := st.offices.get(id); ok {
			out.Offices = append(out.Offices, officeV1Of(st, o))
		}
	}
	for _, h := range st.hiringManagers.children("job_id", j.ID) {
		if u := userRef(st, h.UserID); u != nil {
			out.HiringTeam["hiring_managers"] = append(out.HiringTeam["hiring_managers"], teamMemberV1{userRefV1: *u})
		}
	}
	for _, o := range st.jobOwners.children("job_id", j.ID) {
		u := userRef(st, o.UserID)
		if u == nil {
			continue
		}
		m := teamMemberV1{userRefV1: *u}
		if o.Type != "sourcer" {
			resp := o.Responsible
			m.Responsible = &resp
		}
		out.HiringTeam[o.Type+"s"] = append(out.HiringTeam[o.Type+"s"], m)
	}
	for _, o := range st.openings.children("job_id", j.ID) {
		out.Openings = append(out.Openings, openingV1Of(st, o))
	}
	return out
}

type jobPostV1 struct {
	ID                       int64          `json:"id"`
	Title                    string         `json:"title"`
	Location                 map[string]any `json:"location"`
	Internal                 bool           `json:"internal"`
	External                 bool           `json:"external"`
	Active                   bool           `json:"active"`
	Live                     bool           `json:"live"`
	FirstPublishedAt         jtime          `json:"first_published_at"`
	JobID                    int64          `json:"job_id"`
	Content                  string         `json:"content"`
	InternalContent          jstr           `json:"internal_content"`
	UpdatedAt                jtime          `json:"updated_at"`
	CreatedAt                jtime          `json:"created_at"`
	DemographicQuestionSetID jid            `json:"demographic_question_set_id"`
	Questions                []postQuestion `json:"questions"`
}

func renderV1JobPost(_ *renderCtx, r row) any {
	p := r.(*JobPost)
	return jobPostV1{ID: p.ID, Title: p.Title,
		Location: map[string]any{"id": p.ID + 900_000, "name": p.Location, "office_id": jid(p.OfficeID),
			"job_post_custom_location_id": nil, "job_post_location_type": idName{1, "Free Text"}},
		Internal: p.Internal, External: !p.Internal, Active: p.Active, Live: p.Live, FirstPublishedAt: jtime(p.FirstPublishedAt),
		JobID: p.JobID, Content: p.Content, InternalContent: jstr(p.InternalContent), UpdatedAt: jtime(p.UpdatedAt),
		CreatedAt: jtime(p.CreatedAt), Questions: postQuestions()}
}

type interviewKitV1 struct {
	ID        int64            `json:"id"`
	Content   jstr             `json:"content"`
	Questions []map[string]any `json:"questions"`
}

type stageInterviewV1 struct {
	ID                      int64          `json:"id"`
	Name                    string         `json:"name"`
	Schedulable             bool           `json:"schedulable"`
	EstimatedMinutes        int            `json:"estimated_minutes"`
	DefaultInterviewerUsers []*userRefV1   `json:"default_interviewer_users"`
	InterviewKit            interviewKitV1 `json:"interview_kit"`
}

type jobStageV1 struct {
	ID         int64              `json:"id"`
	Name       string             `json:"name"`
	CreatedAt  jtime              `json:"created_at"`
	UpdatedAt  jtime              `json:"updated_at"`
	Active     bool               `json:"active"`
	JobID      int64              `json:"job_id"`
	Priority   int                `json:"priority"`
	Interviews []stageInterviewV1 `json:"interviews"`
}

func renderV1JobStage(rc *renderCtx, r row) any {
	s := r.(*JobInterviewStage)
	out := jobStageV1{ID: s.ID, Name: s.Name, CreatedAt: jtime(s.CreatedAt), UpdatedAt: jtime(s.UpdatedAt), Active: s.Active,
		JobID: s.JobID, Priority: s.SortOrder, Interviews: []stageInterviewV1{}}
	for _, iv := range s.Interviews {
		si := stageInterviewV1{ID: iv.ID, Name: iv.Name, Schedulable: iv.Schedulable, EstimatedMinutes: iv.EstimatedMinutes,
			DefaultInterviewerUsers: []*userRefV1{}, InterviewKit: interviewKitV1{ID: iv.KitID, Content: jstr(iv.KitContent), Questions: []map[string]any{}}}
		for _, uid := range iv.DefaultInterviewerIDs {
			if u := userRef(rc.st, uid); u != nil {
				si.DefaultInterviewerUsers = append(si.DefaultInterviewerUsers, u)
			}
		}
		for _, q := range iv.Questions {
			si.InterviewKit.Questions = append(si.InterviewKit.Questions, map[string]any{"id": q.ID, "question": q.Question})
		}
		out.Interviews = append(out.Interviews, si)
	}
	return out
}

type userV1 struct {
	ID                  int64          `json:"id"`
	Name                string         `json:"name"`
	FirstName           string         `json:"first_name"`
	LastName            string         `json:"last_name"`
	PrimaryEmailAddress string         `json:"primary_email_address"`
	UpdatedAt           jtime          `json:"updated_at"`
	CreatedAt           jtime          `json:"created_at"`
	Disabled            bool           `json:"disabled"`
	SiteAdmin           bool           `json:"site_admin"`
	Emails              []string       `json:"emails"`
	EmployeeID          jstr           `json:"employee_id"`
	LinkedCandidateIDs  []int64        `json:"linked_candidate_ids"`
	Offices             []officeV1     `json:"offices"`
	Departments         []departmentV1 `json:"departments"`
}

func renderV1User(rc *renderCtx, r row) any {
	u := r.(*User)
	out := userV1{ID: u.ID, Name: u.Name(), FirstName: u.FirstName, LastName: u.LastName, PrimaryEmailAddress: u.Email,
		UpdatedAt: jtime(u.UpdatedAt), CreatedAt: jtime(u.CreatedAt), Disabled: u.Deactivated, SiteAdmin: u.SiteAdmin,
		Emails: []string{u.Email}, EmployeeID: jstr(u.EmployeeID), LinkedCandidateIDs: []int64{}, Offices: []officeV1{}, Departments: []departmentV1{}}
	for _, id := range u.OfficeIDs {
		if o, ok := rc.st.offices.get(id); ok {
			out.Offices = append(out.Offices, officeV1Of(rc.st, o))
		}
	}
	for _, id := range u.DepartmentIDs {
		if d, ok := rc.st.departments.get(id); ok {
			out.Departments = append(out.Departments, departmentV1Of(rc.st, d))
		}
	}
	return out
}

func renderV1Source(_ *renderCtx, r row) any {
	s := r.(*Source)
	return map[string]any{"id": s.ID, "name": s.Name, "type": idName{s.TypeID, s.TypeName}}
}

func renderV1RejectionReason(_ *renderCtx, r row) any {
	rr := r.(*RejectionReason)
	return rejectionReasonV1{rr.ID, rr.Name, idName{rr.TypeID, rr.TypeName}}
}

func renderV1CloseReason(_ *renderCtx, r row) any {
	c := r.(*CloseReason)
	return idName{c.ID, c.Name}
}

type interviewerV1 struct {
	ID             int64  `json:"id"`
	EmployeeID     jstr   `json:"employee_id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	ResponseStatus string `json:"response_status"`
	ScorecardID    jid    `json:"scorecard_id"`
}

type interviewV1 struct {
	ID                   int64            `json:"id"`
	ApplicationID        int64            `json:"application_id"`
	ExternalEventID      jstr             `json:"external_event_id"`
	Start                map[string]jtime `json:"start"`
	End                  map[string]jtime `json:"end"`
	Location             jstr             `json:"location"`
	VideoConferencingURL jstr             `json:"video_conferencing_url"`
	Status               string           `json:"status"`
	CreatedAt            jtime            `json:"created_at"`
	UpdatedAt            jtime            `json:"updated_at"`
	Interview            idName           `json:"interview"`
	Organizer            *userRefV1       `json:"organizer"`
	Interviewers         []interviewerV1  `json:"interviewers"`
}

func renderV1Interview(rc *renderCtx, r row) any {
	iv := r.(*Interview)
	st := rc.st
	out := interviewV1{ID: iv.ID, ApplicationID: iv.ApplicationID, ExternalEventID: jstr(iv.ExternalEventID),
		Start: map[string]jtime{"date_time": jtime(iv.StartsAt)}, End: map[string]jtime{"date_time": jtime(iv.EndsAt)},
		Location: jstr(iv.Location), VideoConferencingURL: jstr(iv.VideoConferencingURL), Status: iv.Status,
		CreatedAt: jtime(iv.CreatedAt), UpdatedAt: jtime(iv.UpdatedAt), Interview: idName{iv.JobInterviewID, iv.Name},
		Organizer: userRef(st, iv.OrganizerID), Interviewers: []interviewerV1{}}
	cards := st.scorecards.children("application_id", iv.ApplicationID)
	for _, uid := range iv.InterviewerIDs {
		u, ok := st.users.get(uid)
		if !ok {
			continue
		}
		m := interviewerV1{ID: u.ID, EmployeeID: jstr(u.EmployeeID), Name: u.Name(), Email: u.Email, ResponseStatus: "accepted"}
		if iv.Status == "scheduled" && iv.StartsAt.After(rc.now) {
			m.ResponseStatus = "needs_action"
		}
		for _, sc := range cards {
			if sc.InterviewID == iv.ID && sc.InterviewerID == uid {
				m.ScorecardID = jid(sc.ID)
			}
		}
		out.Interviewers = append(out.Interviewers, m)
	}
	return out
}

// v1Recommendation spells a rating the v1 way.
func v1Recommendation(r string) string {
	if r == "strong_no" {
		return "definitely_not"
	}
	return r
}

type scorecardV1 struct {
	ID                    int64               `json:"id"`
	UpdatedAt             jtime               `json:"updated_at"`
	CreatedAt             jtime               `json:"created_at"`
	Interview             string              `json:"interview"`
	InterviewStep         idName              `json:"interview_step"`
	CandidateID           int64               `json:"candidate_id"`
	ApplicationID         int64               `json:"application_id"`
	InterviewedAt         jtime               `json:"interviewed_at"`
	SubmittedBy           *userRefV1          `json:"submitted_by"`
	Interviewer           *userRefV1          `json:"interviewer"`
	SubmittedAt           jtime               `json:"submitted_at"`
	OverallRecommendation string              `json:"overall_recommendation"`
	Attributes            []map[string]any    `json:"attributes"`
	Ratings               map[string][]string `json:"ratings"`
	Questions             []map[string]any    `json:"questions"`
}

func renderV1Scorecard(rc *renderCtx, r row) any {
	s := r.(*Scorecard)
	out := scorecardV1{ID: s.ID, UpdatedAt: jtime(s.UpdatedAt), CreatedAt: jtime(s.CreatedAt), Interview: s.InterviewName,
		InterviewStep: idName{s.StageID, s.StageName}, CandidateID: s.CandidateID, ApplicationID: s.ApplicationID,
		InterviewedAt: jtime(s.InterviewedAt), SubmittedBy: userRef(rc.st, s.SubmitterID), Interviewer: userRef(rc.st, s.InterviewerID),
		SubmittedAt: jtime(s.SubmittedAt), OverallRecommendation: v1Recommendation(s.Rating), Attributes: []map[string]any{},
		Ratings: map[string][]string{"definitely_not": {}, "no": {}, "mixed": {}, "yes": {}, "strong_yes": {}},
		Questions: []map[string]any{
			{"id": nil, "question": "Key Take-Aways", "answer": jstr(s.KeyTakeaways)},
			{"id": nil, "question": "Private Notes", "answer": jstr(s.PrivateNotes)},
		}}
	for _, a := range s.Attributes {
		out.Attributes = append(out.Attributes, map[string]any{"name": a.Name, "type": a.Type, "note": jstr(a.Note), "rating": a.Rating})
		out.Ratings[a.Rating] = append(out.Ratings[a.Rating], a.Name)
	}
	return out
}

// v1OfferStatus spells an offer status the v1 way.
func v1OfferStatus(s string) string {
	switch s {
	case "Created":
		return "unresolved"
	case "Accepted":
		return "accepted"
	case "Rejected":
		return "rejected"
	}
	return "deprecated"
}

type offerV1 struct {
	ID                int64                  `json:"id"`
	Version           int                    `json:"version"`
	ApplicationID     int64                  `json:"application_id"`
	JobID             int64                  `json:"job_id"`
	CandidateID       int64                  `json:"candidate_id"`
	Opening           *openingV1             `json:"opening"`
	CreatedAt         jtime                  `json:"created_at"`
	UpdatedAt         jtime                  `json:"updated_at"`
	SentAt            jdate                  `json:"sent_at"`
	ResolvedAt        jtime                  `json:"resolved_at"`
	StartsAt          jdate                  `json:"starts_at"`
	Status            string                 `json:"status"`
	CustomFields      map[string]any         `json:"custom_fields"`
	KeyedCustomFields map[string]customField `json:"keyed_custom_fields"`
}

func renderV1Offer(rc *renderCtx, r row) any {
	o := r.(*Offer)
	cf := offerCustomFields(o)
	out := offerV1{ID: o.ID, Version: o.Version, ApplicationID: o.ApplicationID, JobID: o.JobID, CandidateID: o.CandidateID,
		CreatedAt: jtime(o.CreatedAt), UpdatedAt: jtime(o.UpdatedAt), SentAt: jdate(o.SentOn), ResolvedAt: jtime(o.ResolvedAt),
		StartsAt: jdate(o.StartsOn), Status: v1OfferStatus(o.Status), CustomFields: flatCustomFields(cf), KeyedCustomFields: cf}
	if op, ok := rc.st.openings.get(o.OpeningID); ok {
		v := openingV1Of(rc.st, op)
		out.Opening = &v
	}
	return out
}
