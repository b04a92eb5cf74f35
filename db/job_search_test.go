package db_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// TestJobsLongQuery checks that a job search of any length answers: SQLite
// refuses an expression of ~500 words, and a LIKE pattern over 50,000 bytes.
func TestJobsLongQuery(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := ts("2026-01-10T00:00:00Z")
	err := d.Update(ctx, func(tx *db.Tx) error {
		if _, err := db.Upsert(ctx, tx, []db.Job{
			{ID: 1, Name: "Senior Data Engineer", RequisitionID: "REQ-7", Status: db.JobOpen, OpenedAt: now, UpdatedAt: now},
			{ID: 2, Name: "Staff Nurse", Status: db.JobOpen, OpenedAt: now, UpdatedAt: now},
		}); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, []db.JobPost{
			{ID: 11, JobID: 1, Title: "Data Engineer", Live: true, UpdatedAt: now},
			{ID: 12, JobID: 2, Title: "Nurse", Live: true, UpdatedAt: now},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	filler := make([]string, 1000)
	for i := range filler {
		filler[i] = fmt.Sprintf("word%d", i)
	}
	tests := []struct {
		name  string
		query string
		want  []int64
	}{
		{"ThousandRepeatedWords", strings.Repeat("data engineer ", 500), []int64{1}},
		{"ThousandDistinctWords", "data " + strings.Join(filler, " "), nil},
		{"MatchingWordsFirst", "nurse staff " + strings.Join(filler, " "), nil},
		{"HugeWord", strings.Repeat("x", 60_000), nil},
		// The byte limit drops the word it would split.
		{"HugeWordAfterAMatch", "engineer " + strings.Repeat("%", 60_000), []int64{1}},
		{"ShortQueryStillWorks", "engineer req-7", []int64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, err := d.Jobs(ctx, db.JobFilter{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, j := range jobs {
				got = append(got, j.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("jobs %v, want %v", got, tt.want)
			}
		})
	}
}
