package simulator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// blockKind is the role of a line of text in a document; the PDF and DOCX
// writers style each kind differently.
type blockKind uint8

const (
	blockName blockKind = iota
	blockHeadline
	blockContact
	blockHeading
	blockSubheading
	blockPara
	blockBullet
)

type block struct {
	kind blockKind
	text string
}

// document is a format-neutral text document (a resume or a letter).
type document struct {
	title   string
	author  string
	created time.Time
	blocks  []block
}

func (d *document) add(k blockKind, text string) { d.blocks = append(d.blocks, block{k, text}) }

// plainText renders the document as the .txt attachment and as the
// reference text for extraction tests.
func (d *document) plainText() string {
	var b strings.Builder
	for i, bl := range d.blocks {
		switch bl.kind {
		case blockHeading:
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(strings.ToUpper(bl.text))
		case blockBullet:
			b.WriteString("• " + bl.text)
		default:
			b.WriteString(bl.text)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// resumeInput is everything a resume is written from, copied out of the
// store so the document can be built without holding the lock.
type resumeInput struct {
	cand  Candidate
	emps  []Employment
	edus  []Education
	seed  uint64
	asOf  time.Time
	jobAt string // job applied to, for cover letters
}

// resumeDoc writes a resume that reads like a real one for the
// candidate's role family: summary, skills, experience with dated roles
// and bullets using the family's vocabulary, education and certificates.
// Weaker candidates get shorter, vaguer resumes.
func resumeDoc(in resumeInput) document {
	c := &in.cand
	r := rand.New(rand.NewPCG(in.seed, 0x5eed))
	fam := familyByKey(c.Family)
	d := document{title: c.Name() + " - Resume", author: c.Name(), created: in.asOf}
	d.add(blockName, c.Name())
	d.add(blockHeadline, c.Title)
	contact := []string{}
	for _, e := range c.EmailAddresses {
		contact = append(contact, e.Value)
		break
	}
	for _, p := range c.PhoneNumbers {
		contact = append(contact, p.Value)
		break
	}
	if a := lastLine(c.homeAddress()); a != "" {
		contact = append(contact, a)
	}
	for _, s := range c.SocialMediaAddresses {
		contact = append(contact, s.Value)
		break
	}
	d.add(blockContact, strings.Join(contact, " | "))

	years := 1
	if len(in.emps) > 0 {
		years = max(1, int(in.asOf.Sub(in.emps[0].StartDate).Hours()/(24*365)))
	}
	core := coreSkills(c, fam)
	d.add(blockHeading, "Summary")
	summary := fmt.Sprintf("%s with %d years of experience in %s.", article(c.Title), years, fam.Focus)
	if len(core) >= 3 {
		summary += fmt.Sprintf(" Skilled in %s.", joinAnd(core[:3]))
	}
	if c.strength > 0.6 {
		summary += " " + pick(r, []string{
			"Known for shipping results and raising the bar for the people around me.",
			"Track record of owning outcomes end to end and mentoring others.",
			"Recognised for clear communication with technical and non-technical partners.",
		})
	} else if c.strength < 0.3 {
		summary += " Looking for a role where I can learn and grow."
	}
	if c.Family2 != "" {
		summary += " Also experienced in " + familyByKey(c.Family2).Focus + "."
	}
	d.add(blockPara, summary)

	d.add(blockHeading, "Skills")
	d.add(blockPara, strings.Join(c.Skills, ", "))

	d.add(blockHeading, "Experience")
	for i := len(in.emps) - 1; i >= 0; i-- {
		e := in.emps[i]
		end := "Present"
		if !e.EndDate.IsZero() {
			end = e.EndDate.Format("Jan 2006")
		}
		d.add(blockSubheading, fmt.Sprintf("%s, %s | %s - %s", e.Title, e.CompanyName, e.StartDate.Format("Jan 2006"), end))
		n := 2 + int(c.strength*2.5)
		if i < len(in.emps)-1 {
			n = max(1, n-1)
		}
		for _, duty := range pickN(r, fam.Duties, n) {
			d.add(blockBullet, expand(r, duty, c, fam, core))
		}
		if c.strength < 0.35 && chance(r, 0.6) {
			d.add(blockBullet, pick(r, []string{
				"Worked with cross-functional teams to deliver projects on time",
				"Supported day-to-day operations and helped with ad hoc requests",
				"Participated in team meetings and contributed to process improvements",
			}))
		}
	}

	d.add(blockHeading, "Education")
	for _, e := range in.edus {
		d.add(blockPara, fmt.Sprintf("%s in %s, %s (%d - %d)", e.Degree, e.Discipline, e.SchoolName, e.StartDate.Year(), e.EndDate.Year()))
	}
	if len(fam.Certs) > 0 && (c.strength > 0.5 || c.level >= 2) {
		d.add(blockHeading, "Certifications")
		for _, cert := range pickN(r, fam.Certs, 1+r.IntN(2)) {
			d.add(blockBullet, cert)
		}
	}
	return d
}

// coreSkills returns the candidate's skills that belong to their family,
// in the family's order of importance.
func coreSkills(c *Candidate, fam *roleFamily) []string {
	var out []string
	for _, s := range fam.Skills {
		if slices.Contains(c.Skills, s) {
			out = append(out, s)
		}
	}
	return out
}

// expand fills the placeholders of a resume bullet.
func expand(r *rand.Rand, s string, c *Candidate, fam *roleFamily, core []string) string {
	for strings.Contains(s, "{skill}") {
		v := pick(r, fam.Skills)
		if len(core) > 0 {
			v = pick(r, core)
		}
		s = strings.Replace(s, "{skill}", v, 1)
	}
	for strings.Contains(s, "{tool}") {
		v := pick(r, fam.Tools)
		for _, sk := range c.Skills {
			if slices.Contains(fam.Tools, sk) && chance(r, 0.6) {
				v = sk
				break
			}
		}
		s = strings.Replace(s, "{tool}", v, 1)
	}
	s = strings.ReplaceAll(s, "{n}", fmt.Sprint(2+r.IntN(8)))
	s = strings.ReplaceAll(s, "{pct}", fmt.Sprint(10+r.IntN(50)))
	s = strings.ReplaceAll(s, "{team}", fmt.Sprint(3+r.IntN(10)))
	return s
}

// article prefixes "a" or "an".
func article(s string) string {
	if s == "" {
		return "A professional"
	}
	if strings.ContainsRune("AEIOU", rune(s[0])) {
		return "An " + s
	}
	return "A " + s
}

// coverLetterDoc writes a short cover letter for an application.
func coverLetterDoc(in resumeInput) document {
	c := &in.cand
	r := rand.New(rand.NewPCG(in.seed, 0xc0fe))
	fam := familyByKey(c.Family)
	core := coreSkills(c, fam)
	d := document{title: c.Name() + " - Cover Letter", author: c.Name(), created: in.asOf}
	d.add(blockName, c.Name())
	d.add(blockContact, in.asOf.Format("January 2, 2006"))
	d.add(blockPara, "Dear Hiring Team,")
	job := in.jobAt
	if job == "" {
		job = "open"
	}
	d.add(blockPara, fmt.Sprintf("I am excited to apply for the %s position at %s. %s",
		job, Company, "Your mission of care that fits people's lives is the reason I want to join."))
	if c.Title != "" {
		line := fmt.Sprintf("In my work as %s", article(c.Title))
		if c.Company != "" {
			line += " at " + c.Company
		}
		d.add(blockPara, line+", "+lowerFirst(expand(r, pick(r, fam.Duties), c, fam, core))+".")
	}
	if len(core) > 0 {
		d.add(blockPara, fmt.Sprintf("I bring hands-on experience with %s, and I enjoy %s.",
			joinAnd(core[:min(4, len(core))]), fam.Focus))
	}
	d.add(blockPara, "Thank you for your time. I would welcome the chance to talk.")
	d.add(blockPara, "Sincerely,")
	d.add(blockPara, c.Name())
	return d
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
