package search

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// DefaultLimit is the page size when RankOptions.Limit is 0.
const DefaultLimit = 50

// RankOptions select and page the candidates ranked for a job.
type RankOptions struct {
	// AppliedOnly limits the ranking to the job's applicants. Off, every
	// candidate is ranked and the job's applicants are marked on the hits.
	AppliedOnly bool
	// Status, with AppliedOnly, keeps only applications to the job in this
	// Greenhouse status ("active", "rejected", "hired").
	Status string
	// Offset and Limit page the ranking (Limit 0 means DefaultLimit).
	Offset, Limit int
	// Params override DefaultParams when set.
	Params *Params
	// HidePrivate leaves private candidates out of the ranking (and its
	// Total), except those who applied to one of PrivateJobIDs: the jobs
	// whose private candidates the reader may see. The app sets them from
	// Greenhouse's visibility rules (db.Viewer).
	HidePrivate   bool
	PrivateJobIDs []int64
	// NoDetails skips the explanations and applicant marks (Hit.Matched and
	// Hit.Applied stay empty): for evaluation and exports that need only the
	// order.
	NoDetails bool
}

// TermContribution is how much one query clause added to a hit's score.
type TermContribution struct {
	// Term is the stem's or phrase's spelling in the job.
	Term string
	// Phrase marks a multi-word clause.
	Phrase bool
	// Weight is the clause's weight in the query (QueryTerm.Weight).
	Weight float64
	// Contribution is the clause's share of the hit's raw score; a hit's
	// contributions sum to its Score.
	Contribution float64
}

// Hit is one ranked candidate.
type Hit struct {
	ID int64
	// Score is the raw BM25 score.
	Score float64
	// Percent grades Score on a curve: the ranking's top hit is 100, the rest
	// 100 × Score / top score.
	Percent float64
	// Applied reports whether the candidate applied to the job.
	Applied bool
	// Matched lists the job terms found in the candidate, largest
	// contribution first.
	Matched []TermContribution
}

// Ranking is one page of a job's ranked candidates.
type Ranking struct {
	Hits []Hit
	// Total is the number of candidates that matched at all.
	Total uint64
	// MaxScore is the top score of the whole ranking (the 100% mark).
	MaxScore float64
	// Query is the weighted query that was run.
	Query Query
	// Took is the time spent, query building included.
	Took time.Duration
}

// QueryFor builds the weighted query for job from the index's statistics.
// Queries are cached per job text and params for a few minutes (and until
// Rebuild), so reopening, paging or filtering a job skips this step.
func (ix *Index) QueryFor(ctx context.Context, job Job, p Params) (Query, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.checkUsable(); err != nil {
		return Query{}, err
	}
	return ix.queryFor(ctx, job, p)
}

func (ix *Index) queryFor(ctx context.Context, job Job, p Params) (Query, error) {
	key := jobKey(job, p)
	if q, ok := ix.queries.get(key); ok {
		return q, nil
	}
	q, err := ix.buildQuery(ctx, job, p)
	if err != nil {
		return Query{}, err
	}
	ix.queries.put(key, q)
	return q, nil
}

func (ix *Index) buildQuery(ctx context.Context, job Job, p Params) (Query, error) {
	if p.RoleTextOnly {
		job.Text = RoleText(job.Text)
	}
	st, err := newIndexStats(ctx, ix)
	if err != nil {
		return Query{}, err
	}
	defer st.close()
	q := selectTerms(job, p, ix.analyzer, st)
	if p.FeedbackDocs > 0 && p.FeedbackTerms > 0 && ix.texts != nil && len(q.Terms) > 0 {
		return ix.expand(ctx, st, q, p)
	}
	return q, nil
}

func (ix *Index) checkUsable() error {
	if ix.bi == nil {
		return ErrClosed
	}
	if ix.version != MappingVersion {
		return ErrNeedsRebuild
	}
	return nil
}

// Rank ranks candidates for job and explains every score on the page.
func (ix *Index) Rank(ctx context.Context, job Job, opts RankOptions) (*Ranking, error) {
	start := time.Now()
	p := DefaultParams()
	if opts.Params != nil {
		p = *opts.Params
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.checkUsable(); err != nil {
		return nil, err
	}
	q, err := ix.queryFor(ctx, job, p)
	if err != nil {
		return nil, err
	}
	r, err := ix.rankQuery(ctx, job.ID, q, q.bleveQuery(), opts)
	if err != nil {
		return nil, err
	}
	r.Took = time.Since(start)
	return r, nil
}

// SearchText ranks candidates for free text: the whole text as one BM25
// MatchQuery on the composite text field, every word a clause. It serves
// the search box, and it is the naive baseline search/eval compares the
// ranker with (slow on long texts: see search-performance.md). Applied Only
// needs a job, so opts.AppliedOnly filters on jobID.
func (ix *Index) SearchText(ctx context.Context, jobID int64, text string, opts RankOptions) (*Ranking, error) {
	start := time.Now()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.checkUsable(); err != nil {
		return nil, err
	}
	// Describe the query as Terms so hits can be explained per word. The
	// MatchQuery repeats a word once per occurrence, so a word is as many
	// clauses as occurrences.
	st, err := newIndexStats(ctx, ix)
	if err != nil {
		return nil, err
	}
	var q Query
	q.DocCount = st.docCount()
	seen := map[string]int{}
	for _, t := range ix.analyzer(text) {
		i, ok := seen[t.stem]
		if !ok {
			i = len(q.Terms)
			seen[t.stem] = i
			df := st.docFreq(t.stem)
			q.Terms = append(q.Terms, QueryTerm{
				Term: strings.ToLower(text[t.start:t.end]), Stem: t.stem, DocFreq: df, IDF: bm25IDF(q.DocCount, df), Boost: 1,
			})
		}
		qt := &q.Terms[i]
		qt.TF++
		qt.repeat++
		qt.Weight = qt.TF * qt.IDF * qt.IDF
	}
	st.close()
	mq := bleve.NewMatchQuery(text)
	mq.SetField(FieldText)
	mq.Analyzer = textAnalyzer
	r, err := ix.rankQuery(ctx, jobID, q, mq, opts)
	if err != nil {
		return nil, err
	}
	r.Took = time.Since(start)
	return r, nil
}

// RankQuery runs a query built by QueryFor for the job jobID.
func (ix *Index) RankQuery(ctx context.Context, jobID int64, q Query, opts RankOptions) (*Ranking, error) {
	start := time.Now()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.checkUsable(); err != nil {
		return nil, err
	}
	r, err := ix.rankQuery(ctx, jobID, q, q.bleveQuery(), opts)
	if err != nil {
		return nil, err
	}
	r.Took = time.Since(start)
	return r, nil
}

// rankQuery runs main (the query q describes), filtered and paged by opts,
// and explains the page.
func (ix *Index) rankQuery(ctx context.Context, jobID int64, q Query, main query.Query, opts RankOptions) (*Ranking, error) {
	r := &Ranking{Query: q}
	if len(q.Terms) == 0 {
		if !opts.AppliedOnly {
			return r, nil
		}
		// Nothing in the job to rank by (a job with no post yet, a tiny
		// index): the applicants are still the applicants.
		main = bleve.NewMatchNoneQuery()
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	var filter query.Query
	if opts.AppliedOnly {
		filter = appliedFilter(jobID, opts.Status)
	}
	p := DefaultParams()
	if opts.Params != nil {
		p = *opts.Params
	}
	res, err := ix.search(ctx, q, main, filter, opts, p, max(opts.Offset, 0), limit, !opts.NoDetails)
	if err != nil {
		return nil, fmt.Errorf("search: rank job %d: %w", jobID, err)
	}
	r.Total, r.MaxScore = res.total, res.max
	if len(res.ids) == 0 {
		return r, nil
	}

	var applied map[string]bool
	if !opts.NoDetails && !opts.AppliedOnly {
		rd, err := ix.reader()
		if err != nil {
			return nil, err
		}
		applied, err = appliedAmong(ctx, rd, jobID, res.ids)
		rd.Close()
		if err != nil {
			return nil, err
		}
	}
	r.Hits = make([]Hit, len(res.ids))
	for i, sid := range res.ids {
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("search: bad document id %q: %w", sid, err)
		}
		h := Hit{ID: id, Score: res.scores[i], Percent: percent(res.scores[i], res.max)}
		if !opts.NoDetails {
			h.Applied = opts.AppliedOnly || applied[sid]
			h.Matched = res.explained.contributions(q, res.pos[i], h.Score)
		}
		r.Hits[i] = h
	}
	return r, nil
}

// searched is one page of a ranking.
type searched struct {
	ids    []string
	scores []float64
	total  uint64
	max    float64
	// explained holds the page's clause scores (when asked for), and pos
	// the position of each page hit in it.
	explained *docScores
	pos       []int
}

// search ranks candidates for q and returns the page [from, from+size),
// with the page's clause scores when explain is set. filter admits
// documents main misses (at a zero score); vis.HidePrivate removes private
// candidates (see RankOptions). Neither changes a document's score.
func (ix *Index) search(ctx context.Context, q Query, main, filter query.Query, vis RankOptions, p Params, from, size int, explain bool) (*searched, error) {
	bq := main
	if filter != nil {
		// Every applicant is listed, those the job's terms miss entirely
		// (a resume not read yet) at the bottom with a zero score: the
		// zero-boost match-all clause admits them without touching anyone
		// else's score (a matching document scores main × coord 2/2).
		all := bleve.NewMatchAllQuery()
		all.SetBoost(zeroBoost)
		bq = bleve.NewConjunctionQuery(bleve.NewDisjunctionQuery(main, all), filter)
	}
	if vis.HidePrivate {
		// In the query, not after it, so that Total and the pages count
		// only what the reader may see.
		bq = &hidePrivateQuery{child: bq, teamJobs: vis.PrivateJobIDs}
	}
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	stats, err := ix.bm25Stats(p)
	if err != nil {
		return nil, err
	}
	if stats != nil {
		req.PreSearchData = map[string]any{bsearch.BM25PreSearchDataKey: stats}
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &searched{total: res.Total, max: finite(res.MaxScore)}
	for i, h := range res.Hits {
		out.ids = append(out.ids, h.ID)
		out.scores = append(out.scores, finite(h.Score))
		out.pos = append(out.pos, i)
	}
	if explain && len(out.ids) > 0 {
		rd, err := ix.reader()
		if err != nil {
			return nil, err
		}
		defer rd.Close()
		if out.explained, err = scoreDocs(ctx, rd, q, out.ids, stats); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bm25Stats returns the BM25 statistics for a search of the live generation
// (see lengths.go), or nil to leave them to Bleve.
func (ix *Index) bm25Stats(p Params) (*bsearch.BM25Stats, error) {
	if ix.lengths == nil {
		return nil, nil
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return nil, fmt.Errorf("search: doc count: %w", err)
	}
	return ix.lengths.bm25Stats(n, p), nil
}

// finite maps NaN and infinities to 0. A query whose only clauses weigh
// nothing (Applied Only for a job with no terms yet) makes Bleve normalise
// by zero; those applicants simply have no score.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// percent grades a score on the ranking's curve.
func percent(score, top float64) float64 {
	if top <= 0 {
		return 0
	}
	return 100 * score / top
}

// zeroBoost makes a clause a pure filter: its score is multiplied by zero and
// it adds nothing to the query norm, so the scores (and the explanations) of
// the query it is joined with do not change. Conjunctions advance the ranking
// query to the filter's few documents, which is what makes Applied Only fast.
const zeroBoost = 0

// appliedFilter matches the job's applicants (with the status, if given).
func appliedFilter(jobID int64, status string) query.Query {
	var tq *query.TermQuery
	if status != "" {
		tq = bleve.NewTermQuery(StatusKey(jobID, status))
		tq.SetField(FieldStatuses)
	} else {
		tq = bleve.NewTermQuery(strconv.FormatInt(jobID, 10))
		tq.SetField(FieldJobs)
	}
	tq.SetBoost(zeroBoost)
	return tq
}

// bleveQuery turns q into a disjunction of weighted clauses on the text
// field: a TermQuery per stem, a conjunction of TermQueries per phrase.
func (q Query) bleveQuery() *query.DisjunctionQuery {
	clauses := make([]query.Query, 0, len(q.Terms))
	var headline []query.Query
	for _, t := range q.Terms {
		if t.textClause() {
			clauses = append(clauses, t.clause(FieldText, t.Boost))
		}
		if t.headlineClause() {
			headline = append(headline, t.clause(FieldHeadline, t.HeadlineBoost))
		}
	}
	return bleve.NewDisjunctionQuery(append(clauses, headline...)...)
}

// clause is the term's clause on field: a TermQuery, or for a phrase a
// conjunction of its stems' TermQueries.
func (t QueryTerm) clause(field string, boost float64) query.Query {
	if !t.Phrase {
		return termQuery(field, t.Stem, boost)
	}
	words := strings.Fields(t.Stem)
	parts := make([]query.Query, len(words))
	for i, w := range words {
		parts[i] = termQuery(field, w, boost)
	}
	return bleve.NewConjunctionQuery(parts...)
}

func termQuery(field, stem string, boost float64) *query.TermQuery {
	tq := bleve.NewTermQuery(stem)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}

// indexStats reads document frequencies from one index snapshot, through
// the index's cache.
type indexStats struct {
	ctx context.Context
	ix  *Index
	bi  bleve.Index
	r   index.IndexReader
	n   uint64
}

func newIndexStats(ctx context.Context, ix *Index) (*indexStats, error) {
	bi := ix.bi
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	n, err := r.DocCount()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("search: doc count: %w", err)
	}
	return &indexStats{ctx: ctx, ix: ix, bi: bi, r: r, n: n}, nil
}

func (s *indexStats) close() { s.r.Close() }

func (s *indexStats) docCount() uint64 { return s.n }

// maxCachedTerms bounds the doc-frequency cache (a stem and a count each).
const maxCachedTerms = 200_000

func (s *indexStats) docFreq(stem string) uint64 { return s.fieldDocFreq(FieldText, stem) }

func (s *indexStats) headlineDocFreq(stem string) uint64 {
	return s.fieldDocFreq(FieldHeadline, stem)
}

// fieldDocFreq counts the candidates whose field holds stem.
func (s *indexStats) fieldDocFreq(field, stem string) uint64 {
	key := stem
	if field != FieldText {
		key = field + "\x00" + stem
	}
	s.ix.dfMu.Lock()
	df, ok := s.ix.dfCache[key]
	s.ix.dfMu.Unlock()
	if ok {
		return df
	}
	tfr, err := s.r.TermFieldReader(s.ctx, []byte(stem), field, false, false, false)
	if err != nil {
		return 0
	}
	df = tfr.Count()
	tfr.Close()
	s.ix.dfMu.Lock()
	if s.ix.dfCache == nil || len(s.ix.dfCache) >= maxCachedTerms {
		s.ix.dfCache = make(map[string]uint64, 1024)
	}
	s.ix.dfCache[key] = df
	s.ix.dfMu.Unlock()
	return df
}
