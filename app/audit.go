package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shortlist-hq/shortlist/app/audit"
	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// RankJob ranks candidates for job jd as v sees them: the ranking Discover
// and the API show (Applied Only with opts.AppliedOnly), and the one the
// bias audit audits.
func (a *App) RankJob(ctx context.Context, v db.Viewer, jd db.JobDetail, opts search.RankOptions) (*learner.Page, error) {
	return a.Learner.Page(ctx, searchJob(jd), withVisibility(v, opts))
}

// AuditReport is a bias audit, in the style of New York City's Local Law
// 144, of the ranking Discover shows for a job's applicants (Applied
// Only): per job with EEOC answers, and pooled over those jobs.
type AuditReport struct {
	GeneratedAt time.Time `json:"generated_at"`
	// Ranking says which ranking was audited.
	Ranking   string  `json:"ranking"`
	MinGroup  int     `json:"min_group_size"`
	FlagBelow float64 `json:"flag_below"`
	TopN      int     `json:"top_n"`
	// EEOCAnswers counts the EEOC answers synced, all jobs together.
	EEOCAnswers int        `json:"eeoc_answers"`
	Jobs        []AuditJob `json:"jobs"`
	// Overall pools the audited jobs: each applicant counts against their
	// own job's median and top.
	Overall audit.Result `json:"overall"`
	// Notes explain the method and what is missing, in words.
	Notes []string `json:"notes"`
}

// AuditJob is the audit of one job's ranking.
type AuditJob struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
	audit.Result
}

// auditRanking describes the ranking audited.
const auditRanking = "Discover, Applied Only: Shortlist's ranking of each job's applicants, as owners see it"

// Audit audits the ranking of the applicants of every job with EEOC
// answers, or of job jobID alone when it is not 0 (db.ErrNotFound when
// there is no such job). An applicant's answers are those sent with their
// application to the job (a question left blank there stays unknown),
// else, when that application has no EEOC record, the latest they sent
// with another one: the questions are about the person, not the job.
func (a *App) Audit(ctx context.Context, jobID int64) (*AuditReport, error) {
	rows, err := a.DB.EEOCForAudit(ctx)
	if err != nil {
		return nil, err
	}
	type key struct{ job, cand int64 }
	own := map[key]db.AuditEEOC{}
	latest := map[int64]db.AuditEEOC{}
	seen := map[int64]bool{}
	var jobs []int64
	for _, e := range rows { // oldest first: later answers win
		if e.JobID != 0 {
			own[key{e.JobID, e.CandidateID}] = e
			if !seen[e.JobID] {
				seen[e.JobID] = true
				jobs = append(jobs, e.JobID)
			}
		}
		if e.Gender != "" || e.Race != "" {
			latest[e.CandidateID] = e
		}
	}
	slices.Sort(jobs)
	if jobID != 0 {
		jobs = []int64{jobID}
	}

	rep := &AuditReport{GeneratedAt: a.DB.Now().UTC(), Ranking: auditRanking, MinGroup: audit.MinGroup, FlagBelow: audit.FlagBelow,
		TopN: audit.TopN, EEOCAnswers: len(rows), Jobs: []AuditJob{}}
	var pooled audit.Outcomes
	for _, id := range jobs {
		jd, err := a.DB.JobDetailFor(ctx, db.Everyone, id)
		if errors.Is(err, db.ErrNotFound) && jobID == 0 {
			continue // not a job Discover lists (a template, no post)
		}
		if err != nil {
			return nil, err
		}
		r, err := a.rankAll(ctx, jd)
		if err != nil {
			return nil, err
		}
		applicants := make([]audit.Applicant, len(r.Items))
		for i, it := range r.Items {
			e, ok := own[key{id, it.Hit.ID}]
			if !ok {
				e = latest[it.Hit.ID]
			}
			applicants[i] = audit.Applicant{Rank: i + 1, Score: it.Score, Sex: e.Gender, Race: e.Race}
		}
		pooled.Rank(applicants)
		rep.Jobs = append(rep.Jobs, AuditJob{ID: id, Name: jd.Name, Status: jd.Status, Result: audit.Compute(applicants)})
	}
	rep.Overall = pooled.Result()
	rep.Notes = auditNotes(rep)
	return rep, nil
}

// rankAll ranks every applicant of a job.
func (a *App) rankAll(ctx context.Context, jd db.JobDetail) (*learner.Page, error) {
	opts := search.RankOptions{AppliedOnly: true, Limit: 1000, NoDetails: true}
	r, err := a.RankJob(ctx, db.Everyone, jd, opts)
	if err != nil {
		return nil, fmt.Errorf("audit: rank job %d: %w", jd.ID, err)
	}
	if int(r.Ranking.Total) > len(r.Items) {
		opts.Limit = int(r.Ranking.Total)
		if r, err = a.RankJob(ctx, db.Everyone, jd, opts); err != nil {
			return nil, fmt.Errorf("audit: rank job %d: %w", jd.ID, err)
		}
	}
	return r, nil
}

// auditNotes explain the method, and what is missing.
func auditNotes(rep *AuditReport) []string {
	notes := []string{
		fmt.Sprintf("Scoring rate: the share of a category's applicants ranked above the median score of the job's applicants. "+
			"Top %d rate: the share of a category's applicants among the first %d of the ranking.", audit.TopN, audit.TopN),
		fmt.Sprintf("Impact ratio: a category's rate divided by the highest rate of the categories compared. "+
			"Ratios under %.2f are flagged (the four-fifths rule).", audit.FlagBelow),
		fmt.Sprintf("Categories of fewer than %d people, or under %.0f%% of the people who answered, are shown without a ratio: "+
			"too few to compare.", audit.MinGroup, 100*audit.MinShare),
		"Applicants without answers (no EEOC record, a question left blank or declined) count towards the median and the top, " +
			"in no category. Sex and race/ethnicity combined are shown when at least two combinations have enough people.",
		"EEOC answers are read for this audit only: they are not in the search index, the candidate pages, the API or any model.",
	}
	switch {
	case rep.EEOCAnswers == 0:
		notes = append(notes, "No EEOC answers are synced. Greenhouse serves them to Harvest v3 credentials with the "+
			"harvest:eeoc:list permission (v1: GET /v1/eeoc for the API key); grant it and sync again.")
	case len(rep.Jobs) == 0:
		notes = append(notes, "No job Discover lists has applicants with EEOC answers.")
	}
	return notes
}
