package search

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// token is one analysed word: its stem, its position among the text's words
// (stop words still count, so phrase gaps are visible) and its byte span in
// the input.
type token struct {
	stem       string
	pos        int
	start, end int
}

// analyzerFunc turns text into stems.
type analyzerFunc func(text string) []token

func newAnalyzer(a analysis.Analyzer) analyzerFunc {
	return func(text string) []token {
		ts := a.Analyze([]byte(text))
		out := make([]token, 0, len(ts))
		for _, t := range ts {
			out = append(out, token{stem: string(t.Term), pos: t.Position, start: t.Start, end: t.End})
		}
		return out
	}
}

// maxPairGap is the largest position difference of two stems that form a
// multi-word term: adjacent words, or words with one stop word between
// ("bachelor of science").
const maxPairGap = 2

// englishAnalyzer is the index's text analyzer without an index, for the
// sentence matcher and for tests. Bleve's analyzers are safe for concurrent
// use.
var englishAnalyzer = sync.OnceValue(func() analyzerFunc {
	return newAnalyzer(buildMapping().AnalyzerNamed(textAnalyzer))
})

// usefulStem reports whether a stem can carry meaning in a query: at least two
// characters and not a bare number (years, salary figures, phone numbers).
func usefulStem(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' && r != ',' {
			return true
		}
	}
	return false
}

// Terms returns text's terms as the index analyses them (lower case, stop
// words dropped, no stemming), leaving out bare numbers and one-letter
// words, which no query holds. Feature extractors (search/learn) use it so
// their terms are the index's.
func Terms(text string) []string {
	toks := englishAnalyzer()(text)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if usefulStem(t.stem) {
			out = append(out, t.stem)
		}
	}
	return out
}

// ResumeHeadline returns the part of a resume the headline field indexes:
// its first non-empty lines, where people state their role.
func ResumeHeadline(resume string) string { return resumeHeadline(resume) }
