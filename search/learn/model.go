package learn

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// FormatVersion is the version of a Model's JSON form.
const FormatVersion = 1

// ErrFeatureSet means a stored model was trained on other features than
// this build extracts; it must be trained again.
var ErrFeatureSet = errors.New("learn: model trained on another feature set")

// Model is a linear scorer of standardised features. Its JSON form is what
// the app stores.
type Model struct {
	Version    int       `json:"version"`
	FeatureSet int       `json:"feature_set"`
	Features   []string  `json:"features"`
	Weights    []float64 `json:"weights"`
	// Depth is the number of lexical hits the model re-ranks.
	Depth   int       `json:"depth"`
	Trained TrainInfo `json:"trained"`
}

// TrainInfo records how a model was trained.
type TrainInfo struct {
	// At is when; Train leaves it for the caller to set (a model is a pure
	// function of its examples).
	At       time.Time `json:"at,omitzero"`
	Queries  int       `json:"queries"`
	Examples int       `json:"examples"`
	Pairs    int       `json:"pairs"`
	L2       float64   `json:"l2"`
	Loss     float64   `json:"loss"`
}

// Untrained returns the model to use before any training: the lexical
// order (Prior), re-ranking nothing of it.
func Untrained() *Model {
	w := Prior()
	return &Model{Version: FormatVersion, FeatureSet: FeatureSet, Features: FeatureNames(), Weights: w[:], Depth: DefaultDepth}
}

// Parts maps feature names to their contributions to a score; they sum to
// the score.
type Parts map[string]float64

// Standardize returns the features of one job's candidate list
// standardised per feature (mean 0, standard deviation 1 within the list),
// the form a Model scores: what counts is how a candidate compares with the
// others for the same job, not the scale of a job's query. A feature
// constant over the list is 0 for all.
func Standardize(vs []Vector) []Vector {
	out := make([]Vector, len(vs))
	if len(vs) == 0 {
		return out
	}
	n := float64(len(vs))
	for f := range NumFeatures {
		var mean float64
		for _, v := range vs {
			mean += v[f]
		}
		mean /= n
		var ss float64
		for _, v := range vs {
			ss += (v[f] - mean) * (v[f] - mean)
		}
		sd := math.Sqrt(ss / n)
		for i, v := range vs {
			if sd > 1e-12 {
				out[i][f] = (v[f] - mean) / sd
			}
		}
	}
	return out
}

// Score scores a standardised vector and decomposes the score into
// feature contributions.
func (m *Model) Score(z Vector) (float64, Parts) {
	parts := make(Parts, NumFeatures)
	var s float64
	for f := range NumFeatures {
		c := m.Weights[f] * z[f]
		parts[featureNames[f]] = c
		s += c
	}
	return s, parts
}

// Scored is one candidate of a re-ranked list.
type Scored struct {
	// Index is the candidate's position in the list given to Rerank.
	Index int `json:"index"`
	// Score ranks the candidate within its list (it compares candidates
	// of one job, not across jobs).
	Score float64 `json:"score"`
	// Parts decomposes Score by feature: contributions sum to it.
	Parts Parts `json:"score_parts"`
}

// Rerank scores one job's candidate list (raw features, in lexical order)
// and returns it best first; ties keep the lexical order.
func (m *Model) Rerank(vs []Vector) []Scored {
	zs := Standardize(vs)
	out := make([]Scored, len(zs))
	for i, z := range zs {
		s, parts := m.Score(z)
		out[i] = Scored{Index: i, Score: s, Parts: parts}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	return out
}

// Weight returns the weight of the named feature (0 for an unknown name).
func (m *Model) Weight(name string) float64 {
	for i, f := range m.Features {
		if f == name {
			return m.Weights[i]
		}
	}
	return 0
}

// MarshalJSON encodes the model; it is the stored form.
func (m *Model) MarshalJSON() ([]byte, error) {
	type plain Model
	return json.Marshal((*plain)(m))
}

// Load decodes a stored model and checks that it fits this build: format
// version, feature set and feature names.
func Load(data []byte) (*Model, error) {
	type plain Model
	var m plain
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("learn: decode model: %w", err)
	}
	if m.Version != FormatVersion {
		return nil, fmt.Errorf("learn: model format version %d, want %d", m.Version, FormatVersion)
	}
	if m.FeatureSet != FeatureSet || len(m.Features) != int(NumFeatures) {
		return nil, fmt.Errorf("%w (feature set %d, want %d)", ErrFeatureSet, m.FeatureSet, FeatureSet)
	}
	for i, f := range m.Features {
		if f != featureNames[i] {
			return nil, fmt.Errorf("%w (feature %d is %q, want %q)", ErrFeatureSet, i, f, featureNames[i])
		}
	}
	if len(m.Weights) != int(NumFeatures) {
		return nil, fmt.Errorf("learn: model has %d weights for %d features", len(m.Weights), NumFeatures)
	}
	for _, w := range m.Weights {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, errors.New("learn: model has a non-finite weight")
		}
	}
	return (*Model)(&m), nil
}
