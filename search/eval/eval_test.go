package eval

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/search"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestNDCG(t *testing.T) {
	log2 := math.Log2
	tests := []struct {
		name    string
		ranking []string
		rel     map[string]int
		k       int
		want    float64
	}{
		{"Perfect", []string{"a", "b", "c"}, map[string]int{"a": 1, "b": 1}, 10, 1},
		{"NoneRelevant", []string{"a", "b"}, map[string]int{"a": 0}, 10, 0},
		{"NothingRetrieved", nil, map[string]int{"a": 1}, 10, 0},
		// Binary: relevant at ranks 2 and 3 of 2 relevant.
		{"Binary", []string{"x", "a", "b"}, map[string]int{"a": 1, "b": 1}, 10,
			(1/log2(3) + 1/log2(4)) / (1 + 1/log2(3))},
		// Graded, gain 2^rel − 1: c (rel 3, gain 7) ranked below a (rel 1, gain 1).
		{"Graded", []string{"a", "c"}, map[string]int{"a": 1, "c": 3}, 10,
			(1 + 7/log2(3)) / (7 + 1/log2(3))},
		// Cut-off: the relevant document at rank 3 is beyond k = 2, and the
		// ideal ranking is cut at 2 as well.
		{"CutOff", []string{"x", "y", "a"}, map[string]int{"a": 2, "b": 1}, 2, 0},
		{"IdealCutOff", []string{"a", "x"}, map[string]int{"a": 1, "b": 1, "c": 1}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NDCG(tt.ranking, tt.rel, tt.k); !near(got, tt.want) {
				t.Errorf("NDCG = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecall(t *testing.T) {
	tests := []struct {
		name    string
		ranking []string
		rel     map[string]int
		k       int
		want    float64
	}{
		{"Half", []string{"a", "x", "y"}, map[string]int{"a": 1, "b": 2, "z": 0}, 50, 0.5},
		{"CutOff", []string{"x", "a", "b"}, map[string]int{"a": 1, "b": 1}, 2, 0.5},
		{"NoneRelevant", []string{"a"}, map[string]int{"a": 0}, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Recall(tt.ranking, tt.rel, tt.k); !near(got, tt.want) {
				t.Errorf("Recall = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReciprocalRank(t *testing.T) {
	tests := []struct {
		name    string
		ranking []string
		rel     map[string]int
		want    float64
	}{
		{"First", []string{"a", "b"}, map[string]int{"a": 1}, 1},
		{"Third", []string{"x", "y", "a", "b"}, map[string]int{"a": 3, "b": 1}, 1.0 / 3},
		{"Missing", []string{"x"}, map[string]int{"a": 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReciprocalRank(tt.ranking, tt.rel); !near(got, tt.want) {
				t.Errorf("ReciprocalRank = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMean(t *testing.T) {
	got := mean([]Metrics{{1, 0.5, 1}, {0, 0.5, 0.5}})
	if want := (Metrics{0.5, 0.5, 0.75}); got != want {
		t.Errorf("mean = %+v, want %+v", got, want)
	}
}

// tinySet is a set of two categories, three documents each.
const tinySet = `{"name": "tiny", "description": "test",
 "documents": [
  {"id": "c1", "text": "Line cook: sourdough bread, pastry, plating"},
  {"id": "c2", "text": "Pastry chef, laminated doughs, sourdough"},
  {"id": "c3", "text": "Sous chef, kitchen management, plating, menus"},
  {"id": "e1", "text": "Go engineer: Kubernetes operators, Postgres"},
  {"id": "e2", "text": "Platform engineer, Kubernetes, Terraform"},
  {"id": "e3", "text": "Backend engineer, Go services, gRPC, Postgres"}],
 "queries": [
  {"id": "q-chef", "title": "Pastry Chef", "text": "Sourdough and pastry, plating for a busy kitchen."},
  {"id": "q-chef2", "title": "Sous Chef", "text": "Kitchen management and menus."},
  {"id": "q-go", "title": "Go Engineer", "text": "Go services on Kubernetes with Postgres."},
  {"id": "q-none", "title": "Pilot", "text": "Fly planes."}],
 "judgments": [
  {"query": "q-chef", "document": "c1", "relevance": 1}, {"query": "q-chef", "document": "c2", "relevance": 1},
  {"query": "q-chef", "document": "c3", "relevance": 1},
  {"query": "q-chef2", "document": "c1", "relevance": 1}, {"query": "q-chef2", "document": "c2", "relevance": 1},
  {"query": "q-chef2", "document": "c3", "relevance": 1},
  {"query": "q-go", "document": "e1", "relevance": 1}, {"query": "q-go", "document": "e2", "relevance": 1},
  {"query": "q-go", "document": "e3", "relevance": 1},
  {"query": "q-none", "document": "e3", "relevance": 0}]}`

func mustDecode(tb testing.TB, js string) *Set {
	tb.Helper()
	s, err := Decode(strings.NewReader(js))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "set.json")
	if err := os.WriteFile(path, []byte(tinySet), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "tiny" || len(s.Documents) != 6 || len(s.Queries) != 4 {
		t.Errorf("loaded %s with %d documents, %d queries", s.Name, len(s.Documents), len(s.Queries))
	}
	if r := s.Relevance("q-go"); r["e1"] != 1 || r["c1"] != 0 {
		t.Errorf("relevance of q-go = %v", r)
	}

	bad := []struct{ name, js string }{
		{"UnknownQuery", `{"documents":[{"id":"d"}],"queries":[],"judgments":[{"query":"q","document":"d","relevance":1}]}`},
		{"UnknownDocument", `{"documents":[],"queries":[{"id":"q"}],"judgments":[{"query":"q","document":"d","relevance":1}]}`},
		{"DuplicateDocument", `{"documents":[{"id":"d"},{"id":"d"}]}`},
		{"NotJSON", `{`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(strings.NewReader(tt.js)); err == nil {
				t.Error("Decode succeeded")
			}
		})
	}
}

func TestCategories(t *testing.T) {
	s := mustDecode(t, tinySet)
	cats := s.Categories(map[string]string{"q-go": "ENGINEERING"})
	if cats["q-chef"] != cats["q-chef2"] || cats["q-chef"] == cats["q-go"] {
		t.Errorf("categories = %v, want the chef queries together", cats)
	}
	if cats["q-go"] != "ENGINEERING" || cats["q-chef"] != "group:q-chef" {
		t.Errorf("categories = %v, want labels used and groups named", cats)
	}
	graded := mustDecode(t, strings.Replace(tinySet, `"document": "e1", "relevance": 1`, `"document": "e1", "relevance": 3`, 1))
	if c := graded.Categories(nil); c != nil {
		t.Errorf("graded set categories = %v, want none", c)
	}
}

func TestSplit(t *testing.T) {
	s := mustDecode(t, tinySet)
	tune, confirm := Split(s.Queries, s.Categories(nil))
	if len(tune)+len(confirm) != len(s.Queries) || len(tune) != 2 {
		t.Fatalf("split %d/%d", len(tune), len(confirm))
	}
	// Stratified: the two chef queries land in different halves.
	in := func(qs []Query, id string) bool {
		for _, q := range qs {
			if q.ID == id {
				return true
			}
		}
		return false
	}
	if in(tune, "q-chef") == in(tune, "q-chef2") {
		t.Errorf("both chef queries in one half: tune %v", tune)
	}
	// Labels name the categories but do not change the halves.
	again, _ := Split(s.Queries, s.Categories(map[string]string{"q-chef": "CHEF", "q-go": "AAA"}))
	for i := range tune {
		if tune[i].ID != again[i].ID {
			t.Fatal("Split depends on category names")
		}
	}
}

func TestRun(t *testing.T) {
	s := mustDecode(t, tinySet)
	rep, err := Run(context.Background(), s, search.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Queries != 3 || rep.Skipped != 1 {
		t.Errorf("queries %d, skipped %d; want 3 and 1 (q-none has no relevant document)", rep.Queries, rep.Skipped)
	}
	for _, name := range []string{Shortlist, Baseline} {
		m := rep.Rankers[name]
		if m.NDCG10 < 0.9 || m.Recall50 < 0.8 || m.MRR != 1 {
			t.Errorf("%s = %+v on an easy set", name, m)
		}
	}
	if len(rep.Categories) != 2 {
		t.Errorf("categories = %v", rep.Categories)
	}

	// The JSON shape other tools read.
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var shape struct {
		Set     string                        `json:"set"`
		Queries int                           `json:"queries"`
		Rankers map[string]map[string]float64 `json:"rankers"`
	}
	if err := json.Unmarshal(b, &shape); err != nil {
		t.Fatal(err)
	}
	if shape.Set != "tiny" || shape.Queries != 3 {
		t.Errorf("shape = %+v", shape)
	}
	for _, r := range []string{"shortlist", "baseline"} {
		for _, k := range []string{"ndcg@10", "recall@50", "mrr"} {
			if _, ok := shape.Rankers[r][k]; !ok {
				t.Errorf("rankers.%s.%s missing in %s", r, k, b)
			}
		}
	}
}
