package eval

import (
	"math"
	"slices"
)

// Cut-offs of the reported metrics.
const (
	NDCGDepth   = 10
	RecallDepth = 50
)

// Metrics are one ranker's scores, averaged over queries.
type Metrics struct {
	NDCG10   float64 `json:"ndcg@10"`
	Recall50 float64 `json:"recall@50"`
	MRR      float64 `json:"mrr"`
}

// NDCG returns nDCG@k of ranking (document ids, best first) for graded
// relevance rel. The gain of a document is 2^rel − 1 and the discount of rank
// i (1-based) is 1/log2(i+1); the ideal ranking sorts all judged documents by
// relevance. It returns 0 when no document is relevant.
func NDCG(ranking []string, rel map[string]int, k int) float64 {
	var dcg float64
	for i, id := range ranking[:min(k, len(ranking))] {
		dcg += gain(rel[id]) / math.Log2(float64(i)+2)
	}
	ideal := make([]int, 0, len(rel))
	for _, r := range rel {
		if r > 0 {
			ideal = append(ideal, r)
		}
	}
	slices.SortFunc(ideal, func(a, b int) int { return b - a })
	var idcg float64
	for i, r := range ideal[:min(k, len(ideal))] {
		idcg += gain(r) / math.Log2(float64(i)+2)
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func gain(rel int) float64 {
	if rel <= 0 {
		return 0
	}
	return math.Exp2(float64(rel)) - 1
}

// Recall returns the share of relevant documents (relevance > 0) found in
// the first k of ranking, or 0 when none is relevant.
func Recall(ranking []string, rel map[string]int, k int) float64 {
	var total, found int
	for _, r := range rel {
		if r > 0 {
			total++
		}
	}
	if total == 0 {
		return 0
	}
	for _, id := range ranking[:min(k, len(ranking))] {
		if rel[id] > 0 {
			found++
		}
	}
	return float64(found) / float64(total)
}

// ReciprocalRank returns 1/rank of the first relevant document in ranking, or
// 0 when the ranking holds none.
func ReciprocalRank(ranking []string, rel map[string]int) float64 {
	for i, id := range ranking {
		if rel[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// hasRelevant reports whether any judged document is relevant; queries
// without one are left out of the averages (every metric would be 0).
func hasRelevant(rel map[string]int) bool {
	for _, r := range rel {
		if r > 0 {
			return true
		}
	}
	return false
}

// score computes all metrics of one ranking.
func score(ranking []string, rel map[string]int) Metrics {
	return Metrics{
		NDCG10:   NDCG(ranking, rel, NDCGDepth),
		Recall50: Recall(ranking, rel, RecallDepth),
		MRR:      ReciprocalRank(ranking, rel),
	}
}

// mean averages per-query metrics.
func mean(ms []Metrics) Metrics {
	var out Metrics
	if len(ms) == 0 {
		return out
	}
	for _, m := range ms {
		out.NDCG10 += m.NDCG10
		out.Recall50 += m.Recall50
		out.MRR += m.MRR
	}
	n := float64(len(ms))
	out.NDCG10 /= n
	out.Recall50 /= n
	out.MRR /= n
	return out
}
