package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Job statuses as Greenhouse reports them.
const (
	JobOpen   = "open"
	JobClosed = "closed"
	JobDraft  = "draft"
)

// JobFilter selects the jobs the Jobs page and the API list. Zero fields do
// not filter.
type JobFilter struct {
	// Query: every word must appear in the job's name or requisition id
	// (case-insensitive). Only the first 32 distinct words count, each
	// cut to 100 bytes (see queryWords).
	Query        string
	DepartmentID int64
	OfficeID     int64
	Status       string // JobOpen, JobClosed, JobDraft or "" for any
	Limit        int    // 0 means 500
	// Viewer is who lists: jobs they may not see are left out (the zero
	// Viewer sees no confidential job; Everyone sees all).
	Viewer Viewer
}

// JobListing is a job with what lists show about it.
type JobListing struct {
	Job
	Department string
	Offices    []string
	// Applicants counts the job's applications, prospects considered for
	// the job included; ActiveApplicants those still in process.
	Applicants, ActiveApplicants int
}

// JobDetail is a job and its posts, for ranking.
type JobDetail struct {
	JobListing
	Posts []JobPost
}

// listedJob is the rule for which requisitions Shortlist lists: what a
// Greenhouse user thinks of as "a job" is a requisition with a job post.
// An open job must have a post that is live (on the job board) or internal
// (on the internal board): an open requisition whose posts are all
// unpublished is a placeholder or an evergreen pipeline, not a role being
// recruited for. A closed or draft job's posts are down or not yet up by
// definition, so any post will do: recruiters still rediscover candidates
// for past and upcoming roles. Templates are never listed.
const listedJob = `j.is_template = 0 AND EXISTS (SELECT 1 FROM job_posts p WHERE p.job_id = j.id
	AND (p.live = 1 OR p.internal = 1 OR j.status <> 'open'))`

// jobListingSelect is the start of a statement listing jobs j (joined with
// departments d) as v sees them: applicant counts leave out the private
// candidates v may not see, so they agree with v's rankings.
func jobListingSelect(v Viewer) (string, []any) {
	with, args := v.hiddenApplications()
	applicants, active, join := ``, ``, ``
	if with != "" {
		applicants, active = ` - coalesce(h.n, 0)`, ` - coalesce(h.active, 0)`
		join = ` LEFT JOIN hidden_applications h ON h.job_id = j.id`
	}
	return with + `SELECT j.id, j.name, coalesce(j.requisition_id, ''), j.status, j.confidential, coalesce(j.department_id, 0),
	j.office_ids, j.opened_at, j.closed_at, j.created_at, j.updated_at, coalesce(d.name, ''),
	(SELECT json_group_array(o.name ORDER BY o.name) FROM json_each(j.office_ids) e JOIN offices o ON o.id = e.value),
	(SELECT count(*) FROM applications a WHERE a.job_id = j.id) +
		(SELECT count(*) FROM application_prospective_jobs p JOIN applications a ON a.id = p.application_id
			WHERE p.job_id = j.id AND a.job_id IS NOT j.id)` + applicants + `,
	(SELECT count(*) FROM applications a WHERE a.job_id = j.id AND a.status = 'active') +
		(SELECT count(*) FROM application_prospective_jobs p JOIN applications a ON a.id = p.application_id
			WHERE p.job_id = j.id AND a.job_id IS NOT j.id AND a.status = 'active')` + active + `
	FROM jobs j LEFT JOIN departments d ON d.id = j.department_id` + join, args
}

func scanJobListing(row interface{ Scan(...any) error }) (JobListing, error) {
	var l JobListing
	var offices, officeNames string
	var oa, ca, cr, ua sql.NullString
	err := row.Scan(&l.ID, &l.Name, &l.RequisitionID, &l.Status, &l.Confidential, &l.DepartmentID, &offices,
		&oa, &ca, &cr, &ua, &l.Department, &officeNames, &l.Applicants, &l.ActiveApplicants)
	if err != nil {
		return l, err
	}
	_ = json.Unmarshal([]byte(offices), &l.OfficeIDs)
	_ = json.Unmarshal([]byte(officeNames), &l.Offices)
	l.OpenedAt, l.ClosedAt, l.CreatedAt, l.UpdatedAt = parseTime(oa), parseTime(ca), parseTime(cr), parseTime(ua)
	return l, nil
}

// likeWord escapes a word for LIKE ... ESCAPE '\'.
func likeWord(w string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(w) + "%"
}

// Jobs lists the jobs f selects: open first, then drafts, then closed; the
// most recently opened first within each.
func (d *DB) Jobs(ctx context.Context, f JobFilter) ([]JobListing, error) {
	sel, args := jobListingSelect(f.Viewer)
	visible, vargs := f.Viewer.jobVisible("j")
	where := []string{listedJob, visible}
	args = append(args, vargs...)
	for _, w := range queryWords(f.Query) {
		where = append(where, `(j.name LIKE ? ESCAPE '\' OR coalesce(j.requisition_id, '') LIKE ? ESCAPE '\')`)
		args = append(args, likeWord(w), likeWord(w))
	}
	if f.DepartmentID != 0 {
		where, args = append(where, `j.department_id = ?`), append(args, f.DepartmentID)
	}
	if f.OfficeID != 0 {
		where, args = append(where, `EXISTS (SELECT 1 FROM json_each(j.office_ids) e WHERE e.value = ?)`), append(args, f.OfficeID)
	}
	if f.Status != "" {
		where, args = append(where, `j.status = ?`), append(args, f.Status)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	rows, err := d.read.QueryContext(ctx, sel+`
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY CASE j.status WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,
			coalesce(j.opened_at, j.created_at) DESC, j.id DESC
		LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("db: jobs: %w", err)
	}
	defer rows.Close()
	var out []JobListing
	for rows.Next() {
		l, err := scanJobListing(rows)
		if err != nil {
			return nil, fmt.Errorf("db: jobs: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// JobDetail reads one job (listed or not) with its posts, newest first,
// whoever may see it: for Shortlist's own work. Pages use JobDetailFor.
func (d *DB) JobDetail(ctx context.Context, id int64) (JobDetail, error) {
	return d.JobDetailFor(ctx, Everyone, id)
}

// JobDetailFor reads one job (listed or not) with its posts, newest first,
// as v sees it: a job v may not see is ErrNotFound, as if it did not exist.
func (d *DB) JobDetailFor(ctx context.Context, v Viewer, id int64) (JobDetail, error) {
	var jd JobDetail
	sel, args := jobListingSelect(v)
	visible, vargs := v.jobVisible("j")
	l, err := scanJobListing(d.read.QueryRowContext(ctx, sel+` WHERE j.id = ? AND `+visible, append(append(args, id), vargs...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return jd, fmt.Errorf("db: job %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return jd, fmt.Errorf("db: job %d: %w", id, err)
	}
	jd.JobListing = l
	rows, err := d.read.QueryContext(ctx, `SELECT id, title, location, internal, live, active, content, internal_content,
		first_published_at, created_at, updated_at
		FROM job_posts WHERE job_id = ? ORDER BY coalesce(updated_at, created_at) DESC, id DESC`, id)
	if err != nil {
		return jd, fmt.Errorf("db: job %d posts: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		p := JobPost{JobID: id}
		var fp, ca, ua sql.NullString
		if err := rows.Scan(&p.ID, &p.Title, &p.Location, &p.Internal, &p.Live, &p.Active, &p.Content, &p.InternalContent,
			&fp, &ca, &ua); err != nil {
			return jd, fmt.Errorf("db: job %d posts: %w", id, err)
		}
		p.FirstPublishedAt, p.CreatedAt, p.UpdatedAt = parseTime(fp), parseTime(ca), parseTime(ua)
		jd.Posts = append(jd.Posts, p)
	}
	return jd, rows.Err()
}

// JobPostForRanking picks the post whose text describes the job best: a
// live post, else an internal one, else any. ok is false when the job has
// none.
func (jd JobDetail) JobPostForRanking() (JobPost, bool) {
	for _, want := range []func(JobPost) bool{
		func(p JobPost) bool { return p.Live && !p.Internal },
		func(p JobPost) bool { return p.Live },
		func(p JobPost) bool { return p.Internal },
		func(p JobPost) bool { return true },
	} {
		for _, p := range jd.Posts {
			if want(p) && strings.TrimSpace(p.Content) != "" {
				return p, true
			}
		}
	}
	if len(jd.Posts) > 0 {
		return jd.Posts[0], true
	}
	return JobPost{}, false
}

// NamedID is an id and a name, for filter menus.
type NamedID struct {
	ID   int64
	Name string
}

// JobFacets lists the departments and offices that the jobs v may see
// use, by name, for the Jobs page's filters.
func (d *DB) JobFacets(ctx context.Context, v Viewer) (departments, offices []NamedID, err error) {
	visible, args := v.jobVisible("j")
	departments, err = d.namedIDs(ctx, `SELECT DISTINCT dp.id, dp.name FROM jobs j JOIN departments dp ON dp.id = j.department_id
		WHERE `+listedJob+` AND `+visible+` ORDER BY dp.name, dp.id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("db: job departments: %w", err)
	}
	offices, err = d.namedIDs(ctx, `SELECT DISTINCT o.id, o.name FROM jobs j, json_each(j.office_ids) e JOIN offices o ON o.id = e.value
		WHERE `+listedJob+` AND `+visible+` ORDER BY o.name, o.id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("db: job offices: %w", err)
	}
	return departments, offices, nil
}

func (d *DB) namedIDs(ctx context.Context, q string, args ...any) ([]NamedID, error) {
	rows, err := d.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NamedID
	for rows.Next() {
		var n NamedID
		if err := rows.Scan(&n.ID, &n.Name); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
