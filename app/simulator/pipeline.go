package simulator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The hiring pipeline: applications, stage moves, interviews and
// scorecards, offers, hires and rejections, played out over time.

// appPlan is an application to be created at a point in time.
type appPlan struct {
	at       time.Time
	cand     *Candidate
	ji       *jobInfo // nil for a jobless prospect
	prospect bool
	seq      int
}

func (g *gen) genApplications(cands []*Candidate) {
	r := g.r
	var plans []appPlan
	for _, c := range cands {
		n := 1 + weighted(r, []int{62, 28, 10})
		applied := map[int64]bool{}
		for k := range n {
			at := c.CreatedAt
			if k > 0 {
				at = ms(c.CreatedAt.Add(days(r, 5, 300)))
				if !at.Before(g.epoch) {
					continue
				}
			}
			prospect := chance(r, 0.07)
			ji := g.chooseJob(r, c, at, applied)
			if ji == nil {
				prospect = true
			} else {
				applied[ji.job.ID] = true
			}
			if prospect && ji != nil && chance(r, 0.5) {
				ji = nil
			}
			plans = append(plans, appPlan{at: at, cand: c, ji: ji, prospect: prospect, seq: len(plans)})
		}
	}
	slices.SortStableFunc(plans, func(a, b appPlan) int { return a.at.Compare(b.at) })
	for _, p := range plans {
		g.apply(r, p.cand, p.ji, p.at, p.prospect, g.epoch)
	}
}

// chooseJob picks a job open at t: mostly the candidate's own family, then
// related families, sometimes anything.
func (g *gen) chooseJob(r *rand.Rand, c *Candidate, t time.Time, skip map[int64]bool) *jobInfo {
	var own, related, any []*jobInfo
	fam := familyByKey(c.Family)
	for _, ji := range g.jobList {
		if !ji.openAt(t) || skip[ji.job.ID] {
			continue
		}
		any = append(any, ji)
		switch {
		case ji.fam.Key == c.Family || ji.fam.Key == c.Family2:
			own = append(own, ji)
		case slices.Contains(fam.Related, ji.fam.Key):
			related = append(related, ji)
		}
	}
	x := r.Float64()
	switch {
	case x < 0.72 && len(own) > 0:
		return pick(r, own)
	case x < 0.92 && len(related) > 0:
		return pick(r, related)
	case len(any) > 0:
		return pick(r, any)
	}
	return nil
}

// apply creates an application at t and plays its history until horizon.
func (g *gen) apply(r *rand.Rand, c *Candidate, ji *jobInfo, t time.Time, prospect bool, horizon time.Time) *Application {
	st := g.st
	t = ms(t)
	src := g.sources[weighted(r, g.srcWeights)]
	if prospect {
		src = g.sourceNamed("LinkedIn (Prospecting)")
	}
	a := &Application{Meta: Meta{CreatedAt: t, UpdatedAt: t}, CandidateID: c.ID, SourceID: src.ID,
		Status: StatusActive, Prospect: prospect, LastActivityAt: t}
	switch src.Name {
	case "Referral":
		a.ReferrerID = pick(r, g.st.users.rows).ID
	case "LinkedIn (Prospecting)", "Agency":
		a.ReferrerID = pick(r, g.roles["sourcer"]).ID
	}
	if chance(r, 0.7) {
		a.LocationAddress = lastLine(c.homeAddress())
	}
	if ji != nil {
		a.RecruiterID = ji.recruiter.ID
		a.CoordinatorID = ji.coordinator.ID
		if prospect {
			// A prospect is considered for jobs rather than applying to
			// one: Greenhouse leaves job_id null and lists the jobs in
			// prospective_job_ids (v1: the application's jobs).
			a.ProspectiveJobIDs = g.prospectiveJobs(ji, c)
		} else {
			a.JobID = ji.job.ID
		}
		if p := ji.externalPost(); p != nil && !prospect {
			a.JobPostID = p.ID
			a.Answers = []Answer{{"How did you hear about this job?", src.Name}}
			for _, s := range c.SocialMediaAddresses {
				a.Answers = append(a.Answers, Answer{"LinkedIn Profile", "https://" + s.Value})
			}
		}
	}
	addRow(g, st.applications, resApplications, a, false)
	if ji != nil {
		a.fit = g.judge(c, ji, a.ID, t)
	}

	// Resume: uploaded with the first application (or sourced for a
	// prospect); sometimes a fresher one with a later application.
	if g.resumes[c.ID] == 0 || chance(r, 0.15) {
		if !prospect || chance(r, 0.7) {
			appID := a.ID
			if prospect {
				appID = 0
			}
			g.newResume(r, c, appID, t)
			if !prospect && chance(r, 0.25) {
				g.newCoverLetter(r, c, a.ID, t)
			}
		}
	}
	if prospect {
		if chance(r, 0.25) {
			a.Status = StatusRejected
			a.RejectedAt = ms(t.Add(days(r, 10, 60)))
			if a.RejectedAt.After(horizon) {
				a.Status, a.RejectedAt = StatusActive, time.Time{}
			} else {
				a.RejectionReasonID = g.reasons["Unresponsive"].ID
				a.LastActivityAt, a.UpdatedAt = a.RejectedAt, a.RejectedAt
			}
		}
		g.bumpCandidate(c, a.LastActivityAt)
		return a
	}
	g.play(r, c, ji, a, horizon)
	g.bumpCandidate(c, a.LastActivityAt)
	return a
}

// prospectiveJobs lists the jobs a prospect is considered for: ji, and for
// about a third of prospects a second job of the same family open at the
// time. The choice hashes the candidate id rather than drawing a random
// number, so it leaves the rest of the generated account unchanged.
func (g *gen) prospectiveJobs(ji *jobInfo, c *Candidate) []int64 {
	out := []int64{ji.job.ID}
	h := splitmix(uint64(c.ID) ^ 0x5eed)
	if h%3 != 0 {
		return out
	}
	var same []*jobInfo
	for _, o := range g.jobList {
		if o != ji && o.fam == ji.fam && o.openAt(c.CreatedAt) {
			same = append(same, o)
		}
	}
	if len(same) > 0 {
		out = append(out, same[(h>>8)%uint64(len(same))].job.ID)
	}
	return out
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func (g *gen) sourceNamed(name string) *Source {
	for _, s := range g.sources {
		if s.Name == name {
			return s
		}
	}
	return g.sources[0]
}

// bumpCandidate records activity on a candidate.
func (g *gen) bumpCandidate(c *Candidate, at time.Time) {
	c.LastActivityAt = latest(c.LastActivityAt, at)
	touch(&c.Meta, at)
}

// newResume adds a resume attachment in a format drawn from the mix
// (45% PDF, 35% DOCX, 20% plain text), or a corpus file or text.
func (g *gen) newResume(r *rand.Rand, c *Candidate, appID int64, at time.Time) *Attachment {
	g.resumeSeq++
	att := &Attachment{Meta: Meta{CreatedAt: at, UpdatedAt: at}, CandidateID: c.ID, ApplicationID: appID,
		Type: AttachmentResume, origin: fileOrigin{kind: originResume, variant: uint64(g.resumeSeq)}}
	att.Format = []string{"pdf", "docx", "txt"}[weighted(r, []int{45, 35, 20})]
	if g.corpus != nil {
		switch {
		case len(g.corpus.files) > 0 && (c.corpus < 0 || chance(r, 0.12)):
			f := g.corpus.files[r.IntN(len(g.corpus.files))]
			att.origin = fileOrigin{kind: originFile, path: f.path}
			att.Format = f.format
		case c.corpus >= 0:
			att.origin = fileOrigin{kind: originText, index: c.corpus}
			att.Format = "txt"
		}
	}
	att.Filename = resumeFilename(r, c, att.Format, at)
	if att.origin.kind == originFile {
		att.Filename = fileBase(att.origin.path)
	}
	// Only binary formats break in transit the way real uploads do; a
	// plain-text file has no structure to damage.
	if g.cfg.CorruptEvery > 0 && att.Format != "txt" {
		g.binaryResumes++
		att.Corrupt = g.binaryResumes%g.cfg.CorruptEvery == 0
	}
	addRow(g, g.st.attachments, resAttachments, att, true)
	g.resumes[c.ID]++
	return att
}

func (g *gen) newCoverLetter(r *rand.Rand, c *Candidate, appID int64, at time.Time) {
	format := []string{"pdf", "docx", "txt"}[weighted(r, []int{50, 40, 10})]
	att := &Attachment{Meta: Meta{CreatedAt: at, UpdatedAt: at}, CandidateID: c.ID, ApplicationID: appID,
		Type: AttachmentCoverLetter, Format: format, origin: fileOrigin{kind: originCoverLetter}}
	att.Filename = fmt.Sprintf("%s_%s_Cover_Letter.%s", asciiName(c.FirstName), asciiName(c.LastName), format)
	addRow(g, g.st.attachments, resAttachments, att, true)
}

func resumeFilename(r *rand.Rand, c *Candidate, format string, at time.Time) string {
	f, l := asciiName(c.FirstName), asciiName(c.LastName)
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("%s_%s_Resume.%s", f, l, format)
	case 1:
		return fmt.Sprintf("%s %s Resume.%s", f, l, format)
	case 2:
		return fmt.Sprintf("Resume_%s_%d.%s", l, at.Year(), format)
	case 3:
		return fmt.Sprintf("%s-%s-CV.%s", strings.ToLower(f), strings.ToLower(l), format)
	}
	return "resume." + format
}

func asciiName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < 128 && c != '\'' && c != ' ' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// ratingScore maps a scorecard rating to a number for decisions.
var ratingScore = map[string]float64{"strong_no": 0, "no": 1, "no_decision": 1.5, "yes": 2, "strong_yes": 3}

// play runs an application through the job's pipeline until it is
// rejected, hired or reaches horizon (it then stays active in its stage).
func (g *gen) play(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, horizon time.Time) {
	t := a.CreatedAt
	closed := ji.job.ClosedAt
	for _, stg := range ji.stages {
		g.enterStage(a, stg, t)
		if stg.Name == AssessmentStageName {
			var ok bool
			if t, ok = g.passAssessment(r, ji, a, t, horizon); !ok {
				return
			}
			continue
		}
		if stg.Name == "Offer" {
			g.offer(r, c, ji, a, t, horizon)
			return
		}
		if stg.Name == "Reference Check" && g.freeOpening(ji, t) == nil {
			// Every opening is filled: the team stops before references.
			if at := t.Add(days(r, 0.5, 3)); !at.After(horizon) {
				g.reject(r, a, "Hired another candidate", at)
			}
			return
		}
		limit := horizon
		if !closed.IsZero() && closed.Before(limit) {
			limit = closed
		}
		// Interviews come first; the decision follows the last feedback.
		scores, feedback := g.interviews(r, c, ji, a, stg, t, limit)
		exit := ms(latest(t.Add(days(r, 1, 6)), feedback.Add(days(r, 0.2, 2))))
		if stg.Name == "Application Review" {
			exit = ms(t.Add(days(r, 0.2, 5)))
		}
		if !closed.IsZero() && exit.After(closed) {
			if closed.After(horizon) {
				return
			}
			g.reject(r, a, "Position closed", latest(closed, t))
			return
		}
		if exit.After(horizon) {
			return
		}
		// Real pipelines have stale applications nobody ever moved on:
		// they stay active in their stage indefinitely.
		if stall := 0.025 + 0.08*b2f(stg.Name == "Application Review"); chance(r, stall) {
			return
		}
		if chance(r, 0.04) {
			g.reject(r, a, pick(r, []string{"Accepted another offer", "Compensation expectations", "Not interested in the role", "Unresponsive"}), exit)
			return
		}
		if !g.passes(a, stg, scores) {
			reason := "Lacking skill(s)/qualification(s)"
			switch {
			case stg.Name == "Take Home Test":
				reason = "Failed take home test"
			case stg.Name == "Application Review" && c.level-ji.level >= 2:
				reason = "Overqualified"
			case stg.Name == "Application Review":
				reason = pick(r, []string{"Lacking skill(s)/qualification(s)", "Lacking skill(s)/qualification(s)", "Underqualified", "Location"})
			case chance(r, 0.3):
				reason = pick(r, []string{"Not a culture add", "Hired another candidate"})
			}
			g.reject(r, a, reason, exit)
			return
		}
		g.exitStage(a, exit)
		t = exit
	}
}

// passes decides whether an application moves on from a stage: on the
// interviewers' ratings when there are some, else on the team's verdict
// (see decisions.go).
func (g *gen) passes(a *Application, stg *JobInterviewStage, scores []string) bool {
	if len(scores) == 0 || stg.Name == "Take Home Test" || stg.Name == "Reference Check" {
		return g.verdict(a, stg)
	}
	sum := 0.0
	for _, s := range scores {
		sum += ratingScore[s]
	}
	return sum/float64(len(scores)) >= 1.8
}

// enterStage opens an application_stage record at t.
func (g *gen) enterStage(a *Application, stg *JobInterviewStage, t time.Time) {
	as := &ApplicationStage{Meta: Meta{CreatedAt: t, UpdatedAt: t}, ApplicationID: a.ID,
		JobInterviewStageID: stg.ID, EnteredAt: t, Current: true}
	addRow(g, g.st.applicationStages, resApplicationStages, as, true)
	g.curStage[a] = as
	a.StageID = stg.ID
	a.LastActivityAt = latest(a.LastActivityAt, t)
	touch(&a.Meta, t)
}

// exitStage closes the current application_stage at t.
func (g *gen) exitStage(a *Application, t time.Time) {
	if as := g.curStage[a]; as != nil {
		as.ExitedAt, as.Current = t, false
		touch(&as.Meta, t)
	}
}

// reject closes an application with a reason at t. The final stage stays
// current, and records its exit time.
func (g *gen) reject(r *rand.Rand, a *Application, reason string, t time.Time) {
	t = ms(t)
	a.Status = StatusRejected
	a.RejectedAt = t
	a.RejectionReasonID = g.reasons[reason].ID
	a.LastActivityAt = latest(a.LastActivityAt, t)
	touch(&a.Meta, t)
	if as := g.curStage[a]; as != nil {
		as.ExitedAt = t
		touch(&as.Meta, t)
	}
	u := g.userFor(r, a)
	g.note(&Note{Meta: Meta{CreatedAt: t, UpdatedAt: t}, CandidateID: a.CandidateID, ApplicationID: a.ID, UserID: u.ID,
		Type: "ACTIVITY", Subject: "Candidate Rejected", Body: "Reason: " + reason, Visibility: "public"})
}

func (g *gen) userFor(r *rand.Rand, a *Application) *User {
	if u, ok := g.st.users.get(a.RecruiterID); ok {
		return u
	}
	return pick(r, g.roles["recruiter"])
}

func (g *gen) note(n *Note) { addRow(g, g.st.notes, resNotes, n, true) }

// interviews schedules the stage's interviews after t and adds scorecards
// for feedback submitted before limit. It returns the ratings and when the
// last feedback came in (t when there was none).
func (g *gen) interviews(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, stg *JobInterviewStage, t, limit time.Time) ([]string, time.Time) {
	var ratings []string
	feedback := t
	for i := range stg.Interviews {
		jiv := &stg.Interviews[i]
		if !jiv.Schedulable {
			continue
		}
		scheduled := ms(t.Add(days(r, 0.05, 0.8)))
		if scheduled.After(limit) {
			continue
		}
		iv := g.newInterview(r, c, ji, a, stg, jiv, t.Add(time.Duration(i)*24*time.Hour), scheduled)
		end := iv.EndsAt
		if end.After(limit) {
			continue
		}
		iv.Status = "complete"
		for _, uid := range iv.InterviewerIDs {
			sub := ms(end.Add(time.Duration(1+r.IntN(20))*time.Hour + time.Duration(r.IntN(3600000))*time.Millisecond))
			if sub.After(limit) {
				iv.Status = "awaiting_feedback"
				continue
			}
			rating := rate(r, a.fit)
			ratings = append(ratings, rating)
			g.scorecard(r, c, ji, a, stg, jiv, iv, uid, rating, sub)
			feedback = latest(feedback, sub)
		}
		touch(&iv.Meta, end)
	}
	return ratings, feedback
}

// newInterview schedules one interview of a stage, on a working day one
// to three days after from.
func (g *gen) newInterview(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, stg *JobInterviewStage, jiv *JobInterview, from, scheduled time.Time) *Interview {
	start := workHours(r, from.Add(days(r, 1, 3)))
	for !start.After(scheduled) {
		start = start.Add(24 * time.Hour)
	}
	end := start.Add(time.Duration(max(jiv.EstimatedMinutes, 30)) * time.Minute)
	iv := &Interview{Meta: Meta{CreatedAt: scheduled, UpdatedAt: scheduled}, JobID: ji.job.ID, ApplicationID: a.ID,
		JobInterviewID: jiv.ID, Name: jiv.Name, StageID: stg.ID, StartsAt: start, EndsAt: end,
		OrganizerID: ji.coordinator.ID, ScheduledAt: scheduled, Status: "scheduled",
		ExternalEventID: fmt.Sprintf("evt_%016x", r.Uint64())}
	if chance(r, 0.75) {
		iv.Location = "Video call"
		iv.VideoConferencingURL = fmt.Sprintf("https://meet.example.com/%s-%04d", strings.ToLower(asciiName(c.LastName)), r.IntN(10000))
	} else {
		iv.Location = fmt.Sprintf("%s office, Room %d%c", g.officeByID(ji.job.OfficeIDs[0]).Name, 1+r.IntN(6), 'A'+rune(r.IntN(5)))
	}
	if len(jiv.DefaultInterviewerIDs) > 0 {
		iv.InterviewerIDs = jiv.DefaultInterviewerIDs
	} else {
		for _, u := range pickN(r, g.deptUsersWithRole(ji.job.DepartmentID, "interviewer"), 1+r.IntN(2)) {
			iv.InterviewerIDs = append(iv.InterviewerIDs, u.ID)
		}
	}
	addRow(g, g.st.interviews, resInterviews, iv, true)
	a.LastActivityAt = latest(a.LastActivityAt, scheduled)
	touch(&a.Meta, scheduled)
	return iv
}

func (g *gen) scorecard(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, stg *JobInterviewStage, jiv *JobInterview, iv *Interview, uid int64, rating string, sub time.Time) {
	sc := &Scorecard{Meta: Meta{CreatedAt: sub, UpdatedAt: sub}, ApplicationID: a.ID, CandidateID: c.ID,
		InterviewKitID: jiv.KitID, StageID: stg.ID, StageName: stg.Name, InterviewName: jiv.Name,
		InterviewerID: uid, SubmitterID: uid, Rating: rating, Status: "complete", InterviewedAt: iv.StartsAt,
		SubmittedAt: sub, interview: iv, InterviewID: iv.ID}
	strong := pick(r, c.Skills)
	var gap string
	for _, s := range ji.job.RequiredSkills {
		if !slices.Contains(c.Skills, s) {
			gap = s
			break
		}
	}
	switch rating {
	case "strong_yes", "yes":
		sc.KeyTakeaways = "Clear strength in " + strong + "."
		if gap != "" {
			sc.KeyTakeaways += " Less depth in " + gap + ", but can ramp up."
		}
	default:
		sc.KeyTakeaways = "Not enough depth for this role"
		if gap != "" {
			sc.KeyTakeaways += "; little experience with " + gap
		}
		sc.KeyTakeaways += "."
	}
	if chance(r, 0.3) {
		sc.PrivateNotes = pick(r, []string{"Would like a second opinion on seniority.", "Compensation may be a concern.",
			"Great energy; ask about notice period.", "Strong communicator."})
	}
	base := ratingScore[rating]
	for _, at := range pickN(r, scoreAttributes, 4) {
		v := base + r.NormFloat64()*0.7
		rt := "mixed"
		switch {
		case v < 0.5:
			rt = "definitely_not"
		case v < 1.3:
			rt = "no"
		case v < 1.8:
			rt = "mixed"
		case v < 2.6:
			rt = "yes"
		default:
			rt = "strong_yes"
		}
		sc.Attributes = append(sc.Attributes, ScoreAttribute{Name: at.Name, Type: at.Type, Rating: rt})
	}
	addRow(g, g.st.scorecards, resScorecards, sc, true)
	a.LastActivityAt = latest(a.LastActivityAt, sub)
	touch(&a.Meta, sub)
}

// offer extends an offer and resolves it: accepted offers close an opening
// and hire the candidate.
func (g *gen) offer(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, t, horizon time.Time) {
	created := ms(t.Add(days(r, 0.1, 1)))
	if created.After(horizon) {
		return
	}
	o := g.newOffer(r, ji, a, created, 1)
	if chance(r, 0.2) {
		// A revised offer replaces the first version.
		rev := ms(created.Add(days(r, 1, 3)))
		if rev.After(horizon) {
			return
		}
		o.Status = "Deprecated"
		touch(&o.Meta, rev)
		o = g.newOffer(r, ji, a, rev, 2)
		created = rev
	}
	resolve := ms(created.Add(days(r, 1, 7)))
	if resolve.After(horizon) {
		return
	}
	if chance(r, 0.82) {
		if op := g.freeOpening(ji, resolve); op != nil {
			g.hire(a, o, op, resolve)
			return
		}
		o.Status = "Rejected"
		o.ResolvedAt = resolve
		touch(&o.Meta, resolve)
		g.reject(r, a, "Hired another candidate", resolve)
		return
	}
	o.Status = "Rejected"
	o.ResolvedAt = resolve
	touch(&o.Meta, resolve)
	g.reject(r, a, pick(r, []string{"Accepted another offer", "Compensation expectations"}), resolve)
}

func (g *gen) newOffer(r *rand.Rand, ji *jobInfo, a *Application, at time.Time, version int) *Offer {
	j := ji.job
	o := &Offer{Meta: Meta{CreatedAt: at, UpdatedAt: at}, Version: version, ApplicationID: a.ID, JobID: j.ID,
		CandidateID: a.CandidateID, Status: "Created", UserID: ji.recruiter.ID,
		SentOn: at.Add(24 * time.Hour).Truncate(24 * time.Hour), StartsOn: at.Add(days(r, 21, 45)).Truncate(24 * time.Hour),
		Salary:         (j.SalaryMin + r.IntN(max(1, j.SalaryMax-j.SalaryMin))) / 1000 * 1000,
		EmploymentType: j.EmploymentType}
	if op := g.freeOpening(ji, at); op != nil {
		o.OpeningID = op.ID
	}
	if chance(r, 0.3) {
		o.Notes = pick(r, []string{"Signing bonus approved.", "Relocation package included.", "Start date is flexible."})
	}
	addRow(g, g.st.offers, resOffers, o, true)
	a.LastActivityAt = latest(a.LastActivityAt, at)
	touch(&a.Meta, at)
	return o
}

// freeOpening returns the job's first opening still open at t.
func (g *gen) freeOpening(ji *jobInfo, t time.Time) *Opening {
	for _, op := range ji.openings {
		if op.Open() && !op.OpenedAt.After(t) {
			return op
		}
	}
	return nil
}

// hire accepts the offer, fills the opening and marks the application hired.
func (g *gen) hire(a *Application, o *Offer, op *Opening, t time.Time) {
	o.Status = "Accepted"
	o.ResolvedAt = t
	o.OpeningID = op.ID
	touch(&o.Meta, t)
	op.ClosedAt = t
	op.ApplicationID = a.ID
	op.CloseReasonID = g.closeReason["Hired"].ID
	touch(&op.Meta, t)
	if !g.bulk {
		g.st.openings.reparent("application_id", op, 0, a.ID)
	}
	a.Status = StatusHired
	a.LastActivityAt = latest(a.LastActivityAt, t)
	touch(&a.Meta, t)
	if as := g.curStage[a]; as != nil {
		as.ExitedAt = t
		touch(&as.Meta, t)
	}
	g.note(&Note{Meta: Meta{CreatedAt: t, UpdatedAt: t}, CandidateID: a.CandidateID, ApplicationID: a.ID, UserID: o.UserID,
		Type: "ACTIVITY", Subject: "Candidate Hired", Body: "Offer accepted.", Visibility: "public"})
	if ji := g.jobs[a.JobID]; ji != nil {
		touch(&ji.job.Meta, t)
	}
}

// finish numbers the deferred records, closes what closed jobs left open
// and adds recruiter notes and e-mails.
func (g *gen) finish() {
	r, st := g.r, g.st
	for _, ji := range g.jobList {
		if ji.job.ClosedAt.IsZero() {
			continue
		}
		for _, op := range ji.openings {
			if op.Open() {
				op.ClosedAt = ji.job.ClosedAt
				op.CloseReasonID = g.closeReason[pick(r, []string{"Position cancelled", "Budget change"})].ID
				touch(&op.Meta, op.ClosedAt)
			}
		}
	}
	// Recruiter notes and e-mails on a share of candidates.
	for _, c := range st.candidates.rows {
		if !chance(r, 0.35) {
			continue
		}
		apps := st.applications.children("candidate_id", c.ID)
		if len(apps) == 0 {
			continue
		}
		a := pick(r, apps)
		at := ms(between(r, a.CreatedAt, latest(a.LastActivityAt, a.CreatedAt.Add(time.Hour))))
		if at.After(g.epoch) {
			continue
		}
		u := g.userFor(r, a)
		body := pick(r, noteBodies)
		if strings.Contains(body, "%s") {
			arg := pick(r, c.Skills)
			if strings.Contains(body, "reference") {
				arg = c.FirstName
			} else if strings.Contains(body, "office") {
				arg = pick(r, g.offices).Name
			}
			body = fmt.Sprintf(body, arg)
		}
		n := &Note{Meta: Meta{CreatedAt: at, UpdatedAt: at}, CandidateID: c.ID, ApplicationID: a.ID, UserID: u.ID,
			Type: "NOTE", Body: body, Visibility: pick(r, []string{"public", "public", "private", "admin_only"})}
		if chance(r, 0.4) {
			n.Type, n.Subject, n.Visibility = "EMAIL", pick(r, emailSubjects), "public"
			n.Body = fmt.Sprintf("Hi %s,\n\nThanks for your interest in %s. %s\n\nBest,\n%s", c.FirstName, Company,
				"Could you share a few times that work for a call next week?", u.Name())
			n.EmailFrom, n.To = u.Email, c.EmailAddresses[0].Value
		}
		g.note(n)
		g.bumpCandidate(c, at)
		a.LastActivityAt = latest(a.LastActivityAt, at)
		touch(&a.Meta, at)
	}

	assignIDs(st, st.attachments, resAttachments)
	assignIDs(st, st.applicationStages, resApplicationStages)
	assignIDs(st, st.interviews, resInterviews)
	assignIDs(st, st.offers, resOffers)
	assignIDs(st, st.notes, resNotes)
	for _, sc := range st.scorecards.rows {
		sc.InterviewID = sc.interview.ID
	}
	assignIDs(st, st.scorecards, resScorecards)
	// Offers pointed at openings by id already; applications were indexed
	// as they were added, openings' application ids changed since.
	st.openings.reindex()
	st.applications.reindex()
	g.curStage = map[*Application]*ApplicationStage{}
	for _, as := range st.applicationStages.rows {
		if as.Current {
			a, _ := st.applications.get(as.ApplicationID)
			g.curStage[a] = as
		}
	}
	for _, c := range st.candidates.rows {
		if c.LastActivityAt.IsZero() {
			c.LastActivityAt = c.CreatedAt
		}
	}
}
