package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"Sentences", "We ship Go. You know Kubernetes! Why? Because 3 teams.", []string{"We ship Go.", "You know Kubernetes!", "Why?", "Because 3 teams."}},
		{"Abbreviation", "Use e.g. python daily.", []string{"Use e.g. python daily."}},
		{"Bullets", "Requirements:\n• Go\n• Postgres tuning\n- Kubernetes", []string{"Requirements:", "Go", "Postgres tuning", "Kubernetes"}},
		{"SkillList", "sales; store operations; territory manager", []string{"sales", "store operations", "territory manager"}},
		{"FlattenedHTML", "Senior living.Your tasks: Coach staff\u00a0 \u00a0plan shifts", []string{"Senior living.", "Your tasks:", "Coach staff", "plan shifts"}},
		{"ColonInSentence", "Skills: none needed, we train", []string{"Skills: none needed, we train"}},
		{"Empty", " \n • ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := Segments(tt.text)
			var got []string
			for _, s := range segs {
				got = append(got, s.Text)
				if tt.text[s.Start:s.End] != s.Text {
					t.Errorf("segment %q has offsets %d:%d = %q", s.Text, s.Start, s.End, tt.text[s.Start:s.End])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Segments = %q, want %q", got, tt.want)
			}
		})
	}
}

const (
	matchJob = `Senior Backend Engineer
Requirements:
• 5+ years building services in Go
• Experience running Kubernetes in production
• Fluent in Mandarin
Nice to have: PostgreSQL query tuning.`

	matchResume = `Jane Doe
Built payment services in Go at Acme for six years.
Ran production Kubernetes clusters and wrote operators.
Tuned slow PostgreSQL query plans; cut p95 latency in half.
Enjoys hiking.`
)

func TestMatch(t *testing.T) {
	r := Match(matchJob, matchResume)

	met := map[string]SentenceMatch{}
	for _, p := range r.Pairs {
		if len(p.Matches) == 0 || p.Strength != p.Matches[0].Strength {
			t.Errorf("pair %q: strength %v, matches %+v", p.Requirement.Text, p.Strength, p.Matches)
			continue
		}
		for i, m := range p.Matches {
			if m.Strength < DefaultMatchThreshold || m.Strength > 1 {
				t.Errorf("%q: strength %v out of range", p.Requirement.Text, m.Strength)
			}
			if i > 0 && m.Strength > p.Matches[i-1].Strength {
				t.Errorf("%q: matches not sorted", p.Requirement.Text)
			}
		}
		met[p.Requirement.Text] = p.Matches[0]
	}

	tests := []struct {
		requirement string
		sentence    string
		shared      []string
	}{
		// "building" and "Built" stem apart (build, built).
		{"5+ years building services in Go", "Built payment services in Go at Acme for six years.", []string{"services", "Go", "years"}},
		{"Experience running Kubernetes in production", "Ran production Kubernetes clusters and wrote operators.", []string{"Kubernetes", "production"}},
		// Words are not stemmed: "tuning" and "Tuned" stay apart.
		{"PostgreSQL query tuning.", "Tuned slow PostgreSQL query plans", []string{"PostgreSQL", "query"}},
	}
	for _, tt := range tests {
		t.Run(tt.requirement, func(t *testing.T) {
			m, ok := met[tt.requirement]
			if !ok {
				t.Fatalf("requirement not met; pairs %+v, gaps %+v", r.Pairs, r.Gaps)
			}
			if m.Sentence.Text != tt.sentence {
				t.Errorf("best sentence = %q, want %q", m.Sentence.Text, tt.sentence)
			}
			got := slices.Clone(m.Shared)
			slices.Sort(got)
			want := slices.Clone(tt.shared)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("shared = %v, want %v", m.Shared, tt.shared)
			}
			// Every mark wraps a shared word, in both texts.
			for _, sp := range m.RequirementMarks {
				if w := tt.requirement[sp.Start:sp.End]; !slices.Contains(tt.shared, w) {
					t.Errorf("requirement mark %q is not a shared word", w)
				}
			}
			if len(m.SentenceMarks) < len(tt.shared) {
				t.Errorf("sentence marks %v, want one per shared word at least", m.SentenceMarks)
			}
			for _, sp := range m.SentenceMarks {
				if w := m.Sentence.Text[sp.Start:sp.End]; strings.ContainsAny(w, " .;") {
					t.Errorf("sentence mark %q is not a word", w)
				}
			}
		})
	}

	t.Run("Gaps", func(t *testing.T) {
		var gaps []string
		for _, g := range r.Gaps {
			gaps = append(gaps, g.Text)
		}
		if !slices.Contains(gaps, "Fluent in Mandarin") {
			t.Errorf("gaps = %q, want the Mandarin requirement", gaps)
		}
		if slices.Contains(gaps, "Requirements:") {
			t.Error("a heading counted as a requirement")
		}
		if n := len(r.Pairs) + len(r.Gaps); r.Coverage != float64(len(r.Pairs))/float64(n) {
			t.Errorf("coverage = %v with %d pairs and %d gaps", r.Coverage, len(r.Pairs), len(r.Gaps))
		}
	})

	t.Run("Empty", func(t *testing.T) {
		r := Match("", matchResume)
		if len(r.Pairs) != 0 || len(r.Gaps) != 0 || r.Coverage != 0 {
			t.Errorf("empty job: %+v", r)
		}
		r = Match(matchJob, "")
		if len(r.Pairs) != 0 || len(r.Gaps) == 0 {
			t.Errorf("empty resume: %d pairs, %d gaps", len(r.Pairs), len(r.Gaps))
		}
	})

	t.Run("IndexIDF", func(t *testing.T) {
		ix := team(t)
		r, err := ix.Match(context.Background(), matchJob, matchResume)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Pairs) == 0 {
			t.Errorf("no pairs with the index's idf")
		}
	})
}

// BenchmarkMatch measures the sentence matcher on a real job posting and
// resume from the eval set (the budget is 10 ms).
func BenchmarkMatch(b *testing.B) {
	s, err := loadBenchSet(b)
	if err != nil {
		b.Fatalf("eval data: %v", err)
	}
	job := s.Queries[0].Title + "\n" + s.Queries[0].Text
	resume := s.Documents[0].Text
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Match(job, resume)
	}
}

func TestMatchLeavesOutTheCompanyAndTheOffer(t *testing.T) {
	job := `About Brightline Health
Brightline Health builds clinics and software for chronic care.
About the role
You will build reliable backend services in Go.
Requirements
5+ years of PostgreSQL experience
Kubernetes in production
Benefits
16 weeks of paid parental leave
Free gym membership
Brightline Health is an equal opportunity employer.`
	resume := "Backend engineer: reliable Go services on Kubernetes in production; PostgreSQL for 6 years."
	res := Match(job, resume)
	var seen []string
	for _, p := range res.Pairs {
		seen = append(seen, p.Requirement.Text)
	}
	for _, g := range res.Gaps {
		seen = append(seen, g.Text)
	}
	want := []string{"You will build reliable backend services in Go.", "5+ years of PostgreSQL experience", "Kubernetes in production"}
	if strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("requirements = %q, want %q", seen, want)
	}
	if len(res.Gaps) != 0 {
		t.Errorf("gaps = %+v, want none: the resume meets every requirement", res.Gaps)
	}
}

func TestHeadings(t *testing.T) {
	tests := []struct {
		line    string
		heading bool
	}{
		{"Requirements", true},
		{"What you'll bring", true},
		{"Nice to have:", true},
		{"About Brightline Health", true},
		{"About the role", true},
		{"Benefits", true},
		{"Experience with Linux", false},
		{"Kubernetes in production", false},
		{"Benefits include a pension", false},
		{"You will build services.", false},
	}
	for _, tt := range tests {
		text := "intro\n" + tt.line + "\nmore"
		seg := Segment{Text: tt.line, Start: 6, End: 6 + len(tt.line)}
		if got := isHeading(text, seg); got != tt.heading {
			t.Errorf("isHeading(%q) = %v, want %v", tt.line, got, tt.heading)
		}
	}
}

func TestRoleText(t *testing.T) {
	post := `About Brightline Health
Brightline Health builds clinics and software for chronic care.
About the role
You will build reliable backend services in Go.
Requirements
Kubernetes in production
Benefits
Free Brightline Health membership
Brightline Health is an equal opportunity employer.`
	got := RoleText(post)
	want := "You will build reliable backend services in Go.\nKubernetes in production\n"
	if got != want {
		t.Errorf("RoleText = %q, want %q", got, want)
	}
	// A post without headings is kept whole, legal lines aside.
	plain := "We need a nurse. Night shifts. We are an equal opportunity employer."
	if got := RoleText(plain); got != "We need a nurse.\nNight shifts.\n" {
		t.Errorf("RoleText(plain) = %q", got)
	}
}
