package learn

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/search"
)

// query builds a lexical query of single terms with the given weights, the
// way the ranker's look (Boost × IDF² is the text clause weight).
func query(weights map[string]float64) search.Query {
	var q search.Query
	for stem, w := range weights {
		q.Terms = append(q.Terms, search.QueryTerm{Term: stem, Stem: stem, IDF: 1, Boost: w, Weight: w})
	}
	return q
}

func TestTitleMatch(t *testing.T) {
	job := Job{Title: "Senior Data Engineer", Text: "Python and SQL."}
	tests := []struct {
		name      string
		cand      Candidate
		title     float64
		positions float64
	}{
		{"SameTitle", Candidate{Title: "Senior Data Engineer"}, 1, 0},
		{"PartOfTitle", Candidate{Title: "Data Analyst"}, 1.0 / 3, 0},
		{"CaseAndOrder", Candidate{Title: "ENGINEER, DATA (SENIOR)"}, 1, 0},
		{"HeadlineStandsIn", Candidate{Resume: "DATA ENGINEER\nSummary\nPipelines."}, 2.0 / 3, 0},
		{"Unrelated", Candidate{Title: "Pastry Chef"}, 0, 0},
		{"PastPosition", Candidate{Title: "Barista", Employments: []Employment{{Title: "Data Engineer"}, {Title: "Senior Engineer"}}}, 0, 2.0 / 3},
	}
	p := NewProfile(job, query(map[string]float64{"python": 1, "sql": 1}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := p.Extract(tt.cand, 0, Corpus{Now: date(2020, 1)})
			if !near(v[TitleMatch], tt.title) || !near(v[PositionTitleMatch], tt.positions) {
				t.Errorf("title_match %v, position_title_match %v; want %v, %v", v[TitleMatch], v[PositionTitleMatch], tt.title, tt.positions)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestExtract(t *testing.T) {
	job := Job{Title: "Senior Accountant", Text: "Requirements:\n• 5+ years of accounting\n• tally erp\n• Reconciliation of bank statements"}
	q := query(map[string]float64{"accounting": 2, "accountant": 1, "tally": 1, "erp": 1, "reconciliation": 1})
	p := NewProfile(job, q)
	now := date(2020, 1)
	strong := FromDocument(search.Document{Resume: "SENIOR ACCOUNTANT\nExperience\n01/2012 to Current\nSenior Accountant Company Name\n" +
		"Accounting in Tally ERP; monthly reconciliation of bank statements and accounting reports."})
	weak := FromDocument(search.Document{Resume: "JUNIOR COOK\nExperience\n01/2018 to 01/2019\nLine Cook Company Name\nGrill station."})
	vs, vw := p.Extract(strong, 2, Corpus{Now: now}), p.Extract(weak, 1, Corpus{Now: now})

	tests := []struct {
		feature    int
		strong     float64
		weak       float64
		comparison string // "=" or ">"
	}{
		{LexicalScore, 2, 1, "="},
		{LexicalJobTerms, 0, 0, ">"},
		{TermsMatched, 1, 0, "="},
		{LexicalResume, 0, 0, ">"},
		{LexicalHeadline, 0, 0, ">"},
		{LexicalEmployments, 0, 0, ">"},
		{RequirementsMet, 0, 0, ">"},
		// "tally erp" and "reconciliation of bank statements" word for word,
		// not "5+ years of accounting".
		{SkillsVerbatim, 2.0 / 3, 0, "="},
		{TitleMatch, 1, 0, "="},
		{PositionTitleMatch, 1, 0, "="},
		{ExperienceShortfall, 0, 1, "="}, // eight accounting years against five asked; the cook has none
		{SeniorityGap, 0, 2, "="},        // senior vs senior; junior vs senior
		{YearsSinceLastRole, 0, 1, "~"},  // the cook's last position ended a year ago
	}
	for _, tt := range tests {
		name := featureNames[tt.feature]
		switch tt.comparison {
		case "=":
			if !near(vs[tt.feature], tt.strong) || !near(vw[tt.feature], tt.weak) {
				t.Errorf("%s: strong %v, weak %v; want %v, %v", name, vs[tt.feature], vw[tt.feature], tt.strong, tt.weak)
			}
		case "~":
			if d1, d2 := vs[tt.feature]-tt.strong, vw[tt.feature]-tt.weak; d1*d1 > 1e-4 || d2*d2 > 1e-4 {
				t.Errorf("%s: strong %v, weak %v; want about %v, %v", name, vs[tt.feature], vw[tt.feature], tt.strong, tt.weak)
			}
		case ">":
			if vs[tt.feature] <= vw[tt.feature] {
				t.Errorf("%s: strong %v not above weak %v", name, vs[tt.feature], vw[tt.feature])
			}
		}
	}
	if want := 8.0; vs[RelevantYears] < 2.1 || vs[RelevantYears] > 2.3 { // ln(1+8) = 2.197
		t.Errorf("relevant_years = %v, want ln(1+%v)", vs[RelevantYears], want)
	}
	for f, x := range p.Extract(Candidate{}, 0, Corpus{Now: now}) {
		// Nothing to read, nothing found: only the gaps to the job's level
		// and years asked remain.
		if x != 0 && f != SeniorityGap && f != ExperienceShortfall {
			t.Errorf("empty candidate: %s = %v, want 0", featureNames[f], x)
		}
	}
}

// forbidden are words no input field or feature name may contain: what
// identifies a person, and age, sex, origin, health and other protected
// characteristics or their proxies.
var forbidden = regexp.MustCompile(`(?i)^(name|email|mail|phone|mobile|tel|address|street|city|zip|postal|photo|picture|image|avatar|age|birth|birthday|born|dob|graduation|graduated|grad|gender|sex|race|ethnicity|ethnic|eeoc|demographic|demographics|disability|disabled|veteran|religion|marital|nationality|citizenship|pregnancy)$`)

// words splits a Go or snake_case identifier into lower-case words.
func words(ident string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(ident, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		start := 0
		for i := 1; i < len(part); i++ {
			if part[i] >= 'A' && part[i] <= 'Z' && part[i-1] >= 'a' && part[i-1] <= 'z' {
				out = append(out, strings.ToLower(part[start:i]))
				start = i
			}
		}
		out = append(out, strings.ToLower(part[start:]))
	}
	return out
}

// TestCandidateCarriesNoForbiddenField walks the model's input types: every
// field must be on the allow-list below (adding one is a review of what the
// model may learn from) and no field or feature name may name a forbidden
// attribute.
func TestCandidateCarriesNoForbiddenField(t *testing.T) {
	allowed := map[string]bool{
		"Candidate.Title": true, "Candidate.Resume": true, "Candidate.Employments": true, "Candidate.Degrees": true,
		"Employment.Title": true, "Employment.Start": true, "Employment.End": true,
		"Job.Title": true, "Job.Text": true,
	}
	var walk func(typ reflect.Type, seen map[reflect.Type]bool)
	walk = func(typ reflect.Type, seen map[reflect.Type]bool) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ == reflect.TypeOf(time.Time{}) {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := typ.Name() + "." + f.Name
			if !allowed[key] {
				t.Errorf("%s is not on the allow-list of model inputs", key)
			}
			for _, w := range words(f.Name) {
				if forbidden.MatchString(w) {
					t.Errorf("%s names a forbidden attribute (%q)", key, w)
				}
			}
			walk(f.Type, seen)
		}
	}
	seen := map[reflect.Type]bool{}
	walk(reflect.TypeOf(Candidate{}), seen)
	walk(reflect.TypeOf(Job{}), seen)
	if len(seen) != 3 {
		t.Errorf("walked %d struct types, want Candidate, Employment and Job", len(seen))
	}
	// Extract reads only the Candidate and the Job (and the corpus and
	// query): its signature is the contract.
	ext := reflect.TypeOf((*Profile).Extract)
	if ext.NumIn() != 4 || ext.In(1) != reflect.TypeOf(Candidate{}) || ext.In(2) != reflect.TypeOf(0.0) || ext.In(3) != reflect.TypeOf(Corpus{}) {
		t.Errorf("Extract is %v, want func(*Profile, Candidate, float64, Corpus) Vector", ext)
	}
	list := reflect.TypeOf((*Profile).ExtractList)
	if list.NumIn() != 4 || list.In(1) != reflect.TypeOf([]Candidate{}) || list.In(2) != reflect.TypeOf([]float64{}) || list.In(3) != reflect.TypeOf(Corpus{}) {
		t.Errorf("ExtractList is %v, want func(*Profile, []Candidate, []float64, Corpus) []Vector", list)
	}
	for _, n := range FeatureNames() {
		for _, w := range words(n) {
			if forbidden.MatchString(w) {
				t.Errorf("feature %q names a forbidden attribute (%q)", n, w)
			}
		}
	}
	if len(FeatureNames()) != int(NumFeatures) || slices.Contains(FeatureNames(), "") {
		t.Errorf("feature names %v incomplete", FeatureNames())
	}
}

// TestFeaturesIgnoreIdentity changes who a candidate is (name, e-mail,
// phone, links, graduation year) and nothing of what they did: no feature
// may change.
func TestFeaturesIgnoreIdentity(t *testing.T) {
	resume := func(name, email, phone, link string, gradYear int) string {
		return name + "\n" + email + " · " + phone + " · " + link + "\nSENIOR ACCOUNTANT\nSummary\n" +
			"Accountant with Tally ERP, reconciliation and tax filing.\n" +
			"Experience\n03/2012 to Current\nSenior Accountant Company Name ï¼\u200b City , State\nMonthly close, audits.\n" +
			"2008 - 2012\nAccounts Executive, Acme\nLedgers.\n" +
			"Education\nMay " + itoa(gradYear) + "\nBachelor of Commerce : Accounting, State University\n" +
			"Skills\nTally, Excel"
	}
	doc := func(name, email, phone, link string, gradYear int) search.Document {
		return search.Document{
			Name: name, Title: "Senior Accountant",
			Resume:      resume(name, email, phone, link, gradYear),
			Employments: []string{"Senior Accountant at Acme (2012–2020)"},
			Educations:  []string{"B.Com Accounting, State University, " + itoa(gradYear)},
		}
	}
	a := doc("Jane Doe", "jane.doe@example.com", "(555) 123-4567", "https://linkedin.com/in/janedoe", 2008)
	b := doc("Maria José García-López", "mjgl1961@mail.example.org", "+34 912 345 678", "www.example.org/~maria", 1983)

	ca, cb := FromDocument(a), FromDocument(b)
	for _, bad := range []string{"Jane", "Doe", "jane.doe", "555", "linkedin", "May 2008", ", 2008"} {
		if strings.Contains(ca.Resume+strings.Join(ca.Degrees, " "), bad) {
			t.Errorf("redacted candidate still holds %q:\n%s", bad, ca.Resume)
		}
	}
	p := NewProfile(Job{Title: "Senior Accountant", Text: "3+ years of accounting; Tally ERP; reconciliation; Jane; Maria"},
		query(map[string]float64{"accounting": 1, "tally": 1, "erp": 1, "reconciliation": 1, "jane": 1, "maria": 1, "doe": 1}))
	corpus := Corpus{AvgResumeLength: 400, Now: date(2021, 1)}
	va, vb := p.Extract(ca, 1.5, corpus), p.Extract(cb, 1.5, corpus)
	if va != vb {
		for f := range NumFeatures {
			if va[f] != vb[f] {
				t.Errorf("%s: %v for one identity, %v for the other", featureNames[f], va[f], vb[f])
			}
		}
	}
	// And in a list, beside other candidates.
	other := FromDocument(search.Document{Resume: "ACCOUNTANT\nTally and ledgers.\nExperience\n2015 - 2019\nAccountant, Acme"})
	la := p.ExtractList([]Candidate{other, ca, other}, []float64{3, 1.5, 1}, corpus)
	lb := p.ExtractList([]Candidate{other, cb, other}, []float64{3, 1.5, 1}, corpus)
	for i := range la {
		if la[i] != lb[i] {
			t.Errorf("list position %d: features %v for one identity, %v for the other", i, la[i], lb[i])
		}
	}
	if va[TermsMatched] == 0 || va[RelevantYears] == 0 {
		t.Errorf("features %v: the candidate's work should count", va)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestExtractList(t *testing.T) {
	job := Job{Title: "Registered Nurse", Text: "Patient care in the ICU; triage."}
	p := NewProfile(job, query(map[string]float64{"patient": 1, "care": 1, "icu": 1, "triage": 1}))
	nurse := func(extra string) Candidate {
		return FromDocument(search.Document{Resume: "REGISTERED NURSE\nCharting, medication administration, wound care, patient care. " + extra})
	}
	chef := FromDocument(search.Document{Resume: "PASTRY CHEF\nLaminated doughs, plating, kitchen care and patient training of cooks."})
	// Four nurses lead the lexical list; a fifth nurse and a chef trail.
	cands := []Candidate{nurse("ICU."), nurse("Triage."), nurse("ICU triage."), nurse("Telemetry."), chef, nurse("Hospice.")}
	lex := []float64{9, 8, 7, 6, 2, 1}
	vs := p.ExtractList(cands, lex, Corpus{Now: date(2020, 1)})
	if len(vs) != len(cands) {
		t.Fatalf("%d vectors for %d candidates", len(vs), len(cands))
	}
	last, cook := vs[5], vs[4]
	if last[SimilarToTop] <= cook[SimilarToTop] || last[HeadlineLikeTop] <= cook[HeadlineLikeTop] {
		t.Errorf("the trailing nurse (%v, %v) should resemble the top more than the chef (%v, %v)",
			last[SimilarToTop], last[HeadlineLikeTop], cook[SimilarToTop], cook[HeadlineLikeTop])
	}
	for i, c := range cands {
		own := p.Extract(c, lex[i], Corpus{Now: date(2020, 1)})
		if own[SimilarToTop] != 0 || own[HeadlineLikeTop] != 0 {
			t.Errorf("Extract set list features: %v", own)
		}
		own[SimilarToTop], own[HeadlineLikeTop] = vs[i][SimilarToTop], vs[i][HeadlineLikeTop]
		if own != vs[i] {
			t.Errorf("candidate %d: ExtractList's own features %v differ from Extract's %v", i, vs[i], own)
		}
	}
	if got := p.ExtractList(nil, nil, Corpus{}); len(got) != 0 {
		t.Errorf("empty list: %v", got)
	}
}
