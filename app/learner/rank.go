package learner

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// AppliedDepth is how many of a job's applicants (Applied Only) the model
// re-ranks: all of them, up to this many.
const AppliedDepth = 1000

// Ranked is one candidate of a ranking page.
type Ranked struct {
	// Hit is the lexical ranker's hit. In a learned ranking its Matched
	// terms are those the features found in the resume (see matchedTerms)
	// and Applied is false (the database says who applied).
	Hit search.Hit
	// Score ranks the candidate: the model's score for the re-ranked top,
	// the lexical score otherwise. Parts decompose it: they sum to Score.
	Score   float64
	Percent float64
	Parts   learn.Parts
	// Learned marks a score the model gave.
	Learned bool
}

// Page is one page of a job's ranking.
type Page struct {
	// Ranking is the lexical ranking's summary (Total, MaxScore, Query);
	// its Hits are not the page's.
	Ranking *search.Ranking
	Items   []Ranked
	// Model is the model that ranked the page, nil for the lexical ranker.
	Model *Model
	// Depth is how many of the lexical top the model re-ranked (0 when
	// lexical): items past it keep the lexical order and scores.
	Depth int
}

// Page ranks a job's candidates and returns the page opts asks for
// (Offset, Limit), with the model in use when there is one: the lexical
// ranker finds the top (AppliedDepth applicants with AppliedOnly, else the
// model's Depth), the model re-ranks it, and the rest follows in lexical
// order.
func (l *Learner) Page(ctx context.Context, job search.Job, opts search.RankOptions) (*Page, error) {
	m := l.InUse()
	if m == nil {
		r, err := l.ix.Rank(ctx, job, opts)
		if err != nil {
			return nil, err
		}
		return lexicalPage(r), nil
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	offset := max(opts.Offset, 0)
	h, err := l.head(ctx, job, opts, m)
	if err != nil {
		return nil, err
	}
	p := &Page{Ranking: h.ranking, Model: m, Depth: len(h.order)}
	for i := offset; i < min(offset+limit, len(h.order)); i++ {
		p.Items = append(p.Items, h.item(i))
	}
	// Past the re-ranked top, the lexical ranking continues.
	if offset+limit > len(h.order) && uint64(len(h.order)) < h.ranking.Total {
		o := opts
		o.Offset = max(offset, len(h.order))
		o.Limit = offset + limit - o.Offset
		r, err := l.ix.Rank(ctx, job, o)
		if err != nil {
			return nil, err
		}
		p.Items = append(p.Items, lexicalPage(r).Items...)
	}
	return p, nil
}

// lexicalPage is a lexical ranking as a page: scores explained by the
// ranker's per-term contributions.
func lexicalPage(r *search.Ranking) *Page {
	p := &Page{Ranking: r, Items: make([]Ranked, len(r.Hits))}
	for i, h := range r.Hits {
		p.Items[i] = Ranked{Hit: h, Score: h.Score, Percent: h.Percent, Parts: LexicalParts(h)}
	}
	return p
}

// LexicalParts decomposes a lexical score by job term ("term:<term>"); what
// the terms leave unexplained (rounding, a clause the ranker could not
// attribute) is "other", so the parts always sum to the score.
func LexicalParts(h search.Hit) learn.Parts {
	parts := make(learn.Parts, len(h.Matched)+1)
	var sum float64
	for _, m := range h.Matched {
		parts["term:"+m.Term] += m.Contribution
		sum += m.Contribution
	}
	if rest := h.Score - sum; math.Abs(rest) > 1e-9*max(1, math.Abs(h.Score)) || len(parts) == 0 {
		parts["other"] = rest
	}
	return parts
}

// head is a job's lexical top re-ranked by a model.
type head struct {
	ranking *search.Ranking // NoDetails: Hits in lexical order
	vectors []learn.Vector
	owns    []*learn.Own
	order   []learn.Scored
	lo, hi  float64 // the lowest and highest score
}

func (h *head) item(i int) Ranked {
	s := h.order[i]
	hit := h.ranking.Hits[s.Index]
	hit.Matched = matchedTerms(h.ranking.Query, h.owns[s.Index])
	pct := 100.0
	if h.hi > h.lo {
		pct = 100 * (s.Score - h.lo) / (h.hi - h.lo)
	}
	return Ranked{Hit: hit, Score: s.Score, Percent: pct, Parts: s.Parts, Learned: true}
}

// head ranks the lexical top and re-ranks it with m.
func (l *Learner) head(ctx context.Context, job search.Job, opts search.RankOptions, m *Model) (*head, error) {
	depth := m.Model.Depth
	if depth <= 0 {
		depth = learn.DefaultDepth
	}
	if opts.AppliedOnly {
		depth = AppliedDepth
	}
	o := opts
	o.Offset, o.Limit, o.NoDetails = 0, depth, true
	r, err := l.ix.Rank(ctx, job, o)
	if err != nil {
		return nil, err
	}
	h := &head{ranking: r}
	if len(r.Hits) == 0 {
		return h, nil
	}
	ids := make([]int64, len(r.Hits))
	lex := make([]float64, len(r.Hits))
	for i, hit := range r.Hits {
		ids[i], lex[i] = hit.ID, hit.Score
	}
	h.vectors, h.owns, err = l.cache.vectors(ctx, job, ids, lex, l.profile(job, r.Query))
	if err != nil {
		return nil, fmt.Errorf("learner: features: %w", err)
	}
	h.order = m.Model.Rerank(h.vectors)
	h.hi, h.lo = h.order[0].Score, h.order[len(h.order)-1].Score
	return h, nil
}

// profile prepares the job for extraction, when some features must be
// computed.
func (l *Learner) profile(job search.Job, q search.Query) func() (*learn.Profile, learn.Corpus, error) {
	return func() (*learn.Profile, learn.Corpus, error) {
		text, _ := l.ix.AverageLengths()
		return learn.NewProfile(learn.Job{Title: job.Title, Text: job.Text}, q), learn.Corpus{AvgResumeLength: text, Now: l.now()}, nil
	}
}

// matchedTerms lists the job's terms the candidate's resume holds, for a
// learned ranking, whose page the lexical ranker does not explain: each
// with the ranker's clause weight and, as its contribution, that weight
// times the term's saturated frequency (BM25 without length
// normalisation), strongest first. They show what matched; the score's
// explanation is the score parts.
func matchedTerms(q search.Query, own *learn.Own) []search.TermContribution {
	if own == nil {
		return nil
	}
	const k1 = 1.2
	var out []search.TermContribution
	for _, t := range q.Terms {
		if t.Boost <= 0 {
			continue
		}
		if f := own.TermCount(t.Stem); f > 0 {
			out = append(out, search.TermContribution{Term: t.Term, Phrase: strings.Contains(t.Stem, " "), Weight: t.Weight,
				Contribution: t.Weight * f * (k1 + 1) / (f + k1)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Contribution > out[j].Contribution })
	return out
}

// Explanation is why a candidate has their score in a job's ranking.
type Explanation struct {
	// Found: the candidate is in the explained part of the ranking (the
	// re-ranked top for a model, the first Depth for the lexical ranker).
	Found bool
	Rank  int
	Score float64
	// Model is the model that scored, nil for the lexical ranker.
	Model *Model
	Depth int
	// Rows are the score's parts, largest contribution first.
	Rows []ExplanationRow
}

// ExplanationRow is one part of a score: a feature (or a job term, for
// the lexical ranker), its value for the candidate, and what it added.
type ExplanationRow struct {
	Feature      string
	Value        float64
	Contribution float64
}

// Explain explains candidate id's score in the ranking opts selects (its
// visibility and Applied Only).
func (l *Learner) Explain(ctx context.Context, job search.Job, opts search.RankOptions, id int64) (*Explanation, error) {
	m := l.InUse()
	e := &Explanation{Model: m}
	if m == nil {
		o := opts
		o.Offset, o.Limit, o.NoDetails = 0, learn.DefaultDepth, false
		if opts.AppliedOnly {
			o.Limit = AppliedDepth
		}
		e.Depth = o.Limit
		r, err := l.ix.Rank(ctx, job, o)
		if err != nil {
			return nil, err
		}
		for i, h := range r.Hits {
			if h.ID != id {
				continue
			}
			e.Found, e.Rank, e.Score = true, i+1, h.Score
			for name, c := range LexicalParts(h) {
				row := ExplanationRow{Feature: name, Contribution: c}
				for _, t := range h.Matched {
					if "term:"+t.Term == name {
						row.Value = t.Weight
					}
				}
				e.Rows = append(e.Rows, row)
			}
			break
		}
		sortRows(e.Rows)
		return e, nil
	}
	h, err := l.head(ctx, job, opts, m)
	if err != nil {
		return nil, err
	}
	e.Depth = len(h.order)
	for rank, s := range h.order {
		if h.ranking.Hits[s.Index].ID != id {
			continue
		}
		e.Found, e.Rank, e.Score = true, rank+1, s.Score
		v := h.vectors[s.Index]
		for f, name := range learn.FeatureNames() {
			e.Rows = append(e.Rows, ExplanationRow{Feature: name, Value: v[f], Contribution: s.Parts[name]})
		}
		break
	}
	sortRows(e.Rows)
	return e, nil
}

func sortRows(rows []ExplanationRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		if a, b := math.Abs(rows[i].Contribution), math.Abs(rows[j].Contribution); a != b {
			return a > b
		}
		return rows[i].Feature < rows[j].Feature
	})
}
