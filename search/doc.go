// Package search ranks candidates for a job.
//
// It owns the Bleve index of candidates (one document per candidate,
// explicit versioned mapping, scorch with BM25), the ranker that turns a job
// posting into a short weighted query and explains every score, and the
// sentence matcher that pairs a job's requirements with resume sentences.
//
// # Index
//
// The index is derived data: everything in it comes from the database, and
// it can be thrown away and rebuilt at any time. Open reports NeedsRebuild
// when the on-disk MappingVersion differs, when the index was never
// completed, or when its document count differs from the database's. Rebuild
// writes a fresh generation next to the live one and switches by renaming a
// pointer file, so a crash leaves either the old index or the new one, never
// a half-built one. Nothing large is stored: resume text stays in SQLite.
//
// # Ranking
//
// Bleve has no MoreLikeThis, so the ranker builds one (see QueryFor):
//
//  1. The job's title and text are analysed with the index's own English
//     analyzer (lower case, no stemming: see textAnalyzerConfig); stop
//     words, numbers and one-letter words are dropped.
//  2. The job's MaxTerms most frequent stems are kept (title occurrences
//     count TitleWeight times), skipping stems in more than MaxDocFreqRatio
//     of the candidates. Each becomes a TermQuery on the text field whose
//     boost makes its weight tf × idf, BM25's own query weighting.
//  3. The job title's stems also get a TermQuery on the headline field,
//     where candidates state their role (their current title and the
//     resume's first lines), holding HeadlineWeight of the query's weight.
//     A term's text and headline clauses are one term in the explanations.
//  4. With a TextSource, pseudo-relevance feedback (RM3) runs that query,
//     reads the top FeedbackDocs resumes and mixes their most telling stems
//     into the query (FeedbackWeight of the weight).
//  5. The clauses go to Bleve as one DisjunctionQuery; Applied Only joins a
//     zero-boost TermQuery on the job id, which filters without changing a
//     score. Every search hands Bleve the BM25 statistics measured when the
//     index was built (lengths.go): Bleve's own average field length is the
//     number of distinct terms summed over segments, which is far from the
//     resumes' length and moves whenever segments merge.
//
// Every parameter was chosen by measurement with search/eval; DefaultParams
// documents the figures. Built queries are cached per job for a few minutes.
//
// Each hit carries its score graded on a curve (Percent: the ranking's top
// hit is 100) and its explanation: the clauses it matched and how much each
// added, summing to the raw score. Explanations are recomputed from the
// postings of the page's candidates with Bleve's formula (explain.go), which
// is four times cheaper than Bleve's Explain option and tested against it.
//
// # Sentence matching
//
// Match splits a job into requirements (sentences, bullets, list items) and
// finds, for each, the resume sentences with the most similar tf-idf vector
// of stems; requirements nothing matches are reported as gaps. Index.Match
// does the same with the candidate index's idf.
package search
