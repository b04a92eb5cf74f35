package simulator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// historySpan is how far back the generated history reaches before Epoch.
const historySpan = 730 * 24 * time.Hour

// gen builds the tenant and, later, applies Step changes with the same
// pools and vocabulary.
type gen struct {
	cfg    Config
	st     *store
	r      *rand.Rand
	corpus *corpus
	// bulk is true while the history is generated: child records are
	// collected first and numbered afterwards in creation order.
	bulk bool

	epoch, start, orgStart time.Time

	depts       map[string]*Department
	offices     []*Office
	roles       map[string][]*User
	deptUsers   map[int64][]*User
	sources     []*Source
	srcWeights  []int
	reasons     map[string]*RejectionReason
	closeReason map[string]*CloseReason
	jobs        map[int64]*jobInfo
	jobList     []*jobInfo
	jobSeq      int
	corpusJob   int // next corpus row to use for a job
	resumeSeq   int // counts generated resumes
	// binaryResumes counts PDF and DOCX resumes, for CorruptEvery.
	binaryResumes int
	// resumes counts resumes per candidate.
	resumes map[int64]int
	// curStage is each application's current application_stage.
	curStage map[*Application]*ApplicationStage
}

// jobInfo keeps what the generator needs to know about a job beyond the
// record itself.
type jobInfo struct {
	job         *Job
	fam         *roleFamily
	level       int
	stages      []*JobInterviewStage
	skillSet    map[string]bool
	posts       []*JobPost
	openings    []*Opening
	recruiter   *User
	coordinator *User
	sourcer     *User
	managers    []*User
}

// externalPost returns the job's public post, if any.
func (ji *jobInfo) externalPost() *JobPost {
	for _, p := range ji.posts {
		if !p.Internal {
			return p
		}
	}
	return nil
}

// openAt reports whether the job accepted applications at t.
func (ji *jobInfo) openAt(t time.Time) bool {
	j := ji.job
	if j.Status == "draft" || j.OpenedAt.IsZero() || t.Before(j.OpenedAt) {
		return false
	}
	return j.ClosedAt.IsZero() || t.Before(j.ClosedAt)
}

// addRow stores a record. Records of deferred resources created during
// bulk generation get their ids later (assignIDs), in creation order.
func addRow[P row](g *gen, t *table[P], res string, r P, deferred bool) {
	if deferred && g.bulk {
		t.rows = append(t.rows, r)
		return
	}
	r.meta().ID = g.st.newID(res)
	t.add(r)
}

// generate builds the whole tenant for cfg.
func generate(cfg Config, corp *corpus) *gen {
	g := &gen{
		cfg:         cfg,
		st:          newStore(),
		r:           newRand(cfg.Seed, 1),
		corpus:      corp,
		bulk:        true,
		epoch:       cfg.Epoch,
		start:       cfg.Epoch.Add(-historySpan),
		orgStart:    cfg.Epoch.Add(-historySpan - 300*24*time.Hour),
		depts:       map[string]*Department{},
		roles:       map[string][]*User{},
		deptUsers:   map[int64][]*User{},
		reasons:     map[string]*RejectionReason{},
		closeReason: map[string]*CloseReason{},
		jobs:        map[int64]*jobInfo{},
		resumes:     map[int64]int{},
		curStage:    map[*Application]*ApplicationStage{},
	}
	g.genOrg()
	g.genCustomFields()
	g.genUserRoles()
	g.genJobs()
	cands := g.genCandidates()
	g.genApplications(cands)
	g.finish()
	g.bulk = false
	return g
}

// ms truncates to milliseconds, the API's precision, so that values read
// back through the API compare equal to the records.
func ms(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func (g *gen) genOrg() {
	r, st, t0 := g.r, g.st, ms(g.orgStart)
	for _, d := range departmentSpecs {
		dep := &Department{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: d.Name,
			ExternalID: "dept-" + strings.ToLower(strings.ReplaceAll(d.Name, " ", "-"))}
		if p := g.depts[d.Parent]; p != nil {
			dep.ParentID = p.ID
		}
		addRow(g, st.departments, resDepartments, dep, false)
		g.depts[d.Name] = dep
	}
	for i, o := range officeSpecs {
		off := &Office{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: o.Name, Location: o.Location,
			ExternalID: fmt.Sprintf("office-%02d", i+1)}
		addRow(g, st.offices, resOffices, off, false)
		g.offices = append(g.offices, off)
	}

	// Users: a talent team plus hiring managers and interviewers in every
	// department, about 55-70 people.
	people := g.depts["People"]
	mk := func(role, title string, dept *Department, admin bool) *User {
		first, last := pick(r, firstNames), pick(r, lastNames)
		u := &User{Meta: Meta{CreatedAt: between(r, t0, t0.Add(200*24*time.Hour))},
			FirstName: first, LastName: last, JobTitle: title, Role: role, SiteAdmin: admin,
			EmployeeID:    fmt.Sprintf("E%05d", 10000+r.IntN(89999)),
			OfficeIDs:     []int64{pickFront(r, g.offices).ID},
			DepartmentIDs: []int64{dept.ID},
		}
		u.Email = emailLocal(first, last) + "@" + companySlug + ".example"
		u.UpdatedAt = u.CreatedAt
		g.roles[role] = append(g.roles[role], u)
		g.deptUsers[dept.ID] = append(g.deptUsers[dept.ID], u)
		return u
	}
	var users []*User
	users = append(users, mk("admin", "Talent Operations Lead", people, true), mk("admin", "People Systems Administrator", people, true))
	for i := range 4 + g.cfg.Jobs/12 {
		users = append(users, mk("recruiter", pick(r, []string{"Recruiter", "Senior Recruiter", "Technical Recruiter"}), people, i == 0))
	}
	for range 3 {
		users = append(users, mk("coordinator", "Recruiting Coordinator", people, false))
	}
	for range 2 {
		users = append(users, mk("sourcer", "Sourcer", people, false))
	}
	for _, d := range departmentSpecs {
		dep := g.depts[d.Name]
		for i := range 1 + r.IntN(2) {
			title := "Head of " + d.Name
			if i > 0 {
				title = d.Name + " Manager"
			}
			users = append(users, mk("hiring_manager", title, dep, false))
		}
		for range 2 {
			users = append(users, mk("interviewer", "Team Member, "+d.Name, dep, false))
		}
	}
	// Users join over time, so their ids follow their creation dates.
	slices.SortStableFunc(users, func(a, b *User) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for _, u := range users {
		addRow(g, st.users, resUsers, u, false)
	}
	for _, u := range pickN(r, g.roles["interviewer"], 3) {
		u.Deactivated = true
		u.UpdatedAt = between(r, g.start, g.epoch)
	}
	for _, o := range g.offices {
		o.PrimaryContactUserID = pick(r, g.roles["recruiter"]).ID
	}

	for _, s := range sourceSpecs {
		src := &Source{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: s.Name, TypeID: s.TypeID, TypeName: s.TypeName}
		addRow(g, st.sources, resSources, src, false)
		g.sources = append(g.sources, src)
		g.srcWeights = append(g.srcWeights, s.Weight)
	}
	for _, s := range rejectionSpecs {
		typ := rejectionTypes[s.TypeID]
		rr := &RejectionReason{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: s.Name, TypeID: s.TypeID, TypeKey: typ.Key, TypeName: typ.Name}
		addRow(g, st.rejectionReasons, resRejectionReasons, rr, false)
		g.reasons[s.Name] = rr
	}
	for _, name := range closeReasonSpecs {
		cr := &CloseReason{Meta: Meta{CreatedAt: t0, UpdatedAt: t0}, Name: name}
		addRow(g, st.closeReasons, resCloseReasons, cr, false)
		g.closeReason[name] = cr
	}
}

// emailLocal builds "first.last" from a name, ASCII only.
func emailLocal(first, last string) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, c := range strings.ToLower(s) {
			if c >= 'a' && c <= 'z' {
				b.WriteRune(c)
			}
		}
		return b.String()
	}
	return clean(first) + "." + clean(last)
}

func (g *gen) genJobs() {
	r := g.r
	n := g.cfg.Jobs
	times := make([]time.Time, n)
	for i := range times {
		// A good share of the jobs predate the history window, so the
		// earliest candidates have somewhere to apply.
		if chance(r, 0.35) {
			times[i] = between(r, g.start.Add(-150*24*time.Hour), g.start)
		} else {
			times[i] = between(r, g.start, g.epoch.Add(-10*24*time.Hour))
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	weights := make([]int, len(families))
	for i, f := range families {
		weights[i] = f.JobWeight
	}
	for i, t := range times {
		fam := &families[weighted(r, weights)]
		status := "open"
		switch {
		case g.epoch.Sub(t) < 45*24*time.Hour && chance(r, 0.3):
			status = "draft"
		case g.epoch.Sub(t) > 120*24*time.Hour && chance(r, 0.3):
			status = "closed"
		}
		if i == len(times)-1 && status != "open" {
			status = "open" // at least one job to apply to today
		}
		g.newJob(r, t, fam, status)
	}
}

// levelWeights is the seniority mix of jobs and candidates.
var levelWeights = []int{20, 38, 30, 12}

// newJob creates a job with its openings, pipeline, hiring team and posts.
func (g *gen) newJob(r *rand.Rand, createdAt time.Time, fam *roleFamily, status string) *jobInfo {
	st := g.st
	createdAt = ms(createdAt)
	level := weighted(r, levelWeights)
	g.jobSeq++
	name := pick(r, fam.Titles[level])
	var corpusRow *corpusJob
	if g.corpus != nil && len(g.corpus.jobs) > 0 {
		corpusRow = &g.corpus.jobs[g.corpusJob%len(g.corpus.jobs)]
		g.corpusJob++
		name = corpusRow.title
		fam = familyByKey(corpusRow.family)
	}
	dept := g.depts[fam.Dept]
	j := &Job{
		Meta:           Meta{CreatedAt: createdAt, UpdatedAt: createdAt},
		Name:           name,
		RequisitionID:  fmt.Sprintf("REQ-%d-%04d", createdAt.Year(), g.jobSeq),
		Status:         status,
		DepartmentID:   dept.ID,
		Family:         fam.Key,
		EmploymentType: "Full-time",
		CreatedByID:    pick(r, g.roles["recruiter"]).ID,
	}
	if fam.Key == "chef" || fam.Key == "teacher" {
		j.EmploymentType = pick(r, []string{"Full-time", "Part-time"})
	} else if chance(r, 0.05) {
		j.EmploymentType = "Contract"
	}
	if chance(r, 0.3) {
		j.Notes = pick(r, []string{"<p>Backfill for a promotion.</p>", "<p>Budget approved in the annual plan.</p>",
			"<p>Priority hire for the new clinic launch.</p>", "<p>Open to candidates in any US office.</p>"})
	}
	j.Confidential = chance(r, 0.03)
	base := map[string]int{"tech": 115000, "finance": 80000, "services": 72000, "healthcare": 78000,
		"education": 56000, "hospitality": 52000, "manufacturing": 92000, "construction": 86000, "legal": 125000}[fam.Sector]
	mid := float64(base) * []float64{0.72, 1, 1.3, 1.62}[level]
	j.SalaryMin = int(mid*0.88/1000) * 1000
	j.SalaryMax = int(mid*1.12/1000) * 1000
	offices := []*Office{pickFront(r, g.offices)}
	if chance(r, 0.35) {
		offices = append(offices, g.offices[len(g.offices)-1]) // also open to remote
	}
	for _, o := range sortedOffices(offices) {
		j.OfficeIDs = append(j.OfficeIDs, o.ID)
	}
	if status != "draft" {
		j.OpenedAt = ms(createdAt.Add(days(r, 0, 4)))
		if !g.bulk {
			j.OpenedAt = createdAt // a job created now opens now
		}
	}
	if status == "closed" {
		j.ClosedAt = ms(between(r, j.OpenedAt.Add(60*24*time.Hour), g.epoch.Add(-24*time.Hour)))
		if !j.ClosedAt.After(j.OpenedAt) {
			j.ClosedAt = ms(j.OpenedAt.Add(24 * time.Hour))
		}
	}
	j.UpdatedAt = latest(latest(j.CreatedAt, j.OpenedAt), j.ClosedAt)

	// Required skills: the family's core plus one or two from a related
	// family; nice-to-haves lean on tools.
	req := pickN(r, fam.Skills[:min(6, len(fam.Skills))], 4+r.IntN(2))
	for len(req) < 8 {
		s := pickFront(r, fam.Skills)
		if !slices.Contains(req, s) {
			req = append(req, s)
		}
	}
	if len(fam.Related) > 0 {
		rel := familyByKey(pick(r, fam.Related))
		for _, s := range pickN(r, rel.Skills, 1+r.IntN(2)) {
			if !slices.Contains(req, s) {
				req = append(req, s)
			}
		}
	}
	j.RequiredSkills = req
	for _, s := range pickN(r, fam.Tools, 3) {
		if !slices.Contains(req, s) {
			j.NiceSkills = append(j.NiceSkills, s)
		}
	}
	if fam.Certs != nil && chance(r, 0.5) {
		j.NiceSkills = append(j.NiceSkills, pick(r, fam.Certs))
	}
	addRow(g, st.jobs, resJobs, j, false)

	ji := &jobInfo{job: j, fam: fam, level: level, skillSet: map[string]bool{}}
	for _, s := range req {
		ji.skillSet[s] = true
	}
	g.jobs[j.ID] = ji
	g.jobList = append(g.jobList, ji)

	// Openings.
	// Bigger tenants hire more, so they get more headcount per job.
	for k := range 1 + weighted(r, []int{55, 25, 12, 8}) + r.IntN(1+g.cfg.Candidates/2000) {
		o := &Opening{Meta: Meta{CreatedAt: createdAt, UpdatedAt: createdAt}, JobID: j.ID,
			OpeningID: fmt.Sprintf("%d-%d", g.jobSeq, k+1), OpenedAt: createdAt, SortOrder: k}
		if chance(r, 0.4) {
			o.TargetStartOn = createdAt.Add(days(r, 60, 150)).Truncate(24 * time.Hour)
		}
		addRow(g, st.openings, resOpenings, o, false)
		ji.openings = append(ji.openings, o)
	}

	// Hiring team.
	managers := g.deptUsersWithRole(dept.ID, "hiring_manager")
	ji.managers = pickN(r, managers, 1+r.IntN(min(2, len(managers))))
	for i, u := range ji.managers {
		addRow(g, st.hiringManagers, resJobHiringManagers,
			&JobHiringManager{Meta: Meta{CreatedAt: createdAt, UpdatedAt: createdAt}, JobID: j.ID, UserID: u.ID, Responsible: i == 0}, false)
	}
	recs := pickN(r, g.roles["recruiter"], 1+r.IntN(2))
	ji.recruiter = recs[0]
	for i, u := range recs {
		addRow(g, st.jobOwners, resJobOwners,
			&JobOwner{Meta: Meta{CreatedAt: createdAt, UpdatedAt: createdAt}, JobID: j.ID, UserID: u.ID, Type: "recruiter", Responsible: i == 0}, false)
	}
	ji.coordinator = pick(r, g.roles["coordinator"])
	addRow(g, st.jobOwners, resJobOwners,
		&JobOwner{Meta: Meta{CreatedAt: createdAt, UpdatedAt: createdAt}, JobID: j.ID, UserID: ji.coordinator.ID, Type: "coordinator", Responsible: true}, false)
	if chance(r, 0.5) {
		ji.sourcer = pick(r, g.roles["sourcer"])
		addRow(g, st.jobOwners, resJobOwners,
			&JobOwner{Meta: Meta{CreatedAt: createdAt, UpdatedAt: createdAt}, JobID: j.ID, UserID: ji.sourcer.ID, Type: "sourcer"}, false)
	}

	g.newStages(r, ji, createdAt)
	g.addAssessmentStage(ji, createdAt)

	// Posts: a public post for every non-draft job, sometimes an internal
	// one too.
	office := g.officeByID(j.OfficeIDs[0])
	location := office.Location
	if len(j.OfficeIDs) > 1 {
		location += " or Remote"
	}
	content := jobPostHTML(r, j, fam, ji.level, g.depts[fam.Dept].Name, location, corpusRow)
	post := &JobPost{Meta: Meta{CreatedAt: createdAt, UpdatedAt: createdAt}, JobID: j.ID, Title: j.Name,
		Location: location, OfficeID: office.ID, Active: true, Language: "en", JobBoardID: 4000001, Content: content}
	if status != "draft" {
		post.Live = j.ClosedAt.IsZero()
		post.FirstPublishedAt = j.OpenedAt
		post.UpdatedAt = latest(j.OpenedAt, j.ClosedAt)
		post.Active = j.ClosedAt.IsZero()
		post.Featured = chance(r, 0.15)
	}
	addRow(g, st.jobPosts, resJobPosts, post, false)
	ji.posts = append(ji.posts, post)
	if status != "draft" && chance(r, 0.25) {
		in := *post
		in.Internal = true
		in.Featured = false
		in.Content = content + "<p><strong>Internal applicants:</strong> please let your manager know before you apply.</p>"
		in.InternalContent = "<p>Talk to the recruiting team about internal mobility.</p>"
		addRow(g, st.jobPosts, resJobPosts, &in, false)
		ji.posts = append(ji.posts, &in)
	}
	return ji
}

func sortedOffices(os []*Office) []*Office {
	out := slices.Clone(os)
	slices.SortFunc(out, func(a, b *Office) int { return int(a.ID - b.ID) })
	return slices.Compact(out)
}

func (g *gen) officeByID(id int64) *Office {
	o, _ := g.st.offices.get(id)
	return o
}

func (g *gen) deptUsersWithRole(dept int64, role string) []*User {
	var out []*User
	for _, u := range g.deptUsers[dept] {
		if u.Role == role {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		return g.roles[role]
	}
	return out
}

// stageSpec describes a pipeline step and its interviews.
type stageSpec struct {
	name       string
	interviews []interviewSpec
	techOnly   bool
}

type interviewSpec struct {
	name        string
	minutes     int
	schedulable bool
}

var pipeline = []stageSpec{
	{name: "Application Review", interviews: []interviewSpec{{"Application Review", 0, false}}},
	{name: "Recruiter Screen", interviews: []interviewSpec{{"Recruiter Phone Screen", 30, true}}},
	{name: "Hiring Manager Interview", interviews: []interviewSpec{{"Hiring Manager Interview", 45, true}}},
	{name: "Take Home Test", interviews: []interviewSpec{{"Take Home Test", 0, false}}, techOnly: true},
	{name: "Onsite", interviews: []interviewSpec{{"Role Deep Dive", 60, true}, {"Cross-functional Interview", 45, true}, {"Values Interview", 45, true}}},
	{name: "Reference Check", interviews: []interviewSpec{{"Reference Check", 0, false}}},
	{name: "Offer"},
}

func (g *gen) newStages(r *rand.Rand, ji *jobInfo, at time.Time) {
	sort := 0
	for _, sp := range pipeline {
		if sp.techOnly && !ji.fam.Tech {
			continue
		}
		stg := &JobInterviewStage{Meta: Meta{CreatedAt: at, UpdatedAt: at}, JobID: ji.job.ID, Name: sp.name, SortOrder: sort, Active: true}
		sort++
		for _, is := range sp.interviews {
			name := is.name
			if name == "Role Deep Dive" && ji.fam.Tech {
				name = "Technical Deep Dive"
			}
			jiv := JobInterview{ID: g.st.newID(seqJobInterviews), Name: name, Schedulable: is.schedulable,
				EstimatedMinutes: is.minutes, KitID: g.st.newID(seqKits),
				KitContent: "<h5>Purpose</h5><p>Assess " + strings.ToLower(name) + " for the " + ji.job.Name + " role.</p>"}
			for _, q := range pickN(r, interviewQuestions, 2) {
				jiv.Questions = append(jiv.Questions, KitQuestion{ID: g.st.newID(seqKitQuestions), Question: q})
			}
			switch {
			case strings.HasPrefix(name, "Hiring Manager"):
				jiv.DefaultInterviewerIDs = []int64{ji.managers[0].ID}
			case strings.HasPrefix(name, "Recruiter"):
				jiv.DefaultInterviewerIDs = []int64{ji.recruiter.ID}
			}
			stg.Interviews = append(stg.Interviews, jiv)
		}
		addRow(g, g.st.stages, resJobInterviewStages, stg, false)
		for i := range stg.Interviews {
			g.st.jobInterview[stg.Interviews[i].ID] = &stg.Interviews[i]
		}
		ji.stages = append(ji.stages, stg)
	}
}
