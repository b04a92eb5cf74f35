package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// TextSource returns the resume text of candidates by id (the app reads it
// from SQLite). Missing ids may be left out of the map.
type TextSource func(ctx context.Context, ids []int64) (map[int64]string, error)

// SetTextSource lets the ranker read resumes for pseudo-relevance feedback
// (Params.FeedbackDocs). Without a source, feedback is off.
func (ix *Index) SetTextSource(src TextSource) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.texts = src
	ix.queries.reset()
}

// feedbackCandidates is how many of the likeliest feedback stems (by
// P(stem | top resumes)) compete, per FeedbackTerms, on P × idf. Letting every
// stem compete (20 per term) lowered nDCG@10 by .007 on both halves of the
// category set: rarer stems of ten resumes are their own quirks.
const feedbackCandidates = 4

// expand adds pseudo-relevance feedback to q, RM3-style: the top
// FeedbackDocs candidates of q are assumed relevant, their stems are weighed
// by P(stem | those resumes) (each resume weighted by its share of the
// scores), the best FeedbackTerms of the likeliest by P × idf join the
// query, and the original and feedback weights are mixed
// (1−FeedbackWeight : FeedbackWeight) after normalising each to sum 1.
func (ix *Index) expand(ctx context.Context, st *indexStats, q Query, p Params) (Query, error) {
	res, err := ix.search(ctx, q, q.bleveQuery(), nil, RankOptions{}, p, 0, p.FeedbackDocs, false)
	if err != nil {
		return q, fmt.Errorf("search: feedback search: %w", err)
	}
	if len(res.ids) == 0 {
		return q, nil
	}
	ids := make([]int64, 0, len(res.ids))
	scores := map[int64]float64{}
	var total float64
	for i, sid := range res.ids {
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil {
			continue
		}
		ids = append(ids, id)
		scores[id] = res.scores[i]
		total += res.scores[i]
	}
	texts, err := ix.texts(ctx, ids)
	if err != nil {
		return q, fmt.Errorf("search: feedback texts: %w", err)
	}

	rel := map[string]float64{}
	surface := map[string]string{}
	for _, id := range ids {
		text, ok := texts[id]
		if !ok || total <= 0 {
			continue
		}
		counts := map[string]int{}
		var n int
		for _, t := range ix.analyzer(text) {
			if usefulStem(t.stem) {
				counts[t.stem]++
				n++
				if _, ok := surface[t.stem]; !ok {
					surface[t.stem] = strings.ToLower(text[t.start:t.end])
				}
			}
		}
		if n == 0 {
			continue
		}
		w := scores[id] / total
		for s, c := range counts {
			rel[s] += w * float64(c) / float64(n)
		}
	}

	// Only the likeliest stems are candidates (and need a doc frequency).
	type cand struct {
		stem string
		p    float64
	}
	cands := make([]cand, 0, len(rel))
	for s, v := range rel {
		cands = append(cands, cand{s, v})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].p != cands[j].p {
			return cands[i].p > cands[j].p
		}
		return cands[i].stem < cands[j].stem
	})
	if n := feedbackCandidates * p.FeedbackTerms; len(cands) > n {
		cands = cands[:n]
	}
	n := st.docCount()
	maxDF := uint64(math.Floor(p.MaxDocFreqRatio * float64(n)))
	type fb struct {
		stem   string
		weight float64 // P(stem|R) × idf: the term's BM25 query weight
		df     uint64
		idf    float64
	}
	var fbs []fb
	for _, c := range cands {
		df := st.docFreq(c.stem)
		if df < uint64(max(p.MinDocFreq, 1)) || (p.MaxDocFreqRatio > 0 && df > maxDF) {
			continue
		}
		idf := bm25IDF(n, df)
		fbs = append(fbs, fb{c.stem, c.p * idf, df, idf})
	}
	sort.Slice(fbs, func(i, j int) bool {
		if fbs[i].weight != fbs[j].weight {
			return fbs[i].weight > fbs[j].weight
		}
		return fbs[i].stem < fbs[j].stem
	})
	if len(fbs) > p.FeedbackTerms {
		fbs = fbs[:p.FeedbackTerms]
	}
	var fbSum, origSum float64
	for _, f := range fbs {
		fbSum += f.weight
	}
	for _, t := range q.Terms {
		origSum += t.Weight
	}
	if fbSum == 0 || origSum == 0 {
		return q, nil
	}

	lambda := p.FeedbackWeight
	out := Query{DocCount: q.DocCount, Terms: make([]QueryTerm, 0, len(q.Terms)+len(fbs))}
	index := map[string]int{}
	for _, t := range q.Terms {
		t.Weight *= (1 - lambda) / origSum
		t.Boost *= (1 - lambda) / origSum
		t.HeadlineBoost *= (1 - lambda) / origSum
		if !t.Phrase {
			index[t.Stem] = len(out.Terms)
		}
		out.Terms = append(out.Terms, t)
	}
	for _, f := range fbs {
		w := lambda * f.weight / fbSum
		if i, ok := index[f.stem]; ok {
			// The term may have had a headline clause only (Boost 0).
			t := &out.Terms[i]
			t.Boost = (t.clauseWeight() + w) / (f.idf * f.idf)
			t.Weight += w
			continue
		}
		out.Terms = append(out.Terms, QueryTerm{
			Term: surface[f.stem], Stem: f.stem, DocFreq: f.df, IDF: f.idf,
			Weight: w, Boost: w / (f.idf * f.idf), Feedback: true,
		})
	}
	return out, nil
}
