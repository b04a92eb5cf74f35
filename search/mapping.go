package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion identifies the index layout: field names, analyzers and what
// goes into each field. Bump it whenever buildMapping or Document.fields
// changes the indexed data; Open then reports NeedsRebuild and the app
// rebuilds from the database.
const MappingVersion = 5

// Field names in the index.
const (
	// FieldText is the composite field the ranker searches: title, company,
	// employments, educations, tags and resume, English-analysed.
	FieldText = "text"
	// FieldTitle holds the current title alone, so callers can boost or
	// filter on it.
	FieldTitle = "title"
	// FieldHeadline holds where a candidate states their role: the current
	// title and the first lines of the resume (see Document.headline). The
	// ranker matches the job title's stems in it (Params.HeadlineWeight).
	FieldHeadline = "headline"
	// FieldCompany holds the current company.
	FieldCompany = "company"
	// FieldEmployments holds the employment lines.
	FieldEmployments = "employments"
	// FieldEducations holds the education lines.
	FieldEducations = "educations"
	// FieldTags holds the candidate's tags.
	FieldTags = "tags"
	// FieldName holds the candidate's name (standard analysis, no stemming).
	FieldName = "name"
	// FieldJobs holds the ids of the jobs the candidate applied to (keyword).
	FieldJobs = "jobs"
	// FieldStatuses holds "jobID:status" pairs, e.g. "42:active" (keyword).
	FieldStatuses = "statuses"
	// FieldLastActivity holds the time of the candidate's last activity.
	FieldLastActivity = "last_activity"
	// FieldVisibility holds VisibilityPrivate for a private candidate and
	// nothing for the others (keyword).
	FieldVisibility = "visibility"
)

// VisibilityPrivate is FieldVisibility's term for a private candidate.
const VisibilityPrivate = "private"

// docType is the only document type in the index; the default mapping is
// disabled so nothing else can be indexed by accident.
const docType = "candidate"

// textAnalyzer is the analyzer of every English text field. Term selection
// and the sentence matcher use the same one, so their stems are the index's.
const textAnalyzer = "shortlist_en"

// textAnalyzerConfig defines textAnalyzer: Bleve's English analyzer (Unicode
// words, possessives dropped, lower case, English stop words) without its
// Porter stemmer. Stemming conflated the nouns recruiters list as skills
// with everyday words of other meaning, and made the skills common:
// "auditing" became "audit" (in 63 → 291 of the dev sets' 1,235 resumes),
// "reporting" "report" (325 → 783), "profiling" "profil" (5 → 200, every
// "profile"), "monitoring" "monitor", "international" "intern", "search
// engine" matched every "engineer" and "manager" fell together with
// "management" in 95% of resumes, beyond MaxDocFreqRatio. On skill-list
// queries (hr-graded-dev) unstemmed matching ranks better; on whole
// postings, whose words recur in several forms, the loss of conflation is
// made up by feedback (Params.FeedbackWeight). Figures in DefaultParams.
// Bleve's plural-only stemmer was measured too and did worse on both sets.
func textAnalyzerConfig() map[string]any {
	return map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName},
	}
}

// buildMapping returns the explicit mapping for MappingVersion.
func buildMapping() *mapping.IndexMappingImpl {
	// No field stores term vectors (positions): the ranker sends no
	// positional queries, and positions would make the index 3.7 times
	// larger and its build 1.5 times slower (measured on 5,000 resumes).
	englishText := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = textAnalyzer
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false
		f.IncludeTermVectors = false
		return f
	}
	keywordField := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}

	name := bleve.NewTextFieldMapping()
	name.Analyzer = standard.Name
	name.Store = false
	name.IncludeInAll = false
	name.IncludeTermVectors = false
	name.DocValues = false

	lastActivity := bleve.NewDateTimeFieldMapping()
	lastActivity.Store = false
	lastActivity.IncludeInAll = false
	// Doc values let the app sort by recency.
	lastActivity.DocValues = true

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldText, englishText())
	dm.AddFieldMappingsAt(FieldTitle, englishText())
	dm.AddFieldMappingsAt(FieldHeadline, englishText())
	dm.AddFieldMappingsAt(FieldCompany, englishText())
	dm.AddFieldMappingsAt(FieldEmployments, englishText())
	dm.AddFieldMappingsAt(FieldEducations, englishText())
	dm.AddFieldMappingsAt(FieldTags, englishText())
	dm.AddFieldMappingsAt(FieldName, name)
	dm.AddFieldMappingsAt(FieldJobs, keywordField())
	dm.AddFieldMappingsAt(FieldStatuses, keywordField())
	dm.AddFieldMappingsAt(FieldVisibility, keywordField())
	dm.AddFieldMappingsAt(FieldLastActivity, lastActivity)

	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(textAnalyzer, textAnalyzerConfig()); err != nil {
		// The configuration is a constant: failing here is a programming error.
		panic(fmt.Sprintf("search: text analyzer: %v", err))
	}
	m.ScoringModel = index.BM25Scoring
	m.DefaultAnalyzer = textAnalyzer
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultMapping.Enabled = false
	m.DefaultMapping.Dynamic = false
	m.DefaultType = docType
	m.AddDocumentMapping(docType, dm)
	return m
}
