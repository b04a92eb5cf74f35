package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/indexer"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// A candidate's match score for a job, as Shortlist hands it to Greenhouse
// (score write-back, the Assessment Partner API): the ranker's raw score,
// and 0-100 on the job's curve, where the job's best applicant is 100, as
// on Discover with Applied Only and in the API's score_percent. Owners'
// view: private candidates count.

// curvePage is how many applicants one ranking call reads.
const curvePage = 500

// jobCurve is a job's applicants as the ranker scores them.
type jobCurve struct {
	Job search.Job
	// Top is the applicant at 100, Max their score.
	Top int64
	Max float64
	// Scores are the applicants' raw scores, by candidate id; Rank their
	// places, from 1.
	Scores map[int64]float64
	Rank   map[int64]int
}

// jobCurve ranks every applicant of the job.
func (a *App) jobCurve(ctx context.Context, jd db.JobDetail) (jobCurve, error) {
	c := jobCurve{Job: searchJob(jd), Scores: map[int64]float64{}, Rank: map[int64]int{}}
	for off := 0; ; off += curvePage {
		r, err := a.Index.Rank(ctx, c.Job, search.RankOptions{AppliedOnly: true, Offset: off, Limit: curvePage, NoDetails: true})
		if err != nil {
			return c, fmt.Errorf("rank job %d: %w", jd.ID, err)
		}
		if off == 0 {
			c.Max = r.MaxScore
			if len(r.Hits) > 0 {
				c.Top = r.Hits[0].ID
			}
		}
		for i, h := range r.Hits {
			c.Scores[h.ID], c.Rank[h.ID] = h.Score, off+i+1
		}
		if len(r.Hits) < curvePage {
			return c, nil
		}
	}
}

// Percent grades a raw score on the curve.
func (c jobCurve) Percent(raw float64) float64 {
	if c.Max <= 0 {
		return 0
	}
	return min(100, 100*raw/c.Max)
}

// Score scales, as an owner chooses them for write-back.
const (
	ScalePercent = "percent" // 0-100 on the job's curve
	ScaleRaw     = "raw"     // the ranker's score
)

// scoreValue renders a score as written: the percent rounded to a whole
// number, the raw score to two decimals.
func scoreValue(scale string, raw float64, c jobCurve) string {
	if scale == ScaleRaw {
		return fmt.Sprintf("%.2f", raw)
	}
	return fmt.Sprintf("%.0f", math.Round(c.Percent(raw)))
}

// fieldValue is a score as the field takes it: a number for number fields,
// text otherwise.
func fieldValue(f greenhouse.CustomField, value string) any {
	if f.ValueType == "number" {
		var n json.Number = json.Number(value)
		if x, err := n.Float64(); err == nil {
			return x
		}
	}
	return value
}

// rankerVersion names the ranker, so that a new one (a new index layout
// or tuned parameters) counts as a change of every score's inputs.
func rankerVersion() string {
	return fmt.Sprintf("mapping %d params %+v", search.MappingVersion, search.DefaultParams())
}

// fingerprint hashes the parts a value was computed from.
func fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// documentFingerprint hashes what the ranker reads of a candidate (their
// search document without the parts that only filter).
func documentFingerprint(p db.CandidateProfile) string {
	d := indexer.Document(p)
	b, _ := json.Marshal([]any{d.Title, d.Company, d.Resume, d.Employments, d.Educations, d.Tags})
	return fingerprint(string(b))
}

// jobFingerprint hashes what the ranker reads of a job.
func jobFingerprint(j search.Job) string { return fingerprint(j.Title, j.Text) }

// assessmentMetadata is test_status's metadata: a flat summary of how the
// resume meets the job, numbers and short text only.
func assessmentMetadata(jd db.JobDetail, c jobCurve, candidateID int64, m search.MatchResult) map[string]any {
	total := len(m.Pairs) + len(m.Gaps)
	out := map[string]any{
		"job":                  jd.Name,
		"raw_score":            math.Round(c.Scores[candidateID]*100) / 100,
		"rank":                 c.Rank[candidateID],
		"applicants":           len(c.Scores),
		"requirements_matched": len(m.Pairs),
		"requirements_total":   total,
		"coverage_percent":     math.Round(m.Coverage * 100),
	}
	var terms []string
	for _, p := range m.Pairs {
		for _, sm := range p.Matches {
			for _, w := range sm.Shared {
				if len(terms) < 8 && !containsFold(terms, w) {
					terms = append(terms, w)
				}
			}
		}
	}
	out["top_terms"] = strings.Join(terms, ", ")
	var gaps []string
	for _, g := range m.Gaps {
		if len(gaps) == 3 {
			break
		}
		gaps = append(gaps, shorten(g.Text, 80))
	}
	out["gaps"] = strings.Join(gaps, "; ")
	return out
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// shorten cuts s to at most n runes at a word boundary, with an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	cut := string(rs[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// matchResult compares a job with a resume as the Match page does.
func (a *App) matchResult(ctx context.Context, jobText, resume string) (search.MatchResult, error) {
	res, err := a.Index.Match(ctx, jobText, resume)
	if errors.Is(err, search.ErrNeedsRebuild) {
		return search.Match(jobText, resume), nil
	}
	return res, err
}

// greenhouseClient is the Harvest client in use, or nil when not
// connected.
func (a *App) greenhouseClient() *greenhouse.Client {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.gh
}
