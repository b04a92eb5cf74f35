package search

// Params are the ranker's knobs. DefaultParams holds the values chosen with
// search/eval; change them only with a new measurement.
type Params struct {
	// MaxTerms is the number of single-stem clauses taken from the job.
	MaxTerms int
	// MinDocFreq drops stems (and phrases) found in fewer candidates.
	MinDocFreq int
	// MaxDocFreqRatio drops stems (and phrases) found in more than this
	// fraction of candidates (0 keeps all).
	MaxDocFreqRatio float64
	// TitleWeight is how many text occurrences one occurrence in the job
	// title counts as.
	TitleWeight float64
	// TFPower shapes the job term frequency in both selection and weight:
	// tf^TFPower (1 = raw counts, 0.5 = square root, 0 = ignore counts).
	TFPower float64
	// SelectIDFPower is the idf exponent in the score that picks the
	// MaxTerms stems: tf^TFPower × idf^SelectIDFPower. 1 is MoreLikeThis's
	// tf × idf; 0 keeps the job's most frequent words (ties go to the higher
	// idf). The weights of the kept stems use IDFPower either way.
	SelectIDFPower float64
	// IDFPower is the idf exponent in a clause's boost. Bleve's BM25 already
	// multiplies each clause by idf², so -1 yields tf × idf per term.
	IDFPower float64
	// MaxPhrases is the number of two-word clauses (0 disables them). A
	// phrase clause requires both stems, anywhere in the resume.
	MaxPhrases int
	// MinPhraseTF is how often a phrase must occur in the job (title
	// occurrences count TitleWeight) to be considered.
	MinPhraseTF float64
	// PhraseWeight multiplies a phrase clause's boost.
	PhraseWeight float64
	// HeadlineWeight is the share of the query weight (0..1) given to
	// clauses matching the job title's stems in the candidates' headlines
	// (FieldHeadline: current title and first resume lines); 0 disables
	// them.
	HeadlineWeight float64
	// FeedbackDocs is the number of top candidates used for
	// pseudo-relevance feedback (0 disables it; it also needs a TextSource).
	FeedbackDocs int
	// FeedbackTerms is the number of stems feedback may add or reweigh.
	FeedbackTerms int
	// FeedbackWeight is the share of the query weight given to feedback
	// stems (0..1).
	FeedbackWeight float64
}

// DefaultParams returns the tuned parameters.
//
// Each value was chosen on the tuning half of the dev sets (search/eval.Split:
// half the queries, by hash, stratified by category) with every other
// parameter at its default, and checked on the other half. Figures are
// nDCG@10, tuning/confirmation half, for category-match-dev (80/79 queries)
// and hr-graded-dev (12/12); the paired standard error of a difference on the
// category set is about 0.005–0.01. Rule: the best category tuning figure,
// unless it costs the hr set (small and noisy, a sanity check) or latency for
// a gain within noise. Reproduce with
//
//	go run ./search/eval/cmd/shortlist-eval -set …/category-match-dev.json \
//	    -set …/hr-graded-dev.json -sweep MaxTerms=20,10,15,25,30,40
//
// Defaults: category .463/.408, hr .239/.349 (the naive BM25 baseline:
// .360/.321 and .213/.281).
//
//	MaxTerms 20        10 .429/.392  15 .437/.395  25 .466/.417  30 .467/.400
//	                   40 .483/.428. Latency follows the clauses: warm p50 for
//	                   a 50-hit page at 10k/100k candidates (BenchmarkRank)
//	                   is 4.9/47 ms with 10, 11.5/98 with 20, 20.9/166 with
//	                   40; MaxTerms is the knob to turn for speed
//	SelectIDFPower 0   .25 .458/.407  .5 .450/.387  1 (MoreLikeThis) .414/.369:
//	                   rare stems of a posting (places, company names) say
//	                   little about the field; its frequent words do
//	IDFPower -1        1 .412/.338  0 .446/.366  -.5 .448/.376  -1.5 .462/.426
//	                   but hr Recall@50 .825→.617; -1 is textbook BM25
//	TFPower 1          0 .244/.274  .5 .466/.402 (hr .230/.320)
//	TitleWeight 3      0 .423/.393  1 .431/.403  2 .449/.399  5 .463/.415
//	                   (hr .218/.351)  8 .459/.423 (hr .198/.324)
//	MinDocFreq 1       2 .460/.418  5 .460/.432; no gain on the tuning half,
//	                   and a small company's one Kubernetes expert must count
//	MaxDocFreqRatio .8 none .462/.412  .7 .446/.413  .6 .448/.410  .5 .392/.374
//	                   .3 .383/.359  .1 (search-performance.md) .264/.245; .8
//	                   only drops words nearly every resume has ("experience",
//	                   "work") and saves 15–25% latency (none: 15.1/114 ms);
//	                   lower caps cut words that define a field ("sales" and
//	                   "account" are each in 54% of the resumes)
//	MaxPhrases 0       3 .460/.422 (hr Recall@50 .825→.648)  5 .455/.414
//	                   10 .455/.416
//	FeedbackDocs 10    0 .403/.338  5 .453/.410  20 .460/.423 (hr .205/.353)
//	FeedbackTerms 3    5 .460/.415 (hr .223/.296)  10 .443/.395 (hr .226/.250)
//	FeedbackWeight .3  .1 .432/.379  .2 .448/.400  .4 .471/.413  .5 .477/.417;
//	                   .3 is the largest that keeps hr Recall@50 (.825/.689)
//
// BM25 k1 and b are Bleve's process-wide defaults (1.2, 0.75): k1 0.9–2.0 and
// b 0.5–1.0 moved the category figures by at most .014 (b .5: .449/.402), so
// they are left alone. Phrase positions are not indexed (see MaxPhrases).
func DefaultParams() Params {
	return Params{
		MaxTerms:        20,
		MinDocFreq:      1,
		MaxDocFreqRatio: 0.8,
		TitleWeight:     3,
		TFPower:         1,
		SelectIDFPower:  0,
		IDFPower:        -1,
		MaxPhrases:      0,
		MinPhraseTF:     2,
		PhraseWeight:    1,
		FeedbackDocs:    10,
		FeedbackTerms:   3,
		FeedbackWeight:  0.3,
	}
}
