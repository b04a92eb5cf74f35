package learn

import (
	"regexp"
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/search"
)

// Candidate is everything a feature may read about a candidate. It is an
// allow-list: adding a field is a decision about what the model may learn
// from, and TestCandidateCarriesNoForbiddenField reviews it. Build it with
// FromDocument.
type Candidate struct {
	// Title is the current title ("" when unknown: the resume's first lines
	// stand in for it).
	Title string
	// Resume is the resume text with contact details removed (Redact).
	Resume string
	// Employments are the positions held: the ATS's, or those the
	// resume's text names (ParseEmployments).
	Employments []Employment
	// Degrees are the education lines without years (a graduation year is
	// an age proxy): the ATS's, or the resume's education section.
	Degrees []string
}

// Employment is one position. Its dates are the position's, never a
// birth or graduation date.
type Employment struct {
	Title string
	// Start and End bound the position; a zero End means it is current.
	Start, End time.Time
}

// FromDocument builds the Candidate the features read from the search
// document the app indexes, keeping only allow-listed data: the name,
// e-mail addresses, phone numbers and links are removed from the resume and
// years from the education lines.
func FromDocument(d search.Document) Candidate {
	var emps []Employment
	for _, line := range d.Employments {
		e := Employment{Title: employmentTitle(line)}
		if m := rangeRe.FindStringSubmatch(line); m != nil {
			e.Start, _ = parseDate(m[1], false)
			e.End, _ = parseDate(m[2], true)
		}
		emps = append(emps, e)
	}
	return NewCandidate(d.Title, d.Resume, d.Name, emps, d.Educations)
}

// NewCandidate builds a Candidate from allow-listed parts: the current
// title, the resume text, the positions held and the degrees (education
// lines). name is read only to remove it from the resume (Redact); years
// are removed from the degrees. Without dated positions (the ATS's are
// often undated) the resume's own position lines are added, and without
// degrees the lines of the resume's education section stand in.
func NewCandidate(title, resume, name string, emps []Employment, degrees []string) Candidate {
	c := Candidate{Title: title, Resume: Redact(resume, name)}
	for _, e := range emps {
		if e.Title = strings.TrimSpace(e.Title); e.Title != "" {
			c.Employments = append(c.Employments, e)
		}
	}
	if !hasDates(c.Employments) {
		c.Employments = append(c.Employments, ParseEmployments(c.Resume)...)
	}
	if len(degrees) == 0 {
		degrees = educationLines(c.Resume)
	}
	for _, e := range degrees {
		if s := strings.TrimSpace(yearRe.ReplaceAllString(e, "")); s != "" {
			c.Degrees = append(c.Degrees, s)
		}
	}
	return c
}

// employmentTitle takes the title from an employment line as the app writes
// it ("Data Engineer at Acme (2019–2022)").
func employmentTitle(line string) string {
	t, _, _ := strings.Cut(line, " at ")
	t, _, _ = strings.Cut(t, "(")
	return strings.TrimSpace(t)
}

var (
	emailRe = regexp.MustCompile(`[\p{L}0-9._%+\-]+@[\p{L}0-9.\-]+\.[\p{L}]{2,}`)
	urlRe   = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S*`)
	// phoneRe matches phone numbers: seven or more digits with the usual
	// separators, optionally an international prefix.
	phoneRe = regexp.MustCompile(`(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{2,4}\)[\s.\-]?)?\d{2,4}[\s.\-]\d{3,4}(?:[\s.\-]\d{2,4})?\b`)
	yearRe  = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)
)

// Redact removes what identifies a person or hints at their age from a
// resume: the words of name (case-insensitively), e-mail addresses, phone
// numbers, web links, and the years written in its education section (the
// graduation year). Removed text becomes spaces so line structure stays.
func Redact(resume, name string) string {
	blank := func(s string) string { return strings.Repeat(" ", len(s)) }
	out := emailRe.ReplaceAllStringFunc(resume, blank)
	out = urlRe.ReplaceAllStringFunc(out, blank)
	out = phoneRe.ReplaceAllStringFunc(out, func(s string) string {
		// A date range ("2015 - 2019") is no phone number.
		if yearRangeRe.MatchString(s) {
			return s
		}
		return blank(s)
	})
	if words := nameWords(name); len(words) > 0 {
		out = wordRe.ReplaceAllStringFunc(out, func(w string) string {
			if words[strings.ToLower(w)] {
				return blank(w)
			}
			return w
		})
	}
	lines := strings.SplitAfter(out, "\n")
	for _, sec := range educationSections(lines) {
		for i := sec[0]; i < sec[1]; i++ {
			lines[i] = yearRe.ReplaceAllStringFunc(lines[i], blank)
		}
	}
	return strings.Join(lines, "")
}

var (
	wordRe      = regexp.MustCompile(`[\p{L}][\p{L}'’\-]*`)
	yearRangeRe = regexp.MustCompile(`^(?:19|20)\d{2}\s*[\-–]\s*(?:19|20)\d{2}$`)
)

func nameWords(name string) map[string]bool {
	words := map[string]bool{}
	for _, w := range wordRe.FindAllString(name, -1) {
		if len([]rune(w)) >= 2 {
			words[strings.ToLower(w)] = true
		}
	}
	return words
}

// Section headings of resumes: education, and the ones that end it.
var (
	educationHeading = regexp.MustCompile(`(?i)^\s*(education|education and training|academic (background|qualifications)|qualifications and education|educational background)\s*:?\s*$`)
	otherHeading     = regexp.MustCompile(`(?i)^\s*(experience|work experience|professional experience|employment|employment history|work history|skills|core qualifications|qualifications|summary|professional summary|certifications|interests|highlights|accomplishments|projects|languages|additional information|affiliations|awards|references)\s*:?\s*$`)
)

// educationSections returns the [start, end) line ranges of the education
// sections.
func educationSections(lines []string) [][2]int {
	var out [][2]int
	start := -1
	for i, l := range lines {
		switch {
		case educationHeading.MatchString(l):
			if start < 0 {
				start = i + 1
			}
		case start >= 0 && otherHeading.MatchString(l):
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(lines)})
	}
	return out
}
