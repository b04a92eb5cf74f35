// Package learn re-ranks the lexical ranker's top candidates for a job with
// a model learned from the hiring team's decisions.
//
// The lexical ranker (package search) stays the first stage: it finds the
// top N candidates (N about 200) fast. For each of them Extract computes a
// short vector of explainable features from the job, the candidate and the
// lexical query: BM25 parts per field, how many of the job's requirements
// the resume meets, how the job title compares with the candidate's current
// and past titles, years of relevant experience against the years asked,
// seniority and recency. A Model, linear over features standardised within
// the job's list, scores them; every score is the sum of its Parts (feature
// name → contribution), which the app can show.
//
// # What a feature may read
//
// Candidate is an explicit allow-list: it has no field for a name, contact
// details, photos, age or its proxies (birth or graduation years), gender,
// EEOC or demographic answers, disability or veteran status, and
// FromDocument, the only way the app should build one, drops the name,
// e-mail addresses, phone numbers, web links and the years of the
// education section from the resume text. Tests reflect over the types and
// the feature names, and check that changing those details in a candidate
// changes no feature.
//
// # Training
//
// Train fits the weights to judged lists (graded relevance: the team's
// decisions, relevance > 0 meaning interviewed) with a pairwise logistic
// loss (RankNet, pairs weighted by LambdaRank's ΔDCG in the lexical order)
// and a ridge penalty towards the lexical ranker's order (Prior), chosen by
// cross-validation within the training queries, by Newton's method. It is
// pure Go and deterministic; with fifteen features a hand-written Newton
// step is a few lines, so gonum would not earn its place. A Model is
// versioned JSON so the app can store it; models whose feature set differs
// from this package's are refused on load.
package learn
