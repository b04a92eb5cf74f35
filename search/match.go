package search

import (
	"context"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMatchThreshold is the strength below which a requirement counts as
// a gap. Cosine similarities of tf-idf sentence vectors between 0.15 and
// 0.2 usually share one meaningful word; this value is a UI choice, not a
// measured one (the eval sets judge whole resumes, not sentences).
const DefaultMatchThreshold = 0.2

// maxSentencesPerRequirement is how many resume sentences a requirement
// lists at most.
const maxSentencesPerRequirement = 2

// Segment is a sentence or bullet of a text, with its byte offsets in it.
type Segment struct {
	Text       string
	Start, End int
}

// Span is a byte range within a Segment's Text, to wrap in <mark>.
type Span struct {
	Start, End int
}

// SentenceMatch is one resume sentence that meets a requirement.
type SentenceMatch struct {
	Sentence Segment
	// Strength is the cosine similarity of the two sentences' tf-idf
	// vectors of stems (stop words removed), 0..1.
	Strength float64
	// Shared lists the shared words as the requirement spells them, most
	// weighty first.
	Shared []string
	// RequirementMarks and SentenceMarks locate the shared words in the
	// requirement's and the sentence's Text.
	RequirementMarks []Span
	SentenceMarks    []Span
}

// Pair is a job requirement and the resume sentences that best meet it.
type Pair struct {
	Requirement Segment
	// Strength is the best sentence's strength.
	Strength float64
	// Matches are the best sentences at or above the threshold, strongest
	// first.
	Matches []SentenceMatch
}

// MatchResult pairs a job's requirements with resume sentences.
type MatchResult struct {
	// Pairs are the met requirements, in job order.
	Pairs []Pair
	// Gaps are the requirements no resume sentence meets, in job order.
	Gaps []Segment
	// Coverage is the share of requirements met (0 when the job has none).
	Coverage float64
}

// Matcher compares a job with a resume sentence by sentence.
type Matcher struct {
	// Threshold is the minimum strength of a match (DefaultMatchThreshold
	// when 0).
	Threshold float64
	// IDF weighs stems. When nil, idf comes from the two texts themselves:
	// ln(1 + S / (1 + s)), with S sentences in all and s containing the
	// stem.
	IDF func(stem string) float64
}

// Match pairs jobText's requirements with resumeText's sentences using the
// texts' own idf. It is a pure function.
func Match(jobText, resumeText string) MatchResult {
	var m Matcher
	return m.Match(jobText, resumeText)
}

// Match compares the job's requirements with the resume's sentences using the
// candidate index's idf (the rarer a word among candidates, the more a shared
// one counts).
func (ix *Index) Match(ctx context.Context, jobText, resumeText string) (MatchResult, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.checkUsable(); err != nil {
		return MatchResult{}, err
	}
	st, err := newIndexStats(ctx, ix)
	if err != nil {
		return MatchResult{}, err
	}
	defer st.close()
	n := st.docCount()
	m := Matcher{IDF: func(stem string) float64 { return bm25IDF(n, st.docFreq(stem)) }}
	return m.Match(jobText, resumeText), nil
}

// analysed is a segment with its stems.
type analysed struct {
	seg    Segment
	toks   []token // offsets relative to seg.Text
	vec    []weighted
	weight map[string]float64
}

type weighted struct {
	stem string
	w    float64
}

// Match pairs jobText's requirements with resumeText's sentences.
func (m *Matcher) Match(jobText, resumeText string) MatchResult {
	analyze := englishAnalyzer()
	threshold := m.Threshold
	if threshold <= 0 {
		threshold = DefaultMatchThreshold
	}
	prep := func(text string) []*analysed {
		var out []*analysed
		for _, seg := range Segments(text) {
			var toks []token
			for _, t := range analyze(seg.Text) {
				if usefulStem(t.stem) {
					toks = append(toks, t)
				}
			}
			if len(toks) > 0 {
				out = append(out, &analysed{seg: seg, toks: toks})
			}
		}
		return out
	}
	reqs, sents := prep(jobText), prep(resumeText)
	reqs = requirements(jobText, reqs)

	idf := m.IDF
	if idf == nil {
		sf := map[string]int{}
		for _, a := range append(append([]*analysed(nil), reqs...), sents...) {
			seen := map[string]bool{}
			for _, t := range a.toks {
				if !seen[t.stem] {
					seen[t.stem] = true
					sf[t.stem]++
				}
			}
		}
		total := float64(len(reqs) + len(sents))
		idf = func(stem string) float64 { return math.Log(1 + total/(1+float64(sf[stem]))) }
	}
	idfs := map[string]float64{}
	for _, a := range append(append([]*analysed(nil), reqs...), sents...) {
		tf := map[string]int{}
		for _, t := range a.toks {
			tf[t.stem]++
		}
		// Sum in stem order: floating-point sums depend on their order, and
		// the same texts must give the same strengths every time.
		stems := make([]string, 0, len(tf))
		for s := range tf {
			stems = append(stems, s)
		}
		sort.Strings(stems)
		a.weight = make(map[string]float64, len(tf))
		var norm float64
		for _, s := range stems {
			c := tf[s]
			v, ok := idfs[s]
			if !ok {
				v = idf(s)
				idfs[s] = v
			}
			w := (1 + math.Log(float64(c))) * v
			a.weight[s] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for _, s := range stems {
			w := a.weight[s]
			if norm > 0 {
				w /= norm
			}
			a.weight[s] = w
			a.vec = append(a.vec, weighted{s, w})
		}
	}

	var res MatchResult
	for _, r := range reqs {
		type scored struct {
			s   *analysed
			cos float64
		}
		var best []scored
		for _, s := range sents {
			c := dot(r.vec, s.vec)
			if c < threshold {
				continue
			}
			best = append(best, scored{s, c})
		}
		sort.SliceStable(best, func(i, j int) bool { return best[i].cos > best[j].cos })
		if len(best) > maxSentencesPerRequirement {
			best = best[:maxSentencesPerRequirement]
		}
		if len(best) == 0 {
			res.Gaps = append(res.Gaps, r.seg)
			continue
		}
		p := Pair{Requirement: r.seg, Strength: math.Min(1, best[0].cos)}
		for _, b := range best {
			p.Matches = append(p.Matches, sentenceMatch(r, b.s, b.cos))
		}
		res.Pairs = append(res.Pairs, p)
	}
	if n := len(res.Pairs) + len(res.Gaps); n > 0 {
		res.Coverage = float64(len(res.Pairs)) / float64(n)
	}
	return res
}

// offerSection matches the headings of the parts of a job post that speak
// of the company and the offer rather than of the work and the person:
// their sentences are neither requirements nor gaps.
var offerSection = regexp.MustCompile(`(?i)^(about (us|the company|our company|[A-Z][\w&.' -]*)|who we are|our (mission|story|values|culture|team)|why (join|work)|benefits|perks|what we offer|we offer|compensation|salary|pay( range)?|equal (employment )?opportunity|eeo|how to apply|location|working here)\s*$`)

// roleSection matches "About" headings that do describe the role.
var roleSection = regexp.MustCompile(`(?i)^about (the |this )?(role|job|position|opportunity|team|you)\s*$`)

// boilerplate matches legal sentences that can sit anywhere.
var boilerplate = regexp.MustCompile(`(?i)(equal opportunity employer|do(es)? not discriminate|without regard to (race|religion)|reasonable accommodation)`)

// workSection matches the usual headings of the parts about the work and
// the person.
var workSection = regexp.MustCompile(`(?i)^((key |main )?(responsibilities|duties|requirements|qualifications|skills)|(minimum|preferred|basic|desired) (qualifications|skills|requirements)|what (you('|’)ll|you will) (do|bring|need)|what we('|’)re looking for|who you are|you (have|bring|are)|nice to have|bonus points|(the|your) role|experience|education)\s*$`)

// isHeading reports whether a segment is a section heading: it ends with a
// colon, or it stands alone on its line, is short, has no sentence
// punctuation, and names a usual section. (A short line alone could just as
// well be a list item, "Kubernetes in production", so the name decides.)
func isHeading(text string, seg Segment) bool {
	if strings.HasSuffix(seg.Text, ":") {
		return true
	}
	if len(seg.Text) > 60 || len(strings.Fields(seg.Text)) > 7 || strings.ContainsAny(seg.Text[len(seg.Text)-1:], ".!?,;") {
		return false
	}
	if !offerSection.MatchString(seg.Text) && !roleSection.MatchString(seg.Text) && !workSection.MatchString(seg.Text) {
		return false
	}
	before := strings.TrimRight(text[:seg.Start], " \t")
	after := strings.TrimLeft(text[seg.End:], " \t")
	return (before == "" || strings.HasSuffix(before, "\n")) && (after == "" || strings.HasPrefix(after, "\n"))
}

// requirements keeps the job's segments that state what the work or the
// person needs: headings go, and so do the sections about the company and
// the offer (about us, benefits, pay, equal opportunity), which no resume
// should be measured against.
func requirements(text string, segs []*analysed) []*analysed {
	out := segs[:0]
	skip := false
	for _, a := range segs {
		if isHeading(text, a.seg) {
			h := strings.TrimSuffix(a.seg.Text, ":")
			skip = offerSection.MatchString(h) && !roleSection.MatchString(h)
			continue
		}
		if skip || boilerplate.MatchString(a.seg.Text) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// RoleText is the part of a job post about the role: the post without its
// headings, without the sections about the company and the offer (about
// us, benefits, pay, equal opportunity) and without legal boilerplate. The
// ranker builds its query from it, so that the company's name and its
// perks do not count as skills.
func RoleText(text string) string {
	var b strings.Builder
	skip := false
	for _, seg := range Segments(text) {
		if isHeading(text, seg) {
			h := strings.TrimSuffix(seg.Text, ":")
			skip = offerSection.MatchString(h) && !roleSection.MatchString(h)
			continue
		}
		if skip || boilerplate.MatchString(seg.Text) {
			continue
		}
		b.WriteString(seg.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// dot is the dot product of two stem-sorted sparse vectors.
func dot(a, b []weighted) float64 {
	var sum float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].stem == b[j].stem:
			sum += a[i].w * b[j].w
			i++
			j++
		case a[i].stem < b[j].stem:
			i++
		default:
			j++
		}
	}
	return sum
}

func sentenceMatch(r, s *analysed, cos float64) SentenceMatch {
	sm := SentenceMatch{Sentence: s.seg, Strength: math.Min(1, cos)}
	shared := map[string]bool{}
	for stem := range r.weight {
		if _, ok := s.weight[stem]; ok {
			shared[stem] = true
		}
	}
	// Shared words, heaviest first, spelled as in the requirement.
	type sw struct {
		surface string
		w       float64
	}
	var words []sw
	seen := map[string]bool{}
	for _, t := range r.toks {
		if shared[t.stem] {
			sm.RequirementMarks = append(sm.RequirementMarks, Span{t.start, t.end})
			if !seen[t.stem] {
				seen[t.stem] = true
				words = append(words, sw{r.seg.Text[t.start:t.end], r.weight[t.stem] * s.weight[t.stem]})
			}
		}
	}
	sort.SliceStable(words, func(i, j int) bool { return words[i].w > words[j].w })
	for _, w := range words {
		sm.Shared = append(sm.Shared, w.surface)
	}
	for _, t := range s.toks {
		if shared[t.stem] {
			sm.SentenceMarks = append(sm.SentenceMarks, Span{t.start, t.end})
		}
	}
	return sm
}

// Segments splits text into sentences and bullets: at line breaks, bullet
// characters, semicolons, runs of spaces (HTML converted to text often
// separates list items that way) and sentence ends (., !, ? or : followed by
// a space and a capital letter, digit or bullet). Leading bullets and
// surrounding spaces are trimmed; offsets refer to text.
func Segments(text string) []Segment {
	var out []Segment
	emit := func(start, end int) {
		// Trim spaces and bullet marks at both ends.
		for start < end {
			r, n := utf8.DecodeRuneInString(text[start:end])
			if !unicode.IsSpace(r) && !isBullet(r) && r != '-' && r != '–' && r != '—' {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if start < end {
			out = append(out, Segment{Text: text[start:end], Start: start, End: end})
		}
	}
	start := 0
	spaces := 0 // length of the current run of spaces
	for i, r := range text {
		switch {
		case r == '\n' || r == '\r' || r == ';' || isBullet(r):
			emit(start, i)
			start = i + utf8.RuneLen(r)
			spaces = 0
			continue
		case unicode.IsSpace(r):
			spaces++
			if spaces == 2 {
				// Two spaces in a row (often U+00A0 from HTML) part list
				// items and paragraphs.
				emit(start, i)
				start = i
			}
			continue
		}
		spaces = 0
		if (r == '.' || r == '!' || r == '?' || r == ':') && sentenceEnd(text, i) {
			emit(start, i+1)
			start = i + 1
		}
	}
	emit(start, len(text))
	return out
}

func isBullet(r rune) bool {
	switch r {
	case '•', '·', '▪', '●', '◦', '■', '□', '‣', '⁃', '*':
		return true
	}
	return false
}

// sentenceEnd reports whether the punctuation at text[i] ends a sentence:
// it is followed by whitespace and then a capital letter, digit or bullet
// (or the end of the text), or, as in HTML flattened to text
// ("living.Your"), it sits between a lower-case and a capital letter.
func sentenceEnd(text string, i int) bool {
	i++
	if i < len(text) && i >= 2 {
		next, _ := utf8.DecodeRuneInString(text[i:])
		prev, _ := utf8.DecodeLastRuneInString(text[:i-1])
		if unicode.IsUpper(next) && unicode.IsLower(prev) {
			return true
		}
	}
	j := i
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) {
			break
		}
		j += n
	}
	if j == i {
		return i >= len(text)
	}
	if j >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isBullet(r)
}
