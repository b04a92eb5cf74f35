package learn_test

import (
	"testing"

	"github.com/shortlist-hq/shortlist/db/sharedtest"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// BenchmarkExtract measures feature extraction for one job's candidates
// from the dev set's resumes (the lexical query is left empty: its terms
// cost little next to the text analysis).
func BenchmarkExtract(b *testing.B) {
	set, err := eval.Load(sharedtest.Path(b, "data", "eval", "category-match-dev.json"))
	if err != nil {
		b.Fatal(err)
	}
	q := set.Queries[0]
	prof := learn.NewProfile(learn.Job{Title: q.Title, Text: q.Text}, search.Query{})
	cands := make([]learn.Candidate, 200)
	for i := range cands {
		cands[i] = learn.FromDocument(search.Document{Resume: set.Documents[i].Text})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		prof.Extract(cands[i%len(cands)], 1, learn.Corpus{})
	}
}
