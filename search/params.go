package search

// Params are the ranker's knobs. DefaultParams holds the values chosen with
// search/eval; change them only with a new measurement.
type Params struct {
	// MaxTerms is the number of single-stem clauses in a job's query.
	MaxTerms int
	// MinDocFreq drops stems and phrases found in fewer candidates.
	MinDocFreq int
	// MaxDocFreqRatio drops stems and phrases found in more than this
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
	// idf).
	SelectIDFPower float64
	// IDFPower is the idf exponent in a clause's boost. Bleve's BM25 already
	// multiplies each clause by idf², so -1 yields tf × idf per term.
	IDFPower float64
	// MaxPhrases is the number of two-word phrase clauses (0 disables).
	MaxPhrases int
	// MinPhraseTF is how often a phrase must occur in the job (title
	// occurrences count TitleWeight) to be considered.
	MinPhraseTF float64
	// PhraseWeight multiplies a phrase clause's boost.
	PhraseWeight float64
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
