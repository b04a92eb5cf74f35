package db_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

// BenchmarkJobsAsViewer lists 500 jobs with their applicant counts as an
// owner (no visibility clauses) and as a recruiter on 20 hiring teams, in a
// company of 50,000 candidates (2% private) with 150,000 applications: the
// cost of Greenhouse's visibility on the Jobs page.
func BenchmarkJobsAsViewer(b *testing.B) {
	ctx := context.Background()
	d := MustOpen(b)
	now := ts("2026-03-01T00:00:00Z")
	r := rand.New(rand.NewPCG(1, 2))
	const nJobs, nCands, appsPer = 500, 50_000, 3
	err := d.Update(ctx, func(tx *db.Tx) error {
		var jobs []db.Job
		var posts []db.JobPost
		var owners []db.JobOwner
		for j := int64(1); j <= nJobs; j++ {
			jobs = append(jobs, db.Job{ID: j, Name: "Job", Status: db.JobOpen, Confidential: j%30 == 0, UpdatedAt: now})
			posts = append(posts, db.JobPost{ID: j, JobID: j, Live: true, UpdatedAt: now})
			if j%25 == 0 {
				owners = append(owners, db.JobOwner{JobID: j, UserID: 7, Type: "recruiter", UpdatedAt: now})
			}
		}
		if _, err := db.Upsert(ctx, tx, jobs); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, posts); err != nil {
			return err
		}
		if _, err := db.Upsert(ctx, tx, owners); err != nil {
			return err
		}
		cands := make([]db.Candidate, 0, nCands)
		apps := make([]db.Application, 0, nCands*appsPer)
		for c := int64(1); c <= nCands; c++ {
			cands = append(cands, db.Candidate{ID: c, Private: r.IntN(50) == 0, UpdatedAt: now})
			for k := int64(0); k < appsPer; k++ {
				apps = append(apps, db.Application{ID: c*appsPer + k, CandidateID: c, JobID: 1 + r.Int64N(nJobs), Status: db.StatusActive, UpdatedAt: now})
			}
		}
		if _, err := db.Upsert(ctx, tx, cands); err != nil {
			return err
		}
		_, err := db.Upsert(ctx, tx, apps)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	recruiter := db.Viewer{GreenhouseUserID: 7}
	for j := int64(25); j <= nJobs; j += 25 {
		recruiter.TeamJobIDs = append(recruiter.TeamJobIDs, j)
	}
	for _, bc := range []struct {
		name string
		v    db.Viewer
	}{{"Owner", db.Everyone}, {"Recruiter", recruiter}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ls, err := d.Jobs(ctx, db.JobFilter{Viewer: bc.v})
				if err != nil || len(ls) == 0 {
					b.Fatal(len(ls), err)
				}
			}
		})
	}
}
