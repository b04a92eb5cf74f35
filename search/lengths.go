package search

import (
	"encoding/json"
	"math"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// BM25 normalises a term's frequency by the resume's length over the
// average length. Bleve computes that average as the field's "cardinality"
// over the document count, and scorch's cardinality is the number of
// distinct terms summed over the index's segments, not the number of
// tokens: 24 for the eval set's resumes, whose true average is 616 analysed
// tokens, and it changes whenever segments merge, so the same query ranked
// differently before and after a background merge (and at 100k candidates
// the vocabulary grows far slower than the token count). The ranker instead
// measures the average analysed length of the ranked fields when the index
// is built and hands Bleve those statistics with every search (a BM25
// "presearch"), which makes scores stable. How strongly length is
// normalised is then a measured choice (Params.TextLengthScale and
// Params.HeadlineLengthScale scale the average): the textbook value (1)
// favours long resumes, and the strong normalisation Bleve's small average
// happened to give ranks better. Index and Delete leave the measured
// averages alone (the average of thousands of resumes barely moves); the
// next Rebuild measures again. An index without them (never rebuilt) falls
// back to Bleve's statistics.

// keyFieldLengths is the internal metadata key of the measured lengths.
var keyFieldLengths = []byte("shortlist:field_lengths")

// fieldLengths are the average analysed lengths (tokens after stop words)
// of the ranked fields, measured by Rebuild.
type fieldLengths struct {
	Text     float64 `json:"text"`
	Headline float64 `json:"headline"`
	// Sampled is how many candidates were measured.
	Sampled int `json:"sampled"`
}

func parseFieldLengths(b []byte) *fieldLengths {
	var fl fieldLengths
	if len(b) == 0 || json.Unmarshal(b, &fl) != nil || fl.Sampled == 0 || fl.Text <= 0 {
		return nil
	}
	return &fl
}

// Length sampling: every candidate up to lengthSampleAll, then one in
// lengthSampleEvery, so a rebuild analyses about 1/32 of a large index twice
// (Bleve analyses every candidate once); the average of a thousand resumes
// is as good as that of all of them.
const (
	lengthSampleAll   = 1024
	lengthSampleEvery = 32
)

// lengthSampler accumulates the lengths of sampled documents.
type lengthSampler struct {
	analyze analyzerFunc
	mu      sync.Mutex
	text    float64
	head    float64
	n       int
}

func sampled(seq int) bool {
	return seq < lengthSampleAll || seq%lengthSampleEvery == 0
}

// add measures d.
func (ls *lengthSampler) add(d *Document) {
	f := d.fields()
	var text, head int
	for _, s := range f.Text {
		text += len(ls.analyze(s))
	}
	for _, s := range f.Headline {
		head += len(ls.analyze(s))
	}
	ls.mu.Lock()
	ls.text += float64(text)
	ls.head += float64(head)
	ls.n++
	ls.mu.Unlock()
}

// result returns the averages, or nil when nothing was sampled.
func (ls *lengthSampler) result() *fieldLengths {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.n == 0 || ls.text == 0 {
		return nil
	}
	return &fieldLengths{Text: ls.text / float64(ls.n), Headline: ls.head / float64(ls.n), Sampled: ls.n}
}

// bm25Stats returns the collection statistics Bleve's BM25 is to use for an
// index of n candidates, or nil (Bleve's own) when the lengths are unknown.
// Bleve derives the average length as ⌈cardinality / n⌉ and requires an
// entry for every field a term query reads, the filters' keyword fields
// included (their zero-boost clauses score nothing).
func (fl *fieldLengths) bm25Stats(n uint64, p Params) *bsearch.BM25Stats {
	if fl == nil || n == 0 {
		return nil
	}
	card := func(avg, scale float64) int {
		if scale <= 0 {
			scale = 1
		}
		return int(math.Round(max(avg*scale, 1) * float64(n)))
	}
	return &bsearch.BM25Stats{
		DocCount: float64(n),
		FieldCardinality: map[string]int{
			FieldText:     card(fl.Text, p.TextLengthScale),
			FieldHeadline: card(fl.Headline, p.HeadlineLengthScale),
			FieldJobs:     int(n),
			FieldStatuses: int(n),
		},
	}
}

// AverageLengths returns the average analysed length of the text and
// headline fields measured by the last Rebuild, or zeros when the index was
// never rebuilt.
func (ix *Index) AverageLengths() (text, headline float64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.lengths == nil {
		return 0, 0
	}
	return ix.lengths.Text, ix.lengths.Headline
}
