package learn

import (
	"hash/fnv"
	"math"
	"sort"
)

// L2Grid are the ridge penalties Train chooses from when TrainOptions.L2 is
// 0, by cross-validation within the training examples.
var L2Grid = []float64{0.01, 0.1, 1, 10, 100}

// Inner cross-validation of the penalty: leave one query out up to
// maxLeaveOneOut queries, innerFolds folds beyond; at least minTuneQueries
// queries with pairs, or sparseL2 is used.
const (
	sparseL2       = 10.0
	maxLeaveOneOut = 20
	innerFolds     = 5
	minTuneQueries = 6
	tuneDepth      = 10
)

// selectL2 picks the penalty of L2Grid whose models rank held-out queries
// best (nDCG@10 of their examples, averaged over queries), training on the
// other inner folds; ties go to the stronger penalty, that is towards the
// lexical order.
func selectL2(byQuery map[string][]Example, queries []string, opts TrainOptions) float64 {
	var usable []string
	for _, q := range queries {
		if hasPairs(byQuery[q]) {
			usable = append(usable, q)
		}
	}
	if len(usable) < minTuneQueries {
		// Too few judged jobs to tell: stay near the lexical order.
		return sparseL2
	}
	// Deal queries into folds by a hash of their id, as search/eval does.
	sort.Slice(usable, func(i, j int) bool { return hashString(usable[i]) < hashString(usable[j]) })
	// Leave one query out while queries are few: the inner models then
	// train on nearly as many queries as the real one will, and the
	// penalty they choose suits it.
	k := len(usable)
	if k > maxLeaveOneOut {
		k = innerFolds
	}
	fold := map[string]int{}
	for i, q := range usable {
		fold[q] = i % k
	}
	best, bestScore := sparseL2, math.Inf(-1)
	for _, l2 := range L2Grid {
		var sum float64
		for f := range k {
			var train []Example
			for _, q := range usable {
				if fold[q] != f {
					train = append(train, byQuery[q]...)
				}
			}
			o := opts
			o.L2 = l2
			m, err := Train(train, o)
			if err != nil {
				continue
			}
			for _, q := range usable {
				if fold[q] == f {
					sum += ndcg(m, byQuery[q], tuneDepth)
				}
			}
		}
		score := sum / float64(len(usable))
		if score >= bestScore-1e-12 {
			best, bestScore = l2, score
		}
	}
	return best
}

func hasPairs(ex []Example) bool {
	for _, e := range ex[min(1, len(ex)):] {
		if e.Relevance != ex[0].Relevance {
			return true
		}
	}
	return false
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// ndcg is nDCG@k of m's order of one query's examples.
func ndcg(m *Model, ex []Example, k int) float64 {
	vs := make([]Vector, len(ex))
	rels := make([]int, len(ex))
	for i, e := range ex {
		vs[i] = e.Features
		rels[i] = e.Relevance
	}
	var dcg float64
	for i, s := range m.Rerank(vs)[:min(k, len(ex))] {
		dcg += gain(rels[s.Index]) / math.Log2(float64(i)+2)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(rels)))
	var idcg float64
	for i, r := range rels[:min(k, len(rels))] {
		idcg += gain(r) / math.Log2(float64(i)+2)
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}
