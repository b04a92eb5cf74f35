package simulator

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// corpus is real text read from Config.CorpusDir at run time. It is never
// embedded in the binary: the shared data carries no licence for that.
type corpus struct {
	jobs  []corpusJob
	files []corpusFile
	texts []corpusText
}

type corpusJob struct {
	title, org, location, desc string
	family                     string
}

type corpusFile struct {
	path, format string
}

type corpusText struct {
	text, title, family string
}

// loadCorpus reads a folder laid out like ../shared/data. Every part is
// optional, but the folder must hold at least one of them.
func loadCorpus(dir string) (*corpus, error) {
	c := &corpus{}
	if err := c.loadJobs(filepath.Join(dir, "jobs", "monster_jobs.csv")); err != nil {
		return nil, err
	}
	for _, ext := range []string{"pdf", "docx"} {
		paths, err := filepath.Glob(filepath.Join(dir, "resumes", "*."+ext))
		if err != nil {
			return nil, fmt.Errorf("simulator: corpus resumes: %w", err)
		}
		slices.Sort(paths)
		for _, p := range paths {
			c.files = append(c.files, corpusFile{path: p, format: ext})
		}
	}
	evals, err := filepath.Glob(filepath.Join(dir, "eval", "*.json"))
	if err != nil {
		return nil, fmt.Errorf("simulator: corpus eval: %w", err)
	}
	slices.Sort(evals)
	seen := map[string]bool{}
	for _, p := range evals {
		if err := c.loadEval(p, seen); err != nil {
			return nil, err
		}
	}
	if len(c.jobs)+len(c.files)+len(c.texts) == 0 {
		return nil, fmt.Errorf("simulator: corpus dir %s holds no jobs, resumes or eval sets", dir)
	}
	return c, nil
}

func (c *corpus) loadJobs(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("simulator: corpus jobs: %w", err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.LazyQuotes = true
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return fmt.Errorf("simulator: corpus jobs header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, k := range []string{"job_title", "job_description"} {
		if _, ok := col[k]; !ok {
			return fmt.Errorf("simulator: corpus jobs: missing column %q", k)
		}
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("simulator: corpus jobs: %w", err)
		}
		title := cleanJobTitle(get(rec, "job_title"))
		desc := get(rec, "job_description")
		if title == "" || len(desc) < 200 {
			continue
		}
		c.jobs = append(c.jobs, corpusJob{title: title, org: get(rec, "organization"), location: get(rec, "location"),
			desc: desc, family: classifyFamily(title, desc)})
	}
	return nil
}

// cleanJobTitle drops the "Job in <City>" tail that Monster appends.
func cleanJobTitle(t string) string {
	if i := strings.Index(t, " Job in "); i > 0 {
		t = t[:i]
	}
	t = strings.TrimSuffix(strings.TrimSpace(t), " Job")
	if len(t) > 90 {
		t = t[:90]
	}
	return strings.TrimSpace(t)
}

func (c *corpus) loadEval(path string, seen map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("simulator: corpus eval: %w", err)
	}
	var set struct {
		Documents []struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		return fmt.Errorf("simulator: corpus eval %s: %w", filepath.Base(path), err)
	}
	for _, d := range set.Documents {
		key := d.Text
		if len(key) > 300 {
			key = key[:300]
		}
		if seen[key] || strings.TrimSpace(d.Text) == "" {
			continue
		}
		seen[key] = true
		first := firstLine(d.Text)
		c.texts = append(c.texts, corpusText{text: d.Text, title: resumeTitle(first), family: classifyFamily(first, d.Text)})
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// resumeTitle turns a resume's first line ("STAFF ACCOUNTANT") into a
// title ("Staff Accountant") when it looks like one.
func resumeTitle(line string) string {
	if line == "" || len(line) > 50 || len(strings.Fields(line)) > 6 {
		return ""
	}
	words := strings.Fields(strings.ToLower(line))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// classifyFamily guesses a role family from a title and a text: title
// matches weigh most, skill mentions in the opening of the text add up.
func classifyFamily(title, text string) string {
	title = strings.ToLower(title)
	if len(text) > 2500 {
		text = text[:2500]
	}
	text = " " + strings.ToLower(text) + " "
	best, bestScore := "operations", 0
	for _, f := range families {
		score := 0
		for _, lvl := range f.Titles {
			for _, t := range lvl {
				if strings.Contains(title, strings.ToLower(t)) {
					score += 6
				}
			}
		}
		for _, w := range titleWords[f.Key] {
			if strings.Contains(title, w) {
				score += 4
			}
		}
		for _, s := range f.Skills {
			s = strings.ToLower(s)
			if len(s) <= 3 {
				s = " " + s + " " // short terms such as "go" or "r" need word boundaries
			}
			if strings.Contains(text, s) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = f.Key, score
		}
	}
	return best
}

// titleWords are words in job titles that point at a family.
var titleWords = map[string][]string{
	"backend": {"software", "developer", "java", "programmer"}, "frontend": {"front end", "frontend", "web"},
	"mobile": {"ios", "android", "mobile"}, "data_science": {"data scien", "scientist"},
	"data_engineering": {"data engineer", "etl"}, "ml_engineering": {"machine learning"},
	"data_analyst": {"analyst"}, "devops": {"devops", "reliability", "cloud", "systems engineer"},
	"qa": {"qa", "quality assurance", "test"}, "security": {"security"},
	"it_support":         {"help desk", "it support", "technician", "information technology"},
	"product_management": {"product manager", "product owner"}, "design": {"designer", "ux"},
	"sales": {"sales", "account executive"}, "sdr": {"business development"},
	"marketing": {"marketing", "seo", "brand"}, "customer_success": {"customer success", "account manager"},
	"support": {"customer service", "call center", "support"}, "finance": {"account", "finance", "financial", "bookkeep", "payroll"},
	"hr": {"hr ", "human resources", "recruit"}, "operations": {"operations", "logistics", "warehouse", "supply"},
	"legal": {"legal", "attorney", "paralegal", "counsel"}, "nurse": {"nurse", "rn", "medical", "health", "clinical"},
	"teacher": {"teacher", "instructor", "tutor", "education"}, "chef": {"chef", "cook", "culinary", "kitchen", "food"},
	"mechanical": {"mechanical", "engineer"}, "construction": {"construction", "carpenter", "electrician", "superintendent"},
}
