package search

import (
	"math"
	"slices"
	"testing"
)

// fakeStats is a candidate index of n documents with the given stem doc
// frequencies.
type fakeStats struct {
	n   uint64
	df  map[string]uint64
	hdf map[string]uint64 // in headlines
}

func (f fakeStats) docCount() uint64                   { return f.n }
func (f fakeStats) docFreq(stem string) uint64         { return f.df[stem] }
func (f fakeStats) headlineDocFreq(stem string) uint64 { return f.hdf[stem] }

func termsOf(q Query, phrase bool) []string {
	var out []string
	for _, t := range q.Terms {
		if t.Phrase == phrase {
			out = append(out, t.Term)
		}
	}
	return out
}

func find(q Query, term string) (QueryTerm, bool) {
	for _, t := range q.Terms {
		if t.Term == term {
			return t, true
		}
	}
	return QueryTerm{}, false
}

func TestSelectTerms(t *testing.T) {
	st := fakeStats{n: 1000, df: map[string]uint64{
		"kubernetes": 10, "python": 50, "team": 800, "work": 900, "terraform": 5,
		"machine": 40, "learning": 120, "acme": 1, "secret": 0, "engineer": 200, "years": 300,
	}}
	base := Params{MaxTerms: 10, MinDocFreq: 1, TitleWeight: 1, TFPower: 1, IDFPower: -1, MinPhraseTF: 2, PhraseWeight: 1}
	analyze := englishAnalyzer()

	tests := []struct {
		name    string
		job     Job
		params  func(p *Params)
		want    []string // single terms, best first
		phrases []string
	}{{
		name: "DistinctiveFirst",
		job:  Job{Text: "Kubernetes and Python. Kubernetes, Kubernetes! Python and the team."},
		want: []string{"kubernetes", "python", "team"},
	}, {
		name: "StopWordsAndNumbersDropped",
		job:  Job{Text: "The and of with 2024 5 years x Python"},
		want: []string{"python", "years"},
	}, {
		name:   "UbiquitousDropped",
		job:    Job{Text: "team team team work work python"},
		params: func(p *Params) { p.MaxDocFreqRatio = 0.5 },
		want:   []string{"python"},
	}, {
		name:   "RareDropped",
		job:    Job{Text: "Terraform at Acme, Acme, Acme with Python"},
		params: func(p *Params) { p.MinDocFreq = 5 },
		want:   []string{"terraform", "python"},
	}, {
		name: "AbsentFromIndexDropped",
		job:  Job{Text: "secret secret secret python"},
		want: []string{"python"},
	}, {
		name:   "MaxTerms",
		job:    Job{Text: "kubernetes terraform python team"},
		params: func(p *Params) { p.MaxTerms = 2 },
		want:   []string{"terraform", "kubernetes"},
	}, {
		name:   "TitleBoost",
		job:    Job{Title: "Python Engineer", Text: "Kubernetes Kubernetes Python engineer"},
		params: func(p *Params) { p.TitleWeight = 5 },
		want:   []string{"python", "engineer", "kubernetes"},
	}, {
		name:    "PhrasesKept",
		job:     Job{Text: "Machine learning in production. We love machine learning; learning, machine."},
		params:  func(p *Params) { p.MaxPhrases = 3 },
		want:    []string{"machine", "learning"},
		phrases: []string{"machine learning"},
	}, {
		name:    "PhraseNeedsRepeats",
		job:     Job{Text: "Machine learning and python, python."},
		params:  func(p *Params) { p.MaxPhrases = 3 },
		want:    []string{"python", "machine", "learning"},
		phrases: nil,
	}, {
		name:    "PhraseFromTitle",
		job:     Job{Title: "Machine Learning Engineer", Text: "Python."},
		params:  func(p *Params) { p.MaxPhrases = 3; p.TitleWeight = 2 },
		want:    []string{"machine", "learning", "engineer", "python"},
		phrases: []string{"machine learning", "learning engineer"},
	}, {
		name:    "PhraseNotAcrossPunctuation",
		job:     Job{Text: "machine. learning; machine, learning"},
		params:  func(p *Params) { p.MaxPhrases = 3; p.MinPhraseTF = 1 },
		want:    []string{"machine", "learning"},
		phrases: nil,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			if tt.params != nil {
				tt.params(&p)
			}
			q := selectTerms(tt.job, p, analyze, st)
			if got := termsOf(q, false); !slices.Equal(got, tt.want) {
				t.Errorf("terms = %v, want %v", got, tt.want)
			}
			if got := termsOf(q, true); !slices.Equal(got, tt.phrases) {
				t.Errorf("phrases = %v, want %v", got, tt.phrases)
			}
		})
	}
}

func TestSelectTermsWeights(t *testing.T) {
	st := fakeStats{n: 1000, df: map[string]uint64{"python": 50, "kubernetes": 10, "engineer": 200}}
	p := Params{MaxTerms: 10, MinDocFreq: 1, TitleWeight: 3, TFPower: 1, IDFPower: -1}
	q := selectTerms(Job{Title: "Python Engineer", Text: "Python and Kubernetes"}, p, englishAnalyzer(), st)

	py, _ := find(q, "python")
	if py.TF != 4 { // 3 for the title, 1 in the text
		t.Errorf("python tf = %v, want 4 (title weight 3 + 1)", py.TF)
	}
	if want := bm25IDF(1000, 50); math.Abs(py.IDF-want) > 1e-12 {
		t.Errorf("python idf = %v, want %v", py.IDF, want)
	}
	// IDFPower -1: Bleve squares idf, so the clause weighs tf × idf.
	if want := py.TF * py.IDF; math.Abs(py.Weight-want) > 1e-9 {
		t.Errorf("python weight = %v, want tf×idf = %v", py.Weight, want)
	}
	if want := py.TF / py.IDF; math.Abs(py.Boost-want) > 1e-9 {
		t.Errorf("python boost = %v, want %v", py.Boost, want)
	}
	k8s, _ := find(q, "kubernetes")
	if k8s.Stem != "kubernetes" || k8s.DocFreq != 10 {
		t.Errorf("kubernetes = %+v", k8s)
	}
	if py.Weight <= k8s.Weight {
		t.Errorf("title term python (%v) should outweigh kubernetes (%v)", py.Weight, k8s.Weight)
	}
}

func TestSelectTermsEmptyIndex(t *testing.T) {
	q := selectTerms(Job{Text: "python"}, DefaultParams(), englishAnalyzer(), fakeStats{})
	if len(q.Terms) != 0 {
		t.Errorf("terms = %+v, want none on an empty index", q.Terms)
	}
}

func TestUsefulStem(t *testing.T) {
	tests := []struct {
		stem string
		want bool
	}{
		{"go", true}, {"c", false}, {"2024", false}, {"3.5", false}, {"c++", true}, {"a1", true}, {"é", false},
	}
	for _, tt := range tests {
		if got := usefulStem(tt.stem); got != tt.want {
			t.Errorf("usefulStem(%q) = %v, want %v", tt.stem, got, tt.want)
		}
	}
}
