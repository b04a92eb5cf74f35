package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Explanations are computed from the index's postings rather than with
// Bleve's Explain option, which formats an explanation tree for every term of
// every candidate it scores (6 ms for a 50-hit page at 10k candidates; 1.6 ms
// here). scoreDocs recomputes Bleve's BM25 score of a query for a few
// candidates, clause by clause, by walking each stem's postings to just
// those candidates. The formula is Bleve's (scorer.TermQueryScorer, DisjunctionQueryScorer);
// TestExplainMatchesBleve keeps the two in step.

// docScores holds the scores of a query's clauses in a set of candidates.
type docScores struct {
	ids   []string
	score []float64   // the query's score per candidate (0: no clause matched)
	raw   [][]float64 // per candidate, per clause of the query, coord included
}

// scoreDocs scores q's clauses in the candidates ids (missing ones score 0).
func scoreDocs(ctx context.Context, r index.IndexReader, q Query, ids []string, stats *bsearch.BM25Stats) (*docScores, error) {
	type doc struct {
		i   int // position in ids
		iid index.IndexInternalID
	}
	docs := make([]doc, 0, len(ids))
	for i, id := range ids {
		iid, err := r.InternalID(id)
		if err != nil || iid == nil {
			continue // deleted since the search
		}
		docs = append(docs, doc{i, iid})
	}
	// Term readers only move forward.
	sort.Slice(docs, func(a, b int) bool { return docs[a].iid.Compare(docs[b].iid) < 0 })
	iids := make([]index.IndexInternalID, len(docs))
	for k, d := range docs {
		iids[k] = d.iid
	}

	models := map[string]bm25Model{}
	model := func(field string) (bm25Model, error) {
		if m, ok := models[field]; ok {
			return m, nil
		}
		m, err := newBM25Model(r, field, stats)
		if err != nil {
			return m, err
		}
		models[field] = m
		return m, nil
	}
	type stemScores struct {
		idf float64
		sat []float64 // per doc (in docs order); NaN when absent
	}
	type fieldStem struct{ field, stem string }
	stems := map[fieldStem]*stemScores{}
	load := func(field, s string) error {
		if stems[fieldStem{field, s}] != nil {
			return nil
		}
		m, err := model(field)
		if err != nil {
			return err
		}
		ss := &stemScores{sat: make([]float64, len(docs))}
		for k := range ss.sat {
			ss.sat[k] = math.NaN()
		}
		df, err := postings(ctx, r, field, s, iids, func(k int, tfd *index.TermFieldDoc) {
			ss.sat[k] = m.saturation(tfd)
		})
		if err != nil {
			return err
		}
		ss.idf = bm25IDF(m.n, df)
		stems[fieldStem{field, s}] = ss
		return nil
	}
	// A term's clauses (see Query.bleveQuery): its text clause (for a
	// phrase, a conjunction) unless the term is headline-only, and its
	// headline clause if it has one. Its contribution is their sum.
	type clause struct {
		term  int
		field string
		stems []string
		boost float64
	}
	var cls []clause
	for i, t := range q.Terms {
		if t.textClause() {
			cls = append(cls, clause{i, FieldText, strings.Fields(t.Stem), t.Boost})
		}
		if t.headlineClause() {
			cls = append(cls, clause{i, FieldHeadline, strings.Fields(t.Stem), t.HeadlineBoost})
		}
	}
	for _, c := range cls {
		for _, s := range c.stems {
			if err := load(c.field, s); err != nil {
				return nil, err
			}
		}
	}

	// Bleve multiplies each term score by boost × idf × queryNorm, with
	// queryNorm = 1/√Σ(boost × idf)² over every term of the query, and the
	// disjunction's sum by coord = matched clauses / clauses.
	var sumSq, clauses float64
	for _, c := range cls {
		copies := q.Terms[c.term].copies()
		for _, s := range c.stems {
			w := c.boost * stems[fieldStem{c.field, s}].idf
			sumSq += copies * w * w
		}
		clauses += copies
	}
	qnorm := 1.0
	if sumSq > 0 {
		qnorm = 1 / math.Sqrt(sumSq)
	}

	ds := &docScores{ids: ids, score: make([]float64, len(ids)), raw: make([][]float64, len(ids))}
	for k, d := range docs {
		raw := make([]float64, len(q.Terms))
		var matched, sum float64
		for _, c := range cls {
			copies := q.Terms[c.term].copies()
			var v float64
			all := true
			for _, s := range c.stems {
				ss := stems[fieldStem{c.field, s}]
				if math.IsNaN(ss.sat[k]) {
					all = false
					break
				}
				v += copies * c.boost * ss.idf * qnorm * ss.idf * ss.sat[k]
			}
			if all && v > 0 {
				raw[c.term] += v
				matched += copies
			}
		}
		coord := matched / clauses
		for c := range raw {
			raw[c] *= coord
			sum += raw[c]
		}
		ds.raw[d.i], ds.score[d.i] = raw, sum
	}
	return ds, nil
}

// contributions lists the clauses candidate i matched, largest first, scaled
// so they sum to score (the score shown, which differs from the recomputed
// one by float rounding at most).
func (ds *docScores) contributions(q Query, i int, score float64) []TermContribution {
	var out []TermContribution
	for c, v := range ds.raw[i] {
		if v == 0 {
			continue
		}
		t := q.Terms[c]
		out = append(out, TermContribution{Term: t.Term, Phrase: t.Phrase, Weight: t.Weight, Contribution: v})
	}
	if sum := ds.score[i]; sum > 0 && score > 0 {
		for k := range out {
			out[k].Contribution *= score / sum
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Contribution > out[b].Contribution })
	return out
}

// pageExplanation is what explainPage finds out about a page of hits, by
// document id.
type pageExplanation struct {
	matched map[string][]TermContribution
	applied map[string]bool
	// computed is the score recomputed from the postings; tests compare it
	// with the search's.
	computed map[string]float64
}

// explainPage finds, for each hit, the clauses it matched with their
// contributions (summing to the hit's score), and whether it applied to
// jobID (when markApplied).
func (ix *Index) explainPage(ctx context.Context, q Query, p Params, hits bsearch.DocumentMatchCollection, jobID int64, markApplied bool) (*pageExplanation, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	stats, err := ix.bm25Stats(p)
	if err != nil {
		return nil, err
	}
	ds, err := scoreDocs(ctx, r, q, ids, stats)
	if err != nil {
		return nil, err
	}
	pe := &pageExplanation{
		matched:  make(map[string][]TermContribution, len(hits)),
		computed: make(map[string]float64, len(hits)),
	}
	for i, h := range hits {
		pe.matched[h.ID] = ds.contributions(q, i, h.Score)
		pe.computed[h.ID] = ds.score[i]
	}
	if markApplied {
		if pe.applied, err = appliedAmong(ctx, r, jobID, ids); err != nil {
			return nil, err
		}
	}
	return pe, nil
}

// appliedAmong reports which of ids applied to jobID.
func appliedAmong(ctx context.Context, r index.IndexReader, jobID int64, ids []string) (map[string]bool, error) {
	type doc struct {
		id  string
		iid index.IndexInternalID
	}
	docs := make([]doc, 0, len(ids))
	for _, id := range ids {
		if iid, err := r.InternalID(id); err == nil && iid != nil {
			docs = append(docs, doc{id, iid})
		}
	}
	sort.Slice(docs, func(a, b int) bool { return docs[a].iid.Compare(docs[b].iid) < 0 })
	iids := make([]index.IndexInternalID, len(docs))
	for k, d := range docs {
		iids[k] = d.iid
	}
	out := map[string]bool{}
	_, err := postings(ctx, r, FieldJobs, strconv.FormatInt(jobID, 10), iids, func(k int, _ *index.TermFieldDoc) {
		out[docs[k].id] = true
	})
	return out, err
}

// reader opens a reader on the live generation; the caller holds mu.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	return r, nil
}

// postings walks term's postings in field over iids (sorted), calling found
// with the position in iids of each document that holds it, and returns the
// term's doc frequency.
func postings(ctx context.Context, r index.IndexReader, field, term string, iids []index.IndexInternalID, found func(k int, tfd *index.TermFieldDoc)) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return 0, fmt.Errorf("search: postings %s:%s: %w", field, term, err)
	}
	defer tfr.Close()
	var tfd index.TermFieldDoc
	for k, iid := range iids {
		got, err := tfr.Advance(iid, &tfd)
		if err != nil {
			return 0, fmt.Errorf("search: postings %s:%s: %w", field, term, err)
		}
		if got == nil {
			break // no more postings
		}
		if got.ID.Equals(iid) {
			found(k, got)
		}
	}
	return tfr.Count(), nil
}

// bm25Model holds the collection statistics Bleve's BM25 uses for one field.
type bm25Model struct {
	n      uint64
	avgLen float64
}

func newBM25Model(r index.IndexReader, field string, stats *bsearch.BM25Stats) (bm25Model, error) {
	if stats != nil {
		// As Bleve's term searcher does with presearch statistics.
		m := bm25Model{n: uint64(stats.DocCount)}
		if card, ok := stats.FieldCardinality[field]; ok && stats.DocCount > 0 {
			m.avgLen = math.Ceil(float64(card) / stats.DocCount)
		}
		return m, nil
	}
	n, err := r.DocCount()
	if err != nil {
		return bm25Model{}, fmt.Errorf("search: doc count: %w", err)
	}
	m := bm25Model{n: n}
	if br, ok := r.(index.BM25Reader); ok && n > 0 {
		card, err := br.FieldCardinality(field)
		if err != nil {
			return bm25Model{}, fmt.Errorf("search: field cardinality: %w", err)
		}
		m.avgLen = math.Ceil(float64(card) / float64(n))
	}
	return m, nil
}

// saturation is BM25's term-frequency part as Bleve computes it: tf is the
// square root of the count, and the field length comes back from the norm
// (1/√length).
func (m bm25Model) saturation(tfd *index.TermFieldDoc) float64 {
	tf := math.Sqrt(float64(tfd.Freq))
	k1, b := bsearch.BM25_k1, bsearch.BM25_b
	length := 1 / (tfd.Norm * tfd.Norm)
	return tf * k1 / (tf + k1*(1-b+b*length/m.avgLen))
}
