package app

import (
	"context"
	"strings"

	"github.com/shortlist-hq/shortlist/app/extract"
	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// Page sizes of rankings.
const (
	discoverPerPage = 25  // Discover page
	apiDefaultLimit = 50  // API default
	apiMaxLimit     = 500 // API maximum
)

// rankedRow is one ranked candidate with what the database says about them.
type rankedRow struct {
	Rank int
	Hit  search.Hit
	// Score and Percent rank the candidate (the model's, or the lexical
	// ranker's); Parts decompose Score by feature or job term.
	Score, Percent float64
	Parts          learn.Parts
	// Candidate is the zero value (ID 0) when the candidate was deleted
	// after the index saw them.
	Candidate db.RankedCandidate
}

// rankedPage is one page of a job's ranking.
type rankedPage struct {
	Job     db.JobDetail
	Ranking *search.Ranking
	Rows    []rankedRow
	// Model ranked the page; nil for the lexical ranker. It re-ranked
	// the lexical top Depth.
	Model *learner.Model
	Depth int
}

// searchJob is what the ranker reads of a job: the job's name as the title
// (weighted by the ranker) and, as the text, the plain text of its best
// post (live, else internal, else any), led by the post's own title when it
// differs from the job's name.
func searchJob(jd db.JobDetail) search.Job {
	j := search.Job{ID: jd.ID, Title: jd.Name}
	post, ok := jd.JobPostForRanking()
	if !ok {
		return j
	}
	if j.Title == "" {
		j.Title = post.Title
	}
	var text strings.Builder
	if post.Title != "" && !strings.EqualFold(strings.TrimSpace(post.Title), strings.TrimSpace(j.Title)) {
		text.WriteString(post.Title)
		text.WriteString("\n\n")
	}
	text.WriteString(extract.HTMLToText(post.Content))
	j.Text = text.String()
	return j
}

// jobText is the job description shown on the Match page: the same text
// the ranking used, with the job's name on top.
func jobText(jd db.JobDetail) string {
	j := searchJob(jd)
	if j.Text == "" {
		return j.Title
	}
	return j.Title + "\n\n" + j.Text
}

// rank ranks candidates for a job as v sees them and joins one page of
// hits with their database rows in one query. A job v may not see is
// db.ErrNotFound.
func (s *server) rank(ctx context.Context, v db.Viewer, jobID int64, appliedOnly bool, offset, limit int) (rankedPage, error) {
	jd, err := s.DB.JobDetailFor(ctx, v, jobID)
	if err != nil {
		return rankedPage{}, err
	}
	return s.rankJob(ctx, v, jd, appliedOnly, offset, limit)
}

// rankJob ranks a job's candidates as v sees them, with the learned model
// when one is in use (it re-ranks the lexical top: see learner.Page), and
// joins one page of hits with their database rows in one query.
func (s *server) rankJob(ctx context.Context, v db.Viewer, jd db.JobDetail, appliedOnly bool, offset, limit int) (rankedPage, error) {
	lp, err := s.RankJob(ctx, v, jd, search.RankOptions{AppliedOnly: appliedOnly, Offset: offset, Limit: limit})
	if err != nil {
		return rankedPage{}, err
	}
	p := rankedPage{Job: jd, Ranking: lp.Ranking, Model: lp.Model, Depth: lp.Depth}
	ids := make([]int64, len(lp.Items))
	for i, it := range lp.Items {
		ids[i] = it.Hit.ID
	}
	rows, err := s.DB.RankedCandidates(ctx, jd.ID, ids)
	if err != nil {
		return rankedPage{}, err
	}
	p.Rows = make([]rankedRow, len(lp.Items))
	for i, it := range lp.Items {
		p.Rows[i] = rankedRow{Rank: offset + i + 1, Hit: it.Hit, Score: it.Score, Percent: it.Percent, Parts: it.Parts,
			Candidate: rows[it.Hit.ID]}
	}
	return p, nil
}

// resolveJob finds the job v may see that a typed title means: an exact
// name first (open jobs first), else the first listed job whose name
// contains the words.
func (s *server) resolveJob(ctx context.Context, v db.Viewer, q string) (*db.JobListing, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	jobs, err := s.DB.Jobs(ctx, db.JobFilter{Query: q, Limit: 50, Viewer: v})
	if err != nil || len(jobs) == 0 {
		return nil, err
	}
	for i := range jobs {
		if strings.EqualFold(jobs[i].Name, q) {
			return &jobs[i], nil
		}
	}
	return &jobs[0], nil
}

// indexEmpty reports whether there is nothing to rank yet.
func (s *server) indexEmpty() (bool, error) {
	n, err := s.Index.DocCount()
	return n == 0, err
}
