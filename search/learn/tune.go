package learn

import (
	"hash/fnv"
	"math"
	"os"
	"sort"
	"strconv"
)

// L2Grid are the ridge penalties Train chooses from when TrainOptions.L2 is
// 0, by cross-validation within the training examples.
var L2Grid = []float64{0.01, 0.1, 1, 10, 100}

// Inner cross-validation of the penalty: innerFolds folds of queries, and
// at least minTuneQueries queries with pairs, or DefaultL2 is used.
const (
	innerFolds     = 3
	minTuneQueries = 6
	tuneDepth      = 10
)

// selectL2 picks the penalty of L2Grid whose models rank held-out queries
// best (nDCG@10 of the judged examples, averaged over queries), training on
// the other inner folds; ties go to the stronger penalty.
func selectL2(byQuery map[string][]Example, queries []string, opts TrainOptions) float64 {
	var usable []string
	for _, q := range queries {
		if hasPairs(byQuery[q]) {
			usable = append(usable, q)
		}
	}
	if len(usable) < minTuneQueries {
		return DefaultL2
	}
	// Deal queries into folds by a hash of their id, as search/eval does.
	sort.Slice(usable, func(i, j int) bool { return hashString(usable[i]) < hashString(usable[j]) })
	k := innerFolds
	if v, err := strconv.Atoi(os.Getenv("SL_INNER")); err == nil {
		k = min(v, len(usable))
	}
	fold := map[string]int{}
	for i, q := range usable {
		fold[q] = i % k
	}
	best, bestScore := DefaultL2, math.Inf(-1)
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
					if os.Getenv("SL_SEL") == "loss" {
						sum -= pairLoss(m, byQuery[q])
					} else {
						sum += ndcg(m, byQuery[q], tuneDepth)
					}
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

// pairLoss is the weighted pairwise logistic loss of m on one query's
// examples, pair weights as in Train, normalised to sum 1.
func pairLoss(m *Model, ex []Example) float64 {
	vs := make([]Vector, len(ex))
	for i, e := range ex {
		vs[i] = e.Features
	}
	zs := Standardize(vs)
	scores := make([]float64, len(ex))
	for i, z := range zs {
		scores[i], _ = m.Score(z)
	}
	var loss, total float64
	for i := range ex {
		for j := range ex {
			if ex[i].Relevance > ex[j].Relevance {
				w := (gain(ex[i].Relevance) - gain(ex[j].Relevance)) * math.Abs(discount(ex[i].Rank)-discount(ex[j].Rank))
				loss += w * softplus(scores[j]-scores[i])
				total += w
			}
		}
	}
	if total == 0 {
		return 0
	}
	return loss / total
}
