// Package eval measures the Shortlist rankers on judged sets of jobs and
// resumes: it loads a set, indexes its documents in a real scorch BM25 index,
// ranks every document for every query with the Shortlist ranker and with a
// naive baseline, and reports nDCG@10, Recall@50 and MRR.
//
// The set format is described in shared/data/README.md:
//
//	{"name": "...", "description": "...",
//	 "documents": [{"id": "...", "text": "..."}],
//	 "queries":   [{"id": "...", "title": "...", "text": "..."}],
//	 "judgments": [{"query": "...", "document": "...", "relevance": 0|1|2|...}]}
//
// A document without a judgment for a query has relevance 0.
//
// Metrics (metrics.go): nDCG@10 with gain 2^rel − 1 and discount
// 1/log2(rank+1), the ideal ranking taken from all judged documents;
// Recall@50 with relevant meaning relevance > 0; MRR of the first relevant
// document in the whole ranking. Queries with no relevant document are left
// out of the averages (Report.Skipped counts them).
//
// The learned re-ranker (search/learn) is evaluated beside them by
// Evaluator.CrossValidate (train on k−1 folds of queries, rank the held-out
// fold, for every fold: Folds) or Evaluator.TrainedOn (train on another
// set's judgments), reported as the "learned" ranker with per-fold figures
// and paired bootstrap intervals of its difference from the others.
//
// The command cmd/shortlist-eval runs reports and parameter
// sweeps on the tuning and confirmation halves (Split) of each set.
package eval

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Set is one evaluation set.
type Set struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Documents   []Document `json:"documents"`
	Queries     []Query    `json:"queries"`
	Judgments   []Judgment `json:"judgments"`

	rel map[string]map[string]int // query → document → relevance
}

// Document is a judged resume.
type Document struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Query is a job: title and plain-text posting. Category is optional; see
// Set.Categories.
type Query struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Text     string `json:"text"`
	Category string `json:"category,omitempty"`
}

// Judgment grades one document for one query.
type Judgment struct {
	Query     string `json:"query"`
	Document  string `json:"document"`
	Relevance int    `json:"relevance"`
}

// Load reads a set from a JSON file.
func Load(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	s, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return s, nil
}

// Decode reads a set from r and checks it: ids unique, judgments naming known
// queries and documents.
func Decode(r io.Reader) (*Set, error) {
	var s Set
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	docs := make(map[string]bool, len(s.Documents))
	for _, d := range s.Documents {
		if docs[d.ID] {
			return nil, fmt.Errorf("duplicate document id %q", d.ID)
		}
		docs[d.ID] = true
	}
	qs := make(map[string]bool, len(s.Queries))
	for _, q := range s.Queries {
		if qs[q.ID] {
			return nil, fmt.Errorf("duplicate query id %q", q.ID)
		}
		qs[q.ID] = true
	}
	s.rel = make(map[string]map[string]int, len(s.Queries))
	for _, j := range s.Judgments {
		if !qs[j.Query] {
			return nil, fmt.Errorf("judgment for unknown query %q", j.Query)
		}
		if !docs[j.Document] {
			return nil, fmt.Errorf("judgment for unknown document %q", j.Document)
		}
		m := s.rel[j.Query]
		if m == nil {
			m = map[string]int{}
			s.rel[j.Query] = m
		}
		m[j.Document] = j.Relevance
	}
	return &s, nil
}

// Relevance returns the graded relevance of every judged document for query;
// documents missing from the map have relevance 0.
func (s *Set) Relevance(query string) map[string]int {
	return s.rel[query]
}

// Categories maps query ids to a category for the per-category breakdown.
// Queries' own Category fields win. Otherwise, in a set whose judgments are
// "same category" (binary, every query of a category judging the same
// documents relevant), queries with identical relevant-document sets form one
// category, named after its alphabetically first query unless labels (query
// id → name, e.g. from LoadLabels) name it. It returns nil when the set
// allows no grouping (graded judgments, or every query its own group).
func (s *Set) Categories(labels map[string]string) map[string]string {
	out := map[string]string{}
	for _, q := range s.Queries {
		if q.Category != "" {
			out[q.ID] = q.Category
		}
	}
	if len(out) == len(s.Queries) {
		return out
	}
	for _, j := range s.Judgments {
		if j.Relevance > 1 {
			return nil
		}
	}
	groups := map[string][]string{} // relevant-set key → queries
	for _, q := range s.Queries {
		var rel []string
		for d, r := range s.rel[q.ID] {
			if r > 0 {
				rel = append(rel, d)
			}
		}
		sort.Strings(rel)
		key := strings.Join(rel, ",")
		groups[key] = append(groups[key], q.ID)
	}
	if len(groups) == len(s.Queries) {
		return nil
	}
	for _, ids := range groups {
		sort.Strings(ids)
		name := "group:" + ids[0]
		// Use a label when the group's labelled queries agree on one.
		seen := map[string]int{}
		for _, id := range ids {
			if l := labels[id]; l != "" {
				seen[l]++
			}
		}
		if len(seen) == 1 {
			for l := range seen {
				name = l
			}
		}
		for _, id := range ids {
			if out[id] == "" {
				out[id] = name
			}
		}
	}
	return out
}

// LoadLabels reads query categories from a CSV file with a header row, taking
// the id from column idCol and the category from column catCol; ids get
// prefix prepended (the Monster dev set names query "monster-<jd_id>").
func LoadLabels(path, idCol, catCol, prefix string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	idi, cati := -1, -1
	for i, h := range head {
		switch h {
		case idCol:
			idi = i
		case catCol:
			cati = i
		}
	}
	if idi < 0 || cati < 0 {
		return nil, fmt.Errorf("eval: %s: columns %q and %q not found", path, idCol, catCol)
	}
	out := map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", path, err)
		}
		if idi < len(rec) && cati < len(rec) {
			out[prefix+rec[idi]] = rec[cati]
		}
	}
	return out, nil
}
