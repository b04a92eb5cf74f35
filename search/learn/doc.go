// Package learn re-ranks the lexical ranker's top candidates for a job with
// a model learned from the hiring team's decisions.
//
// The lexical ranker (package search) stays the first stage: it finds the
// top N candidates (Depth, about 200) fast. For each of them
// Profile.ExtractList computes a short vector of explainable features from
// the job, the candidate and the lexical result: the lexical score, BM25
// parts per field (resume, headline, positions, education), how many of
// the job's terms and requirements the resume meets (search.Match) and how
// many listed skills it names word for word, how the job title compares
// with the candidate's current and past titles, years of relevant
// experience against the years asked, seniority and recency, and how much
// the resume and its headline resemble the strongest lexical matches. A
// Model, linear over features standardised within the job's list, scores
// them; every score is the sum of its Parts (feature name → contribution),
// which the app can show as "why this candidate".
//
// In the app: build a Profile once per job from the lexical query
// (search.Ranking.Query), Candidates with NewCandidate from allow-listed
// data, call ExtractList on the top Depth hits with their scores, and
// Model.Rerank. ExtractList is ExtractOwn per candidate, the costly part
// (the resume's analysis and its match with the job, about 2.5 ms a
// candidate), which the app caches per job and candidate, and CombineList,
// which adds the lexical score and the list features in a few milliseconds
// for a list of 200. Before any training, Untrained ranks in the lexical
// order.
//
// # What a feature may read
//
// Candidate is an explicit allow-list: it has no field for a name, contact
// details, photos, age or its proxies (birth or graduation years), gender,
// EEOC or demographic answers, disability or veteran status, and
// NewCandidate (and FromDocument, which uses it) drops the name,
// e-mail addresses, phone numbers, web links and the years of the
// education section from the resume text. Tests reflect over the types and
// the feature names, and check that changing those details in a candidate
// changes no feature.
//
// # Training
//
// Train fits the weights to judged lists (graded relevance: the team's
// decisions, relevance > 0 meaning interviewed) with a pairwise logistic
// loss (RankNet, each pair weighted as LambdaRank does by the change in
// DCG swapping it in the lexical order would make) and a ridge penalty
// that pulls the weights towards the lexical order (Prior): with few
// judgments, or features that do not help, the learned ranking stays the
// lexical one. The penalty is chosen by cross-validation within the
// training queries (leave one query out while they are few). The loss is
// convex; Newton's method minimises it in a few steps. It is pure Go and
// deterministic: with eighteen features a hand-written Newton step is a
// few lines, so gonum would not earn its place. A Model is versioned JSON
// so the app can store it; models whose feature set differs from this
// package's are refused on load (ErrFeatureSet).
package learn
