package simulator

import (
	"encoding/json"
	"fmt"
)

// Webhook payloads follow ../shared/fixtures/greenhouse/webhook_*.json.
// Their shapes differ from both API versions (users as {id, email, name,
// employee_id}, offices with a string location, dates in education as
// MM/DD/YYYY) and the roots differ per action, so they have their own
// builders. Timestamps use the API format so values compare equal.

const appURL = "https://app.greenhouse.io"

func whUser(st *store, id int64) map[string]any {
	u, ok := st.users.get(id)
	if !ok {
		return nil
	}
	return map[string]any{"id": u.ID, "email": u.Email, "name": u.Name(), "employee_id": jstr(u.EmployeeID)}
}

func whCandidate(rc *renderCtx, c *Candidate) map[string]any {
	st := rc.st
	var edus, emps, atts []map[string]any
	for _, e := range st.educations.children("candidate_id", c.ID) {
		edus = append(edus, map[string]any{"school_name": e.SchoolName, "degree": e.Degree, "discipline": e.Discipline,
			"start_date": jslash(e.StartDate), "end_date": jslash(e.EndDate)})
	}
	for _, e := range st.employments.children("candidate_id", c.ID) {
		emps = append(emps, map[string]any{"company_name": e.CompanyName, "title": e.Title,
			"start_date": jslash(e.StartDate), "end_date": jslash(e.EndDate)})
	}
	for _, a := range st.attachments.children("candidate_id", c.ID) {
		atts = append(atts, map[string]any{"filename": a.Filename, "url": rc.s.fileURL(rc.base, a, rc.now), "type": a.Type})
	}
	return map[string]any{
		"id": c.ID, "first_name": c.FirstName, "last_name": c.LastName, "title": jstr(c.Title), "company": jstr(c.Company),
		"created_at": jtime(c.CreatedAt), "external_id": nil, "photo_url": nil, "url": fmt.Sprintf("%s/people/%d", appURL, c.ID),
		"is_private": c.Private, "can_email": c.CanEmail,
		"phone_numbers": valueTypes(c.PhoneNumbers), "email_addresses": valueTypes(c.EmailAddresses),
		"addresses": valueTypes(c.Addresses), "website_addresses": valueTypes(c.WebsiteAddresses),
		"social_media_addresses": valuesOnly(c.SocialMediaAddresses),
		"educations":             nz(edus), "employments": nz(emps),
		"recruiter": whUser(st, c.RecruiterID), "coordinator": whUser(st, c.CoordinatorID),
		"attachments": nz(atts), "tags": nz(c.Tags), "custom_fields": candidateCustomFields(c),
	}
}

// whJob renders a job for webhooks; full adds the hiring team and
// openings that job events carry.
func whJob(st *store, j *Job, full bool) map[string]any {
	var depts, offices []map[string]any
	if d, ok := st.departments.get(j.DepartmentID); ok {
		depts = append(depts, map[string]any{"id": d.ID, "name": d.Name, "external_id": jstr(d.ExternalID)})
	}
	for _, id := range j.OfficeIDs {
		if o, ok := st.offices.get(id); ok {
			offices = append(offices, map[string]any{"id": o.ID, "name": o.Name, "location": jstr(o.Location), "external_id": jstr(o.ExternalID)})
		}
	}
	var postID int64
	for _, p := range st.jobPosts.children("job_id", j.ID) {
		if !p.Internal {
			postID = p.ID
			break
		}
	}
	out := map[string]any{
		"id": j.ID, "name": j.Name, "requisition_id": jstr(j.RequisitionID), "notes": jstr(j.Notes), "confidential": j.Confidential,
		"job_post_id": jid(postID), "status": j.Status, "created_by_id": jid(j.CreatedByID), "created_at": jtime(j.CreatedAt),
		"opened_at": jtime(j.OpenedAt), "closed_at": jtime(j.ClosedAt), "url": fmt.Sprintf("%s/sdash/%d", appURL, j.ID),
		"departments": nz(depts), "offices": nz(offices), "custom_fields": jobCustomFields(j),
	}
	team := map[string][]map[string]any{"hiring_managers": {}, "sourcers": {}, "recruiters": {}, "coordinators": {}}
	for _, h := range st.hiringManagers.children("job_id", j.ID) {
		team["hiring_managers"] = append(team["hiring_managers"], whTeamMember(st, h.UserID))
	}
	for _, o := range st.jobOwners.children("job_id", j.ID) {
		team[o.Type+"s"] = append(team[o.Type+"s"], whTeamMember(st, o.UserID))
	}
	out["hiring_team"] = team
	if full {
		var ops []map[string]any
		for _, o := range st.openings.children("job_id", j.ID) {
			ops = append(ops, map[string]any{"id": o.ID, "opening_id": jstr(o.OpeningID), "custom_fields": []any{}})
		}
		out["openings"] = nz(ops)
	}
	return out
}

func whTeamMember(st *store, uid int64) map[string]any {
	m := map[string]any{"user_id": uid, "employee_id": nil}
	if u, ok := st.users.get(uid); ok {
		m["employee_id"] = jstr(u.EmployeeID)
	}
	return m
}

// whApplication renders payload.application for application and
// candidate events. sourceKey is "name" or "public_name": the documented
// examples use both, per action.
func whApplication(rc *renderCtx, a *Application, sourceKey string) map[string]any {
	st := rc.st
	c, _ := st.candidates.get(a.CandidateID)
	out := map[string]any{
		"id": a.ID, "rejected_at": jtime(a.RejectedAt), "prospect": a.Prospect, "status": a.Status,
		"applied_at": jtime(a.CreatedAt), "last_activity_at": jtime(a.LastActivityAt),
		"url":         fmt.Sprintf("%s/people/%d?application_id=%d", appURL, a.CandidateID, a.ID),
		"source":      nil,
		"credited_to": whUser(st, a.ReferrerID), "rejection_reason": nil, "rejection_details": nil, "current_stage": nil,
		"prospect_detail": map[string]any{"prospect_pool": nil, "prospect_stage": nil, "prospect_owner": nil},
		"custom_fields":   applicationCustomFields(a),
		"candidate":       whCandidate(rc, c),
		"jobs":            []any{},
	}
	if src, ok := st.sources.get(a.SourceID); ok {
		out["source"] = map[string]any{"id": src.ID, sourceKey: src.Name}
	}
	if rr, ok := st.rejectionReasons.get(a.RejectionReasonID); ok {
		out["rejection_reason"] = rejectionReasonV1{rr.ID, rr.Name, idName{rr.TypeID, rr.TypeName}}
		out["rejection_details"] = map[string]any{"custom_fields": map[string]any{}}
	}
	if stg, ok := st.stages.get(a.StageID); ok {
		out["current_stage"] = whStage(st, a, stg)
	}
	var jobs []any
	for _, id := range applicationJobIDs(a) {
		if j, ok := st.jobs.get(id); ok {
			jobs = append(jobs, whJob(st, j, false))
		}
	}
	out["jobs"] = nz(jobs)
	return out
}

// whStage renders current_stage with its interviews' state for this
// application.
func whStage(st *store, a *Application, stg *JobInterviewStage) map[string]any {
	var ivs []map[string]any
	apps := st.interviews.children("application_id", a.ID)
	for _, jiv := range stg.Interviews {
		status := "to_be_scheduled"
		var interviewers []map[string]any
		for _, iv := range apps {
			if iv.JobInterviewID != jiv.ID {
				continue
			}
			status = iv.Status
			if status == "awaiting_feedback" {
				status = "collect_feedback"
			}
			for _, uid := range iv.InterviewerIDs {
				if u, ok := st.users.get(uid); ok {
					interviewers = append(interviewers, map[string]any{"id": u.ID, "display_name": u.Name(), "status": "accepted"})
				}
			}
		}
		ivs = append(ivs, map[string]any{"id": jiv.ID, "name": jiv.Name, "status": status,
			"interview_kit": map[string]any{
				"url":     fmt.Sprintf("%s/guides/%d/people/%d?application_id=%d", appURL, jiv.KitID, a.CandidateID, a.ID),
				"content": jiv.KitContent, "questions": kitQuestions(jiv.Questions)},
			"interviewers": nz(interviewers)})
	}
	return map[string]any{"id": stg.ID, "name": stg.Name, "interviews": nz(ivs)}
}

func kitQuestions(qs []KitQuestion) []map[string]any {
	out := make([]map[string]any, len(qs))
	for i, q := range qs {
		out[i] = map[string]any{"id": q.ID, "question": q.Question}
	}
	return out
}

// whHire renders payload.application for hire_candidate, which adds the
// opening, the offer and a single job object.
func whHire(rc *renderCtx, a *Application, o *Offer) map[string]any {
	st := rc.st
	out := whApplication(rc, a, "public_name")
	if op, ok := st.openings.get(o.OpeningID); ok {
		out["opening"] = map[string]any{"opening_id": jstr(op.OpeningID), "custom_fields": []any{}}
	}
	if j, ok := st.jobs.get(a.JobID); ok {
		job := whJob(st, j, false)
		job["open_date"], job["close_date"] = job["opened_at"], job["closed_at"]
		out["job"] = job
	}
	out["offer"] = map[string]any{"id": o.ID, "version": o.Version, "created_at": jtime(o.CreatedAt), "sent_at": jdate(o.SentOn),
		"resolved_at": jtime(o.ResolvedAt), "starts_at": jdate(o.StartsOn), "custom_fields": offerCustomFields(o)}
	return out
}

func whJobPost(st *store, p *JobPost) map[string]any {
	qs := make([]map[string]any, len(jobPostQuestions))
	for i, q := range jobPostQuestions {
		typ := "input_text"
		if q.Type == "attachment" {
			typ = "input_file"
		}
		qs[i] = map[string]any{"required": q.Required, "private": false, "label": q.Label, "type": typ, "values": []any{}}
	}
	return map[string]any{"id": p.ID, "title": p.Title, "location": p.Location, "content": p.Content,
		"internal_content": jstr(p.InternalContent), "updated_at": jtime(p.UpdatedAt), "job_id": p.JobID,
		"external": !p.Internal, "internal": p.Internal, "live": p.Live, "questions": qs}
}

func whOffer(o *Offer) map[string]any {
	return map[string]any{"id": o.ID, "application_id": o.ApplicationID, "job_id": o.JobID, "user_id": jid(o.UserID),
		"version": o.Version, "sent_on": jdate(o.SentOn), "resolved_at": jtime(o.ResolvedAt), "start_date": jslash(o.StartsOn),
		"notes": jstr(o.Notes), "offer_status": o.Status, "custom_fields": offerCustomFields(o)}
}

// event wraps a payload in the webhook envelope.
func event(action string, rc *renderCtx, payload any) Event {
	body, err := json.Marshal(map[string]any{"action": action, "payload": payload})
	if err != nil {
		// Payloads are maps of plain values; failing here is a bug.
		panic(fmt.Sprintf("simulator: encode %s webhook: %v", action, err))
	}
	return Event{Action: action, At: rc.now, Payload: body}
}
