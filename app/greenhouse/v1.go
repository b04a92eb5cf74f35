package greenhouse

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// Harvest v1 wire shapes and their mapping to db records: the one place
// that knows v1 field names. Source: the v1 examples in
// ../shared/fixtures/greenhouse (harvest_*.json). The shapes also accept
// the variants webhook payloads use (webhook_*.json: locations as strings,
// hiring-team user_id, candidate nested in the application, offer_status,
// start_date as MM/DD/YYYY), so DecodeV1 can map webhook objects as well.
//
// v1 embeds children and gives some of them no timestamps; those records
// keep zero CreatedAt/UpdatedAt rather than borrow the parent's, because
// nothing says the parent's stamp moves when a child changes.

type v1Department struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	ParentID   int64  `json:"parent_id"`
	ExternalID string `json:"external_id"`
}

type v1Office struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Location   text   `json:"location"` // {"name"}; a string in webhooks
	ParentID   int64  `json:"parent_id"`
	ExternalID string `json:"external_id"`
}

// v1Typed covers sources, rejection reasons and close reasons.
type v1Typed struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type *ref   `json:"type"`
}

type v1User struct {
	ID                  int64  `json:"id"`
	FirstName           string `json:"first_name"`
	LastName            string `json:"last_name"`
	Name                string `json:"name"`
	PrimaryEmailAddress string `json:"primary_email_address"`
	EmployeeID          string `json:"employee_id"`
	Disabled            bool   `json:"disabled"`
	SiteAdmin           bool   `json:"site_admin"`
	CreatedAt           ghTime `json:"created_at"`
	UpdatedAt           ghTime `json:"updated_at"`
}

// v1Member is a hiring-team entry: {id, …, responsible} in a job,
// {user_id, active, responsible} from /hiring_team and webhooks.
type v1Member struct {
	ref
	Responsible bool `json:"responsible"`
}

type v1Opening struct {
	ID            int64   `json:"id"`
	OpeningID     string  `json:"opening_id"`
	Status        *string `json:"status"`
	OpenedAt      ghTime  `json:"opened_at"`
	ClosedAt      ghTime  `json:"closed_at"`
	ApplicationID int64   `json:"application_id"`
	CloseReason   *ref    `json:"close_reason"`
}

type v1Job struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	RequisitionID string `json:"requisition_id"`
	Notes         string `json:"notes"`
	Confidential  bool   `json:"confidential"`
	Status        string `json:"status"`
	IsTemplate    bool   `json:"is_template"`
	CreatedAt     ghTime `json:"created_at"`
	OpenedAt      ghTime `json:"opened_at"`
	ClosedAt      ghTime `json:"closed_at"`
	UpdatedAt     ghTime `json:"updated_at"`
	OpenDate      ghTime `json:"open_date"`  // hire_candidate webhook's job
	CloseDate     ghTime `json:"close_date"` // hire_candidate webhook's job
	Departments   []ref  `json:"departments"`
	Offices       []ref  `json:"offices"`
	HiringTeam    struct {
		HiringManagers []withRaw[v1Member] `json:"hiring_managers"`
		Recruiters     []withRaw[v1Member] `json:"recruiters"`
		Coordinators   []withRaw[v1Member] `json:"coordinators"`
		Sourcers       []withRaw[v1Member] `json:"sourcers"`
	} `json:"hiring_team"`
	Openings []withRaw[v1Opening] `json:"openings"`
}

type v1JobPost struct {
	ID               int64  `json:"id"`
	JobID            int64  `json:"job_id"`
	Title            string `json:"title"`
	Location         text   `json:"location"` // {"name"}; a string in webhooks
	Content          string `json:"content"`
	InternalContent  string `json:"internal_content"`
	Internal         bool   `json:"internal"`
	Live             bool   `json:"live"`
	Active           bool   `json:"active"`
	FirstPublishedAt ghTime `json:"first_published_at"`
	CreatedAt        ghTime `json:"created_at"`
	UpdatedAt        ghTime `json:"updated_at"`
}

type v1JobStage struct {
	ID        int64  `json:"id"`
	JobID     int64  `json:"job_id"`
	Name      string `json:"name"`
	Priority  int    `json:"priority"`
	Active    *bool  `json:"active"` // missing from list examples: then active
	CreatedAt ghTime `json:"created_at"`
	UpdatedAt ghTime `json:"updated_at"`
}

type v1Attachment struct {
	Filename  string `json:"filename"`
	URL       string `json:"url"`
	Type      string `json:"type"`
	CreatedAt ghTime `json:"created_at"` // absent in webhooks
}

type v1Education struct {
	ID         int64  `json:"id"` // absent in webhooks
	SchoolName string `json:"school_name"`
	Degree     string `json:"degree"`
	Discipline string `json:"discipline"`
	StartDate  ghTime `json:"start_date"`
	EndDate    ghTime `json:"end_date"`
}

type v1Employment struct {
	ID          int64  `json:"id"` // absent in webhooks
	CompanyName string `json:"company_name"`
	Title       string `json:"title"`
	StartDate   ghTime `json:"start_date"`
	EndDate     ghTime `json:"end_date"`
}

type v1Candidate struct {
	ID             int64                   `json:"id"`
	FirstName      string                  `json:"first_name"`
	LastName       string                  `json:"last_name"`
	Company        string                  `json:"company"`
	Title          string                  `json:"title"`
	IsPrivate      bool                    `json:"is_private"`
	CanEmail       bool                    `json:"can_email"`
	Tags           []string                `json:"tags"`
	EmailAddresses []db.Contact            `json:"email_addresses"`
	PhoneNumbers   []db.Contact            `json:"phone_numbers"`
	LastActivity   ghTime                  `json:"last_activity"`
	CreatedAt      ghTime                  `json:"created_at"`
	UpdatedAt      ghTime                  `json:"updated_at"`
	Attachments    []withRaw[v1Attachment] `json:"attachments"`
	Educations     []withRaw[v1Education]  `json:"educations"`
	Employments    []withRaw[v1Employment] `json:"employments"`
	Applications   []withRaw[v1App]        `json:"applications"`
}

type v1App struct {
	ID             int64  `json:"id"`
	CandidateID    int64  `json:"candidate_id"`
	Candidate      *ref   `json:"candidate"` // webhooks nest the candidate instead
	Prospect       bool   `json:"prospect"`
	Status         string `json:"status"`
	AppliedAt      ghTime `json:"applied_at"`
	RejectedAt     ghTime `json:"rejected_at"`
	LastActivityAt ghTime `json:"last_activity_at"`
	Jobs           []struct {
		ref
		JobPostID int64 `json:"job_post_id"` // webhooks carry it here
	} `json:"jobs"`
	Job             *ref                    `json:"job"` // hire_candidate webhook
	JobPostID       int64                   `json:"job_post_id"`
	Source          *ref                    `json:"source"`
	CreditedTo      *ref                    `json:"credited_to"`
	Recruiter       *ref                    `json:"recruiter"`
	Coordinator     *ref                    `json:"coordinator"`
	RejectionReason *ref                    `json:"rejection_reason"`
	CurrentStage    *ref                    `json:"current_stage"`
	Attachments     []withRaw[v1Attachment] `json:"attachments"`
}

type v1Interview struct {
	ID            int64 `json:"id"`
	ApplicationID int64 `json:"application_id"`
	Start         struct {
		DateTime ghTime `json:"date_time"`
		Date     ghTime `json:"date"` // all-day interviews
	} `json:"start"`
	End struct {
		DateTime ghTime `json:"date_time"`
		Date     ghTime `json:"date"`
	} `json:"end"`
	Location  text   `json:"location"`
	Status    string `json:"status"`
	Interview *ref   `json:"interview"`
	Organizer *ref   `json:"organizer"`
	CreatedAt ghTime `json:"created_at"`
	UpdatedAt ghTime `json:"updated_at"`
}

type v1Scorecard struct {
	ID                    int64  `json:"id"`
	ApplicationID         int64  `json:"application_id"`
	OverallRecommendation string `json:"overall_recommendation"`
	ScorecardStatus       string `json:"scorecard_status"` // webhooks only
	SubmittedBy           *ref   `json:"submitted_by"`
	Interviewer           *ref   `json:"interviewer"`
	InterviewedAt         ghTime `json:"interviewed_at"`
	SubmittedAt           ghTime `json:"submitted_at"`
	CreatedAt             ghTime `json:"created_at"`
	UpdatedAt             ghTime `json:"updated_at"`
}

type v1Offer struct {
	ID            int64  `json:"id"`
	Version       int    `json:"version"`
	ApplicationID int64  `json:"application_id"`
	JobID         int64  `json:"job_id"`
	CandidateID   int64  `json:"candidate_id"`
	Status        string `json:"status"`
	OfferStatus   string `json:"offer_status"` // webhooks
	SentAt        ghTime `json:"sent_at"`
	SentOn        ghTime `json:"sent_on"` // webhooks
	StartsAt      ghTime `json:"starts_at"`
	StartDate     ghTime `json:"start_date"` // webhooks, MM/DD/YYYY
	ResolvedAt    ghTime `json:"resolved_at"`
	CreatedAt     ghTime `json:"created_at"`
	UpdatedAt     ghTime `json:"updated_at"`
}

type v1Note struct {
	ID         int64  `json:"id"`
	Body       string `json:"body"`
	User       *ref   `json:"user"`
	Visibility string `json:"visibility"`
	CreatedAt  ghTime `json:"created_at"`
}

func (w v1Job) add(raw json.RawMessage, b *Batch) {
	j := db.Job{ID: w.ID, Name: w.Name, RequisitionID: w.RequisitionID, Status: w.Status, Notes: w.Notes,
		Confidential: w.Confidential, IsTemplate: w.IsTemplate, OpenedAt: first(w.OpenedAt, w.OpenDate),
		ClosedAt: first(w.ClosedAt, w.CloseDate), CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw}
	if len(w.Departments) > 0 {
		// v3 allows one department; v1's list has one in practice.
		j.DepartmentID = w.Departments[0].id()
	}
	for _, o := range w.Offices {
		j.OfficeIDs = append(j.OfficeIDs, o.id())
	}
	b.Jobs = append(b.Jobs, j)
	for _, m := range w.HiringTeam.HiringManagers {
		b.JobHiringManagers = append(b.JobHiringManagers, db.JobHiringManager{JobID: w.ID, UserID: m.v.id(), Raw: m.raw})
	}
	for _, team := range []struct {
		typ string
		ms  []withRaw[v1Member]
	}{{"recruiter", w.HiringTeam.Recruiters}, {"coordinator", w.HiringTeam.Coordinators}, {"sourcer", w.HiringTeam.Sourcers}} {
		for _, m := range team.ms {
			b.JobOwners = append(b.JobOwners, db.JobOwner{JobID: w.ID, UserID: m.v.id(), Type: team.typ,
				Responsible: m.v.Responsible && team.typ != "sourcer", Raw: m.raw})
		}
	}
	for _, o := range w.Openings {
		// Webhook openings carry no status; a listed opening without one and
		// without a close date is taken as open.
		open := o.v.ClosedAt.IsZero()
		if o.v.Status != nil {
			open = *o.v.Status == "open"
		}
		b.Openings = append(b.Openings, db.Opening{ID: o.v.ID, JobID: w.ID, ApplicationID: o.v.ApplicationID,
			CloseReasonID: o.v.CloseReason.id(), OpeningID: o.v.OpeningID, Open: open,
			OpenedAt: o.v.OpenedAt.Time, ClosedAt: o.v.ClosedAt.Time, Raw: o.raw})
	}
}

// attachmentKey is how v1 identifies an attachment (it has no id).
func attachmentKey(a v1Attachment) string {
	return a.Type + "\x00" + a.Filename + "\x00" + a.CreatedAt.UTC().Format(time.RFC3339Nano)
}

func (a v1Attachment) record(candidateID, applicationID int64, raw json.RawMessage) db.Attachment {
	return db.Attachment{CandidateID: candidateID, ApplicationID: applicationID, Type: a.Type, Filename: a.Filename,
		URL: a.URL, CreatedAt: a.CreatedAt.Time, Raw: raw}
}

// add maps a candidate and its embedded children. withApps also maps the
// embedded applications; list walks leave them to the applications walk so
// the two copies (which differ slightly) do not overwrite each other.
func (w v1Candidate) add(raw json.RawMessage, b *Batch, withApps bool) {
	b.Candidates = append(b.Candidates, db.Candidate{ID: w.ID, FirstName: w.FirstName, LastName: w.LastName,
		Company: w.Company, Title: w.Title, Private: w.IsPrivate, CanEmail: w.CanEmail, Tags: w.Tags,
		EmailAddresses: w.EmailAddresses, PhoneNumbers: w.PhoneNumbers, LastActivityAt: w.LastActivity.Time,
		CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	for _, e := range w.Educations {
		b.Educations = append(b.Educations, db.CandidateEducation{ID: e.v.ID, CandidateID: w.ID,
			SchoolName: e.v.SchoolName, Degree: e.v.Degree, Discipline: e.v.Discipline,
			StartDate: e.v.StartDate.Time, EndDate: e.v.EndDate.Time, Raw: e.raw})
	}
	for _, e := range w.Employments {
		b.Employments = append(b.Employments, db.CandidateEmployment{ID: e.v.ID, CandidateID: w.ID,
			CompanyName: e.v.CompanyName, Title: e.v.Title, StartDate: e.v.StartDate.Time, EndDate: e.v.EndDate.Time, Raw: e.raw})
	}
	// The candidate's list holds every attachment, its applications' lists
	// the ones sent with each application: use those to say which
	// application a file belongs to, as v3 does.
	appOf := map[string]int64{}
	for _, a := range w.Applications {
		for _, at := range a.v.Attachments {
			appOf[attachmentKey(at.v)] = a.v.ID
		}
	}
	for _, at := range w.Attachments {
		b.Attachments = append(b.Attachments, at.v.record(w.ID, appOf[attachmentKey(at.v)], at.raw))
	}
	if withApps {
		for _, a := range w.Applications {
			a.v.add(a.raw, b, w.ID, false)
		}
	}
}

// add maps an application; candidateID fills in when the object does not
// name its candidate (embedded in one). withAttachments also maps the
// application's attachments.
func (w v1App) add(raw json.RawMessage, b *Batch, candidateID int64, withAttachments bool) {
	a := db.Application{ID: w.ID, CandidateID: w.CandidateID, JobPostID: w.JobPostID, Prospect: w.Prospect,
		Status: applicationStatus(w.Status), StageID: w.CurrentStage.id(), StageName: w.CurrentStage.name(),
		SourceID: w.Source.id(), ReferrerID: w.CreditedTo.id(), RecruiterID: w.Recruiter.id(),
		CoordinatorID: w.Coordinator.id(), RejectionReasonID: w.RejectionReason.id(), RejectedAt: w.RejectedAt.Time,
		LastActivityAt: w.LastActivityAt.Time, CreatedAt: w.AppliedAt.Time,
		// v1 applications have no updated_at; last activity is the closest
		// stamp, and the one v1's incremental filter uses.
		UpdatedAt: w.LastActivityAt.Time, Raw: raw}
	if a.CandidateID == 0 {
		a.CandidateID = firstID(w.Candidate.id(), candidateID)
	}
	switch {
	case w.Prospect:
		// A prospect's application lists the jobs it is considered for
		// (none, one or several), as v3 lists prospective_job_ids beside
		// a null job_id.
		for _, j := range w.Jobs {
			if id := j.id(); id != 0 {
				a.ProspectiveJobIDs = append(a.ProspectiveJobIDs, id)
			}
		}
	case len(w.Jobs) > 0:
		// A candidate's application lists its one job.
		a.JobID = w.Jobs[0].id()
		if a.JobPostID == 0 {
			a.JobPostID = w.Jobs[0].JobPostID
		}
	default:
		a.JobID = w.Job.id()
	}
	b.Applications = append(b.Applications, a)
	if withAttachments {
		for _, at := range w.Attachments {
			b.Attachments = append(b.Attachments, at.v.record(a.CandidateID, w.ID, at.raw))
		}
	}
}

func firstID(ids ...int64) int64 {
	for _, id := range ids {
		if id != 0 {
			return id
		}
	}
	return 0
}

func (w v1Scorecard) status() string {
	switch {
	case w.ScorecardStatus != "":
		return w.ScorecardStatus
	case !w.SubmittedAt.IsZero():
		// v1 has no status; a submitted scorecard is v3's "complete".
		return "complete"
	}
	return "draft"
}

func (w v1Note) record(candidateID int64, raw json.RawMessage) db.Note {
	return db.Note{ID: w.ID, CandidateID: candidateID, UserID: w.User.id(), Type: "NOTE",
		Visibility: visibility(w.Visibility), Body: w.Body, CreatedAt: w.CreatedAt.Time, Raw: raw}
}

// v1Maps maps one v1 object of each resource into a Batch, with the
// children v1 embeds in it. Candidates here are list items (see
// v1Candidate.add); decodeV1One maps a single candidate fully.
var v1Maps = map[Resource]func(json.RawMessage, *Batch) error{
	Departments: mapper(func(w v1Department, raw json.RawMessage, b *Batch) {
		b.Departments = append(b.Departments, db.Department{ID: w.ID, ParentID: w.ParentID, Name: w.Name,
			ExternalID: w.ExternalID, Raw: raw})
	}),
	Offices: mapper(func(w v1Office, raw json.RawMessage, b *Batch) {
		b.Offices = append(b.Offices, db.Office{ID: w.ID, ParentID: w.ParentID, Name: w.Name,
			Location: string(w.Location), ExternalID: w.ExternalID, Raw: raw})
	}),
	Sources: mapper(func(w v1Typed, raw json.RawMessage, b *Batch) {
		b.Sources = append(b.Sources, db.Source{ID: w.ID, Name: w.Name, TypeName: w.Type.name(), Raw: raw})
	}),
	RejectionReasons: mapper(func(w v1Typed, raw json.RawMessage, b *Batch) {
		b.RejectionReasons = append(b.RejectionReasons, db.RejectionReason{ID: w.ID, Name: w.Name, TypeName: w.Type.name(), Raw: raw})
	}),
	CloseReasons: mapper(func(w v1Typed, raw json.RawMessage, b *Batch) {
		b.CloseReasons = append(b.CloseReasons, db.CloseReason{ID: w.ID, Name: w.Name, Raw: raw})
	}),
	Users: mapper(func(w v1User, raw json.RawMessage, b *Batch) {
		b.Users = append(b.Users, db.User{ID: w.ID, FirstName: w.FirstName, LastName: w.LastName, Name: w.Name,
			PrimaryEmail: w.PrimaryEmailAddress, EmployeeID: w.EmployeeID, Deactivated: w.Disabled,
			SiteAdmin: w.SiteAdmin, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Jobs: mapper(func(w v1Job, raw json.RawMessage, b *Batch) { w.add(raw, b) }),
	JobPosts: mapper(func(w v1JobPost, raw json.RawMessage, b *Batch) {
		b.JobPosts = append(b.JobPosts, db.JobPost{ID: w.ID, JobID: w.JobID, Title: w.Title, Location: string(w.Location),
			Content: w.Content, InternalContent: w.InternalContent, Internal: w.Internal, Live: w.Live, Active: w.Active,
			FirstPublishedAt: w.FirstPublishedAt.Time, CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	JobInterviewStages: mapper(func(w v1JobStage, raw json.RawMessage, b *Batch) {
		b.JobInterviewStages = append(b.JobInterviewStages, db.JobInterviewStage{ID: w.ID, JobID: w.JobID, Name: w.Name,
			SortOrder: w.Priority, Active: w.Active == nil || *w.Active,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Candidates:   mapper(func(w v1Candidate, raw json.RawMessage, b *Batch) { w.add(raw, b, false) }),
	Applications: mapper(func(w v1App, raw json.RawMessage, b *Batch) { w.add(raw, b, 0, true) }),
	Interviews: mapper(func(w v1Interview, raw json.RawMessage, b *Batch) {
		b.Interviews = append(b.Interviews, db.Interview{ID: w.ID, ApplicationID: w.ApplicationID,
			JobInterviewID: w.Interview.id(), OrganizerID: w.Organizer.id(), Status: w.Status, Location: string(w.Location),
			StartsAt: first(w.Start.DateTime, w.Start.Date), EndsAt: first(w.End.DateTime, w.End.Date),
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Scorecards: mapper(func(w v1Scorecard, raw json.RawMessage, b *Batch) {
		b.Scorecards = append(b.Scorecards, db.Scorecard{ID: w.ID, ApplicationID: w.ApplicationID,
			InterviewerID: w.Interviewer.id(), SubmitterID: w.SubmittedBy.id(), CandidateRating: rating(w.OverallRecommendation),
			Status: w.status(), InterviewedAt: w.InterviewedAt.Time, SubmittedAt: w.SubmittedAt.Time,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	Offers: mapper(func(w v1Offer, raw json.RawMessage, b *Batch) {
		b.Offers = append(b.Offers, db.Offer{ID: w.ID, ApplicationID: w.ApplicationID, JobID: w.JobID,
			CandidateID: w.CandidateID, Version: w.Version, Status: offerStatus(firstString(w.Status, w.OfferStatus)),
			StartsOn: first(w.StartsAt, w.StartDate), SentOn: first(w.SentAt, w.SentOn), ResolvedAt: w.ResolvedAt.Time,
			CreatedAt: w.CreatedAt.Time, UpdatedAt: w.UpdatedAt.Time, Raw: raw})
	}),
	// v1 EEOC answers have v3's shape without id, created_at and
	// updated_at: the application identifies them.
	EEOC: mapper(func(w v3EEOC, _ json.RawMessage, b *Batch) {
		b.EEOC = append(b.EEOC, w.record(0, time.Time{}, time.Time{}))
	}),
}

// decodeV1List maps a v1 list answer (a bare JSON array) of resource r.
func decodeV1List(r Resource, body []byte) (Batch, error) {
	var b Batch
	m, ok := v1Maps[r]
	if !ok {
		return b, fmt.Errorf("no v1 mapping for %s", r)
	}
	err := decodeEach(body, &b, m)
	return b, err
}

// decodeV1One maps one v1 object into b. A candidate read alone also
// yields its embedded applications, so Get returns the same kinds in both
// versions.
func decodeV1One(r Resource, body []byte, b *Batch) error {
	raw := compact(body)
	if r == Candidates {
		var w v1Candidate
		if err := json.Unmarshal(raw, &w); err != nil {
			return err
		}
		w.add(raw, b, true)
		return nil
	}
	m, ok := v1Maps[r]
	if !ok {
		return fmt.Errorf("no v1 mapping for %s", r)
	}
	return m(raw, b)
}

// decodeV1Whole maps a v1 list page as Get maps the show route's answer:
// each object with everything it embeds.
func decodeV1Whole(r Resource, body []byte) (Batch, error) {
	var b Batch
	err := decodeEach(body, &b, func(raw json.RawMessage, b *Batch) error { return decodeV1One(r, raw, b) })
	return b, err
}

// DecodeV1 maps one Harvest v1 object of resource r (a GET /v1/<route>/{id}
// answer, or an object from a webhook payload, whose shapes are v1's) into
// records: the object itself plus the children v1 embeds in it. It does not
// map objects nested for context that are not children (the candidate and
// jobs inside a webhook application): decode those separately. For
// Applications the candidate id is taken from a nested candidate when the
// application lacks candidate_id, as in webhooks.
func DecodeV1(r Resource, obj []byte) (Batch, error) {
	var b Batch
	if err := decodeV1One(r, obj, &b); err != nil {
		return b, fmt.Errorf("greenhouse: decode v1 %s: %w", r.label(), err)
	}
	return b, nil
}

// decodeV1ActivityFeed maps the notes of GET /v1/candidates/{id}/activity_feed.
// Emails and activities are left out: they are separate id spaces in v1
// and would collide with note ids in the notes table.
func decodeV1ActivityFeed(body []byte, candidateID int64) ([]db.Note, error) {
	var feed struct {
		Notes []withRaw[v1Note] `json:"notes"`
	}
	if err := json.Unmarshal(body, &feed); err != nil {
		return nil, err
	}
	notes := make([]db.Note, 0, len(feed.Notes))
	for _, n := range feed.Notes {
		notes = append(notes, n.v.record(candidateID, n.raw))
	}
	return notes, nil
}
