// Package search ranks candidates for a job.
//
// It owns the Bleve index of candidates (one document per candidate, explicit
// versioned mapping, BM25 scoring), the ranker that turns a job posting into a
// short weighted query and explains every score, and the sentence matcher that
// pairs a job's requirements with resume sentences.
//
// The index is derived data: everything in it comes from the database and it
// can be thrown away and rebuilt at any time (see Open, NeedsRebuild and
// Rebuild). Nothing large is stored in it; resume text stays in SQLite.
//
// Ranking follows Lucene's MoreLikeThis, because Bleve has none: the job text
// is analysed with the index's own analyzer, the most distinctive stems
// (tf in the job × idf in the candidate index) and a few multi-word phrases are
// kept, and they are sent as one DisjunctionQuery whose clause boosts are the
// term weights. The knobs live in Params; DefaultParams documents the
// measurements that chose each value (see search/eval).
package search
