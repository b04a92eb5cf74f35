package search

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Job is what the ranker needs from a job: its id (for Applied Only), title
// and the plain text of its job post (the app converts the HTML).
type Job struct {
	ID    int64
	Title string
	Text  string
}

// QueryTerm is one clause of a job's query: a stem or a two-word phrase.
type QueryTerm struct {
	// Term is the form shown to people: the job text's most common spelling,
	// lower-cased ("python", "machine learning").
	Term string
	// Stem is the analysed form; a phrase's stems are joined by a space.
	Stem string
	// Phrase marks a two-word term ("machine learning"). It is sent as a
	// conjunction of its stems: both must occur in the resume, anywhere
	// (the index keeps no positions).
	Phrase bool
	// Feedback marks a stem added by pseudo-relevance feedback (it is not
	// in the job text).
	Feedback bool
	// TF is the weighted count in the job (title occurrences count
	// Params.TitleWeight times).
	TF float64
	// DocFreq is the number of candidates containing the stem (for a
	// phrase, its rarer word).
	DocFreq uint64
	// IDF is the BM25 idf: ln(1 + (N - df + 0.5) / (df + 0.5)).
	IDF float64
	// Boost is the clause boost sent to Bleve.
	Boost float64
	// HeadlineBoost is the boost of the term's clause on the headline field
	// (FieldHeadline), 0 when it has none; HeadlineDocFreq and HeadlineIDF
	// are the stem's statistics in that field. A term may have a headline
	// clause only (Boost 0): a title stem the text clauses left out.
	HeadlineBoost   float64
	HeadlineDocFreq uint64
	HeadlineIDF     float64
	// Weight is the term's weight in the score: Boost × IDF² (+
	// HeadlineBoost × HeadlineIDF²), since Bleve's BM25 multiplies a clause
	// by its boost, its idf twice (query weight and term score), the query
	// norm and the resume-side saturation. With the default IDFPower a text
	// clause weighs the textbook BM25 query weight tf × idf; after feedback
	// the weights are rescaled to sum to 1. Only ratios matter.
	Weight float64

	// repeat is how many identical clauses stand for this term (SearchText's
	// MatchQuery repeats a word once per occurrence); 0 means 1.
	repeat int
}

// textClause reports whether the term has a clause on the text field: all
// but headline-only terms do.
func (t QueryTerm) textClause() bool { return t.Boost > 0 || t.HeadlineBoost == 0 }

// headlineClause reports whether the term has a clause on the headline field.
func (t QueryTerm) headlineClause() bool { return t.HeadlineBoost > 0 }

// clauseWeight is the weight of the term's clause on the text field.
func (t QueryTerm) clauseWeight() float64 { return t.Boost * t.IDF * t.IDF }

// copies returns how many clauses of the query the term is.
func (t QueryTerm) copies() float64 {
	return float64(max(t.repeat, 1))
}

// Query is the weighted query built for a job.
type Query struct {
	Terms []QueryTerm
	// DocCount is the index size the idfs were computed against.
	DocCount uint64
}

// termStats is what term selection needs from the candidate index.
type termStats interface {
	docCount() uint64
	// docFreq counts the candidates whose text holds stem.
	docFreq(stem string) uint64
	// headlineDocFreq counts the candidates whose headline holds stem.
	headlineDocFreq(stem string) uint64
}

// bm25IDF is the idf Bleve's BM25 uses, so term selection and scoring agree.
func bm25IDF(n, df uint64) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// candidate is a stem or phrase under consideration.
type candidate struct {
	stem     string
	surfaces map[string]int
	tf       float64
	words    []string // phrase stems
}

func (c *candidate) addSurface(s string) {
	if c.surfaces == nil {
		c.surfaces = make(map[string]int)
	}
	c.surfaces[strings.ToLower(s)]++
}

// surface picks the most common spelling, the shorter one on ties.
func (c *candidate) surface() string {
	best, n := c.stem, 0
	for s, k := range c.surfaces {
		if k > n || (k == n && (len(s) < len(best) || (len(s) == len(best) && s < best))) {
			best, n = s, k
		}
	}
	return best
}

// selectTerms picks the job's most telling stems and phrases, the way
// Lucene's MoreLikeThis does: by tf in the job (title weighted) and idf in the
// candidate index (see Params.SelectIDFPower), dropping stems that are too
// rare or too common.
func selectTerms(job Job, p Params, analyze analyzerFunc, st termStats) Query {
	n := st.docCount()
	q := Query{DocCount: n}
	if n == 0 {
		return q
	}
	titleToks := analyze(job.Title)
	textToks := analyze(job.Text)

	terms := map[string]*candidate{}
	count := func(toks []token, src string, w float64) {
		for _, t := range toks {
			if !usefulStem(t.stem) {
				continue
			}
			c := terms[t.stem]
			if c == nil {
				c = &candidate{stem: t.stem}
				terms[t.stem] = c
			}
			c.tf += w
			c.addSurface(src[t.start:t.end])
		}
	}
	count(titleToks, job.Title, p.TitleWeight)
	count(textToks, job.Text, 1)

	dfs := make(map[string]uint64, len(terms))
	maxDF := uint64(math.Floor(p.MaxDocFreqRatio * float64(n)))
	keep := func(df uint64) bool {
		return df >= uint64(max(p.MinDocFreq, 1)) && (p.MaxDocFreqRatio <= 0 || df <= maxDF)
	}

	var singles []QueryTerm
	for stem, c := range terms {
		df := st.docFreq(stem)
		dfs[stem] = df
		if !keep(df) {
			continue
		}
		idf := bm25IDF(n, df)
		singles = append(singles, QueryTerm{
			Term: c.surface(), Stem: stem, TF: c.tf, DocFreq: df, IDF: idf,
		})
	}
	singles = topTerms(singles, p, p.MaxTerms)

	var phrases []QueryTerm
	if p.MaxPhrases > 0 {
		phrases = selectPhrases(job, titleToks, textToks, p, st)
	}
	q.Terms = append(singles, phrases...)
	if p.HeadlineWeight > 0 {
		q.Terms = addHeadline(q.Terms, job, titleToks, func(stem string) float64 { return terms[stem].tf }, p, st)
	}
	return q
}

// addHeadline gives the job title's stems a clause on the headline field
// (the candidate's title and the first lines of the resume: see
// Document.headline), weighted like BM25 query terms (count in the title ×
// idf among headlines) and scaled so the headline clauses hold
// HeadlineWeight of the query's weight. A title stem without a text clause
// (too common, or beyond MaxTerms) gets a headline-only term; stems no
// headline holds get nothing.
func addHeadline(terms []QueryTerm, job Job, titleToks []token, jobTF func(stem string) float64, p Params, st termStats) []QueryTerm {
	n := st.docCount()
	type hl struct {
		c   *candidate
		df  uint64
		idf float64
		raw float64
	}
	var hls []*hl
	byStem := map[string]*hl{}
	for _, t := range titleToks {
		if !usefulStem(t.stem) {
			continue
		}
		h := byStem[t.stem]
		if h == nil {
			df := st.headlineDocFreq(t.stem)
			if df == 0 {
				continue
			}
			h = &hl{c: &candidate{stem: t.stem}, df: df, idf: bm25IDF(n, df)}
			byStem[t.stem] = h
			hls = append(hls, h)
		}
		h.c.tf++
		h.c.addSurface(job.Title[t.start:t.end])
	}
	var textSum, hlSum float64
	for _, t := range terms {
		textSum += t.Weight
	}
	for _, h := range hls {
		h.raw = math.Pow(h.c.tf, p.TFPower) * h.idf
		hlSum += h.raw
	}
	if hlSum == 0 {
		return terms
	}
	if textSum == 0 {
		textSum = 1
	}
	share := min(p.HeadlineWeight, 0.95)
	scale := textSum * share / (1 - share) / hlSum
	index := map[string]int{}
	for i, t := range terms {
		if !t.Phrase {
			index[t.Stem] = i
		}
	}
	for _, h := range hls {
		w := h.raw * scale
		k, ok := index[h.c.stem]
		if !ok {
			k = len(terms)
			df := st.docFreq(h.c.stem)
			terms = append(terms, QueryTerm{
				Term: h.c.surface(), Stem: h.c.stem, TF: jobTF(h.c.stem), DocFreq: df, IDF: bm25IDF(n, df),
			})
		}
		t := &terms[k]
		t.HeadlineDocFreq, t.HeadlineIDF = h.df, h.idf
		t.HeadlineBoost = w / (h.idf * h.idf)
		t.Weight = t.clauseWeight() + w
	}
	return terms
}

// selectionScore ranks candidate terms: tf^TFPower × idf^SelectIDFPower.
func selectionScore(t QueryTerm, p Params) float64 {
	return math.Pow(t.TF, p.TFPower) * math.Pow(t.IDF, p.SelectIDFPower)
}

// topTerms keeps the k best terms by selection score and sets their weights.
func topTerms(ts []QueryTerm, p Params, k int) []QueryTerm {
	sort.Slice(ts, func(i, j int) bool {
		si, sj := selectionScore(ts[i], p), selectionScore(ts[j], p)
		if si != sj {
			return si > sj
		}
		// Equally frequent: the more specific first.
		if ts[i].IDF != ts[j].IDF {
			return ts[i].IDF > ts[j].IDF
		}
		return ts[i].Stem < ts[j].Stem
	})
	if len(ts) > k {
		ts = ts[:k]
	}
	for i := range ts {
		ts[i].Boost = clauseBoost(ts[i], p)
		ts[i].Weight = ts[i].clauseWeight()
	}
	return ts
}

// clauseBoost is the boost of a clause: tf^TFPower × idf^IDFPower. Bleve's
// BM25 clause score is boost × idf² × saturation(tf in resume) × queryNorm,
// so IDFPower = -1 gives the textbook BM25 weight tf × idf per query term.
func clauseBoost(t QueryTerm, p Params) float64 {
	w := math.Pow(t.TF, p.TFPower) * math.Pow(t.IDF, p.IDFPower)
	if t.Phrase {
		w *= p.PhraseWeight
	}
	return w
}

// selectPhrases finds two-word terms that recur in the job (or appear in its
// title) and whose words both occur in the index: "machine learning",
// "project management", "bachelor of science". They are ranked like single
// stems, with the rarer word's doc frequency standing in for the pair's
// (an upper bound: counting the pairs would cost a search each).
func selectPhrases(job Job, titleToks, textToks []token, p Params, st termStats) []QueryTerm {
	phrases := map[string]*candidate{}
	collect := func(toks []token, src string, w float64) {
		for i := 0; i+1 < len(toks); i++ {
			a, b := toks[i], toks[i+1]
			if !usefulStem(a.stem) || !usefulStem(b.stem) || a.stem == b.stem {
				continue
			}
			// Neighbours only, not split by punctuation or a line break.
			if b.pos-a.pos > maxPairGap || !phraseGap(src[a.end:b.start]) {
				continue
			}
			key := a.stem + " " + b.stem
			c := phrases[key]
			if c == nil {
				c = &candidate{stem: key}
				phrases[key] = c
			}
			c.tf += w
			c.addSurface(collapseSpace(src[a.start:b.end]))
		}
	}
	collect(titleToks, job.Title, p.TitleWeight)
	collect(textToks, job.Text, 1)

	n := st.docCount()
	maxDF := uint64(math.Floor(p.MaxDocFreqRatio * float64(n)))
	var kept []QueryTerm
	for key, c := range phrases {
		if c.tf < p.MinPhraseTF {
			continue
		}
		w1, w2, _ := strings.Cut(key, " ")
		df := min(st.docFreq(w1), st.docFreq(w2))
		if df < uint64(max(p.MinDocFreq, 1)) || (p.MaxDocFreqRatio > 0 && df > maxDF) {
			continue
		}
		kept = append(kept, QueryTerm{
			Term: c.surface(), Stem: key, Phrase: true, TF: c.tf, DocFreq: df, IDF: bm25IDF(n, df),
		})
	}
	return topTerms(kept, p, p.MaxPhrases)
}

// phraseGap reports whether the text between two words lets them form a
// phrase: spaces, hyphens and (stop) words only.
func phraseGap(gap string) bool {
	for _, r := range gap {
		if !unicode.IsSpace(r) && !unicode.IsLetter(r) && r != '-' && r != '\'' || r == '\n' {
			return false
		}
	}
	return true
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
