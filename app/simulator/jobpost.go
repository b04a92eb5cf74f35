package simulator

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
)

var yearsByLevel = []string{"1+", "3+", "5+", "8+"}

// jobPostHTML writes a post the way Greenhouse customers do: about the
// company, the role, a responsibilities list, requirements with concrete
// skills, nice-to-haves, benefits and the pay range. With a corpus row the
// real posting text is used instead, split into paragraphs.
func jobPostHTML(r *rand.Rand, j *Job, fam *roleFamily, level int, dept, location string, row *corpusJob) string {
	var b strings.Builder
	esc := html.EscapeString
	if row != nil {
		b.WriteString("<p><strong>" + esc(row.org) + "</strong> &middot; " + esc(row.location) + "</p>")
		for _, p := range paragraphs(row.desc, 4) {
			b.WriteString("<p>" + esc(p) + "</p>")
		}
		return b.String()
	}
	section := func(title string) { b.WriteString("<p><strong>" + esc(title) + "</strong></p>") }
	list := func(items []string) {
		b.WriteString("<ul>")
		for _, it := range items {
			b.WriteString("<li>" + esc(it) + "</li>")
		}
		b.WriteString("</ul>")
	}
	section("About " + Company)
	b.WriteString("<p>" + esc(companyAbout) + "</p>")
	section("About the role")
	b.WriteString("<p>" + esc(fmt.Sprintf("We are hiring %s to join our %s team (%s). You will focus on %s, working closely with %s.",
		lowerFirst(article(j.Name)), dept, location, fam.Focus, pick(r, []string{"product, clinical and operations partners",
			"a small, senior team", "our care teams and members", "leaders across the company"}))) + "</p>")
	section("What you'll do")
	resp := append([]string(nil), fam.Resp...)
	if level >= 3 {
		resp = append(resp, "Lead and grow a team, setting direction and raising the bar for quality")
	}
	list(resp)
	section("What you'll bring")
	req := j.RequiredSkills
	bring := []string{
		fmt.Sprintf("%s years of experience in %s", yearsByLevel[level], fam.Focus),
		"Strong experience with " + joinAnd(req[:min(3, len(req))]),
	}
	if len(req) > 3 {
		bring = append(bring, "Hands-on "+joinAnd(req[3:min(6, len(req))]))
	}
	if len(req) > 6 {
		bring = append(bring, "Working knowledge of "+joinAnd(req[6:]))
	}
	bring = append(bring, "Clear written and verbal communication and a habit of collaboration")
	list(bring)
	if len(j.NiceSkills) > 0 {
		section("Nice to have")
		var nice []string
		for _, s := range j.NiceSkills {
			nice = append(nice, "Experience with "+s)
		}
		nice = append(nice, "Experience in healthcare or another regulated industry")
		list(nice)
	}
	section("Benefits")
	list(pickN(r, benefits, 5))
	b.WriteString("<p>" + esc(fmt.Sprintf("The salary range for this role is $%s - $%s per year, plus equity.",
		thousands(j.SalaryMin), thousands(j.SalaryMax))) + "</p>")
	b.WriteString("<p><em>" + esc(Company+" is an equal opportunity employer. We welcome people of every background "+
		"and do not discriminate on the basis of race, religion, sex, gender identity, sexual orientation, age, "+
		"disability or veteran status.") + "</em></p>")
	return b.String()
}

// joinAnd joins words as "a, b and c".
func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func thousands(n int) string {
	s := fmt.Sprintf("%d", n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// paragraphs splits running text into paragraphs of about n sentences.
func paragraphs(text string, n int) []string {
	var out []string
	var cur []string
	for _, s := range sentences(text) {
		cur = append(cur, s)
		if len(cur) == n {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

// sentences splits text after ". ", "! " and "? ", and on line breaks.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		start := 0
		for i := 0; i+1 < len(line); i++ {
			if (line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i+1] == ' ' {
				if s := strings.TrimSpace(line[start : i+1]); s != "" {
					out = append(out, s)
				}
				start = i + 2
			}
		}
		if s := strings.TrimSpace(line[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// jobPostQuestions are the application questions of every post.
var jobPostQuestions = []struct {
	Required bool
	Label    string
	Name     string
	Type     string
}{
	{true, "First Name", "first_name", "short_text"},
	{true, "Last Name", "last_name", "short_text"},
	{true, "Email", "email", "short_text"},
	{false, "Phone", "phone", "short_text"},
	{true, "Resume/CV", "resume", "attachment"},
	{false, "Cover Letter", "cover_letter", "attachment"},
	{false, "LinkedIn Profile", "question_45678", "short_text"},
	{true, "How did you hear about this job?", "question_56789", "short_text"},
}
