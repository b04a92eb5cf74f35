package learn_test

import (
	"testing"

	"github.com/shortlist-hq/shortlist/db/sharedtest"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/eval"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// BenchmarkExtractList measures feature extraction for one job's list of
// learn.DefaultDepth candidates from the dev set's resumes, Candidates
// built beforehand (the app caches them); the lexical query is left empty:
// its terms cost little next to the text analysis.
func BenchmarkExtractList(b *testing.B) {
	set, err := eval.Load(sharedtest.Path(b, "data", "eval", "category-match-dev.json"))
	if err != nil {
		b.Fatal(err)
	}
	q := set.Queries[0]
	prof := learn.NewProfile(learn.Job{Title: q.Title, Text: q.Text}, search.Query{})
	cands := make([]learn.Candidate, learn.DefaultDepth)
	lex := make([]float64, len(cands))
	for i := range cands {
		cands[i] = learn.FromDocument(search.Document{Resume: set.Documents[i].Text})
		lex[i] = float64(len(cands) - i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		prof.ExtractList(cands, lex, learn.Corpus{})
	}
}

// BenchmarkCombineList measures what is left of feature extraction for a
// list of learn.DefaultDepth candidates once their Owns are cached: the
// lexical scores and the list features.
func BenchmarkCombineList(b *testing.B) {
	set, err := eval.Load(sharedtest.Path(b, "data", "eval", "category-match-dev.json"))
	if err != nil {
		b.Fatal(err)
	}
	q := set.Queries[0]
	prof := learn.NewProfile(learn.Job{Title: q.Title, Text: q.Text}, search.Query{})
	owns := make([]*learn.Own, learn.DefaultDepth)
	lex := make([]float64, len(owns))
	for i := range owns {
		owns[i] = prof.ExtractOwn(learn.FromDocument(search.Document{Resume: set.Documents[i].Text}), learn.Corpus{})
		lex[i] = float64(len(owns) - i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		learn.CombineList(owns, lex)
	}
}
