package simulator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Candidates: people, their skills, employment and education history.

func (g *gen) genCandidates() []*Candidate {
	r := g.r
	times := make([]time.Time, g.cfg.Candidates)
	span := float64(g.epoch.Sub(g.start))
	for i := range times {
		// The company grows: more candidates arrive in recent months.
		times[i] = ms(g.start.Add(time.Duration(span * math.Pow(r.Float64(), 0.7))))
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	out := make([]*Candidate, len(times))
	for i, t := range times {
		out[i] = g.newCandidate(r, t)
	}
	return out
}

var candWeights = func() []int {
	w := make([]int, len(families))
	for i, f := range families {
		w[i] = f.CandWeight
	}
	return w
}()

// newCandidate creates a candidate with employments and educations.
func (g *gen) newCandidate(r *rand.Rand, at time.Time) *Candidate {
	at = ms(at)
	fam := &families[weighted(r, candWeights)]
	c := &Candidate{Meta: Meta{CreatedAt: at, UpdatedAt: at}, CanEmail: !chance(r, 0.04), Private: chance(r, 0.02),
		level: weighted(r, levelWeights), strength: r.Float64(), seed: r.Uint64(), corpus: -1}
	if chance(r, 0.6) {
		// Most people arrive through an opening in their own field.
		var open []*jobInfo
		for _, ji := range g.jobList {
			if ji.openAt(at) {
				open = append(open, ji)
			}
		}
		if len(open) > 0 {
			fam = pick(r, open).fam
		}
	}
	if g.corpus != nil && len(g.corpus.texts) > 0 {
		c.corpus = r.IntN(len(g.corpus.texts))
		fam = familyByKey(g.corpus.texts[c.corpus].family)
	}
	c.Family = fam.Key
	if len(fam.Related) > 0 && chance(r, 0.3) {
		c.Family2 = pick(r, fam.Related)
	}
	c.FirstName, c.LastName = pick(r, firstNames), pick(r, lastNames)
	if chance(r, 0.08) {
		c.PreferredName = c.FirstName[:min(3, len(c.FirstName))]
	}
	c.Skills = candidateSkills(r, c, fam)

	city := pickFront(r, cities)
	phone := fmt.Sprintf("(%03d) 555-01%02d", 200+r.IntN(700), r.IntN(100))
	if city.Country == "United Kingdom" {
		phone = fmt.Sprintf("+44 20 7946 0%03d", r.IntN(1000))
	}
	c.PhoneNumbers = []TypedValue{{phone, pick(r, []string{"mobile", "mobile", "home", "work"})}}
	c.EmailAddresses = []TypedValue{{fmt.Sprintf("%s%d@%s", emailLocal(c.FirstName, c.LastName), r.IntN(100),
		pick(r, []string{"example.com", "example.net", "example.org"})), "personal"}}
	cityLine := city.City
	if city.Region != "" {
		cityLine += ", " + city.Region
	}
	if chance(r, 0.5) {
		c.Addresses = []TypedValue{{fmt.Sprintf("%d %s\n%s", 10+r.IntN(2000), pick(r, streets), cityLine), "home"}}
	}
	slug := strings.ReplaceAll(emailLocal(c.FirstName, c.LastName), ".", "-")
	if chance(r, 0.6) {
		c.SocialMediaAddresses = []TypedValue{{"linkedin.com/in/" + slug, ""}}
	}
	if chance(r, 0.25) {
		c.WebsiteAddresses = []TypedValue{{slug + ".example.com", "personal"}}
	}
	if chance(r, 0.4) {
		c.Tags = append(c.Tags, pickN(r, c.Skills[:min(5, len(c.Skills))], 1+r.IntN(2))...)
	}
	if chance(r, 0.15) {
		c.Tags = append(c.Tags, pick(r, tagPool))
	}
	c.RecruiterID = pick(r, g.roles["recruiter"]).ID
	if chance(r, 0.5) {
		c.CoordinatorID = pick(r, g.roles["coordinator"]).ID
	}
	if chance(r, 0.3) {
		c.DesiredSalary = fmt.Sprintf("%d", (60+r.IntN(140))*1000)
	}
	c.WorkRemotely = chance(r, 0.4)
	addRow(g, g.st.candidates, resCandidates, c, false)
	g.applyTags(c, at)

	emps := g.history(r, c, fam)
	cur := emps[len(emps)-1]
	c.Title, c.Company = cur.Title, cur.CompanyName
	if !cur.EndDate.IsZero() && chance(r, 0.5) {
		c.Company = "" // between jobs
	}
	if g.corpus != nil && c.corpus >= 0 {
		if t := g.corpus.texts[c.corpus].title; t != "" {
			c.Title = t
		}
	}
	if len(c.Addresses) == 0 {
		c.Addresses = []TypedValue{{cityLine, "home"}}
	}
	return c
}

// homeAddress returns the candidate's first address.
func (c *Candidate) homeAddress() string {
	if len(c.Addresses) == 0 {
		return ""
	}
	return c.Addresses[0].Value
}

// candidateSkills lists what the resume will claim: more of the family's
// core skills the stronger the candidate, some of a second family, a few
// tools and soft skills.
func candidateSkills(r *rand.Rand, c *Candidate, fam *roleFamily) []string {
	n := min(3+int(c.strength*8)+c.level, len(fam.Skills))
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for tries := 0; len(out) < n && tries < 60; tries++ {
		add(pickFront(r, fam.Skills))
	}
	if c.Family2 != "" {
		for _, s := range pickN(r, familyByKey(c.Family2).Skills, 2+r.IntN(3)) {
			add(s)
		}
	}
	for _, s := range pickN(r, fam.Tools, 1+r.IntN(3)) {
		add(s)
	}
	for _, s := range pickN(r, softSkills, 2) {
		add(s)
	}
	return out
}

// history writes the candidate's employments (oldest first, the last one
// current) and educations.
func (g *gen) history(r *rand.Rand, c *Candidate, fam *roleFamily) []*Employment {
	st := g.st
	jobsN := 1 + r.IntN(2) + min(c.level, 2)
	years := 1 + c.level*3 + r.IntN(3)
	careerStart := c.CreatedAt.AddDate(-years, -r.IntN(12), 0).Truncate(24 * time.Hour)
	gradEnd := careerStart.AddDate(0, -r.IntN(4), 0)
	edu := &Education{Meta: Meta{CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt}, CandidateID: c.ID,
		SchoolName: pick(r, schools), Degree: pick(r, degrees[:5]), Discipline: pick(r, fam.Disciplines),
		StartDate: monthStart(gradEnd.AddDate(-4, 0, 0)), EndDate: monthStart(gradEnd)}
	if fam.Key == "nurse" {
		edu.Degree = "Bachelor's Degree"
	}
	edus := []*Education{edu}
	if c.level >= 2 && chance(r, 0.3) {
		edus = append(edus, &Education{Meta: Meta{CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt}, CandidateID: c.ID,
			SchoolName: pick(r, schools), Degree: "Master's Degree", Discipline: pick(r, fam.Disciplines),
			StartDate: monthStart(gradEnd.AddDate(2, 0, 0)), EndDate: monthStart(gradEnd.AddDate(4, 0, 0))})
	}
	pool := employers[fam.Sector]
	span := c.CreatedAt.Sub(careerStart)
	var emps []*Employment
	t := careerStart
	for i := range jobsN {
		end := t.Add(span / time.Duration(jobsN))
		lvl := max(0, c.level-(jobsN-1-i))
		e := &Employment{Meta: Meta{CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt}, CandidateID: c.ID,
			CompanyName: pick(r, pool), Title: pick(r, fam.Titles[lvl]), StartDate: monthStart(t), EndDate: monthStart(end)}
		if i == jobsN-1 && chance(r, 0.8) {
			e.EndDate = time.Time{}
		}
		emps = append(emps, e)
		t = end
	}
	for _, e := range edus {
		addRow(g, st.educations, resEducations, e, false)
	}
	for _, e := range emps {
		addRow(g, st.employments, resEmployments, e, false)
	}
	return emps
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
