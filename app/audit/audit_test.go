package audit

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

// p is an applicant before ranking.
type p struct {
	sex, race string
	score     float64
}

// ranked ranks people by descending score (ties in the given order).
func ranked(ps ...p) []Applicant {
	out := make([]Applicant, len(ps))
	for i, x := range ps {
		out[i] = Applicant{Sex: x.sex, Race: x.race, Score: x.score}
	}
	slices.SortStableFunc(out, func(a, b Applicant) int { return cmp.Compare(b.Score, a.Score) })
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// many repeats one person n times.
func many(n int, x p) []p {
	out := make([]p, n)
	for i := range out {
		out[i] = x
	}
	return out
}

func cat(t *testing.T, tb Table, name string) Category {
	t.Helper()
	for _, c := range tb.Categories {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s: no category %q in %+v", tb.Dimension, name, tb.Categories)
	return Category{}
}

// want is the expected outcome of one category; ratio -1 means none.
type want struct {
	n, above, top     int
	rate, ratio       float64
	topRate, topRatio float64
	tooFew, flagged   bool
}

func check(t *testing.T, c Category, w want) {
	t.Helper()
	r := func(x *float64) float64 {
		if x == nil {
			return -1
		}
		return *x
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if c.N != w.n || c.Above != w.above || c.Top != w.top || !near(c.ScoringRate, w.rate) || !near(r(c.ImpactRatio), w.ratio) ||
		!near(c.TopRate, w.topRate) || !near(r(c.TopImpactRatio), w.topRatio) || c.TooFew != w.tooFew || c.Flagged != w.flagged {
		t.Errorf("%s: n %d above %d top %d rate %.3f ratio %.3f top rate %.3f top ratio %.3f too few %v flagged %v; want %+v",
			c.Name, c.N, c.Above, c.Top, c.ScoringRate, r(c.ImpactRatio), c.TopRate, r(c.TopImpactRatio), c.TooFew, c.Flagged, w)
	}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name   string
		in     []Applicant
		median float64
		check  func(t *testing.T, r Result)
	}{
		{
			// Scores 1 1 1 2 2 | 6 7 8 9 10: the median is 4; four women
			// and one man are above it.
			name: "rates and ratios, under 0.8 flagged",
			in: ranked(p{"Female", "Asian", 10}, p{"Female", "White", 9}, p{"Female", "Asian", 8}, p{"Female", "White", 7},
				p{"Female", "White", 1}, p{"Male", "White", 6}, p{"Male", "Asian", 2}, p{"Male", "White", 2},
				p{"Male", "Asian", 1}, p{"Male", "White", 1}),
			median: 4,
			check: func(t *testing.T, r Result) {
				check(t, cat(t, r.Sex, "Female"), want{n: 5, above: 4, top: 5, rate: 0.8, ratio: 1, topRate: 1, topRatio: 1})
				check(t, cat(t, r.Sex, "Male"), want{n: 5, above: 1, top: 5, rate: 0.2, ratio: 0.25, topRate: 1, topRatio: 1, flagged: true})
				if r.Sex.Flagged != 1 || *r.Sex.MinImpactRatio != 0.25 || r.Sex.Unknown != 0 {
					t.Errorf("sex table: %d flagged, min ratio %v, unknown %d", r.Sex.Flagged, *r.Sex.MinImpactRatio, r.Sex.Unknown)
				}
				// White: 6 people, 9 7 6 above; Asian: 4 people, too few.
				check(t, cat(t, r.Race, "White"), want{n: 6, above: 3, top: 6, rate: 0.5, ratio: 1, topRate: 1, topRatio: 1})
				check(t, cat(t, r.Race, "Asian"), want{n: 4, above: 2, top: 4, rate: 0.5, ratio: -1, topRate: 1, topRatio: -1, tooFew: true})
				if r.IntersectionShown {
					t.Error("the intersection is shown with no sex × race group of 5")
				}
			},
		},
		{
			// A ratio of exactly 0.8 is not flagged; one just under is.
			name: "the four-fifths line",
			in: ranked(append(append(append(many(5, p{"Female", "", 9}), many(5, p{"Female", "", 0})...),
				many(4, p{"Male", "", 9})...), many(6, p{"Male", "", 0})...)...),
			median: 0,
			check: func(t *testing.T, r Result) {
				check(t, cat(t, r.Sex, "Female"), want{n: 10, above: 5, top: 10, rate: 0.5, ratio: 1, topRate: 1, topRatio: 1})
				check(t, cat(t, r.Sex, "Male"), want{n: 10, above: 4, top: 10, rate: 0.4, ratio: 0.8, topRate: 1, topRatio: 1})
			},
		},
		{
			// The highest rate of a group under MinGroup is not the
			// reference: ratios compare groups of enough people.
			name: "small groups are shown, not compared",
			in: ranked(p{"Male", "Black or African American", 10}, p{"Male", "Black or African American", 10},
				p{"Female", "White", 8}, p{"Female", "White", 7}, p{"Male", "White", 1}, p{"Female", "White", 6},
				p{"Male", "White", 1}, p{"Female", "White", 1}, p{"Male", "White", 1}, p{"Male", "White", 5}),
			median: 5.5,
			check: func(t *testing.T, r Result) {
				check(t, cat(t, r.Race, "Black or African American"), want{n: 2, above: 2, top: 2, rate: 1, ratio: -1, topRate: 1, topRatio: -1, tooFew: true})
				check(t, cat(t, r.Race, "White"), want{n: 8, above: 3, top: 8, rate: 0.375, ratio: 1, topRate: 1, topRatio: 1})
			},
		},
		{
			// 306 answered: groups of 5 and 6 are under 2% of them, and
			// are not the reference even with the highest rates.
			name: "groups under 2% of those who answered are not compared",
			in: ranked(append(append(append(many(5, p{"", "Native Hawaiian or Other Pacific Islander", 10}),
				many(140, p{"", "White", 9})...), many(155, p{"", "White", 1})...), many(6, p{"", "Asian", 9})...)...),
			median: 1,
			check: func(t *testing.T, r Result) {
				check(t, cat(t, r.Race, "Native Hawaiian or Other Pacific Islander"), want{n: 5, above: 5, top: 5, rate: 1, ratio: -1, topRate: 1, topRatio: -1, tooFew: true})
				check(t, cat(t, r.Race, "Asian"), want{n: 6, above: 6, rate: 1, ratio: -1, topRatio: -1, tooFew: true})
				check(t, cat(t, r.Race, "White"), want{n: 295, above: 140, top: 45, rate: 140.0 / 295, ratio: 1, topRate: 45.0 / 295, topRatio: 1})
			},
		},
		{
			// No answer, a blank one and "Decline To Self Identify" are
			// unknown: they count for the median, in no category.
			name: "unknown answers",
			in: ranked(p{"", "", 10}, p{"Decline To Self Identify", "Decline To Self Identify", 9}, p{"Female", "", 8},
				p{"Female", "Hispanic or Latino", 1}, p{"Female", "Hispanic or Latino", 1}, p{"Female", "Hispanic or Latino", 1},
				p{"Female", "Hispanic or Latino", 1}, p{"Female", "Hispanic or Latino", 0}),
			median: 1,
			check: func(t *testing.T, r Result) {
				if r.Applicants != 8 || r.Answered != 6 || r.Sex.Unknown != 2 || r.Race.Unknown != 3 || r.Intersection.Unknown != 3 {
					t.Errorf("applicants %d answered %d unknown sex %d race %d both %d", r.Applicants, r.Answered, r.Sex.Unknown, r.Race.Unknown, r.Intersection.Unknown)
				}
				check(t, cat(t, r.Sex, "Female"), want{n: 6, above: 1, top: 6, rate: 1.0 / 6, ratio: 1, topRate: 1, topRatio: 1})
				for _, c := range r.Sex.Categories {
					if c.Name == Unknown || c.Name == "Decline To Self Identify" {
						t.Errorf("unknown answers form a category: %+v", c)
					}
				}
			},
		},
		{
			// Everyone at the same score: nobody is above the median, and
			// there is no rate to compare with.
			name:   "ties at the median",
			in:     ranked(append(many(5, p{"Female", "", 3}), many(5, p{"Male", "", 3})...)...),
			median: 3,
			check: func(t *testing.T, r Result) {
				check(t, cat(t, r.Sex, "Female"), want{n: 5, top: 5, ratio: -1, topRate: 1, topRatio: 1})
				if r.Sex.Flagged != 0 {
					t.Error("a table without rates flags a category")
				}
			},
		},
		{
			// 60 applicants: the top 50 take every woman and 20 of the 30
			// men.
			name:   "selection into the top 50",
			in:     ranked(append(many(30, p{"Female", "", 5}), append(many(20, p{"Male", "", 4}), many(10, p{"Male", "", 1})...)...)...),
			median: 4.5,
			check: func(t *testing.T, r Result) {
				check(t, cat(t, r.Sex, "Female"), want{n: 30, above: 30, top: 30, rate: 1, ratio: 1, topRate: 1, topRatio: 1})
				check(t, cat(t, r.Sex, "Male"), want{n: 30, above: 0, top: 20, rate: 0, ratio: 0, topRate: 2.0 / 3, topRatio: 2.0 / 3, flagged: true})
			},
		},
		{
			// Two sex × race groups of five: the intersection is shown.
			name: "intersection with enough data",
			in: ranked(append(append(many(5, p{"Female", "Asian", 9}), many(5, p{"Male", "White", 1})...),
				p{"Male", "Asian", 5})...),
			median: 5,
			check: func(t *testing.T, r Result) {
				if !r.IntersectionShown {
					t.Fatal("the intersection is not shown")
				}
				check(t, cat(t, r.Intersection, "Female Asian"), want{n: 5, above: 5, top: 5, rate: 1, ratio: 1, topRate: 1, topRatio: 1})
				check(t, cat(t, r.Intersection, "Male White"), want{n: 5, top: 5, ratio: 0, topRate: 1, topRatio: 1, flagged: true})
				check(t, cat(t, r.Intersection, "Male Asian"), want{n: 1, top: 1, ratio: -1, topRate: 1, topRatio: -1, tooFew: true})
			},
		},
		{
			name:   "no applicants",
			in:     nil,
			median: 0,
			check: func(t *testing.T, r Result) {
				if r.Applicants != 0 || len(r.Sex.Categories) != 0 || r.Sex.MinImpactRatio != nil || r.IntersectionShown {
					t.Errorf("%+v", r)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(tt.in)
			if r.Median != tt.median {
				t.Errorf("median %v, want %v", r.Median, tt.median)
			}
			tt.check(t, r)
		})
	}
}

// TestPooledJobsKeepTheirMedians: pooling two jobs counts each person
// against their own job's median, not a median of both.
func TestPooledJobsKeepTheirMedians(t *testing.T) {
	var o Outcomes
	// Job 1 scores high: everyone's score beats job 2's median.
	o.Rank(ranked(append(many(3, p{"Female", "", 100}), many(3, p{"Male", "", 90})...)...))
	o.Rank(ranked(append(many(3, p{"Female", "", 1}), many(3, p{"Male", "", 2})...)...))
	r := o.Result()
	if r.Applicants != 12 || r.Median != 0 {
		t.Fatalf("applicants %d median %v", r.Applicants, r.Median)
	}
	// Each job puts one sex above its median: 3 of 6 each.
	for _, name := range []string{"Female", "Male"} {
		c := cat(t, r.Sex, name)
		if c.N != 6 || c.Above != 3 || c.ImpactRatio == nil || *c.ImpactRatio != 1 {
			t.Errorf("%s: %+v", name, c)
		}
	}
}
