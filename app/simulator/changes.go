package simulator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Step applies n random, realistic changes stamped with the simulator
// clock's current time, and returns their events (some changes emit two,
// e.g. job_created then job_post_created). Subscribers receive the events
// after the changes are visible through the API. For a given seed and
// sequence of calls the changes are the same.
func (s *Sim) Step(n int) []Event {
	var events []Event
	s.write(func(rc *renderCtx) []Event {
		for range n {
			events = append(events, s.change(rc)...)
		}
		return events
	})
	return events
}

// changeKind is one kind of Step change with its relative frequency.
type changeKind struct {
	name   string
	weight int
	apply  func(s *Sim, r *rand.Rand, rc *renderCtx) []Event // nil when not possible now
}

var changeKinds = []changeKind{
	{"new_candidate_application", 24, (*Sim).newApplication},
	{"new_prospect_application", 5, (*Sim).newProspect},
	{"candidate_stage_change", 25, (*Sim).advance},
	{"reject_candidate", 12, (*Sim).rejectOne},
	{"unreject_candidate", 2, (*Sim).unreject},
	{"hire_candidate", 3, (*Sim).hireOne},
	{"update_candidate", 12, (*Sim).updateCandidate},
	{"job_created", 2, (*Sim).createJob},
	{"job_post_updated", 5, (*Sim).editPost},
	{"job_updated", 2, (*Sim).closeJob},
}

var changeWeights = func() []int {
	w := make([]int, len(changeKinds))
	for i, k := range changeKinds {
		w[i] = k.weight
	}
	return w
}()

// change applies one change, falling back to a new application when the
// drawn kind has nothing to act on.
func (s *Sim) change(rc *renderCtx) []Event {
	r := s.stepRand
	k := changeKinds[weighted(r, changeWeights)]
	if ev := k.apply(s, r, rc); ev != nil {
		return ev
	}
	return s.newApplication(r, rc)
}

// pickApp samples an application matching ok; sampling keeps Step cheap
// on large tenants, with a scan as the fallback.
func (s *Sim) pickApp(r *rand.Rand, ok func(*Application) bool) *Application {
	rows := s.st.applications.rows
	if len(rows) == 0 {
		return nil
	}
	for range 64 {
		if a := rows[r.IntN(len(rows))]; ok(a) {
			return a
		}
	}
	var all []*Application
	for _, a := range rows {
		if ok(a) {
			all = append(all, a)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return pick(r, all)
}

// activeInOpenJob matches in-process applications to jobs still open.
func (s *Sim) activeInOpenJob(a *Application) bool {
	if a.Status != StatusActive || a.Prospect {
		return false
	}
	ji := s.g.jobs[a.JobID]
	return ji != nil && ji.job.Status == "open"
}

func (s *Sim) newApplication(r *rand.Rand, rc *renderCtx) []Event {
	g := s.g
	c := g.newCandidate(r, rc.now)
	ji := g.chooseJob(r, c, rc.now, nil)
	if ji == nil {
		a := g.apply(r, c, nil, rc.now, true, rc.now)
		return []Event{event("new_prospect_application", rc, map[string]any{"application": whApplication(rc, a, "public_name")})}
	}
	a := g.apply(r, c, ji, rc.now, false, rc.now)
	g.scheduleStage(r, c, ji, a, rc.now)
	return []Event{event("new_candidate_application", rc, map[string]any{"application": whApplication(rc, a, "name")})}
}

func (s *Sim) newProspect(r *rand.Rand, rc *renderCtx) []Event {
	g := s.g
	c := g.newCandidate(r, rc.now)
	var ji *jobInfo
	if chance(r, 0.5) {
		ji = g.chooseJob(r, c, rc.now, nil)
	}
	a := g.apply(r, c, ji, rc.now, true, rc.now)
	return []Event{event("new_prospect_application", rc, map[string]any{"application": whApplication(rc, a, "public_name")})}
}

// scheduleStage books the interviews of the application's current stage.
func (g *gen) scheduleStage(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, now time.Time) {
	stg, ok := g.st.stages.get(a.StageID)
	if !ok {
		return
	}
	for i := range stg.Interviews {
		if jiv := &stg.Interviews[i]; jiv.Schedulable {
			g.newInterview(r, c, ji, a, stg, jiv, now.Add(time.Duration(i)*24*time.Hour), now)
		}
	}
}

// finishStage completes the current stage's interviews with feedback
// submitted now, as happens before a candidate moves on.
func (g *gen) finishStage(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, now time.Time) {
	stg, ok := g.st.stages.get(a.StageID)
	if !ok {
		return
	}
	for _, iv := range g.st.interviews.children("application_id", a.ID) {
		if iv.StageID != stg.ID || iv.Status == "complete" {
			continue
		}
		if iv.EndsAt.After(now) {
			d := iv.EndsAt.Sub(iv.StartsAt)
			iv.EndsAt = now.Add(-time.Hour)
			iv.StartsAt = iv.EndsAt.Add(-d)
		}
		iv.Status = "complete"
		touch(&iv.Meta, now)
		jiv := g.st.jobInterview[iv.JobInterviewID]
		for _, uid := range iv.InterviewerIDs {
			g.scorecard(r, c, ji, a, stg, jiv, iv, uid, rate(r, a.fit), now)
		}
	}
}

// moveTo moves an application from its current stage into stg at now.
func (g *gen) moveTo(r *rand.Rand, c *Candidate, ji *jobInfo, a *Application, stg *JobInterviewStage, now time.Time) {
	g.finishStage(r, c, ji, a, now)
	g.exitStage(a, now)
	g.enterStage(a, stg, now)
	g.scheduleStage(r, c, ji, a, now)
	g.bumpCandidate(c, now)
}

func (s *Sim) advance(r *rand.Rand, rc *renderCtx) []Event {
	g, st := s.g, s.st
	// The team moves on the applications it decides to move on (see
	// decisions.go); rejectOne takes the others.
	a := s.pickApp(r, func(a *Application) bool {
		if !s.activeInOpenJob(a) {
			return false
		}
		stg, ok := st.stages.get(a.StageID)
		return ok && stg.Name != "Offer" && g.verdict(a, stg)
	})
	if a == nil {
		return nil
	}
	ji := g.jobs[a.JobID]
	c, _ := st.candidates.get(a.CandidateID)
	cur, _ := st.stages.get(a.StageID)
	i := slices.Index(ji.stages, cur)
	next := ji.stages[i+1]
	g.moveTo(r, c, ji, a, next, rc.now)
	events := []Event{event("candidate_stage_change", rc, map[string]any{"application": whApplication(rc, a, "name")})}
	if next.Name == "Offer" {
		o := g.newOffer(r, ji, a, rc.now, 1)
		events = append(events, event("offer_created", rc, whOffer(o)))
	}
	return events
}

// withdraws reports whether the candidate behind a pulls out of the
// process (another offer, the pay, second thoughts), whatever the team
// thinks of them.
func (g *gen) withdraws(a *Application) bool {
	return unit(g.hash(saltVerdict, uint64(a.ID), 0x77)) < 0.06
}

// rejectionFor picks a plausible reason for rejecting a now.
func (s *Sim) rejectionFor(r *rand.Rand, a *Application) string {
	switch {
	case a.Prospect:
		return pick(r, []string{"Unresponsive", "Not interested in the role"})
	case s.g.withdraws(a):
		return pick(r, []string{"Accepted another offer", "Compensation expectations", "Not interested in the role"})
	case a.fit.obs.score() < 0.5:
		return pick(r, []string{"Lacking skill(s)/qualification(s)", "Underqualified"})
	}
	return pick(r, []string{"Hired another candidate", "Not a culture add", "Lacking skill(s)/qualification(s)"})
}

// rejectOne rejects a prospect who stopped answering, a candidate who
// withdrew, or an application the team decides against at its stage.
func (s *Sim) rejectOne(r *rand.Rand, rc *renderCtx) []Event {
	g, st := s.g, s.st
	a := s.pickApp(r, func(a *Application) bool {
		if a.Status != StatusActive {
			return false
		}
		if a.Prospect || g.withdraws(a) {
			return true
		}
		stg, ok := st.stages.get(a.StageID)
		return ok && !g.verdict(a, stg)
	})
	if a == nil {
		return nil
	}
	g.reject(r, a, s.rejectionFor(r, a), rc.now)
	if c, ok := s.st.candidates.get(a.CandidateID); ok {
		g.bumpCandidate(c, rc.now)
	}
	return []Event{event("reject_candidate", rc, map[string]any{"application": whApplication(rc, a, "public_name")})}
}

func (s *Sim) unreject(r *rand.Rand, rc *renderCtx) []Event {
	g := s.g
	a := s.pickApp(r, func(a *Application) bool {
		if a.Status != StatusRejected {
			return false
		}
		ji := g.jobs[a.JobID]
		return a.Prospect || (ji != nil && ji.job.Status == "open")
	})
	if a == nil {
		return nil
	}
	a.Status, a.RejectedAt, a.RejectionReasonID = StatusActive, time.Time{}, 0
	a.LastActivityAt = rc.now
	touch(&a.Meta, rc.now)
	if as := g.curStage[a]; as != nil {
		as.ExitedAt, as.Current = time.Time{}, true
		touch(&as.Meta, rc.now)
	}
	if c, ok := s.st.candidates.get(a.CandidateID); ok {
		g.bumpCandidate(c, rc.now)
	}
	return []Event{event("unreject_candidate", rc, map[string]any{"application": whApplication(rc, a, "public_name")})}
}

func (s *Sim) hireOne(r *rand.Rand, rc *renderCtx) []Event {
	g, st := s.g, s.st
	// Prefer someone already holding an offer; otherwise fast-track a
	// strong active candidate to an offer.
	a := s.pickApp(r, func(a *Application) bool {
		stg, ok := st.stages.get(a.StageID)
		return s.activeInOpenJob(a) && ok && stg.Name == "Offer" && g.freeOpening(g.jobs[a.JobID], rc.now) != nil
	})
	if a == nil {
		a = s.pickApp(r, func(a *Application) bool {
			return s.activeInOpenJob(a) && a.fit.merit >= hireBar && g.freeOpening(g.jobs[a.JobID], rc.now) != nil
		})
	}
	if a == nil {
		return nil
	}
	ji := g.jobs[a.JobID]
	c, _ := st.candidates.get(a.CandidateID)
	var events []Event
	offerStage := ji.stages[len(ji.stages)-1]
	if a.StageID != offerStage.ID {
		g.moveTo(r, c, ji, a, offerStage, rc.now)
		events = append(events, event("candidate_stage_change", rc, map[string]any{"application": whApplication(rc, a, "name")}))
	}
	var o *Offer
	for _, x := range st.offers.children("application_id", a.ID) {
		if x.Status == "Created" {
			o = x
		}
	}
	if o == nil {
		o = g.newOffer(r, ji, a, rc.now, 1)
		events = append(events, event("offer_created", rc, whOffer(o)))
	}
	g.hire(a, o, g.freeOpening(ji, rc.now), rc.now)
	g.bumpCandidate(c, rc.now)
	return append(events, event("hire_candidate", rc, map[string]any{"application": whHire(rc, a, o)}))
}

func (s *Sim) updateCandidate(r *rand.Rand, rc *renderCtx) []Event {
	g, st := s.g, s.st
	c := pick(r, st.candidates.rows)
	switch r.IntN(4) {
	case 0: // new job: the current employment ends, a new one starts
		fam := familyByKey(c.Family)
		if cur := st.employments.children("candidate_id", c.ID); len(cur) > 0 && cur[len(cur)-1].EndDate.IsZero() {
			last := cur[len(cur)-1]
			last.EndDate = monthStart(rc.now)
			touch(&last.Meta, rc.now)
		}
		c.level = min(3, c.level+r.IntN(2))
		e := &Employment{Meta: Meta{CreatedAt: rc.now, UpdatedAt: rc.now}, CandidateID: c.ID,
			CompanyName: pick(r, employers[fam.Sector]), Title: pick(r, fam.Titles[c.level]), StartDate: monthStart(rc.now)}
		addRow(g, st.employments, resEmployments, e, false)
		c.Title, c.Company = e.Title, e.CompanyName
	case 1:
		tag := pick(r, append(slices.Clone(tagPool), c.Skills...))
		if !slices.Contains(c.Tags, tag) {
			c.Tags = append(slices.Clone(c.Tags), tag)
			g.applyTags(c, rc.now)
		}
	case 2:
		c.PhoneNumbers = []TypedValue{{fmt.Sprintf("(%03d) 555-01%02d", 200+r.IntN(700), r.IntN(100)), "mobile"}}
	default:
		c.EmailAddresses = append(slices.Clone(c.EmailAddresses),
			TypedValue{fmt.Sprintf("%s@%s.example", emailLocal(c.FirstName, c.LastName), slugify(c.Company)), "work"})
	}
	g.bumpCandidate(c, rc.now)
	return []Event{event("update_candidate", rc, map[string]any{"candidate": whCandidate(rc, c)})}
}

func slugify(s string) string {
	var out []rune
	for _, c := range asciiName(s) {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "work"
	}
	return string(out)
}

func (s *Sim) createJob(r *rand.Rand, rc *renderCtx) []Event {
	g := s.g
	weights := make([]int, len(families))
	for i, f := range families {
		weights[i] = f.JobWeight
	}
	ji := g.newJob(r, rc.now, &families[weighted(r, weights)], "open")
	events := []Event{event("job_created", rc, map[string]any{"job": whJob(s.st, ji.job, true)})}
	for _, p := range ji.posts {
		events = append(events, event("job_post_created", rc, whJobPost(s.st, p)))
	}
	return events
}

// postEdits are the small edits recruiters make to live posts.
var postEdits = []string{
	"<p><strong>Update:</strong> this role is now open to candidates anywhere in the United States and Canada.</p>",
	"<p><strong>Update:</strong> we are hiring two people for this role.</p>",
	"<p><strong>Update:</strong> interviews for this role are fully remote.</p>",
	"<p><strong>Update:</strong> we sponsor visas for this role.</p>",
}

func (s *Sim) editPost(r *rand.Rand, rc *renderCtx) []Event {
	var live []*JobPost
	for _, p := range s.st.jobPosts.rows {
		if p.Live {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return nil
	}
	p := pick(r, live)
	p.Content += pick(r, postEdits)
	touch(&p.Meta, rc.now)
	return []Event{event("job_post_updated", rc, whJobPost(s.st, p))}
}

func (s *Sim) closeJob(r *rand.Rand, rc *renderCtx) []Event {
	g := s.g
	var open []*jobInfo
	for _, ji := range g.jobList {
		if ji.job.Status == "open" {
			open = append(open, ji)
		}
	}
	// Keep enough open jobs for the demo to stay interesting.
	if len(open) <= 10 {
		return nil
	}
	ji := pick(r, open)
	j := ji.job
	j.Status, j.ClosedAt = "closed", rc.now
	touch(&j.Meta, rc.now)
	for _, p := range ji.posts {
		p.Live, p.Active = false, false
		touch(&p.Meta, rc.now)
	}
	for _, op := range ji.openings {
		if op.Open() {
			op.ClosedAt, op.CloseReasonID = rc.now, g.closeReason["Position cancelled"].ID
			touch(&op.Meta, rc.now)
		}
	}
	return []Event{event("job_updated", rc, map[string]any{"job": whJob(s.st, j, true)})}
}
