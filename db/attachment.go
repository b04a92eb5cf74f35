package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Attachment text outcomes.
const (
	TextOK     = "ok"
	TextFailed = "failed"
)

// AttachmentText is what extraction made of an attachment's file.
type AttachmentText struct {
	AttachmentID int64
	Status       string // TextOK or TextFailed
	SHA256       string
	Extractor    string
	Text         string
	Error        string // why it failed, in words a user can act on
	Bytes        int
	SourceURL    string
	ExtractedAt  time.Time
}

// UpsertAttachments stores attachments and returns them with their local ids.
func UpsertAttachments(ctx context.Context, tx *Tx, recs []Attachment) ([]Attachment, error) {
	if _, err := Upsert(ctx, tx, recs); err != nil {
		return nil, err
	}
	out := make([]Attachment, len(recs))
	for i, r := range recs {
		err := tx.tx.QueryRowContext(ctx, `SELECT id FROM attachments WHERE candidate_id = ? AND type = ? AND filename = ? AND created_at = ?`,
			r.CandidateID, r.Type, r.Filename, formatTimeOrEmpty(r.CreatedAt)).Scan(&r.ID)
		if err != nil {
			return nil, fmt.Errorf("db: attachment id: %w", err)
		}
		out[i] = r
	}
	return out, nil
}

// PendingResumes lists resume attachments with no text yet, oldest first.
// Downloads that failed for a passing reason (an expired link, an outage)
// leave no text row, so they come back here with the fresh URL the next
// sync brings.
func (d *DB) PendingResumes(ctx context.Context, limit int) ([]Attachment, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT a.id, coalesce(a.gh_id, 0), a.candidate_id, coalesce(a.application_id, 0), a.type, a.filename, a.url, a.created_at
		FROM attachments a LEFT JOIN attachment_texts t ON t.attachment_id = a.id
		WHERE a.type = 'resume' AND t.attachment_id IS NULL AND a.url <> ''
		ORDER BY a.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("db: pending resumes: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		var created sql.NullString
		if err := rows.Scan(&a.ID, &a.GHID, &a.CandidateID, &a.ApplicationID, &a.Type, &a.Filename, &a.URL, &created); err != nil {
			return nil, fmt.Errorf("db: pending resumes: %w", err)
		}
		a.CreatedAt = parseTime(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveAttachmentText records an extraction outcome. The attachment may have
// been deleted meanwhile (a webhook removed the candidate); then nothing is
// stored.
func (d *DB) SaveAttachmentText(ctx context.Context, t AttachmentText) error {
	return d.Update(ctx, func(tx *Tx) error {
		if t.ExtractedAt.IsZero() {
			t.ExtractedAt = tx.now
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO attachment_texts
			(attachment_id, status, sha256, extractor, text, error, bytes, source_url, extracted_at)
			SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM attachments WHERE id = ?)
			ON CONFLICT (attachment_id) DO UPDATE SET status = excluded.status, sha256 = excluded.sha256,
			extractor = excluded.extractor, text = excluded.text, error = excluded.error, bytes = excluded.bytes,
			source_url = excluded.source_url, extracted_at = excluded.extracted_at`,
			t.AttachmentID, t.Status, t.SHA256, t.Extractor, t.Text, t.Error, t.Bytes, t.SourceURL, formatTime(t.ExtractedAt), t.AttachmentID)
		if err != nil {
			return fmt.Errorf("db: save attachment text %d: %w", t.AttachmentID, err)
		}
		return nil
	})
}

// AttachmentText reads an attachment's extraction outcome.
func (d *DB) AttachmentText(ctx context.Context, attachmentID int64) (AttachmentText, error) {
	var t AttachmentText
	var at sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT attachment_id, status, sha256, extractor, text, error, bytes, source_url, extracted_at
		FROM attachment_texts WHERE attachment_id = ?`, attachmentID).Scan(&t.AttachmentID, &t.Status, &t.SHA256, &t.Extractor,
		&t.Text, &t.Error, &t.Bytes, &t.SourceURL, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("db: attachment text %d: %w", attachmentID, err)
	}
	t.ExtractedAt = parseTime(at)
	return t, nil
}
