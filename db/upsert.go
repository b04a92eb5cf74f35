package db

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Upsert inserts records or updates the stored copies. A stored copy that is
// newer than the incoming one (by updated_at) is kept, so a late webhook or a
// page read before a change can never roll data back; an identical copy (every
// column equal, not only the raw JSON: a release that maps the same JSON
// differently must be able to correct the row) is left untouched, so
// re-reading a page does not wake the search indexer. A record whose id is 0
// is refused: Greenhouse never gives one, so it is a misread answer.
// It returns how many rows were inserted or changed.
func Upsert[T Record](ctx context.Context, tx *Tx, recs []T) (int, error) {
	return upsert(ctx, tx, recs, false)
}

// UpsertDated is Upsert for copies of uncertain age, such as a webhook's: a
// copy without updated_at is stored only when the record is new, never over
// a stored one, because it might be older.
func UpsertDated[T Record](ctx context.Context, tx *Tx, recs []T) (int, error) {
	return upsert(ctx, tx, recs, true)
}

func upsert[T Record](ctx context.Context, tx *Tx, recs []T, dated bool) (int, error) {
	if len(recs) == 0 {
		return 0, nil
	}
	first := recs[0].fields()
	table, nkey := recs[0].Table(), recs[0].keyCols()
	cols := make([]string, len(first))
	for i, f := range first {
		cols[i] = f.name
	}
	sets := make([]string, 0, len(cols)-nkey)
	for _, c := range cols[nkey:] {
		sets = append(sets, fmt.Sprintf("%s = excluded.%s", c, c))
	}
	undated := "excluded.updated_at IS NULL"
	if dated {
		undated = "false"
	}
	differs := make([]string, 0, len(cols)-nkey)
	for _, c := range cols[nkey:] {
		differs = append(differs, fmt.Sprintf("excluded.%s IS NOT %s.%s", c, table, c))
	}
	// The SELECT form lets a tombstone veto the write: a record deleted by
	// a webhook stays deleted unless this copy is newer than the deletion.
	q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s
		WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE resource = '%s' AND key = ? AND deleted_at > coalesce(?, ''))
		ON CONFLICT (%s) DO UPDATE SET %s
		WHERE (%s OR %s.updated_at IS NULL OR excluded.updated_at >= %s.updated_at)
		  AND (%s)`,
		table, strings.Join(cols, ", "), placeholders(len(cols)), table,
		strings.Join(cols[:nkey], ", "), strings.Join(sets, ", "), undated, table, table, strings.Join(differs, " OR "))
	stmt, err := tx.tx.PrepareContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("db: prepare upsert %s: %w", table, err)
	}
	defer stmt.Close()
	changed := 0
	args := make([]any, len(cols)+2)
	updated := slices.Index(cols, "updated_at")
	for _, r := range recs {
		for i, f := range r.fields() {
			args[i] = f.val
		}
		if nkey == 1 && args[0] == int64(0) {
			return changed, fmt.Errorf("db: upsert %s: a record without an id (%s 0)", table, cols[0])
		}
		args[len(cols)] = RecordKey(r)
		args[len(cols)+1] = args[updated]
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return changed, fmt.Errorf("db: upsert %s %v: %w", table, args[:nkey], err)
		}
		n, _ := res.RowsAffected()
		changed += int(n)
	}
	return changed, nil
}

// RecordKey is the text form of a record's key, as sync_seen stores it.
func RecordKey(r Record) string {
	fs := r.fields()[:r.keyCols()]
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprint(f.val)
	}
	return strings.Join(parts, "/")
}

// keyExpr is RecordKey in SQL for a table whose key columns are cols.
func keyExpr(cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "CAST(" + c + " AS TEXT)"
	}
	return strings.Join(parts, " || '/' || ")
}

// keyColumns names each table's key columns, for the sweep after a full pass.
var keyColumns = map[string][]string{}

func init() {
	for _, r := range []Record{Department{}, Office{}, Source{}, RejectionReason{}, CloseReason{}, User{}, Job{}, JobPost{},
		JobInterviewStage{}, JobHiringManager{}, JobOwner{}, Opening{}, Candidate{}, CandidateEducation{}, CandidateEmployment{},
		Application{}, ApplicationStage{}, Attachment{}, Interview{}, Scorecard{}, Offer{}, Note{}, EEOC{}} {
		fs := r.fields()[:r.keyCols()]
		cols := make([]string, len(fs))
		for i, f := range fs {
			cols[i] = f.name
		}
		keyColumns[r.Table()] = cols
	}
}

// Tables lists the tables of synced Greenhouse records.
func Tables() []string {
	return []string{"departments", "offices", "sources", "rejection_reasons", "close_reasons", "users", "jobs", "job_posts",
		"job_interview_stages", "job_hiring_managers", "job_owners", "openings", "candidates", "candidate_educations",
		"candidate_employments", "applications", "application_stages", "attachments", "interviews", "scorecards", "offers", "notes", "eeoc"}
}

// MarkSeen records that a full pass over table saw these records.
func MarkSeen[T Record](ctx context.Context, tx *Tx, recs []T) error {
	if len(recs) == 0 {
		return nil
	}
	stmt, err := tx.tx.PrepareContext(ctx, `INSERT OR IGNORE INTO sync_seen (resource, key) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("db: prepare mark seen: %w", err)
	}
	defer stmt.Close()
	for _, r := range recs {
		if _, err := stmt.ExecContext(ctx, r.Table(), RecordKey(r)); err != nil {
			return fmt.Errorf("db: mark seen %s: %w", r.Table(), err)
		}
	}
	return nil
}

// ClearSeen forgets a table's seen set, at the start of a full pass.
func (tx *Tx) ClearSeen(ctx context.Context, table string) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM sync_seen WHERE resource = ?`, table)
	if err != nil {
		return fmt.Errorf("db: clear seen %s: %w", table, err)
	}
	return nil
}
