package learn

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
)

// Example is one judged candidate of one job.
type Example struct {
	// Query identifies the job; a model learns to order each job's list.
	Query    string
	Features Vector
	// Relevance is the graded judgment (0 for not wanted; for the team's
	// decisions, e.g. 1 interviewed, 2 offered).
	Relevance int
	// Rank is the candidate's position in the lexical ranking (0 first).
	Rank int
}

// TrainOptions tune Train; zero values take the defaults.
type TrainOptions struct {
	// L2 is the ridge penalty on the weights' distance from Prior. 0
	// chooses it from L2Grid by cross-validation over the examples'
	// queries (see selectL2).
	L2 float64
	// MaxPairsPerQuery bounds the pairs drawn from one job's list
	// (DefaultMaxPairs); beyond it pairs are sampled with Seed.
	MaxPairsPerQuery int
	// Seed makes the pair sample repeatable.
	Seed uint64
	// Depth is recorded in the model: the number of lexical hits it is
	// meant to re-rank.
	Depth int
}

// Defaults of TrainOptions.
const (
	DefaultMaxPairs = 4000
	DefaultDepth    = 200
)

// ErrNoPairs means the examples hold no job with candidates of different
// relevance: there is nothing to learn an order from.
var ErrNoPairs = errors.New("learn: no job has candidates of different relevance")

// newtonSteps bounds the optimiser; the loss is convex and smooth, and
// Newton's method converges in a handful of steps.
const newtonSteps = 50

type pair struct {
	d [NumFeatures]float64 // z_better − z_worse
	w float64
}

// Train learns weights from judged lists with a pairwise logistic loss
// (RankNet), with a ridge penalty towards Prior: for every two candidates of a job with different relevance,
// the better one should score higher, the pair weighted as LambdaRank does
// by the change in DCG swapping them in the lexical order would make, and
// every job weighing the same. The
// features are standardised per job (Standardize). It is deterministic for
// given examples and options, whatever their order.
func Train(examples []Example, opts TrainOptions) (*Model, error) {
	if opts.MaxPairsPerQuery <= 0 {
		opts.MaxPairsPerQuery = DefaultMaxPairs
	}
	if opts.Depth <= 0 {
		opts.Depth = DefaultDepth
	}
	byQuery := map[string][]Example{}
	for _, e := range examples {
		for _, x := range e.Features {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("learn: example of query %q has a non-finite feature", e.Query)
			}
		}
		byQuery[e.Query] = append(byQuery[e.Query], e)
	}
	queries := make([]string, 0, len(byQuery))
	for q := range byQuery {
		queries = append(queries, q)
	}
	sort.Strings(queries)
	if opts.L2 <= 0 {
		opts.L2 = selectL2(byQuery, queries, opts)
	}

	var pairs []pair
	var used int
	for _, q := range queries {
		ex := byQuery[q]
		// Input order must not matter: sort by relevance, then features.
		sort.SliceStable(ex, func(i, j int) bool {
			if ex[i].Relevance != ex[j].Relevance {
				return ex[i].Relevance > ex[j].Relevance
			}
			if ex[i].Rank != ex[j].Rank {
				return ex[i].Rank < ex[j].Rank
			}
			for f := range NumFeatures {
				if ex[i].Features[f] != ex[j].Features[f] {
					return ex[i].Features[f] < ex[j].Features[f]
				}
			}
			return false
		})
		vs := make([]Vector, len(ex))
		for i, e := range ex {
			vs[i] = e.Features
		}
		zs := Standardize(vs)
		var qp []pair
		for i := range ex {
			for j := range ex {
				if ex[i].Relevance > ex[j].Relevance {
					// LambdaRank's weight, from the lexical order: how much
					// nDCG swapping the two would change. Pairs at the top
					// count most, as they do in nDCG@10.
					w := (gain(ex[i].Relevance) - gain(ex[j].Relevance)) * math.Abs(discount(ex[i].Rank)-discount(ex[j].Rank))
					if w <= 0 {
						continue
					}
					p := pair{w: w}
					for f := range NumFeatures {
						p.d[f] = zs[i][f] - zs[j][f]
					}
					qp = append(qp, p)
				}
			}
		}
		if len(qp) == 0 {
			continue
		}
		if len(qp) > opts.MaxPairsPerQuery {
			h := fnv.New64a()
			h.Write([]byte(q))
			rng := rand.New(rand.NewPCG(opts.Seed, h.Sum64()))
			rng.Shuffle(len(qp), func(i, j int) { qp[i], qp[j] = qp[j], qp[i] })
			qp = qp[:opts.MaxPairsPerQuery]
		}
		var sum float64
		for _, p := range qp {
			sum += p.w
		}
		for k := range qp {
			qp[k].w /= sum
		}
		pairs = append(pairs, qp...)
		used++
	}
	if used == 0 {
		return nil, ErrNoPairs
	}
	for k := range pairs {
		pairs[k].w /= float64(used)
	}

	w, loss := fit(pairs, opts.L2)
	return &Model{
		Version:    FormatVersion,
		FeatureSet: FeatureSet,
		Features:   FeatureNames(),
		Weights:    w[:],
		Depth:      opts.Depth,
		Trained:    TrainInfo{Queries: used, Examples: len(examples), Pairs: len(pairs), L2: opts.L2, Loss: loss},
	}, nil
}

// discount is nDCG's discount of a 0-based rank.
func discount(rank int) float64 { return 1 / math.Log2(float64(rank)+2) }

func gain(rel int) float64 {
	if rel <= 0 {
		return 0
	}
	return math.Exp2(float64(rel)) - 1
}

// Prior is the model Train starts from and shrinks towards: the lexical
// ranker's order (weight 1 on LexicalScore, 0 elsewhere). With few
// judgments, or features that do not help, the learned ranking stays the
// lexical one; it departs from it as far as the judgments bear out.
func Prior() [NumFeatures]float64 {
	var w [NumFeatures]float64
	w[LexicalScore] = 1
	return w
}

// fit minimises Σ w·log(1 + e^(−s·d)) + λ/2·|s − Prior|² over the weights
// s by Newton's method with step halving, and returns them with the loss.
func fit(pairs []pair, l2 float64) ([NumFeatures]float64, float64) {
	prior := Prior()
	s := prior
	objective := func(s [NumFeatures]float64) float64 {
		var loss float64
		for _, p := range pairs {
			loss += p.w * softplus(-dot(s, p.d))
		}
		for a, x := range s {
			loss += l2 / 2 * (x - prior[a]) * (x - prior[a])
		}
		return loss
	}
	cur := objective(s)
	for range newtonSteps {
		var g [NumFeatures]float64
		var h [NumFeatures][NumFeatures]float64
		for _, p := range pairs {
			sig := 1 / (1 + math.Exp(dot(s, p.d))) // σ(−s·d)
			c := p.w * sig
			k := p.w * sig * (1 - sig)
			for a := range NumFeatures {
				g[a] -= c * p.d[a]
				for b := a; b < NumFeatures; b++ {
					h[a][b] += k * p.d[a] * p.d[b]
				}
			}
		}
		for a := range NumFeatures {
			g[a] += l2 * (s[a] - prior[a])
			h[a][a] += l2
			for b := 0; b < a; b++ {
				h[a][b] = h[b][a]
			}
		}
		step := solve(h, g)
		improved := false
		for t := 1.0; t > 1e-6; t /= 2 {
			var next [NumFeatures]float64
			for a := range NumFeatures {
				next[a] = s[a] - t*step[a]
			}
			if v := objective(next); v < cur {
				converged := cur-v < 1e-12
				s, cur, improved = next, v, true
				if converged {
					return s, cur
				}
				break
			}
		}
		if !improved {
			break
		}
	}
	return s, cur
}

func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

func dot(a, b [NumFeatures]float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// solve solves h·x = g by Gaussian elimination with partial pivoting; h is
// symmetric positive definite (the ridge term sees to it).
func solve(h [NumFeatures][NumFeatures]float64, g [NumFeatures]float64) [NumFeatures]float64 {
	const n = int(NumFeatures)
	for col := 0; col < n; col++ {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(h[r][col]) > math.Abs(h[piv][col]) {
				piv = r
			}
		}
		h[col], h[piv] = h[piv], h[col]
		g[col], g[piv] = g[piv], g[col]
		for r := col + 1; r < n; r++ {
			f := h[r][col] / h[col][col]
			for c := col; c < n; c++ {
				h[r][c] -= f * h[col][c]
			}
			g[r] -= f * g[col]
		}
	}
	var x [NumFeatures]float64
	for r := n - 1; r >= 0; r-- {
		s := g[r]
		for c := r + 1; c < n; c++ {
			s -= h[r][c] * x[c]
		}
		x[r] = s / h[r][r]
	}
	return x
}
