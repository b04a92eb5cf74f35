package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// CandidateProfile is a candidate with what Shortlist shows and indexes
// about them.
type CandidateProfile struct {
	Candidate    Candidate
	Employments  []CandidateEmployment
	Educations   []CandidateEducation
	Applications []ApplicationSummary
	// Resume is the newest resume whose text was extracted; ResumeFile
	// describes it. Both are empty when the candidate has none.
	Resume     AttachmentText
	ResumeFile Attachment
	// Attachments are all the candidate's files with their extraction state.
	Attachments []AttachmentWithText
}

// AttachmentWithText is an attachment and, when it was downloaded, its
// extraction outcome (Text.Status is empty when not yet downloaded).
type AttachmentWithText struct {
	Attachment Attachment
	Text       AttachmentText
}

// ApplicationSummary is an application with its job's name and whether
// the job is confidential, or a prospect application with the jobs it is
// considered for.
type ApplicationSummary struct {
	Application
	JobName         string
	JobConfidential bool
	// ProspectiveJobs are the prospective jobs with their names ("" for a
	// job not synced), in Greenhouse's order.
	ProspectiveJobs []JobName
}

// JobName is a job's id and name.
type JobName struct {
	ID           int64
	Name         string
	Confidential bool
}

func idsJSON(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// CandidateProfiles loads the profiles of the given candidates; ids that do
// not exist are skipped.
func (d *DB) CandidateProfiles(ctx context.Context, ids []int64) ([]CandidateProfile, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in := idsJSON(ids)
	byID := map[int64]*CandidateProfile{}
	var order []int64

	rows, err := d.read.QueryContext(ctx, `SELECT id, first_name, last_name, company, title, private, can_email, tags,
		email_addresses, phone_numbers, last_activity_at, created_at, updated_at
		FROM candidates WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`, in)
	if err != nil {
		return nil, fmt.Errorf("db: candidate profiles: %w", err)
	}
	for rows.Next() {
		var c Candidate
		var tags, emails, phones string
		var la, ca, ua sql.NullString
		if err := rows.Scan(&c.ID, &c.FirstName, &c.LastName, &c.Company, &c.Title, &c.Private, &c.CanEmail, &tags,
			&emails, &phones, &la, &ca, &ua); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: candidate profiles: %w", err)
		}
		_ = json.Unmarshal([]byte(tags), &c.Tags)
		_ = json.Unmarshal([]byte(emails), &c.EmailAddresses)
		_ = json.Unmarshal([]byte(phones), &c.PhoneNumbers)
		c.LastActivityAt, c.CreatedAt, c.UpdatedAt = parseTime(la), parseTime(ca), parseTime(ua)
		byID[c.ID] = &CandidateProfile{Candidate: c}
		order = append(order, c.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: candidate profiles: %w", err)
	}

	rows, err = d.read.QueryContext(ctx, `SELECT id, candidate_id, company_name, title, start_date, end_date
		FROM candidate_employments WHERE candidate_id IN (SELECT value FROM json_each(?)) ORDER BY start_date DESC, id`, in)
	if err != nil {
		return nil, fmt.Errorf("db: candidate employments: %w", err)
	}
	for rows.Next() {
		var e CandidateEmployment
		var sd, ed sql.NullString
		if err := rows.Scan(&e.ID, &e.CandidateID, &e.CompanyName, &e.Title, &sd, &ed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: candidate employments: %w", err)
		}
		e.StartDate, e.EndDate = parseTime(sd), parseTime(ed)
		if p := byID[e.CandidateID]; p != nil {
			p.Employments = append(p.Employments, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: candidate employments: %w", err)
	}

	rows, err = d.read.QueryContext(ctx, `SELECT id, candidate_id, school_name, degree, discipline, start_date, end_date
		FROM candidate_educations WHERE candidate_id IN (SELECT value FROM json_each(?)) ORDER BY end_date DESC, id`, in)
	if err != nil {
		return nil, fmt.Errorf("db: candidate educations: %w", err)
	}
	for rows.Next() {
		var e CandidateEducation
		var sd, ed sql.NullString
		if err := rows.Scan(&e.ID, &e.CandidateID, &e.SchoolName, &e.Degree, &e.Discipline, &sd, &ed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: candidate educations: %w", err)
		}
		e.StartDate, e.EndDate = parseTime(sd), parseTime(ed)
		if p := byID[e.CandidateID]; p != nil {
			p.Educations = append(p.Educations, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: candidate educations: %w", err)
	}

	rows, err = d.read.QueryContext(ctx, `SELECT a.id, a.candidate_id, coalesce(a.job_id, 0), coalesce(a.job_post_id, 0), a.prospect,
		a.status, coalesce(a.stage_id, 0), a.stage_name, coalesce(a.source_id, 0), coalesce(a.rejection_reason_id, 0),
		a.rejected_at, a.last_activity_at, a.created_at, a.updated_at, coalesce(j.name, ''), coalesce(j.confidential, 0),
		(SELECT json_group_array(json_array(e.value, coalesce(pj.name, ''), coalesce(pj.confidential, 0)) ORDER BY e.key)
			FROM json_each(a.prospective_job_ids) e LEFT JOIN jobs pj ON pj.id = e.value)
		FROM applications a LEFT JOIN jobs j ON j.id = a.job_id
		WHERE a.candidate_id IN (SELECT value FROM json_each(?)) ORDER BY a.created_at DESC, a.id`, in)
	if err != nil {
		return nil, fmt.Errorf("db: candidate applications: %w", err)
	}
	for rows.Next() {
		var a ApplicationSummary
		var ra, la, ca, ua sql.NullString
		var prospective string
		if err := rows.Scan(&a.ID, &a.CandidateID, &a.JobID, &a.JobPostID, &a.Prospect, &a.Status, &a.StageID, &a.StageName,
			&a.SourceID, &a.RejectionReasonID, &ra, &la, &ca, &ua, &a.JobName, &a.JobConfidential, &prospective); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: candidate applications: %w", err)
		}
		var triples [][3]json.RawMessage
		_ = json.Unmarshal([]byte(prospective), &triples)
		for _, p := range triples {
			var jn JobName
			if json.Unmarshal(p[0], &jn.ID) == nil && jn.ID != 0 {
				_ = json.Unmarshal(p[1], &jn.Name)
				var conf int
				_ = json.Unmarshal(p[2], &conf)
				jn.Confidential = conf != 0
				a.ProspectiveJobIDs = append(a.ProspectiveJobIDs, jn.ID)
				a.ProspectiveJobs = append(a.ProspectiveJobs, jn)
			}
		}
		a.RejectedAt, a.LastActivityAt, a.CreatedAt, a.UpdatedAt = parseTime(ra), parseTime(la), parseTime(ca), parseTime(ua)
		if p := byID[a.CandidateID]; p != nil {
			p.Applications = append(p.Applications, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: candidate applications: %w", err)
	}

	rows, err = d.read.QueryContext(ctx, `SELECT a.id, coalesce(a.gh_id, 0), a.candidate_id, coalesce(a.application_id, 0), a.type,
		a.filename, a.created_at, coalesce(t.status, ''), coalesce(t.sha256, ''), coalesce(t.extractor, ''), coalesce(t.text, ''),
		coalesce(t.error, ''), coalesce(t.bytes, 0), t.extracted_at
		FROM attachments a LEFT JOIN attachment_texts t ON t.attachment_id = a.id
		WHERE a.candidate_id IN (SELECT value FROM json_each(?)) ORDER BY a.created_at DESC, a.id DESC`, in)
	if err != nil {
		return nil, fmt.Errorf("db: candidate attachments: %w", err)
	}
	for rows.Next() {
		var a AttachmentWithText
		var created, extracted sql.NullString
		if err := rows.Scan(&a.Attachment.ID, &a.Attachment.GHID, &a.Attachment.CandidateID, &a.Attachment.ApplicationID,
			&a.Attachment.Type, &a.Attachment.Filename, &created, &a.Text.Status, &a.Text.SHA256, &a.Text.Extractor,
			&a.Text.Text, &a.Text.Error, &a.Text.Bytes, &extracted); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: candidate attachments: %w", err)
		}
		a.Attachment.CreatedAt, a.Text.ExtractedAt = parseTime(created), parseTime(extracted)
		a.Text.AttachmentID = a.Attachment.ID
		p := byID[a.Attachment.CandidateID]
		if p == nil {
			continue
		}
		p.Attachments = append(p.Attachments, a)
		// Newest first, so the first resume with text is the current one.
		if a.Attachment.Type == AttachmentResume && a.Text.Status == TextOK && p.Resume.Status == "" {
			p.Resume, p.ResumeFile = a.Text, a.Attachment
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: candidate attachments: %w", err)
	}

	out := make([]CandidateProfile, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}

// CandidateProfile loads one candidate's profile, whoever may see it: for
// Shortlist's own work. Pages use CandidateProfileFor.
func (d *DB) CandidateProfile(ctx context.Context, id int64) (CandidateProfile, error) {
	ps, err := d.CandidateProfiles(ctx, []int64{id})
	if err != nil {
		return CandidateProfile{}, err
	}
	if len(ps) == 0 {
		return CandidateProfile{}, fmt.Errorf("db: candidate %d: %w", id, ErrNotFound)
	}
	return ps[0], nil
}

// CandidateIDs returns up to limit candidate ids greater than after, in
// order, for walking every candidate in batches.
func (d *DB) CandidateIDs(ctx context.Context, after int64, limit int) ([]int64, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id FROM candidates WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("db: candidate ids: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("db: candidate ids: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CountCandidates is the number of candidates stored.
func (d *DB) CountCandidates(ctx context.Context) (int, error) {
	var n int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM candidates`).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: count candidates: %w", err)
	}
	return n, nil
}

// DeleteCandidate removes a candidate and everything Shortlist holds about
// them: applications and their children, EEOC answers, profile rows,
// files' text.
func (tx *Tx) DeleteCandidate(ctx context.Context, id int64) error {
	stmts := []string{
		`DELETE FROM eeoc WHERE candidate_id = ?1 OR application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`,
		`DELETE FROM application_stages WHERE application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`,
		`DELETE FROM interviews WHERE application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`,
		`DELETE FROM scorecards WHERE application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`,
		`DELETE FROM offers WHERE candidate_id = ?1 OR application_id IN (SELECT id FROM applications WHERE candidate_id = ?1)`,
		`DELETE FROM notes WHERE candidate_id = ?1`,
		`DELETE FROM applications WHERE candidate_id = ?1`,
		`DELETE FROM attachments WHERE candidate_id = ?1`, // texts cascade
		`DELETE FROM candidate_educations WHERE candidate_id = ?1`,
		`DELETE FROM candidate_employments WHERE candidate_id = ?1`,
		`DELETE FROM candidates WHERE id = ?1`,
	}
	for _, q := range stmts {
		if _, err := tx.tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("db: delete candidate %d: %w", id, err)
		}
	}
	return nil
}

// LastActivity returns the newest of the times, for display.
func LastActivity(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// ResumeTexts returns the current resume text of each candidate that has
// one.
func (d *DB) ResumeTexts(ctx context.Context, ids []int64) (map[int64]string, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT a.candidate_id, t.text
		FROM attachments a JOIN attachment_texts t ON t.attachment_id = a.id
		WHERE a.candidate_id IN (SELECT value FROM json_each(?)) AND a.type = 'resume' AND t.status = 'ok'
		ORDER BY a.created_at DESC, a.id DESC`, idsJSON(ids))
	if err != nil {
		return nil, fmt.Errorf("db: resume texts: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, fmt.Errorf("db: resume texts: %w", err)
		}
		if _, seen := out[id]; !seen { // newest first
			out[id] = text
		}
	}
	return out, rows.Err()
}
