package search

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// team builds a small company: applicants of job 100 and 200 among
// candidates from unrelated fields.
func team(tb testing.TB) *Index {
	tb.Helper()
	ix := MustOpen(tb)
	MustRebuild(tb, ix, teamDocs()...)
	return ix
}

func teamDocs() []Document {
	docs := []Document{
		{ID: 1, Title: "Backend Engineer", Resume: "Go services, Kubernetes operators, Postgres tuning. Go and Kubernetes daily.",
			AppliedJobIDs: []int64{100}, Statuses: []string{StatusKey(100, "active")}},
		{ID: 2, Title: "Platform Engineer", Resume: "Kubernetes clusters, Terraform, AWS. Some Go.",
			AppliedJobIDs: []int64{100, 200}, Statuses: []string{StatusKey(100, "rejected"), StatusKey(200, "active")}},
		{ID: 3, Title: "Data Engineer", Resume: "Python pipelines, Spark, Airflow, Postgres.",
			AppliedJobIDs: []int64{200}, Statuses: []string{StatusKey(200, "active")}},
		{ID: 4, Title: "Pastry Chef", Resume: "Laminated doughs, sourdough, plating, kitchen management."},
		{ID: 5, Title: "Go Developer", Resume: "Go, gRPC, Kubernetes, Prometheus, Postgres. Go Go Go.",
			AppliedJobIDs: []int64{300}, Statuses: []string{StatusKey(300, "active")}},
	}
	fillers := []string{"sales quota pipeline prospecting", "payroll benefits onboarding", "welding fabrication blueprint",
		"classroom curriculum lesson planning", "litigation contracts compliance", "forklift warehouse inventory"}
	for i, f := range fillers {
		for j := 0; j < 3; j++ {
			docs = append(docs, Document{ID: int64(1000 + 10*i + j), Resume: f})
		}
	}
	return docs
}

var goJob = Job{ID: 100, Title: "Senior Go Engineer", Text: "We build Go services on Kubernetes with Postgres. You know Go, Kubernetes and Postgres well."}

func TestRank(t *testing.T) {
	ctx := context.Background()
	ix := team(t)

	all, err := ix.Rank(ctx, goJob, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(all.Hits); len(got) < 3 || got[len(got)-1] == 4 {
		t.Fatalf("hits = %v, want the Go/Kubernetes engineers and not the chef", got)
	}
	if all.Total != uint64(len(all.Hits)) {
		t.Errorf("Total = %d, want %d", all.Total, len(all.Hits))
	}

	t.Run("Curve", func(t *testing.T) {
		if all.Hits[0].Percent != 100 {
			t.Errorf("top percent = %v, want 100", all.Hits[0].Percent)
		}
		for i, h := range all.Hits {
			if want := 100 * h.Score / all.Hits[0].Score; math.Abs(h.Percent-want) > 1e-9 {
				t.Errorf("hit %d percent = %v, want %v", i, h.Percent, want)
			}
			if i > 0 && h.Percent > all.Hits[i-1].Percent {
				t.Errorf("hit %d percent %v above the one before", i, h.Percent)
			}
			if h.Score <= 0 {
				t.Errorf("hit %d raw score %v not kept", i, h.Score)
			}
		}
	})

	t.Run("Explanation", func(t *testing.T) {
		terms := map[string]QueryTerm{}
		for _, q := range all.Query.Terms {
			terms[q.Term] = q
		}
		for _, h := range all.Hits {
			if len(h.Matched) == 0 {
				t.Fatalf("hit %d has no explanation", h.ID)
			}
			var sum float64
			for i, m := range h.Matched {
				q, ok := terms[m.Term]
				if !ok {
					t.Errorf("hit %d: matched %q is not a query term", h.ID, m.Term)
				}
				if m.Weight != q.Weight || m.Contribution <= 0 {
					t.Errorf("hit %d: %+v, query term weight %v", h.ID, m, q.Weight)
				}
				if i > 0 && m.Contribution > h.Matched[i-1].Contribution {
					t.Errorf("hit %d: contributions not sorted", h.ID)
				}
				sum += m.Contribution
			}
			if math.Abs(sum-h.Score) > 1e-9*h.Score {
				t.Errorf("hit %d: contributions sum to %v, score %v", h.ID, sum, h.Score)
			}
		}
		// Candidate 3, a data engineer, knows Postgres only.
		for _, h := range all.Hits {
			var got []string
			for _, m := range h.Matched {
				got = append(got, m.Term)
			}
			slices.Sort(got)
			if h.ID == 3 && strings.Join(got, ",") != "engineer,postgres" {
				t.Errorf("candidate 3 matched %v, want engineer and postgres", got)
			}
		}
	})

	t.Run("AppliedMarked", func(t *testing.T) {
		for _, h := range all.Hits {
			if want := h.ID == 1 || h.ID == 2; h.Applied != want {
				t.Errorf("hit %d Applied = %v, want %v", h.ID, h.Applied, want)
			}
		}
	})

	t.Run("Paging", func(t *testing.T) {
		page, err := ix.Rank(ctx, goJob, RankOptions{Offset: 1, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hitIDs(page.Hits), hitIDs(all.Hits[1:3]); !slices.Equal(got, want) {
			t.Errorf("page = %v, want %v", got, want)
		}
		if page.Total != all.Total {
			t.Errorf("page Total = %d, want %d", page.Total, all.Total)
		}
		if page.Hits[0].Percent != all.Hits[1].Percent {
			t.Errorf("page percent %v, want %v (relative to the ranking's top)", page.Hits[0].Percent, all.Hits[1].Percent)
		}
	})

	t.Run("NoDetails", func(t *testing.T) {
		r, err := ix.Rank(ctx, goJob, RankOptions{NoDetails: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hitIDs(r.Hits), hitIDs(all.Hits)) || r.Hits[0].Matched != nil {
			t.Errorf("NoDetails changed the order or explained: %+v", r.Hits[0])
		}
	})
}

func TestRankAppliedOnly(t *testing.T) {
	ctx := context.Background()
	ix := team(t)
	all, err := ix.Rank(ctx, goJob, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scores := map[int64]float64{}
	for _, h := range all.Hits {
		scores[h.ID] = h.Score
	}

	tests := []struct {
		name   string
		job    int64
		status string
		want   []int64
	}{
		{"Applicants", 100, "", []int64{1, 2}},
		{"Status", 100, "active", []int64{1}},
		{"OtherStatus", 100, "rejected", []int64{2}},
		{"OtherJob", 300, "", []int64{5}},
		{"NoApplicants", 999, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job := goJob
			job.ID = tt.job
			r, err := ix.Rank(ctx, job, RankOptions{AppliedOnly: true, Status: tt.status})
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(r.Hits); !slices.Equal(got, tt.want) {
				t.Fatalf("hits = %v, want %v", got, tt.want)
			}
			for _, h := range r.Hits {
				// The filter adds nothing to the score: the applicants keep
				// their scores and order from the full ranking.
				if math.Abs(h.Score-scores[h.ID]) > 1e-12 {
					t.Errorf("hit %d score %v, unfiltered %v", h.ID, h.Score, scores[h.ID])
				}
				if !h.Applied || len(h.Matched) == 0 {
					t.Errorf("hit %d: Applied %v, Matched %v", h.ID, h.Applied, h.Matched)
				}
			}
			if len(r.Hits) > 0 && r.Hits[0].Percent != 100 {
				t.Errorf("top applicant percent = %v, want 100", r.Hits[0].Percent)
			}
		})
	}
}

func TestRankFeedback(t *testing.T) {
	ctx := context.Background()
	ix := team(t)
	texts := map[int64]string{1: "Go services, Kubernetes operators, Postgres tuning, Prometheus alerts, gRPC APIs"}
	ix.SetTextSource(func(_ context.Context, ids []int64) (map[int64]string, error) {
		out := map[int64]string{}
		for _, id := range ids {
			if t, ok := texts[id]; ok {
				out[id] = t
			}
		}
		return out, nil
	})
	p := DefaultParams()
	p.FeedbackDocs, p.FeedbackTerms, p.FeedbackWeight = 1, 5, 0.5
	q, err := ix.QueryFor(ctx, goJob, p)
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	var sum float64
	for _, qt := range q.Terms {
		if qt.Feedback {
			added = append(added, qt.Term)
		}
		sum += qt.Weight
	}
	if !strings.Contains(strings.Join(added, ","), "prometheus") {
		t.Errorf("feedback terms = %v, want prometheus from the top resume", added)
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("weights sum to %v, want 1 after mixing", sum)
	}
	// The expanded query ranks candidate 5 (Prometheus, gRPC) too.
	r, err := ix.RankQuery(ctx, goJob.ID, q, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(hitIDs(r.Hits), 5) {
		t.Errorf("hits = %v, want candidate 5", hitIDs(r.Hits))
	}
}

func TestSearchText(t *testing.T) {
	ix := team(t)
	r, err := ix.SearchText(context.Background(), 0, "sourdough plating", RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(r.Hits); len(got) != 1 || got[0] != 4 {
		t.Fatalf("hits = %v, want the chef", got)
	}
	if m := r.Hits[0].Matched; len(m) != 2 {
		t.Errorf("matched = %+v, want sourdough and plating", m)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct{ score, top, want float64 }{
		{10, 10, 100},
		{5, 10, 50},
		{0, 10, 0},
		{3, 0, 0},
	}
	for _, tt := range tests {
		if got := percent(tt.score, tt.top); got != tt.want {
			t.Errorf("percent(%v, %v) = %v, want %v", tt.score, tt.top, got, tt.want)
		}
	}
}

// TestRankAppliedOnlyListsEveryApplicant: an applicant whose resume shares
// no term with the job (a pastry chef, or a resume not read yet) is still
// one of the job's applicants: listed last with a zero score under Applied
// Only, and absent from the ranking of everyone.
func TestRankAppliedOnlyListsEveryApplicant(t *testing.T) {
	ctx := context.Background()
	docs := teamDocs()
	for i := range docs {
		if docs[i].ID == 4 {
			docs[i].AppliedJobIDs = []int64{100}
			docs[i].Statuses = []string{StatusKey(100, "active")}
		}
	}
	ix := MustOpen(t)
	MustRebuild(t, ix, docs...)
	r, err := ix.Rank(ctx, goJob, RankOptions{AppliedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(r.Hits); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Fatalf("applicants = %v, want [1 2 4]", got)
	}
	if last := r.Hits[2]; last.Score != 0 || last.Percent != 0 || len(last.Matched) != 0 {
		t.Errorf("the non-matching applicant: %+v, want a zero score and no matched terms", last)
	}
	if r.Total != 3 {
		t.Errorf("total = %d, want 3", r.Total)
	}
	all, err := ix.Rank(ctx, goJob, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(hitIDs(all.Hits), 4) {
		t.Error("the pastry chef is in the ranking of everyone for a Go job")
	}
}

func TestRankAppliedOnlyWithoutQueryTerms(t *testing.T) {
	ix := team(t)
	job := Job{ID: 100, Title: "Zzyzx", Text: ""}
	r, err := ix.Rank(context.Background(), job, RankOptions{AppliedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(r.Hits); !slices.Equal(slices.Sorted(slices.Values(got)), []int64{1, 2}) {
		t.Errorf("applicants = %v, want 1 and 2", got)
	}
	for _, h := range r.Hits {
		if h.Score != 0 || h.Percent != 0 {
			t.Errorf("hit %d: score %v, percent %v, want 0 (nothing to rank by)", h.ID, h.Score, h.Percent)
		}
	}
	all, err := ix.Rank(context.Background(), job, RankOptions{})
	if err != nil || len(all.Hits) != 0 {
		t.Errorf("everyone ranked for a job with no terms: %v, %v", hitIDs(all.Hits), err)
	}
}

// TestRankHidesPrivate: private candidates leave the ranking (and its
// total, so pages stay right) unless they applied to one of the jobs the
// reader may see private candidates of; the rest keep their scores.
func TestRankHidesPrivate(t *testing.T) {
	ctx := context.Background()
	ix := MustOpen(t)
	docs := teamDocs()
	for i := range docs {
		// 2 applied to jobs 100 and 200; 5 to job 300.
		docs[i].Private = docs[i].ID == 2 || docs[i].ID == 5
	}
	MustRebuild(t, ix, docs...)
	all, err := ix.Rank(ctx, goJob, RankOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	scores := map[int64]float64{}
	for _, h := range all.Hits {
		scores[h.ID] = h.Score
	}
	if _, ok := scores[2]; !ok {
		t.Fatal("candidate 2 does not match the job at all: the test proves nothing")
	}
	if _, ok := scores[5]; !ok {
		t.Fatal("candidate 5 does not match the job at all: the test proves nothing")
	}
	cases := []struct {
		name    string
		opts    RankOptions
		without []int64 // hidden among all's hits
	}{
		{"NoTeam", RankOptions{HidePrivate: true}, []int64{2, 5}},
		{"TeamOf300", RankOptions{HidePrivate: true, PrivateJobIDs: []int64{300}}, []int64{2}},
		{"TeamOf200And999", RankOptions{HidePrivate: true, PrivateJobIDs: []int64{999, 200}}, []int64{5}},
		{"BothTeams", RankOptions{HidePrivate: true, PrivateJobIDs: []int64{100, 300}}, nil},
		{"NotHiding", RankOptions{PrivateJobIDs: []int64{}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want []int64
			for _, h := range all.Hits {
				if !slices.Contains(tc.without, h.ID) {
					want = append(want, h.ID)
				}
			}
			opts := tc.opts
			opts.Limit = 100
			r, err := ix.Rank(ctx, goJob, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(r.Hits); !slices.Equal(got, want) {
				t.Fatalf("hits %v, want %v", got, want)
			}
			if r.Total != uint64(len(want)) {
				t.Errorf("Total %d, want %d", r.Total, len(want))
			}
			for _, h := range r.Hits {
				if math.Abs(h.Score-scores[h.ID]) > 1e-9*scores[h.ID] {
					t.Errorf("hit %d scores %v, %v unfiltered", h.ID, h.Score, scores[h.ID])
				}
			}
			// Page by page, the same list.
			var paged []int64
			for off := 0; off < len(want)+1; off++ {
				opts.Offset, opts.Limit = off, 1
				p, err := ix.Rank(ctx, goJob, opts)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != r.Total {
					t.Errorf("page %d: Total %d, want %d", off, p.Total, r.Total)
				}
				paged = append(paged, hitIDs(p.Hits)...)
			}
			if !slices.Equal(paged, want) {
				t.Errorf("paged %v, want %v", paged, want)
			}
		})
	}
	t.Run("AppliedOnly", func(t *testing.T) {
		r, err := ix.Rank(ctx, goJob, RankOptions{AppliedOnly: true, HidePrivate: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(r.Hits); !slices.Equal(got, []int64{1}) || r.Total != 1 {
			t.Fatalf("applicants %v (total %d), want [1]: 2 is private", got, r.Total)
		}
		r, err = ix.Rank(ctx, goJob, RankOptions{AppliedOnly: true, HidePrivate: true, PrivateJobIDs: []int64{100}})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(r.Hits); len(got) != 2 || r.Total != 2 {
			t.Fatalf("applicants %v (total %d), want 1 and 2", got, r.Total)
		}
	})
}
