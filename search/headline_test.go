package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestResumeHeadline(t *testing.T) {
	long := strings.Repeat("word ", 40)
	tests := []struct {
		name, resume, want string
	}{
		{"TitleFirst", "SENIOR ACCOUNTANT\nSummary\nDetail-oriented accountant.", "SENIOR ACCOUNTANT Summary"},
		{"BlankLinesSkipped", "\n\n  \nJane Doe\r\n\r\nData Engineer\r\nPython", "Jane Doe Data Engineer"},
		{"OneLine", "Registered Nurse", "Registered Nurse"},
		{"WordBudget", long, strings.TrimSpace(strings.Repeat("word ", headlineWords))},
		{"Empty", " \n\t\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resumeHeadline(tt.resume); got != tt.want {
				t.Errorf("resumeHeadline(%q) = %q, want %q", tt.resume, got, tt.want)
			}
		})
	}
}

func TestSelectTermsHeadline(t *testing.T) {
	st := fakeStats{
		n:   1000,
		df:  map[string]uint64{"python": 50, "engineer": 200, "kubernetes": 10, "rockstar": 3},
		hdf: map[string]uint64{"engineer": 100, "python": 5},
	}
	p := Params{MaxTerms: 1, MinDocFreq: 1, TitleWeight: 3, TFPower: 1, IDFPower: -1, HeadlineWeight: 0.2}
	job := Job{Title: "Python Engineer Rockstar", Text: "Kubernetes Kubernetes Kubernetes Kubernetes Kubernetes Python"}
	q := selectTerms(job, p, englishAnalyzer(), st)

	var total, headline float64
	for _, qt := range q.Terms {
		total += qt.Weight
		headline += qt.Weight - qt.clauseWeight()
	}
	if math.Abs(headline/total-p.HeadlineWeight) > 1e-9 {
		t.Errorf("headline clauses hold %v of the weight, want %v", headline/total, p.HeadlineWeight)
	}
	k8s, _ := find(q, "kubernetes")
	if k8s.HeadlineBoost != 0 || k8s.Boost == 0 {
		t.Errorf("kubernetes (text only, not in the title) = %+v", k8s)
	}
	// MaxTerms 1 keeps kubernetes alone as a text clause: the title's stems
	// that some headline holds become headline-only terms.
	py, ok := find(q, "python")
	if !ok || py.Boost != 0 || py.HeadlineBoost == 0 || py.textClause() || !py.headlineClause() {
		t.Fatalf("python = %+v, want a headline-only term", py)
	}
	if py.TF != 4 || py.DocFreq != 50 || py.HeadlineDocFreq != 5 || py.HeadlineIDF != bm25IDF(1000, 5) {
		t.Errorf("python statistics = %+v", py)
	}
	eng, _ := find(q, "engineer")
	// Each title word counts once: the rarer among headlines weighs more.
	if got, want := py.Weight/eng.Weight, bm25IDF(1000, 5)/bm25IDF(1000, 100); math.Abs(got-want) > 1e-9 {
		t.Errorf("python/engineer headline weight = %v, want the idf ratio %v", got, want)
	}
	if _, ok := find(q, "rockstar"); ok {
		t.Errorf("rockstar is in no headline and beyond MaxTerms: %+v", q.Terms)
	}

	p.HeadlineWeight = 0
	for _, qt := range selectTerms(job, p, englishAnalyzer(), st).Terms {
		if qt.HeadlineBoost != 0 {
			t.Errorf("HeadlineWeight 0: %+v has a headline clause", qt)
		}
	}
}

// company builds a small company of about 30 candidates from a few
// professions, plus extra.
func company(tb testing.TB, extra ...Document) *Index {
	tb.Helper()
	profiles := []string{
		"BACKEND DEVELOPER\nSummary\nJava and Spring services, SQL, REST APIs on AWS and Linux. Microservices, code review.",
		"DATA ANALYST\nSummary\nSQL, Excel and Tableau reporting. Python notebooks for the finance team.",
		"SALES REPRESENTATIVE\nSummary\nB2B sales, prospecting, CRM, quota attainment, account management.",
		"HR GENERALIST\nSummary\nRecruiting, onboarding, payroll and benefits administration, employee relations.",
		"REGISTERED NURSE\nSummary\nPatient care, medication administration, charting, ICU and emergency room.",
	}
	var docs []Document
	for i := 0; i < 29; i++ {
		p := profiles[i%len(profiles)]
		docs = append(docs, Document{ID: int64(i + 1), Resume: fmt.Sprintf("%s Team player, %d years of experience.", p, 2+i%7)})
	}
	docs = append(docs, extra...)
	ix := MustOpen(tb)
	MustRebuild(tb, ix, docs...)
	texts := map[int64]string{}
	for _, d := range docs {
		texts[d.ID] = d.Resume
	}
	ix.SetTextSource(func(_ context.Context, ids []int64) (map[int64]string, error) {
		out := map[int64]string{}
		for _, id := range ids {
			out[id] = texts[id]
		}
		return out, nil
	})
	return ix
}

// A skill one candidate of a small company has must surface them: first
// among their peers, and above the other trades when it is all they share
// with the job. Feedback (a third of the company is ten resumes) must not
// drown it.
func TestRankRareSkillInSmallCompany(t *testing.T) {
	ctx := context.Background()
	ix := company(t,
		Document{ID: 42, Resume: "DATA ANALYST\nSummary\nSQL, Excel and Tableau reporting. Looker dashboards. Python notebooks."},
		Document{ID: 43, Resume: "HR GENERALIST\nSummary\nRecruiting and onboarding. Built Looker dashboards of HR metrics."},
	)
	job := Job{ID: 7, Title: "Data Analyst", Text: "SQL, Excel and Tableau reporting for finance. Looker experience is a must."}
	for _, feedback := range []int{0, DefaultParams().FeedbackDocs} {
		t.Run(fmt.Sprintf("FeedbackDocs=%d", feedback), func(t *testing.T) {
			p := DefaultParams()
			p.FeedbackDocs = feedback
			r, err := ix.Rank(ctx, job, RankOptions{Params: &p})
			if err != nil {
				t.Fatal(err)
			}
			ids := hitIDs(r.Hits)
			if len(ids) == 0 || ids[0] != 42 {
				t.Fatalf("ranking %v: want the analyst who knows Looker (42) first", ids)
			}
			hr := slices.Index(ids, 43)
			if hr < 0 {
				t.Fatalf("ranking %v: the HR generalist who knows Looker (43) is missing", ids)
			}
			for _, h := range r.Hits[:hr] {
				if h.ID != 42 && h.ID%5 != 2 { // the data analysts are profile 1 of 5
					t.Errorf("ranking %v: candidate %d of another trade above the HR generalist who knows Looker", ids, h.ID)
				}
			}
		})
	}
}

// The headline (Greenhouse title or the resume's first lines) weighs the job
// title's words more than the same words further down a resume.
func TestRankHeadline(t *testing.T) {
	ctx := context.Background()
	ix := company(t,
		Document{ID: 101, Title: "Data Engineer", Resume: "Built pipelines in Python and SQL. Airflow, dbt."},
		Document{ID: 102, Resume: "DATA ENGINEER\nSummary\nPipelines in Python and SQL, Airflow."},
		Document{ID: 103, Resume: "SALES MANAGER\nSummary\nRan a sales team. Worked with a data engineer on Python reports, SQL and Airflow."},
	)
	job := Job{ID: 9, Title: "Data Engineer", Text: "Build data pipelines with Python, SQL and Airflow."}
	r, err := ix.Rank(ctx, job, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ids := hitIDs(r.Hits)
	rank := func(id int64) int { return slices.Index(ids, id) }
	if rank(101) < 0 || rank(102) < 0 || rank(103) < 0 || rank(101) > rank(103) || rank(102) > rank(103) {
		t.Errorf("ranking %v: want the data engineers by title (101) and headline (102) above the sales manager (103)", ids)
	}
	eng, ok := find(r.Query, "engineer")
	if !ok || eng.HeadlineBoost == 0 {
		t.Fatalf("engineer = %+v, want a headline clause", eng)
	}
	// One contribution per term, text and headline clauses together.
	for _, h := range r.Hits {
		seen := map[string]bool{}
		for _, m := range h.Matched {
			if seen[m.Term] {
				t.Errorf("hit %d lists %q twice", h.ID, m.Term)
			}
			seen[m.Term] = true
		}
	}
}
