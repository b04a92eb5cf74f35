package simulator

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The hiring team's decisions: who gets past the application review, who
// passes the interviews and the take-home test, who is strong enough to be
// fast-tracked to an offer. They follow a hidden fit that the records
// Greenhouse serves reveal only in part, so that a model learning from past
// decisions has something to learn, and cannot learn all of it:
//
//   - observable, from what Greenhouse returns (the resume, the employments
//     with titles and dates, the educations): the share of the job's
//     required skills the resume lists, a title history in the job's role
//     family, seniority against the job's level, years of experience
//     against what that level expects, a degree in one of the family's
//     disciplines;
//   - hidden: how strong the person is (the resume only hints at it), the
//     hiring manager's own taste (one favours a skill the post does not ask
//     for, another long tenures, another an advanced degree; the same
//     manager the same way in every job), some chemistry per application,
//     and each recruiter's own bar, emphasis and inconsistency at the
//     application review.
//
// Nothing here is rendered or exported: Greenhouse has no such fields, and
// code under test must learn from what Greenhouse returns. The random parts
// are hashed from the seed and ids rather than drawn from a stream, so a
// decision is the same whenever it is asked for: the live changes (Step)
// ask before they act, and the generated history does not shift when they
// are asked.

// Salts of the hashed draws, one per purpose.
const (
	saltRecruiter uint64 = 0xdec1 + iota
	saltManager
	saltFavourite
	saltChemistry
	saltVerdict
)

// The bars the hidden scores are held to, set so that about half the
// applications reviewed reach a recruiter screen and about one in six of
// those an offer (the shares Greenhouse customers report).
const (
	reviewBar     = 0.60 // recruiter's view at the application review
	interviewBar  = 0.76 // merit at an interview stage without feedback
	takeHomeBar   = 0.50 // merit at the take-home test
	hireBar       = 0.85 // merit to be fast-tracked to an offer (Step)
	referencePass = 0.92 // share of reference checks that pass
)

// hash mixes the seed with keys into 64 random bits.
func (g *gen) hash(keys ...uint64) uint64 {
	h := splitmix(uint64(g.cfg.Seed) ^ 0x5ec7e7)
	for _, k := range keys {
		h = splitmix(h ^ k)
	}
	return h
}

// unit maps hash bits to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// normal maps hash bits to a standard normal draw (Box-Muller).
func normal(h uint64) float64 {
	u := max(unit(h), 1e-12)
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*unit(splitmix(h)))
}

// recruiterTaste is how one recruiter reviews applications. Recruiters
// disagree: the same application passes with one and not another.
type recruiterTaste struct {
	bar   float64 // added to reviewBar: -0.08 (lenient) .. +0.08 (strict)
	focus int     // what they weigh extra: 0 skills, 1 titles, 2 years of experience
	noise float64 // how much their judgement varies between applications
}

func (g *gen) recruiterTaste(userID int64) recruiterTaste {
	h := g.hash(saltRecruiter, uint64(userID))
	return recruiterTaste{bar: -0.08 + 0.16*unit(h), focus: int(splitmix(h) % 3), noise: 0.10 + 0.08*unit(splitmix(h^1))}
}

// tasteKind is what a hiring manager looks for beyond the job post.
type tasteKind uint8

const (
	tasteNone   tasteKind = iota
	tasteSkill            // a favourite skill or tool, often one the post does not name
	tasteTenure           // long stays: years per employer
	tasteDegree           // an advanced degree
)

// managerTaste is the taste of a job's responsible hiring manager.
type managerTaste struct {
	kind   tasteKind
	weight float64 // how much it moves merit, 0.12..0.24
	skill  string  // the favourite, for tasteSkill
}

func (g *gen) managerTaste(ji *jobInfo) managerTaste {
	if len(ji.managers) == 0 {
		return managerTaste{}
	}
	id := uint64(ji.managers[0].ID)
	h := g.hash(saltManager, id)
	t := managerTaste{weight: 0.12 + 0.12*unit(splitmix(h))}
	switch x := h % 100; {
	case x < 15:
		t.kind = tasteNone
	case x < 50:
		t.kind = tasteSkill
	case x < 75:
		t.kind = tasteTenure
	default:
		t.kind = tasteDegree
	}
	if t.kind == tasteSkill {
		// The same manager favours the same thing in every job of a family.
		// The favourite is one of the family's tools or skills beyond its
		// core six.
		tools, more := ji.fam.Tools, ji.fam.Skills[min(6, len(ji.fam.Skills)):]
		fam := slices.IndexFunc(families, func(f roleFamily) bool { return f.Key == ji.fam.Key })
		if i := int(g.hash(saltFavourite, id, uint64(fam)) % uint64(len(tools)+len(more))); i < len(tools) {
			t.skill = tools[i]
		} else {
			t.skill = more[i-len(tools)]
		}
	}
	return t
}

// titleFamily maps each title of the vocabulary to its role family.
var titleFamily = func() map[string]string {
	m := map[string]string{}
	for _, f := range families {
		for _, ts := range f.Titles {
			for _, t := range ts {
				if _, ok := m[t]; !ok {
					m[t] = f.Key
				}
			}
		}
	}
	return m
}()

// observed is what a reader of a candidate's Greenhouse records can tell
// about their match with a job, each part 0..1.
type observed struct {
	skills     float64 // share of the job's required skills the resume lists
	titles     float64 // a title in the job's family (1) or a related one (0.5); past titles count less
	seniority  float64 // the current level against the job's: 1 equal, 0.5 one apart
	experience float64 // years of experience within what the job's level expects
	discipline float64 // a degree in one of the family's disciplines
	years      float64 // years since the first employment began
	tenure     float64 // years per employer
	advanced   bool    // a master's degree or a doctorate
}

// score weighs the observable parts into one match, 0..1.
func (o observed) score() float64 {
	return 0.34*o.skills + 0.24*o.titles + 0.16*o.seniority + 0.16*o.experience + 0.10*o.discipline
}

// expectedYears is the range of experience each job level looks for.
var expectedYears = [4][2]float64{{0, 3}, {2, 6}, {5, 11}, {8, 30}}

// observe reads c's match with ji at t from the records Greenhouse serves.
func (g *gen) observe(c *Candidate, ji *jobInfo, t time.Time) observed {
	var o observed
	hits := 0
	for _, s := range c.Skills {
		if ji.skillSet[s] {
			hits++
		}
	}
	o.skills = float64(hits) / float64(max(1, len(ji.skillSet)))

	emps := g.st.employments.children("candidate_id", c.ID)
	var first, current time.Time
	for _, e := range emps {
		if first.IsZero() || e.StartDate.Before(first) {
			first = e.StartDate
		}
		current = latest(current, e.StartDate)
	}
	for _, e := range emps {
		m := 0.0
		switch f := titleFamily[e.Title]; {
		case f == ji.fam.Key:
			m = 1
		case f != "" && (slices.Contains(ji.fam.Related, f) || slices.Contains(familyByKey(f).Related, ji.fam.Key)):
			m = 0.5
		}
		if !e.StartDate.Equal(current) {
			m *= 0.6
		}
		o.titles = max(o.titles, m)
	}
	if !first.IsZero() && t.After(first) {
		o.years = t.Sub(first).Hours() / (24 * 365)
		o.tenure = o.years / float64(len(emps))
	}
	want := expectedYears[ji.level]
	switch {
	case o.years < want[0]:
		o.experience = max(0, 1-0.25*(want[0]-o.years))
	case o.years > want[1]:
		o.experience = max(0, 1-0.15*(o.years-want[1]))
	default:
		o.experience = 1
	}
	switch d := c.level - ji.level; {
	case d == 0:
		o.seniority = 1
	case d == 1 || d == -1:
		o.seniority = 0.5
	}
	for _, e := range g.st.educations.children("candidate_id", c.ID) {
		if slices.Contains(ji.fam.Disciplines, e.Discipline) {
			o.discipline = 1
		}
		o.advanced = o.advanced || e.Degree == "Master's Degree" || e.Degree == "Doctorate"
	}
	return o
}

// hiddenFit is an application's standing with the hiring team, fixed when
// the candidate applies.
type hiddenFit struct {
	obs observed
	// merit is what the interviews come to see: the observable match, the
	// person's strength, the manager's taste and chemistry.
	merit    float64
	strength float64 // strength's part of merit
	taste    float64 // the manager's taste's part of merit
	chem     float64 // chemistry's part of merit
}

// judge fixes the hidden fit of application appID of c to ji, made at t.
func (g *gen) judge(c *Candidate, ji *jobInfo, appID int64, t time.Time) hiddenFit {
	f := hiddenFit{obs: g.observe(c, ji, t)}
	f.strength = 0.40 * (c.strength - 0.5)
	switch mt := g.managerTaste(ji); mt.kind {
	case tasteSkill:
		if slices.Contains(c.Skills, mt.skill) {
			f.taste = mt.weight
		}
	case tasteTenure:
		switch {
		case f.obs.tenure >= 3:
			f.taste = mt.weight
		case f.obs.tenure < 1.5:
			f.taste = -mt.weight
		}
	case tasteDegree:
		if f.obs.advanced {
			f.taste = mt.weight
		} else {
			f.taste = -mt.weight / 3
		}
	}
	f.chem = 0.12 * normal(g.hash(saltChemistry, uint64(appID)))
	f.merit = f.obs.score() + f.strength + f.taste + f.chem
	return f
}

// reviewView is how the job's recruiter sees an application at the
// review: the observable match with their own emphasis, the strength the
// resume shows, what they know of the manager's taste, and their
// inconsistency on this application.
func (g *gen) reviewView(a *Application, stageID int64) (view, bar float64) {
	rt := g.recruiterTaste(a.RecruiterID)
	f := a.fit
	view = f.obs.score() + 0.5*f.strength + 0.5*f.taste + 0.5*f.chem
	switch rt.focus {
	case 0:
		view += 0.12 * (f.obs.skills - 0.5)
	case 1:
		view += 0.12 * (f.obs.titles - 0.5)
	default:
		view += 0.12 * (f.obs.experience - 0.5)
	}
	view += rt.noise * normal(g.hash(saltVerdict, uint64(a.ID), uint64(stageID)))
	return view, reviewBar + rt.bar
}

// verdict is the team's decision on a at stage stg, without feedback to go
// on: the recruiter's review, the take-home test, the reference check, or
// the interviews' expected outcome. It is the same every time it is asked.
func (g *gen) verdict(a *Application, stg *JobInterviewStage) bool {
	noise := normal(g.hash(saltVerdict, uint64(a.ID), uint64(stg.ID)))
	f := a.fit
	switch stg.Name {
	case "Application Review":
		view, bar := g.reviewView(a, stg.ID)
		return view >= bar
	case "Take Home Test":
		return f.merit+0.5*f.strength+0.10*noise >= takeHomeBar
	case "Reference Check":
		return unit(g.hash(saltVerdict, uint64(a.ID), uint64(stg.ID), 1)) < referencePass
	case "Offer":
		return true
	}
	return f.merit+0.12*noise >= interviewBar
}

// rate draws an interviewer's rating: it follows the application's merit
// with noise, so strong candidates mostly get yes and strong_yes.
func rate(r *rand.Rand, f hiddenFit) string {
	if chance(r, 0.04) {
		return "no_decision"
	}
	x := f.merit + r.NormFloat64()*0.12
	switch {
	case x < interviewBar-0.16:
		return "strong_no"
	case x < interviewBar:
		return "no"
	case x < interviewBar+0.16:
		return "yes"
	}
	return "strong_yes"
}
