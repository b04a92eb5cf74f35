package learner

import (
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// Candidate builds what the features may read about a candidate from the
// database's allow-listed view of them, copying field by field: the title,
// the resume text (the name is read only to remove it from the text), the
// positions' titles and dates, and the degrees. Nothing else reaches a
// feature: not the name, contact details, addresses, photos, tags, schools,
// any date of an education, EEOC or demographic answers, nor any raw
// Greenhouse record (db.FeatureSource holds none of them).
func Candidate(s db.FeatureSource) learn.Candidate {
	emps := make([]learn.Employment, 0, len(s.Employments))
	for _, e := range s.Employments {
		emps = append(emps, learn.Employment{Title: e.Title, Start: e.Start, End: e.End})
	}
	return learn.NewCandidate(s.Title, s.Resume, s.Name, emps, append([]string(nil), s.Degrees...))
}
