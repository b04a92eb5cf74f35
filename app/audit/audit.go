// Package audit computes a bias audit of a ranking in the style of New York
// City's Local Law 144 (automated employment decision tools): for each sex,
// each race/ethnicity category and, with enough data, each combination of
// the two, the scoring rate (the share ranked above the median score of
// the job's applicants) and the selection rate into the top of the
// ranking, each with its impact ratio against the category with the
// highest rate. Ratios under FlagBelow are flagged; categories with fewer
// than MinGroup people, or under MinShare of the people who answered (the
// exclusion Local Law 144's rules allow), get no ratio, and say so.
//
// The package is arithmetic only: the app feeds it the ranking Discover
// shows and the EEOC answers, which nothing else reads.
package audit

import (
	"cmp"
	"slices"
	"strings"
)

// Audit parameters.
const (
	// MinGroup is the smallest category an impact ratio is computed for:
	// below it one person moves the rate by 20 points or more.
	MinGroup = 5
	// MinShare is the smallest share of the people who answered a question
	// that a category must hold to be compared: a handful of people from a
	// rare category would otherwise set the reference for everyone.
	MinShare = 0.02
	// FlagBelow is the four-fifths rule: an impact ratio under it is
	// flagged.
	FlagBelow = 0.8
	// TopN is the size of the top of the ranking whose selection rates are
	// audited: the first Discover pages.
	TopN = 50
)

// Unknown names applicants without an answer: no EEOC record, a question
// left blank, or "Decline To Self Identify". They count for the median and
// the top of the ranking, and are reported, but form no category.
const Unknown = "Unknown"

// Applicant is one ranked applicant of a job with their answers.
type Applicant struct {
	Rank  int     // 1 is the top of the ranking
	Score float64 // the ranker's score
	Sex   string  // as Greenhouse describes it; "" when unknown
	Race  string  // as Greenhouse describes it; "" when unknown
}

// Category is one group's outcome.
type Category struct {
	Name string `json:"name"`
	// N counts the group's applicants; Above those ranked above the job's
	// median score; Top those in the top TopN.
	N     int `json:"n"`
	Above int `json:"above_median"`
	Top   int `json:"in_top"`
	// ScoringRate is Above/N and TopRate Top/N.
	ScoringRate float64 `json:"scoring_rate"`
	TopRate     float64 `json:"top_rate"`
	// ImpactRatio is ScoringRate over the highest scoring rate of the
	// categories compared (not TooFew), TopImpactRatio the same
	// for TopRate; nil when the group is too small (TooFew) or no group
	// has a rate to compare with.
	ImpactRatio    *float64 `json:"impact_ratio"`
	TopImpactRatio *float64 `json:"top_impact_ratio"`
	// TooFew marks a group under MinGroup people or MinShare of those who
	// answered: no ratio is computed.
	TooFew bool `json:"too_few"`
	// Flagged marks an impact ratio (either) under FlagBelow.
	Flagged bool `json:"flagged"`
}

// Table is one dimension of the audit (sex, race/ethnicity, or both).
type Table struct {
	Dimension  string     `json:"dimension"`
	Categories []Category `json:"categories"`
	// Unknown counts the applicants without an answer for this dimension.
	Unknown int `json:"unknown"`
	// Flagged counts the categories flagged.
	Flagged int `json:"flagged"`
	// MinImpactRatio is the lowest impact ratio of the table (scoring or
	// top), nil when none could be computed.
	MinImpactRatio *float64 `json:"min_impact_ratio"`
}

// Result is the audit of one ranking, or of several pooled.
type Result struct {
	Applicants int `json:"applicants"`
	// Answered counts the applicants with at least one answer.
	Answered int `json:"answered"`
	// Median is the median score of the job's applicants (per job when
	// pooled, so it is left zero).
	Median       float64 `json:"median_score"`
	Sex          Table   `json:"sex"`
	Race         Table   `json:"race"`
	Intersection Table   `json:"intersection"`
	// IntersectionShown is false when fewer than two sex × race
	// categories have MinGroup people: the intersection says nothing then.
	IntersectionShown bool `json:"intersection_shown"`
}

// Dimension names.
const (
	DimSex          = "sex"
	DimRace         = "race_ethnicity"
	DimIntersection = "sex_race_ethnicity"
)

// outcome is one applicant's result in one ranking.
type outcome struct {
	sex, race string
	above     bool
	top       bool
}

// Outcomes holds applicants' outcomes from one or more rankings, so that
// several jobs can be pooled into one audit.
type Outcomes struct {
	list     []outcome
	median   float64
	rankings int
}

// Rank records the outcomes of one job's ranking: who is above the median
// score of its applicants and who is in its top TopN.
func (o *Outcomes) Rank(applicants []Applicant) {
	o.rankings++
	o.median = Median(applicants)
	for _, a := range applicants {
		o.list = append(o.list, outcome{sex: known(a.Sex), race: known(a.Race), above: a.Score > o.median, top: a.Rank >= 1 && a.Rank <= TopN})
	}
}

// Compute audits a single ranking.
func Compute(applicants []Applicant) Result {
	var o Outcomes
	o.Rank(applicants)
	return o.Result()
}

// Median is the median score of the applicants (0 when there are none).
func Median(applicants []Applicant) float64 {
	if len(applicants) == 0 {
		return 0
	}
	s := make([]float64, len(applicants))
	for i, a := range applicants {
		s[i] = a.Score
	}
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// known maps a blank or declined answer to Unknown.
func known(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(strings.ToLower(s), "decline") || strings.Contains(strings.ToLower(s), "wish to answer") {
		return Unknown
	}
	return s
}

// Result audits the outcomes recorded.
func (o *Outcomes) Result() Result {
	r := Result{Applicants: len(o.list)}
	if o.rankings == 1 {
		r.Median = o.median
	}
	for _, x := range o.list {
		if x.sex != Unknown || x.race != Unknown {
			r.Answered++
		}
	}
	r.Sex = o.table(DimSex, func(x outcome) string { return x.sex })
	r.Race = o.table(DimRace, func(x outcome) string { return x.race })
	r.Intersection = o.table(DimIntersection, func(x outcome) string {
		if x.sex == Unknown || x.race == Unknown {
			return Unknown
		}
		return x.sex + " " + x.race
	})
	big := 0
	for _, c := range r.Intersection.Categories {
		if !c.TooFew {
			big++
		}
	}
	r.IntersectionShown = big >= 2
	return r
}

// table groups the outcomes by key and computes rates and ratios.
func (o *Outcomes) table(dim string, key func(outcome) string) Table {
	t := Table{Dimension: dim, Categories: []Category{}}
	idx := map[string]int{}
	for _, x := range o.list {
		k := key(x)
		if k == Unknown {
			t.Unknown++
			continue
		}
		i, ok := idx[k]
		if !ok {
			i = len(t.Categories)
			idx[k] = i
			t.Categories = append(t.Categories, Category{Name: k})
		}
		c := &t.Categories[i]
		c.N++
		if x.above {
			c.Above++
		}
		if x.top {
			c.Top++
		}
	}
	answered := len(o.list) - t.Unknown
	var bestScoring, bestTop float64
	for i := range t.Categories {
		c := &t.Categories[i]
		c.ScoringRate = float64(c.Above) / float64(c.N)
		c.TopRate = float64(c.Top) / float64(c.N)
		c.TooFew = c.N < MinGroup || float64(c.N) < MinShare*float64(answered)
		if !c.TooFew {
			bestScoring = max(bestScoring, c.ScoringRate)
			bestTop = max(bestTop, c.TopRate)
		}
	}
	for i := range t.Categories {
		c := &t.Categories[i]
		if c.TooFew {
			continue
		}
		c.ImpactRatio = ratio(c.ScoringRate, bestScoring)
		c.TopImpactRatio = ratio(c.TopRate, bestTop)
		for _, r := range []*float64{c.ImpactRatio, c.TopImpactRatio} {
			if r == nil {
				continue
			}
			if *r < FlagBelow {
				c.Flagged = true
			}
			if t.MinImpactRatio == nil || *r < *t.MinImpactRatio {
				v := *r
				t.MinImpactRatio = &v
			}
		}
		if c.Flagged {
			t.Flagged++
		}
	}
	// Largest groups first, then by name, so reports read the same every
	// time.
	slices.SortFunc(t.Categories, func(a, b Category) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Name, b.Name))
	})
	return t
}

// ratio is rate/best, or nil when best is 0 (nobody in any group of
// enough people was selected: there is nothing to compare with).
func ratio(rate, best float64) *float64 {
	if best <= 0 {
		return nil
	}
	v := rate / best
	return &v
}
