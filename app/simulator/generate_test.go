package simulator

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestDeterministic(t *testing.T) {
	cfg := Config{Seed: 7, Candidates: 400, Epoch: testEpoch, Now: func() time.Time { return testEpoch }}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := a.Snapshot(), b.Snapshot()
	ja, _ := json.Marshal(sa)
	jb, _ := json.Marshal(sb)
	if !bytes.Equal(ja, jb) {
		t.Fatal("same seed produced different records")
	}
	for _, att := range sa.Attachments[:20] {
		fa, _, err := a.AttachmentFile(att.ID)
		if err != nil {
			t.Fatal(err)
		}
		fb, _, _ := b.AttachmentFile(att.ID)
		if !bytes.Equal(fa, fb) {
			t.Fatalf("attachment %d (%s) differs between runs", att.ID, att.Format)
		}
	}
	for _, res := range Resources() {
		ra, _ := a.V3JSON(res, "http://x")
		rb, _ := b.V3JSON(res, "http://x")
		if len(ra) != len(rb) {
			t.Fatalf("%s: %d vs %d records", res, len(ra), len(rb))
		}
	}
	// Step is deterministic too.
	ea, eb := a.Step(30), b.Step(30)
	for i := range ea {
		if ea[i].Action != eb[i].Action || !bytes.Equal(ea[i].Payload, eb[i].Payload) {
			t.Fatalf("step %d differs: %s vs %s", i, ea[i].Action, eb[i].Action)
		}
	}

	cfg.Seed = 8
	c, _ := New(cfg)
	jc, _ := json.Marshal(c.Snapshot())
	if bytes.Equal(ja, jc) {
		t.Fatal("different seeds produced the same records")
	}
}

// TestHistoryConsistent checks invariants a real tenant satisfies.
func TestHistoryConsistent(t *testing.T) {
	s, err := New(Config{Seed: 3, Candidates: 1500, Epoch: testEpoch})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	stages := map[int64]JobInterviewStage{}
	for _, st := range snap.JobInterviewStages {
		stages[st.ID] = st
	}
	checkMeta := func(kind string, m Meta, prev *Meta) {
		t.Helper()
		if m.CreatedAt.IsZero() || m.UpdatedAt.Before(m.CreatedAt) {
			t.Errorf("%s %d: created %v updated %v", kind, m.ID, m.CreatedAt, m.UpdatedAt)
		}
		if m.UpdatedAt.After(testEpoch) {
			t.Errorf("%s %d: updated_at %v after epoch", kind, m.ID, m.UpdatedAt)
		}
		if !m.CreatedAt.Equal(m.CreatedAt.Truncate(time.Millisecond)) {
			t.Errorf("%s %d: timestamps must have millisecond precision", kind, m.ID)
		}
		if prev != nil && (m.ID <= prev.ID || m.CreatedAt.Before(prev.CreatedAt)) {
			t.Errorf("%s %d: ids must grow with created_at (previous %d)", kind, m.ID, prev.ID)
		}
	}
	var prev *Meta
	for i, c := range snap.Candidates {
		checkMeta("candidate", c.Meta, prev)
		prev = &snap.Candidates[i].Meta
		if c.LastActivityAt.Before(c.CreatedAt) {
			t.Errorf("candidate %d: last activity before creation", c.ID)
		}
	}
	prev = nil
	appsByCand := map[int64]int{}
	statuses := map[string]int{}
	for i, a := range snap.Applications {
		checkMeta("application", a.Meta, prev)
		prev = &snap.Applications[i].Meta
		appsByCand[a.CandidateID]++
		statuses[a.Status]++
		switch a.Status {
		case StatusRejected:
			if a.RejectedAt.IsZero() || a.RejectionReasonID == 0 {
				t.Errorf("application %d: rejected without time or reason", a.ID)
			}
		case StatusActive, StatusHired:
			if !a.RejectedAt.IsZero() {
				t.Errorf("application %d: %s with rejected_at", a.ID, a.Status)
			}
		}
		if !a.Prospect {
			if st, ok := stages[a.StageID]; !ok || st.JobID != a.JobID {
				t.Errorf("application %d: stage %d is not a stage of job %d", a.ID, a.StageID, a.JobID)
			}
		}
	}
	for _, c := range snap.Candidates {
		if appsByCand[c.ID] == 0 {
			t.Errorf("candidate %d has no application", c.ID)
		}
	}
	for _, k := range []string{StatusActive, StatusRejected, StatusHired} {
		if statuses[k] == 0 {
			t.Errorf("no %s applications: %v", k, statuses)
		}
	}
	prev = nil
	for i, as := range snap.ApplicationStages {
		checkMeta("application_stage", as.Meta, prev)
		prev = &snap.ApplicationStages[i].Meta
		if !as.ExitedAt.IsZero() && as.ExitedAt.Before(as.EnteredAt) {
			t.Errorf("application_stage %d exits before it enters", as.ID)
		}
	}
	hired := map[int64]bool{}
	for _, a := range snap.Applications {
		if a.Status == StatusHired {
			hired[a.ID] = true
		}
	}
	filled := 0
	for _, o := range snap.Openings {
		if o.ApplicationID != 0 {
			filled++
			if !hired[o.ApplicationID] || o.Open() {
				t.Errorf("opening %d filled by %d, which is not hired", o.ID, o.ApplicationID)
			}
		}
	}
	if filled != len(hired) {
		t.Errorf("%d hires but %d filled openings", len(hired), filled)
	}
	for _, sc := range snap.Scorecards {
		if !slices.Contains([]string{"strong_no", "no", "yes", "strong_yes", "no_decision"}, sc.Rating) || sc.InterviewID == 0 {
			t.Errorf("scorecard %d: rating %q interview %d", sc.ID, sc.Rating, sc.InterviewID)
		}
	}
	for _, att := range snap.Attachments {
		if !slices.Contains([]string{"pdf", "docx", "txt"}, att.Format) {
			t.Errorf("attachment %d: format %q", att.ID, att.Format)
		}
	}
}

// TestRatingsFollowFit checks that interviewers rate strong matches
// higher, which ranking evaluations rely on.
func TestRatingsFollowFit(t *testing.T) {
	s, err := New(Config{Seed: 5, Candidates: 3000, Epoch: testEpoch})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	fitOf := map[int64]float64{}
	for _, a := range snap.Applications {
		fitOf[a.ID] = a.fit.merit
	}
	var hi, lo, nhi, nlo float64
	for _, sc := range snap.Scorecards {
		v := ratingScore[sc.Rating]
		if fitOf[sc.ApplicationID] >= 0.7 {
			hi, nhi = hi+v, nhi+1
		} else if fitOf[sc.ApplicationID] < 0.5 {
			lo, nlo = lo+v, nlo+1
		}
	}
	if nhi == 0 || nlo == 0 || hi/nhi <= lo/nlo+0.3 {
		t.Fatalf("mean rating for strong fits %.2f (n=%v), weak fits %.2f (n=%v)", hi/nhi, nhi, lo/nlo, nlo)
	}
	// Candidates mostly apply within their family.
	fam := map[int64]string{}
	for _, c := range snap.Candidates {
		fam[c.ID] = c.Family
	}
	jobFam := map[int64]string{}
	for _, j := range snap.Jobs {
		jobFam[j.ID] = j.Family
	}
	same, total := 0, 0
	for _, a := range snap.Applications {
		if a.JobID != 0 {
			total++
			if fam[a.CandidateID] == jobFam[a.JobID] {
				same++
			}
		}
	}
	if share := float64(same) / float64(total); share < 0.45 || share > 0.9 {
		t.Fatalf("share of applications within the candidate's family = %.2f", share)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := New(Config{Seed: int64(1), Candidates: 20000, Epoch: testEpoch}); err != nil {
			b.Fatal(err)
		}
	}
}
