package learn

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Dates of positions in resume text: "09/2016", "May 2017", "2015", and a
// range's open end "Current" or "Present".
const datePattern = `(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+|\d{1,2}/)?(?:19|20)\d{2}`

var (
	rangeRe = regexp.MustCompile(`(?i)(` + datePattern + `)\s*(?:to|-|–|—|until)\s*(` + datePattern + `|current|present|now|today|date)\b`)
	dateRe  = regexp.MustCompile(`(?i)^(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+|(\d{1,2})/)?((?:19|20)\d{2})$`)
)

// parseDate reads one date of datePattern; a month missing means January
// for a start and December for an end.
func parseDate(s string, end bool) (time.Time, bool) {
	m := dateRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	year, _ := strconv.Atoi(m[3])
	month := 1
	if end {
		month = 12
	}
	switch {
	case m[1] != "":
		month = 1 + strings.Index("janfebmaraprmayjunjulaugsepoctnovdec", strings.ToLower(m[1][:3]))/3
	case m[2] != "":
		if v, _ := strconv.Atoi(m[2]); v >= 1 && v <= 12 {
			month = v
		}
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC), true
}

// ParseEmployments finds the positions in a resume's text: every date range
// outside the education section, titled by the words before it on its line
// or, when there are none, by the next line up to the employer. Ranges
// ending "Current" or "Present" have a zero End.
func ParseEmployments(resume string) []Employment {
	lines := strings.Split(resume, "\n")
	skip := make([]bool, len(lines))
	for _, sec := range educationSections(lines) {
		for i := sec[0]; i < sec[1]; i++ {
			skip[i] = true
		}
	}
	var out []Employment
	for i, line := range lines {
		// Most lines hold no year; the range expression is slow to fail.
		if skip[i] || !strings.Contains(line, "19") && !strings.Contains(line, "20") {
			continue
		}
		m := rangeRe.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		start, ok := parseDate(line[m[2]:m[3]], false)
		if !ok {
			continue
		}
		var end time.Time
		if e, ok := parseDate(line[m[4]:m[5]], true); ok {
			end = e
		}
		if !end.IsZero() && end.Before(start) {
			continue
		}
		title := positionTitle(line[:m[0]])
		if title == "" {
			for _, next := range lines[i+1 : min(i+3, len(lines))] {
				if title = positionTitle(next); title != "" {
					break
				}
			}
		}
		out = append(out, Employment{Title: title, Start: start, End: end})
	}
	return out
}

// employerCut ends a title where the employer or place begins.
var employerCut = regexp.MustCompile(`(?i)\s(?:company name|at|@|for)\s|\s[-–|,]\s|,\s|\s{2,}|\s*[ï¼]`)

// positionTitle returns the title at the start of text, or "" when text
// does not look like one (no words, or a sentence).
func positionTitle(text string) string {
	if loc := employerCut.FindStringIndex(text); loc != nil {
		text = text[:loc[0]]
	}
	text = strings.Trim(text, " \t,;:-–|")
	words := strings.Fields(text)
	if len(words) == 0 || len(words) > 8 || strings.HasSuffix(text, ".") {
		return ""
	}
	return text
}

// LatestDate returns the latest date written in a resume's positions, or
// the zero time when it has none. An evaluation set's "now" is the latest
// date of its resumes.
func LatestDate(resume string) time.Time {
	var latest time.Time
	for _, e := range ParseEmployments(resume) {
		for _, t := range []time.Time{e.Start, e.End} {
			if t.After(latest) {
				latest = t
			}
		}
	}
	return latest
}

// experience sums the time covered by the employments that relevant
// accepts, overlaps counted once, in years; current positions run to now.
func experience(emps []Employment, now time.Time, relevant func(Employment) bool) float64 {
	type span struct{ a, b time.Time }
	var spans []span
	for _, e := range emps {
		if e.Start.IsZero() || !relevant(e) {
			continue
		}
		end := e.End
		if end.IsZero() || end.After(now) {
			end = now
		}
		if end.After(e.Start) {
			spans = append(spans, span{e.Start, end})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a.Before(spans[j].a) })
	var total time.Duration
	var cur span
	for i, s := range spans {
		switch {
		case i == 0:
			cur = s
		case !s.a.After(cur.b):
			if s.b.After(cur.b) {
				cur.b = s.b
			}
		default:
			total += cur.b.Sub(cur.a)
			cur = s
		}
	}
	if len(spans) > 0 {
		total += cur.b.Sub(cur.a)
	}
	return total.Hours() / 24 / 365.25
}

// yearsSinceLastRole is how long ago the latest position ended (0 for a
// current one), or -1 when no position has dates.
func yearsSinceLastRole(emps []Employment, now time.Time) float64 {
	best := -1.0
	for _, e := range emps {
		if e.Start.IsZero() {
			continue
		}
		if e.End.IsZero() {
			return 0
		}
		y := max(0, now.Sub(e.End).Hours()/24/365.25)
		if best < 0 || y < best {
			best = y
		}
	}
	return best
}

// yearsAskedRe matches "5+ years", "3-5 years", "at least 2 yrs", "five
// years" is left out (rare in postings, and ambiguous).
var yearsAskedRe = regexp.MustCompile(`(?i)\b(\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\b`)

// YearsAsked returns the fewest years of experience a job post asks for,
// or 0 when it asks for none.
func YearsAsked(text string) float64 {
	best := 0
	for _, m := range yearsAskedRe.FindAllStringSubmatch(text, -1) {
		if v, err := strconv.Atoi(m[1]); err == nil && v > 0 && v <= 30 && (best == 0 || v < best) {
			best = v
		}
	}
	return float64(best)
}

// Seniority levels read from titles.
const (
	LevelEntry = iota
	LevelJunior
	LevelMid
	LevelSenior
	LevelManager
	LevelDirector
	LevelExecutive
)

// seniorityWords maps title words to levels; the highest level named wins.
var seniorityWords = map[string]int{
	"intern": LevelEntry, "internship": LevelEntry, "trainee": LevelEntry, "apprentice": LevelEntry,
	"student": LevelEntry, "fresher": LevelEntry, "graduate": LevelEntry,
	"junior": LevelJunior, "jr": LevelJunior, "assistant": LevelJunior, "associate": LevelJunior, "entry": LevelJunior,
	"senior": LevelSenior, "sr": LevelSenior, "lead": LevelSenior, "principal": LevelSenior, "staff": LevelSenior,
	"supervisor": LevelSenior, "specialist": LevelMid,
	"manager": LevelManager, "mgr": LevelManager, "head": LevelDirector,
	"director": LevelDirector, "vp": LevelExecutive, "vice": LevelExecutive, "president": LevelExecutive,
	"chief": LevelExecutive, "ceo": LevelExecutive, "cfo": LevelExecutive, "cto": LevelExecutive, "coo": LevelExecutive,
	"partner": LevelExecutive, "owner": LevelExecutive, "founder": LevelExecutive,
}

// Seniority returns the level a title names, LevelMid when it names none.
func Seniority(title string) int {
	level, found := LevelMid, false
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	}) {
		if l, ok := seniorityWords[w]; ok && (!found || l > level) {
			level, found = l, true
		}
	}
	return level
}
