// Package learntest plants a hiring history in a database for the learned
// ranker's tests: jobs with interview plans and posts, applicants with
// resumes and positions, and the team's decisions on them, either
// following a signal the lexical ranker cannot see (years in the role) or
// drawn at random. It does not depend on how the simulator decides.
package learntest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// Labels say how the planted team decides.
type Labels int

const (
	// Signal: an applicant is interviewed when they have held the job's
	// role for at least five years, as the post asks, and rejected in
	// review otherwise (one decision in twenty goes the other way). The
	// resumes' skills, which the lexical ranker reads, are drawn
	// independently of it.
	Signal Labels = iota
	// Noise: interviews and rejections are drawn at random.
	Noise
)

// Config shapes a planted history.
type Config struct {
	// Jobs and Applicants (per job); defaults 12 and 30.
	Jobs, Applicants int
	Labels           Labels
	Seed             uint64
	// Start is the first application; decisions follow over Days days
	// (defaults 2025-01-01 and 120).
	Start time.Time
	Days  int
	// IDBase offsets every planted id, so two plantings can share a
	// database (0 plants from 1).
	IDBase int64
}

// World is what was planted.
type World struct {
	JobIDs []int64
	// Applications are the planted applications by id, with how they were
	// decided.
	Applications map[int64]Planted
	// Stages are each job's interview plan stage ids, by sort order.
	Stages map[int64][]int64
	// Resumes are the planted resume texts by candidate.
	Resumes map[int64]string
}

// Planted is one planted application.
type Planted struct {
	ID, CandidateID, JobID int64
	Interviewed            bool
	Decided                time.Time
	// Years is how long the applicant has held the job's role.
	Years int
}

var roles = []struct {
	title  string
	skills []string
}{
	{"Data Engineer", []string{"spark", "airflow", "kafka", "python", "warehouse", "dbt", "scala"}},
	{"Registered Nurse", []string{"triage", "telemetry", "charting", "medication", "icu", "wound", "phlebotomy"}},
	{"Accountant", []string{"reconciliation", "ledger", "audit", "tax", "payroll", "gaap", "invoicing"}},
	{"Line Cook", []string{"grill", "prep", "sauces", "plating", "butchery", "sanitation", "saute"}},
	{"Electrician", []string{"wiring", "conduit", "panels", "troubleshooting", "blueprints", "osha", "voltage"}},
	{"Recruiter", []string{"sourcing", "interviewing", "onboarding", "ats", "negotiation", "pipeline", "branding"}},
}

// Plant writes a history into d and returns what it planted. The search
// index must be brought up to date afterwards (the planted rows are in the
// index outbox).
func Plant(tb testing.TB, d *db.DB, cfg Config) World {
	tb.Helper()
	if cfg.Jobs == 0 {
		cfg.Jobs = 12
	}
	if cfg.Applicants == 0 {
		cfg.Applicants = 30
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if cfg.Days == 0 {
		cfg.Days = 120
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 42))
	ctx := context.Background()
	w := World{Applications: map[int64]Planted{}, Stages: map[int64][]int64{}, Resumes: map[int64]string{}}
	base := cfg.IDBase
	err := d.Update(ctx, func(tx *db.Tx) error {
		for j := 0; j < cfg.Jobs; j++ {
			role := roles[j%len(roles)]
			jobID := base + int64(j+1)
			w.JobIDs = append(w.JobIDs, jobID)
			title := role.title
			if j >= len(roles) {
				title = "Senior " + title
			}
			if _, err := db.Upsert(ctx, tx, []db.Job{{ID: jobID, Name: title, Status: db.JobOpen, OpenedAt: cfg.Start, UpdatedAt: cfg.Start}}); err != nil {
				return err
			}
			post := fmt.Sprintf("<p>We are hiring a %s.</p><ul><li>5+ years of experience as a %s</li>", title, strings.ToLower(role.title))
			for _, s := range role.skills {
				post += "<li>" + s + "</li>"
			}
			post += "</ul>"
			if _, err := db.Upsert(ctx, tx, []db.JobPost{{ID: jobID, JobID: jobID, Title: title, Live: true, Active: true, Content: post,
				UpdatedAt: cfg.Start}}); err != nil {
				return err
			}
			var stages []db.JobInterviewStage
			for s, name := range []string{"Application Review", "Recruiter Screen", "Onsite", "Offer"} {
				id := jobID*10 + int64(s)
				stages = append(stages, db.JobInterviewStage{ID: id, JobID: jobID, Name: name, SortOrder: s, Active: true, UpdatedAt: cfg.Start})
				w.Stages[jobID] = append(w.Stages[jobID], id)
			}
			if _, err := db.Upsert(ctx, tx, stages); err != nil {
				return err
			}
		}
		for k := 0; k < cfg.Applicants; k++ {
			for j := 0; j < cfg.Jobs; j++ {
				if err := plantApplicant(ctx, tx, rng, cfg, &w, j, k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("learntest: plant: %v", err)
	}
	plantResumes(tb, d, w)
	return w
}

func plantApplicant(ctx context.Context, tx *db.Tx, rng *rand.Rand, cfg Config, w *World, j, k int) error {
	role := roles[j%len(roles)]
	jobID := w.JobIDs[j]
	n := int64(k*cfg.Jobs + j + 1)
	candID, appID := cfg.IDBase+100_000+n, cfg.IDBase+200_000+n
	// Applications arrive evenly over the period, every job's interleaved.
	span := time.Duration(cfg.Days) * 24 * time.Hour
	applied := cfg.Start.Add(span * time.Duration(k*cfg.Jobs+j) / time.Duration(cfg.Applicants*cfg.Jobs))
	decided := applied.Add(48 * time.Hour)
	years := 1 + rng.IntN(9)
	var interviewed bool
	switch cfg.Labels {
	case Signal:
		interviewed = years >= 5
		if rng.Float64() < 0.05 {
			interviewed = !interviewed
		}
	case Noise:
		interviewed = rng.Float64() < 0.5
	}
	first, last := names[rng.IntN(len(names))], names[rng.IntN(len(names))]
	if _, err := db.Upsert(ctx, tx, []db.Candidate{{ID: candID, FirstName: first, LastName: last, Title: role.title,
		EmailAddresses: []db.Contact{{Value: strings.ToLower(first) + "@example.com", Type: "personal"}},
		CreatedAt:      applied, UpdatedAt: applied}}); err != nil {
		return err
	}
	// The role held now, for years; an earlier, unrelated one before it.
	started := cfg.Start.AddDate(-years, 0, 0)
	if _, err := db.Upsert(ctx, tx, []db.CandidateEmployment{
		{ID: candID*10 + 1, CandidateID: candID, CompanyName: "Acme", Title: role.title, StartDate: started, UpdatedAt: applied},
		{ID: candID*10 + 2, CandidateID: candID, CompanyName: "Shop", Title: "Sales Associate", StartDate: started.AddDate(-2, 0, 0),
			EndDate: started, UpdatedAt: applied},
	}); err != nil {
		return err
	}
	a := db.Application{ID: appID, CandidateID: candID, JobID: jobID, Status: db.StatusActive, StageID: w.Stages[jobID][0],
		CreatedAt: applied, LastActivityAt: decided, UpdatedAt: decided}
	visits := []db.ApplicationStage{{ID: appID*10 + 0, ApplicationID: appID, JobInterviewStageID: w.Stages[jobID][0], EnteredAt: applied,
		UpdatedAt: decided}}
	if interviewed {
		a.StageID = w.Stages[jobID][1]
		visits[0].ExitedAt = decided
		visits = append(visits, db.ApplicationStage{ID: appID*10 + 1, ApplicationID: appID, JobInterviewStageID: w.Stages[jobID][1],
			EnteredAt: decided, Current: true, UpdatedAt: decided})
	} else {
		a.Status, a.RejectedAt = db.StatusRejected, decided
	}
	if _, err := db.Upsert(ctx, tx, []db.Application{a}); err != nil {
		return err
	}
	if _, err := db.Upsert(ctx, tx, visits); err != nil {
		return err
	}
	// The resume: the role, a random share of the job's skills (what the
	// lexical ranker reads), filler.
	skills := append([]string(nil), role.skills...)
	rng.Shuffle(len(skills), func(a, b int) { skills[a], skills[b] = skills[b], skills[a] })
	skills = skills[:2+rng.IntN(len(skills)-1)]
	resume := fmt.Sprintf("%s %s\n%s@example.com\n%s\nSummary\n%s working with %s.\nExperience\n%s, Acme\nTeam player, reliable, %s.\nSkills\n%s\n",
		first, last, strings.ToLower(first), strings.ToUpper(role.title), role.title, strings.Join(skills, ", "), role.title,
		fillers[rng.IntN(len(fillers))], strings.Join(skills, ", "))
	_, err := db.Upsert(ctx, tx, []db.Attachment{{CandidateID: candID, ApplicationID: appID, Type: db.AttachmentResume,
		Filename: fmt.Sprintf("resume-%d.txt", candID), URL: "https://files.example/" + fmt.Sprint(candID), CreatedAt: applied, UpdatedAt: applied}})
	if err == nil {
		w.Resumes[candID] = resume
		w.Applications[appID] = Planted{ID: appID, CandidateID: candID, JobID: jobID, Interviewed: interviewed, Decided: decided, Years: years}
	}
	return err
}

// plantResumes stores each planted resume's text as extracted.
func plantResumes(tb testing.TB, d *db.DB, w World) {
	tb.Helper()
	ctx := context.Background()
	for {
		atts, err := d.PendingResumes(ctx, 500)
		if err != nil {
			tb.Fatalf("learntest: resumes: %v", err)
		}
		if len(atts) == 0 {
			return
		}
		for _, a := range atts {
			if err := d.SaveAttachmentText(ctx, db.AttachmentText{AttachmentID: a.ID, Status: db.TextOK, Text: w.Resumes[a.CandidateID],
				ExtractedAt: a.CreatedAt}); err != nil {
				tb.Fatalf("learntest: resume text: %v", err)
			}
		}
	}
}

var (
	names   = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret", "Dennis"}
	fillers = []string{"detail oriented", "fast learner", "calm under pressure", "good communicator", "organised"}
)
