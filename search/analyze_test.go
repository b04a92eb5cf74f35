package search

import (
	"context"
	"slices"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		// No stemming: the skill nouns stay apart from the verbs.
		{"Auditing, reporting and the company's engineers", []string{"auditing", "reporting", "company", "engineers"}},
		{"Search engine optimization", []string{"search", "engine", "optimization"}},
		{"5 years of SQL in 2019; a b", []string{"years", "sql"}},
		{"", []string{}},
	}
	for _, tt := range tests {
		if got := Terms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestSkillNounsAreNotStemmed ranks a skill list against resumes that use
// the skill and resumes that only share a stem with it: under Porter
// stemming "engine" matched every "engineer" and "auditing" every "audit".
func TestSkillNounsAreNotStemmed(t *testing.T) {
	ix := MustOpen(t)
	MustRebuild(t, ix,
		Document{ID: 1, Resume: "SEO SPECIALIST\nSearch engine optimization and keyword research."},
		Document{ID: 2, Resume: "MECHANICAL ENGINEER\nEngineering design, engineers team lead."},
		Document{ID: 3, Resume: "INTERNAL AUDITOR\nAuditing of financial statements."},
		Document{ID: 4, Resume: "CLERK\nWill audit receipts."},
		Document{ID: 5, Resume: "PASTRY CHEF\nPlating and doughs."},
	)
	for _, tt := range []struct {
		job       Job
		want, not int64
	}{
		{Job{Title: "SEO", Text: "search engine optimization; seo"}, 1, 2},
		{Job{Title: "Auditing", Text: "auditing; financial statements"}, 3, 4},
	} {
		r, err := ix.Rank(context.Background(), tt.job, RankOptions{NoDetails: true})
		if err != nil {
			t.Fatal(err)
		}
		ids := hitIDs(r.Hits)
		if len(ids) == 0 || ids[0] != tt.want || slices.Contains(ids, tt.not) {
			t.Errorf("%q ranks %v, want %d first and no %d", tt.job.Text, ids, tt.want, tt.not)
		}
	}
	if text, headline := ix.AverageLengths(); text <= 0 || headline <= 0 {
		t.Errorf("average lengths %v, %v after a rebuild", text, headline)
	}
}
