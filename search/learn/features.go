package learn

import (
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/shortlist-hq/shortlist/search"
)

// FeatureSet identifies the features below: their number, order and
// meaning. Bump it whenever Extract changes what a feature measures; models
// trained on another feature set are refused (ErrFeatureSet).
const FeatureSet = 1

// Features, in the order of a Vector.
const (
	// LexicalScore is the first stage's score: the lexical ranker's
	// (search.Hit.Score).
	LexicalScore = iota
	// LexicalResume is the lexical query's BM25 score on the resume (k1 1.2,
	// b 0.75), over the query's total weight.
	LexicalResume
	// LexicalJobTerms is LexicalResume over the job's own terms only,
	// without those feedback added.
	LexicalJobTerms
	// TermsMatched is the share of the lexical query's weight whose terms
	// the resume holds at all (how many of the listed skills it names).
	TermsMatched
	// LexicalHeadline is BM25 of the job title's terms on the candidate's
	// headline: current title and the resume's first lines.
	LexicalHeadline
	// LexicalEmployments is the query's BM25 on the titles of the
	// candidate's positions.
	LexicalEmployments
	// LexicalEducation is the query's BM25 on the education lines.
	LexicalEducation
	// RequirementsMet is the share of the job's requirements some resume
	// sentence meets (search.Match coverage).
	RequirementsMet
	// RequirementStrength is the mean strength of the best sentence per
	// requirement, gaps counting 0.
	RequirementStrength
	// SkillsVerbatim is the share of the job's short requirements (one to
	// four words: a listed skill) that the resume holds word for word.
	SkillsVerbatim
	// TitleMatch is the share of the job title's words in the candidate's
	// current title (or headline).
	TitleMatch
	// PositionTitleMatch is the same share for the best of the
	// candidate's positions.
	PositionTitleMatch
	// RelevantYears is ln(1 + years in positions whose title shares a word
	// with the job title or its main terms).
	RelevantYears
	// ExperienceShortfall is the share of the years the job asks for that
	// the relevant years fall short of (0 when it asks for none).
	ExperienceShortfall
	// SeniorityGap is how many levels (Seniority) the candidate's title is
	// from the job's.
	SeniorityGap
	// YearsSinceLastRole is how long ago the latest position ended, capped
	// at 10 (0 for a current one, or when no position has dates).
	YearsSinceLastRole
	// SimilarToTop is the cosine similarity of the resume's tf-idf vector
	// with the centroid of the resumes of the listTop strongest lexical
	// matches: relevant candidates resemble each other more than they
	// resemble the rest (the cluster hypothesis), so a resume like the
	// strongest matches is likelier relevant than its own score says. A
	// list feature: ExtractList computes it, Extract leaves it 0.
	SimilarToTop
	// HeadlineLikeTop is the same for the headline (how the candidate names
	// their role) against the headlines of the headlineTop strongest.
	HeadlineLikeTop
	// NumFeatures is the length of a Vector.
	NumFeatures
)

var featureNames = [NumFeatures]string{
	LexicalScore:        "lexical_score",
	LexicalResume:       "lexical_resume",
	LexicalJobTerms:     "lexical_job_terms",
	TermsMatched:        "terms_matched",
	LexicalHeadline:     "lexical_headline",
	LexicalEmployments:  "lexical_employments",
	LexicalEducation:    "lexical_education",
	RequirementsMet:     "requirements_met",
	RequirementStrength: "requirement_strength",
	SkillsVerbatim:      "skills_verbatim",
	TitleMatch:          "title_match",
	PositionTitleMatch:  "position_title_match",
	RelevantYears:       "relevant_years",
	ExperienceShortfall: "experience_shortfall",
	SeniorityGap:        "seniority_gap",
	YearsSinceLastRole:  "years_since_last_role",
	SimilarToTop:        "similar_to_top",
	HeadlineLikeTop:     "headline_like_top",
}

// FeatureNames returns the features' names in Vector order.
func FeatureNames() []string { return append([]string(nil), featureNames[:]...) }

// Vector holds one candidate's features for one job.
type Vector [NumFeatures]float64

// Job is what the features read from a job.
type Job struct {
	Title string
	// Text is the plain text of the job post.
	Text string
}

// Corpus is what the features need from the candidate collection.
type Corpus struct {
	// AvgResumeLength is the average number of terms of a resume
	// (search.Index.AverageLengths); 0 uses defaultResumeLength.
	AvgResumeLength float64
	// Now ends current positions and dates recency.
	Now time.Time
}

// defaultResumeLength is the average resume length of the dev sets, in
// analysed terms, for an index that never measured its own.
const defaultResumeLength = 600

// BM25 parameters of the lexical features: Robertson's usual values.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// maxRecency caps YearsSinceLastRole: beyond ten years the gap says no more.
const maxRecency = 10

// Profile is a job prepared for feature extraction: its lexical query and
// requirements analysed once for all its candidates.
type Profile struct {
	job        Job
	roleText   string
	terms      []qterm // the lexical query's text terms
	textWeight float64
	headline   []qterm // the job title's terms on the headline
	titleTerms []string
	mainTerms  map[string]bool // the job title's and the query's heaviest terms
	skills     [][]string      // short requirements, as terms
	yearsAsked float64
	level      int
}

type qterm struct {
	words    []string // one term, or a phrase's words
	weight   float64
	feedback bool
}

// mainTermCount is how many of the query's heaviest terms make a position
// relevant to the job (besides the title's).
const mainTermCount = 5

// NewProfile prepares job for Extract. q is the lexical query the search
// ranker built for it (search.Ranking.Query or search.Index.QueryFor).
func NewProfile(job Job, q search.Query) *Profile {
	p := &Profile{job: job, roleText: search.RoleText(job.Text), yearsAsked: YearsAsked(job.Text), level: Seniority(job.Title)}
	p.titleTerms = unique(search.Terms(job.Title))
	p.mainTerms = map[string]bool{}
	for _, t := range p.titleTerms {
		p.mainTerms[t] = true
	}
	type heavy struct {
		stem string
		w    float64
	}
	var hs []heavy
	for _, t := range q.Terms {
		words := strings.Fields(t.Stem)
		if t.Boost > 0 || t.HeadlineBoost == 0 {
			// The text clause's weight (QueryTerm.Weight adds the headline
			// clause's).
			if w := t.Boost * t.IDF * t.IDF; w > 0 {
				p.terms = append(p.terms, qterm{words, w, t.Feedback})
				p.textWeight += w
				if !t.Phrase {
					hs = append(hs, heavy{t.Stem, w})
				}
			}
		}
		if t.HeadlineBoost > 0 && t.HeadlineIDF > 0 {
			p.headline = append(p.headline, qterm{words: words, weight: t.HeadlineIDF})
		}
	}
	if len(p.headline) == 0 {
		for _, t := range p.titleTerms {
			p.headline = append(p.headline, qterm{words: []string{t}, weight: 1})
		}
	}
	for i := 0; i < mainTermCount && len(hs) > 0; i++ {
		best := 0
		for k, h := range hs {
			if h.w > hs[best].w || (h.w == hs[best].w && h.stem < hs[best].stem) {
				best = k
			}
		}
		p.mainTerms[hs[best].stem] = true
		hs = append(hs[:best], hs[best+1:]...)
	}
	for _, seg := range search.Segments(p.roleText) {
		if ts := search.Terms(seg.Text); len(ts) >= 1 && len(ts) <= 4 && len(strings.Fields(seg.Text)) <= 6 {
			p.skills = append(p.skills, ts)
		}
	}
	return p
}

// Extract computes c's own features for the job (the list features stay
// 0: see ExtractList); lexical is c's score in the lexical ranking
// (search.Hit.Score). It reads nothing of the candidate but the
// allow-listed Candidate.
func (p *Profile) Extract(c Candidate, lexical float64, corpus Corpus) Vector {
	v, _, _ := p.extract(c, lexical, corpus)
	return v
}

// How many of the strongest lexical matches the list features compare
// with.
const (
	listTop     = 20
	headlineTop = 10
)

// ExtractList computes the features of a job's candidate list, in lexical
// order (strongest first), lexical holding their lexical scores: each
// candidate's own features and the list features, which compare a
// candidate with the strongest matches. It is ExtractOwn for every
// candidate (on every core) and CombineList.
func (p *Profile) ExtractList(cands []Candidate, lexical []float64, corpus Corpus) []Vector {
	owns := make([]*Own, len(cands))
	// Candidates are independent: extract them on every core.
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(cands)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				owns[i] = p.ExtractOwn(cands[i], corpus)
			}
		}()
	}
	for i := range cands {
		next <- i
	}
	close(next)
	wg.Wait()
	return CombineList(owns, lexical)
}

// Own is what the features of one candidate for one job need that does not
// depend on the rest of the list: the candidate's own features and the
// terms of the resume and headline the list features compare. It is the
// costly part of extraction (the resume's analysis and its match with the
// job), a pure function of the job, the lexical query it was built with and
// the candidate, so the app caches it per job and candidate; CombineList
// turns a list of them into feature vectors in well under a millisecond
// per candidate.
type Own struct {
	// Vector holds the own features; LexicalScore and the list features
	// are 0.
	Vector   Vector
	resume   sparse
	headline sparse
}

// sparse is a bag of terms: 64-bit FNV-1a hashes of the terms, ascending,
// with their counts. Hashes keep the cache small (twelve bytes a term); two
// terms of one list sharing a hash is vanishingly unlikely, and would only
// nudge a similarity.
type sparse struct {
	keys   []uint64
	counts []float32
}

func newSparse(terms []string) sparse {
	tf := make(map[uint64]float32, len(terms))
	for _, t := range terms {
		tf[hashTerm(t)]++
	}
	s := sparse{keys: make([]uint64, 0, len(tf)), counts: make([]float32, len(tf))}
	for k := range tf {
		s.keys = append(s.keys, k)
	}
	slices.Sort(s.keys)
	for i, k := range s.keys {
		s.counts[i] = tf[k]
	}
	return s
}

func hashTerm(t string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(t))
	return h.Sum64()
}

// count is how often the term occurs.
func (s sparse) count(term string) float64 {
	k := hashTerm(term)
	if i, ok := slices.BinarySearch(s.keys, k); ok {
		return float64(s.counts[i])
	}
	return 0
}

// TermCount returns how often the resume holds a query term (Stem's words:
// one term, or a phrase, counted as its rarer word, as the ranker does).
func (o *Own) TermCount(stem string) float64 {
	f := -1.0
	for _, w := range strings.Fields(stem) {
		if c := o.resume.count(w); f < 0 || c < f {
			f = c
		}
	}
	return max(f, 0)
}

// Size is roughly how many bytes the Own holds, for a cache's budget.
func (o *Own) Size() int {
	return int(unsafe.Sizeof(*o)) + 12*(len(o.resume.keys)+len(o.headline.keys))
}

// ExtractOwn computes c's own features for the job and keeps the terms the
// list features need. It reads nothing of the candidate but the
// allow-listed Candidate.
func (p *Profile) ExtractOwn(c Candidate, corpus Corpus) *Own {
	v, resume, head := p.extract(c, 0, corpus)
	return &Own{Vector: v, resume: newSparse(resume), headline: newSparse(head)}
}

// CombineList computes the feature vectors of a job's candidate list from
// their Owns, in lexical order (strongest first), lexical holding their
// lexical scores: the own features, the lexical score, and the list
// features. A nil Own is a candidate without data: its features are 0.
func CombineList(owns []*Own, lexical []float64) []Vector {
	vs := make([]Vector, len(owns))
	resumes := make([]sparse, len(owns))
	headlines := make([]sparse, len(owns))
	for i, o := range owns {
		if o != nil {
			vs[i], resumes[i], headlines[i] = o.Vector, o.resume, o.headline
		}
		vs[i][LexicalScore] = 0
		if i < len(lexical) {
			vs[i][LexicalScore] = lexical[i]
		}
	}
	for i, s := range similarityToTop(resumes, listTop) {
		vs[i][SimilarToTop] = s
	}
	for i, s := range similarityToTop(headlines, headlineTop) {
		vs[i][HeadlineLikeTop] = s
	}
	return vs
}

// similarityToTop returns the cosine of each document's tf-idf vector (log
// tf, idf within the list) with the centroid of the first top documents'
// unit vectors. Terms get dense numbers in order of first appearance, so
// the work is one hash lookup per term occurrence and the rest array
// arithmetic; every sum runs in the order of a document's sorted keys, so
// the same list gives the same features to the last bit.
func similarityToTop(docs []sparse, top int) []float64 {
	out := make([]float64, len(docs))
	top = min(top, len(docs))
	if top == 0 {
		return out
	}
	var total int
	for _, d := range docs {
		total += len(d.keys)
	}
	dense := make(map[uint64]int32, total/4+1)
	ids := make([]int32, 0, total)
	var df []float64
	for _, d := range docs {
		for _, k := range d.keys {
			j, ok := dense[k]
			if !ok {
				j = int32(len(df))
				dense[k] = j
				df = append(df, 0)
			}
			df[j]++
			ids = append(ids, j)
		}
	}
	n := float64(len(docs))
	idf := df // reused in place
	for j, f := range df {
		idf[j] = math.Log(1 + n/f)
	}
	// The unit vectors, document after document in ids' layout.
	w := make([]float64, total)
	off := 0
	for _, d := range docs {
		var norm float64
		for i, c := range d.counts {
			x := logTF(c) * idf[ids[off+i]]
			w[off+i] = x
			norm += x * x
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for i := range d.counts {
				w[off+i] /= norm
			}
		}
		off += len(d.keys)
	}
	centroid := make([]float64, len(idf))
	off = 0
	for _, d := range docs[:top] {
		for i := range d.keys {
			centroid[ids[off+i]] += w[off+i] / float64(top)
		}
		off += len(d.keys)
	}
	off = 0
	for k, d := range docs {
		for i := range d.keys {
			out[k] += w[off+i] * centroid[ids[off+i]]
		}
		off += len(d.keys)
	}
	return out
}

// logTFs caches 1 + ln(c) for the small counts most terms have.
var logTFs = func() (t [64]float64) {
	for c := 1; c < len(t); c++ {
		t[c] = 1 + math.Log(float64(c))
	}
	return t
}()

func logTF(c float32) float64 {
	if i := int(c); float32(i) == c && i > 0 && i < len(logTFs) {
		return logTFs[i]
	}
	return 1 + math.Log(float64(c))
}

// extract computes c's own features and returns the terms of its resume
// and headline for the list features.
func (p *Profile) extract(c Candidate, lexical float64, corpus Corpus) (Vector, []string, []string) {
	var v Vector
	v[LexicalScore] = lexical
	resume := search.Terms(c.Resume)
	tf := counts(resume)
	avg := corpus.AvgResumeLength
	if avg <= 0 {
		avg = defaultResumeLength
	}
	norm := 1 - bm25B + bm25B*float64(len(resume))/avg
	if p.textWeight > 0 {
		var score, matched, own, ownWeight float64
		for _, t := range p.terms {
			f := termFreq(tf, t.words)
			sat := f * (bm25K1 + 1) / (f + bm25K1*norm)
			if f > 0 {
				matched += t.weight
				score += t.weight * sat
			}
			if !t.feedback {
				own += t.weight * sat
				ownWeight += t.weight
			}
		}
		v[LexicalResume] = score / p.textWeight
		v[TermsMatched] = matched / p.textWeight
		if ownWeight > 0 {
			v[LexicalJobTerms] = own / ownWeight
		}
	}

	title := c.Title
	headline := strings.TrimSpace(title + "\n" + search.ResumeHeadline(c.Resume))
	if title == "" {
		title = firstLine(c.Resume)
	}
	headTerms := search.Terms(headline)
	v[LexicalHeadline] = p.saturated(p.headline, counts(headTerms))

	emps := c.Employments
	var empTitles []string
	for _, e := range emps {
		empTitles = append(empTitles, e.Title)
	}
	v[LexicalEmployments] = p.saturated(p.terms, counts(search.Terms(strings.Join(empTitles, "\n"))))
	v[LexicalEducation] = p.saturated(p.terms, counts(search.Terms(strings.Join(c.Degrees, "\n"))))

	m := search.Match(p.job.Text, c.Resume)
	v[RequirementsMet] = m.Coverage
	if n := len(m.Pairs) + len(m.Gaps); n > 0 {
		var sum float64
		for _, pr := range m.Pairs {
			sum += pr.Strength
		}
		v[RequirementStrength] = sum / float64(n)
	}
	if len(p.skills) > 0 {
		var found int
		for _, s := range p.skills {
			if containsRun(resume, s) {
				found++
			}
		}
		v[SkillsVerbatim] = float64(found) / float64(len(p.skills))
	}

	v[TitleMatch] = p.titleShare(title)
	for _, e := range emps {
		v[PositionTitleMatch] = max(v[PositionTitleMatch], p.titleShare(e.Title))
	}

	now := corpus.Now
	if now.IsZero() {
		now = time.Now()
	}
	years := experience(emps, now, func(e Employment) bool {
		for _, t := range search.Terms(e.Title) {
			if p.mainTerms[t] {
				return true
			}
		}
		return false
	})
	v[RelevantYears] = math.Log1p(years)
	if p.yearsAsked > 0 {
		v[ExperienceShortfall] = max(0, p.yearsAsked-years) / p.yearsAsked
	}
	v[SeniorityGap] = math.Abs(float64(Seniority(title) - p.level))
	if y := yearsSinceLastRole(emps, now); y > 0 {
		v[YearsSinceLastRole] = min(y, maxRecency)
	}
	return v, resume, headTerms
}

// saturated is BM25 without length normalisation (short fields) of terms
// in a field's term counts, over the terms' total weight.
func (p *Profile) saturated(terms []qterm, tf map[string]int) float64 {
	var score, total float64
	for _, t := range terms {
		total += t.weight
		if f := termFreq(tf, t.words); f > 0 {
			score += t.weight * f * (bm25K1 + 1) / (f + bm25K1)
		}
	}
	if total == 0 {
		return 0
	}
	return score / total
}

// titleShare is the share of the job title's terms found in title.
func (p *Profile) titleShare(title string) float64 {
	if len(p.titleTerms) == 0 || title == "" {
		return 0
	}
	have := counts(search.Terms(title))
	var n int
	for _, t := range p.titleTerms {
		if have[t] > 0 {
			n++
		}
	}
	return float64(n) / float64(len(p.titleTerms))
}

func counts(terms []string) map[string]int {
	m := make(map[string]int, len(terms))
	for _, t := range terms {
		m[t]++
	}
	return m
}

// termFreq is a term's count, or for a phrase the count of its rarer word
// (the index keeps no positions, and the ranker matches phrases the same
// way).
func termFreq(tf map[string]int, words []string) float64 {
	f := -1
	for _, w := range words {
		if f < 0 || tf[w] < f {
			f = tf[w]
		}
	}
	return float64(max(f, 0))
}

// containsRun reports whether seq holds run as consecutive terms.
func containsRun(seq, run []string) bool {
	if len(run) == 0 {
		return false
	}
outer:
	for i := 0; i+len(run) <= len(seq); i++ {
		for k, w := range run {
			if seq[i+k] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

func unique(ts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func hasDates(emps []Employment) bool {
	for _, e := range emps {
		if !e.Start.IsZero() {
			return true
		}
	}
	return false
}

func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// educationLines returns the lines of the resume's education sections.
func educationLines(resume string) []string {
	lines := strings.Split(resume, "\n")
	var out []string
	for _, sec := range educationSections(lines) {
		for _, l := range lines[sec[0]:sec[1]] {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}
