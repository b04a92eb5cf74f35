package search

import (
	"context"
	"math"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

func TestFieldLengths(t *testing.T) {
	ix := MustOpen(t)
	MustRebuild(t, ix,
		// Stop words do not count: "the" and "of".
		Document{ID: 1, Title: "Head of Sales", Resume: "Sales Director\nthe quota\nplanning forecasting"},
		Document{ID: 2, Resume: "Nurse"},
	)
	fl := ix.lengths
	if fl == nil {
		t.Fatal("no field lengths after Rebuild")
	}
	// Text: candidate 1 "head sales" + "sales director quota planning
	// forecasting" = 7, candidate 2 1. Headline: candidate 1 its title and
	// the resume's first two lines (head sales + sales director quota = 5),
	// candidate 2 "nurse".
	if fl.Text != 4 || fl.Headline != 3 || fl.Sampled != 2 {
		t.Errorf("lengths = %+v, want text 4, headline 3 over 2", *fl)
	}

	// Reopening reads them back.
	dir := ix.dir
	ix.Close()
	ix2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if ix2.lengths == nil || *ix2.lengths != *fl {
		t.Errorf("reopened lengths = %+v, want %+v", ix2.lengths, *fl)
	}

	// Bleve derives the average from the cardinality: ⌈card / n⌉.
	p := DefaultParams()
	p.TextLengthScale, p.HeadlineLengthScale = 0.5, 0
	st := fl.bm25Stats(2, p)
	if st.DocCount != 2 || st.FieldCardinality[FieldText] != 4 || st.FieldCardinality[FieldHeadline] != 6 {
		t.Errorf("stats = %+v", st)
	}
	for _, f := range []string{FieldJobs, FieldStatuses} {
		if _, ok := st.FieldCardinality[f]; !ok {
			t.Errorf("no statistics for the filter field %s: Bleve would refuse Applied Only", f)
		}
	}
}

// Scores use the measured average length (times the scale), not Bleve's
// average, which is the number of distinct terms summed over the index's
// segments and so changes with every merge.
func TestScoresUseMeasuredLengths(t *testing.T) {
	ix := MustOpen(t)
	MustRebuild(t, ix,
		Document{ID: 1, Resume: "python python java golang rust"},
		Document{ID: 2, Resume: "python"},
		Document{ID: 3, Resume: "cobol"},
	)
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	card, err := r.(index.BM25Reader).FieldCardinality(FieldText)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []float64{1, 2, 3} {
		p := Params{MaxTerms: 5, MinDocFreq: 1, TFPower: 1, IDFPower: -1, TextLengthScale: scale}
		res, err := ix.Rank(context.Background(), Job{Text: "python"}, RankOptions{Params: &p})
		if err != nil {
			t.Fatal(err)
		}
		// Mean length 7/3; Bleve would use ⌈5 distinct terms / 3⌉ = 2.
		avg := math.Ceil(7.0 / 3 * scale)
		if bleveAvg := math.Ceil(float64(card) / 3); avg == bleveAvg {
			t.Fatalf("scale %v: measured and Bleve's average are both %v; the test proves nothing", scale, avg)
		}
		// One clause: the score is idf × saturation (Bleve's BM25).
		idf := bm25IDF(3, 2)
		want := map[int64]float64{}
		for id, tl := range map[int64][2]float64{1: {2, 5}, 2: {1, 1}} {
			tf, length := math.Sqrt(tl[0]), tl[1]
			want[id] = idf * tf * bsearch.BM25_k1 / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+bsearch.BM25_b*length/avg))
		}
		if len(res.Hits) != 2 {
			t.Fatalf("scale %v: hits %v", scale, hitIDs(res.Hits))
		}
		for _, h := range res.Hits {
			if math.Abs(h.Score-want[h.ID]) > 1e-6*want[h.ID] { // norms are float32
				t.Errorf("scale %v: candidate %d scores %v, want %v", scale, h.ID, h.Score, want[h.ID])
			}
		}
	}
}
