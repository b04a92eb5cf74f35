package search

import (
	"strconv"
	"strings"
	"time"
)

// Document is one candidate as the index sees it. The app builds it from the
// database (candidate, applications, attachments) on every change.
type Document struct {
	// ID is the Greenhouse candidate id; it is the index document id.
	ID int64
	// Name is the candidate's full name. It is indexed for name lookups but
	// takes no part in ranking.
	Name string
	// Title and Company are the current title and employer.
	Title, Company string
	// Resume is the plain text of the resume (the app extracts it from the
	// PDF or DOCX). It is indexed, never stored.
	Resume string
	// Employments are one line per position, e.g.
	// "Data Engineer at Acme (2019–2022)".
	Employments []string
	// Educations are one line per degree, e.g. "BSc Computer Science, MIT".
	Educations []string
	// Tags are the recruiter's tags on the candidate.
	Tags []string
	// AppliedJobIDs are the jobs the candidate applied to, or is a
	// prospect for (a prospect application's prospective jobs): Applied
	// Only lists both.
	AppliedJobIDs []int64
	// Statuses are the candidate's application statuses, one per
	// application, written with StatusKey (e.g. "42:active") so Applied Only
	// can be narrowed to a status.
	Statuses []string
	// LastActivity is the candidate's last activity in Greenhouse.
	LastActivity time.Time
	// Private marks a candidate Greenhouse shows only to some users (see
	// RankOptions.HidePrivate).
	Private bool
}

// StatusKey returns the keyword stored in Document.Statuses for an
// application to jobID with the given Greenhouse status ("active",
// "rejected", "hired").
func StatusKey(jobID int64, status string) string {
	return strconv.FormatInt(jobID, 10) + ":" + status
}

// bleveDoc is what is handed to Bleve. Field names follow the mapping; the
// Type method selects the candidate mapping (the default one is disabled).
type bleveDoc struct {
	Text        []string `json:"text"`
	Title       string   `json:"title,omitempty"`
	Headline    []string `json:"headline,omitempty"`
	Company     string   `json:"company,omitempty"`
	Employments []string `json:"employments,omitempty"`
	Educations  []string `json:"educations,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Name        string   `json:"name,omitempty"`
	Jobs        []string `json:"jobs,omitempty"`
	Statuses    []string `json:"statuses,omitempty"`
	Visibility  string   `json:"visibility,omitempty"`
	// LastActivity is a time.Time, or nil when unknown so no date is indexed.
	LastActivity any `json:"last_activity,omitempty"`
}

// Type implements bleve's Classifier.
func (bleveDoc) Type() string { return docType }

// docID is the Bleve document id of a candidate.
func docID(id int64) string { return strconv.FormatInt(id, 10) }

// fields converts d to the indexed form. Each part of the composite text
// field is its own array element, so phrases never span two parts.
func (d *Document) fields() bleveDoc {
	text := make([]string, 0, 3+len(d.Employments)+len(d.Educations)+len(d.Tags))
	add := func(s ...string) {
		for _, v := range s {
			if v != "" {
				text = append(text, v)
			}
		}
	}
	add(d.Title, d.Company)
	add(d.Employments...)
	add(d.Educations...)
	add(d.Tags...)
	add(d.Resume)

	var last any
	if !d.LastActivity.IsZero() {
		last = d.LastActivity
	}
	jobs := make([]string, len(d.AppliedJobIDs))
	for i, j := range d.AppliedJobIDs {
		jobs[i] = strconv.FormatInt(j, 10)
	}
	var visibility string
	if d.Private {
		visibility = VisibilityPrivate
	}
	return bleveDoc{
		Visibility:   visibility,
		Text:         text,
		Title:        d.Title,
		Headline:     d.headline(),
		Company:      d.Company,
		Employments:  d.Employments,
		Educations:   d.Educations,
		Tags:         d.Tags,
		Name:         d.Name,
		Jobs:         jobs,
		Statuses:     d.Statuses,
		LastActivity: last,
	}
}

// The resume's part of the headline is its first non-empty lines, where
// people state their role ("SENIOR ACCOUNTANT", or a name and then "Registered
// Nurse, ICU"), up to a word budget so that a resume extracted as one long
// line adds only its start. Measured in search/eval (see
// Params.HeadlineWeight): one line does as well on resumes that start with
// the role, a third line (usually a summary's first sentence) worse.
const (
	headlineLines = 2
	headlineWords = 25
)

// headline returns the parts of the headline field: the current title and
// the resume's headline.
func (d *Document) headline() []string {
	var out []string
	if t := strings.TrimSpace(d.Title); t != "" {
		out = append(out, t)
	}
	if h := resumeHeadline(d.Resume); h != "" {
		out = append(out, h)
	}
	return out
}

// resumeHeadline returns the first headlineLines non-empty lines of resume,
// cut at headlineWords words in all.
func resumeHeadline(resume string) string {
	var words []string
	lines := 0
	for rest := resume; rest != "" && lines < headlineLines && len(words) < headlineWords; {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		lines++
		words = append(words, f[:min(len(f), headlineWords-len(words))]...)
	}
	return strings.Join(words, " ")
}
