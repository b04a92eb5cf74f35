package learn

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// planted makes nq queries of n candidates with random features, whose
// relevance grows with TermsMatched and falls with SeniorityGap (noise
// added): a signal to learn.
func planted(seed uint64, nq, n int) []Example {
	rng := rand.New(rand.NewPCG(seed, 7))
	var out []Example
	for q := range nq {
		for r := range n {
			var v Vector
			for f := range v {
				v[f] = rng.NormFloat64()
			}
			signal := 2*v[TermsMatched] - v[SeniorityGap] + 0.5*rng.NormFloat64()
			rel := 0
			switch {
			case signal > 2.5:
				rel = 2
			case signal > 1.2:
				rel = 1
			}
			out = append(out, Example{Query: "q" + strconv.Itoa(q), Features: v, Relevance: rel, Rank: r})
		}
	}
	return out
}

func TestTrainLearnsPlantedSignal(t *testing.T) {
	m, err := Train(planted(1, 30, 40), TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tm, sg := m.Weight("terms_matched"), m.Weight("seniority_gap")
	if tm <= 0 || sg >= 0 {
		t.Fatalf("weights terms_matched %v, seniority_gap %v: want positive and negative", tm, sg)
	}
	if r := tm / -sg; r < 1.3 || r > 3 {
		t.Errorf("terms_matched / −seniority_gap = %v, want about 2", r)
	}
	for i, w := range m.Weights {
		if n := m.Features[i]; n != "terms_matched" && n != "seniority_gap" && math.Abs(w) > 0.25*tm {
			t.Errorf("noise feature %s weighs %v (terms_matched %v)", n, w, tm)
		}
	}
	// Held-out queries: the model ranks them far better than chance.
	test := planted(2, 20, 40)
	byQuery := map[string][]Example{}
	for _, e := range test {
		byQuery[e.Query] = append(byQuery[e.Query], e)
	}
	var got, chance float64
	rnd := &Model{Weights: make([]float64, NumFeatures)}
	rnd.Weights[YearsSinceLastRole] = 1 // an unrelated feature
	for _, ex := range byQuery {
		got += ndcg(m, ex, 10)
		chance += ndcg(rnd, ex, 10)
	}
	if got < chance+0.3*float64(len(byQuery)) {
		t.Errorf("held-out nDCG@10 sum %v, chance %v", got, chance)
	}
	if m.Trained.Queries != 30 || m.Trained.Pairs == 0 || m.Trained.L2 <= 0 {
		t.Errorf("train info %+v", m.Trained)
	}
}

func TestTrainIsDeterministic(t *testing.T) {
	ex := planted(3, 12, 30)
	opts := TrainOptions{Seed: 9, MaxPairsPerQuery: 50} // sampling pairs
	a, err := Train(ex, opts)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := append([]Example(nil), ex...)
	rand.New(rand.NewPCG(4, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b, err := Train(shuffled, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Weights {
		if a.Weights[i] != b.Weights[i] {
			t.Fatalf("weights differ with the input order: %v vs %v", a.Weights, b.Weights)
		}
	}
	opts.Seed = 10
	c, err := Train(ex, opts)
	if err != nil {
		t.Fatal(err)
	}
	same := true
	for i := range a.Weights {
		same = same && a.Weights[i] == c.Weights[i]
	}
	if same {
		t.Error("another seed drew the same pairs: the sample is not seeded")
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, TrainOptions{}); !errors.Is(err, ErrNoPairs) {
		t.Errorf("no examples: %v", err)
	}
	flat := []Example{{Query: "q", Relevance: 1}, {Query: "q", Relevance: 1}, {Query: "r"}}
	if _, err := Train(flat, TrainOptions{}); !errors.Is(err, ErrNoPairs) {
		t.Errorf("no pair of different relevance: %v", err)
	}
	bad := planted(1, 2, 5)
	bad[3].Features[LexicalResume] = math.NaN()
	if _, err := Train(bad, TrainOptions{}); err == nil || !strings.Contains(err.Error(), "non-finite") {
		t.Errorf("NaN feature: %v", err)
	}
}

func TestScorePartsSumToScore(t *testing.T) {
	m, err := Train(planted(5, 10, 20), TrainOptions{L2: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	var vs []Vector
	for _, e := range planted(6, 1, 25) {
		vs = append(vs, e.Features)
	}
	ranked := m.Rerank(vs)
	if len(ranked) != len(vs) {
		t.Fatalf("%d scored of %d", len(ranked), len(vs))
	}
	seen := map[int]bool{}
	for i, s := range ranked {
		var sum float64
		for name, c := range s.Parts {
			if m.Weight(name) == 0 && c != 0 {
				t.Errorf("part %s = %v for a zero weight", name, c)
			}
			sum += c
		}
		if len(s.Parts) != int(NumFeatures) || math.Abs(sum-s.Score) > 1e-9 {
			t.Errorf("hit %d: parts sum to %v, score %v (%d parts)", i, sum, s.Score, len(s.Parts))
		}
		if i > 0 && s.Score > ranked[i-1].Score {
			t.Errorf("hit %d scores above the one before", i)
		}
		seen[s.Index] = true
	}
	if len(seen) != len(vs) {
		t.Errorf("re-ranking lost candidates: %v", seen)
	}
}

func TestStandardize(t *testing.T) {
	vs := []Vector{{1, 5}, {3, 5}, {5, 5}}
	zs := Standardize(vs)
	for i, want := range []float64{-math.Sqrt(1.5), 0, math.Sqrt(1.5)} {
		if math.Abs(zs[i][0]-want) > 1e-9 || zs[i][1] != 0 {
			t.Errorf("z[%d] = %v, want %v and 0 (constant feature)", i, zs[i][:2], want)
		}
	}
	if len(Standardize(nil)) != 0 {
		t.Error("empty list")
	}
}

func TestModelJSONRoundTrip(t *testing.T) {
	m, err := Train(planted(7, 8, 20), TrainOptions{L2: 0.1, Depth: 150})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Depth != 150 || got.Trained != m.Trained || len(got.Weights) != len(m.Weights) {
		t.Fatalf("round trip: %+v, want %+v", got, m)
	}
	for i := range m.Weights {
		if got.Weights[i] != m.Weights[i] || got.Features[i] != m.Features[i] {
			t.Errorf("feature %d: %s %v, want %s %v", i, got.Features[i], got.Weights[i], m.Features[i], m.Weights[i])
		}
	}

	edit := func(f func(map[string]any)) []byte {
		var raw map[string]any
		json.Unmarshal(b, &raw)
		f(raw)
		out, _ := json.Marshal(raw)
		return out
	}
	tests := []struct {
		name string
		data []byte
		err  error
	}{
		{"Garbage", []byte("{"), nil},
		{"OtherFormat", edit(func(r map[string]any) { r["version"] = 99 }), nil},
		{"OtherFeatureSet", edit(func(r map[string]any) { r["feature_set"] = FeatureSet + 1 }), ErrFeatureSet},
		{"RenamedFeature", edit(func(r map[string]any) { r["features"].([]any)[2] = "age" }), ErrFeatureSet},
		{"MissingWeight", edit(func(r map[string]any) { r["weights"] = r["weights"].([]any)[1:] }), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.data)
			if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("Load = %v, want an error (%v)", err, tt.err)
			}
		})
	}
}

func TestUntrainedKeepsTheLexicalOrder(t *testing.T) {
	vs := make([]Vector, 5)
	for i := range vs {
		vs[i][LexicalScore] = float64(10 - i)
		vs[i][TermsMatched] = float64(i) // disagrees, but weighs nothing yet
	}
	for i, s := range Untrained().Rerank(vs) {
		if s.Index != i {
			t.Fatalf("position %d holds candidate %d", i, s.Index)
		}
	}
	if _, err := Load(mustJSON(t, Untrained())); err != nil {
		t.Errorf("the untrained model does not load: %v", err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
