package simulator

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestCorpusDir runs against the shared data when it is present; the data
// is read at run time and never copied into the repository.
func TestCorpusDir(t *testing.T) {
	dir := sharedDir(t, "data")
	e := newEnv(t, Config{Candidates: 200, CorpusDir: dir})
	snap := e.sim.Snapshot()
	corp := e.sim.g.corpus
	if len(corp.jobs) < 100 || len(corp.files) == 0 || len(corp.texts) < 100 {
		t.Fatalf("corpus: %d jobs, %d files, %d texts", len(corp.jobs), len(corp.files), len(corp.texts))
	}
	titles := map[string]bool{}
	for _, j := range corp.jobs {
		titles[j.title] = true
	}
	for _, j := range snap.Jobs {
		if !titles[j.Name] {
			t.Fatalf("job %q is not from the corpus", j.Name)
		}
	}
	for _, p := range snap.JobPosts {
		if !strings.HasPrefix(p.Content, "<p>") || strings.Contains(p.Content, "About "+Company) {
			t.Fatalf("post %d content is not the corpus text: %.120s", p.ID, p.Content)
		}
	}
	var real, texts int
	for _, a := range snap.Attachments {
		if a.Type != AttachmentResume {
			continue
		}
		b, ctype, err := e.sim.AttachmentFile(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch a.origin.kind {
		case originFile:
			real++
			want, _ := os.ReadFile(a.origin.path)
			if !bytes.Equal(b, want) || ctype != contentTypes[a.Format] {
				t.Fatalf("%s is not served as-is", a.Filename)
			}
		case originText:
			texts++
			if ctype != contentTypes["txt"] || len(b) < 200 {
				t.Fatalf("eval text attachment %d: %s, %d bytes", a.ID, ctype, len(b))
			}
		}
	}
	if real == 0 || texts == 0 {
		t.Fatalf("%d real files and %d eval texts among resumes", real, texts)
	}
}

func TestClassifyFamily(t *testing.T) {
	tests := []struct{ title, text, want string }{
		{"Senior Java Developer", "We build microservices with Java, SQL and REST APIs.", "backend"},
		{"Registered Nurse - ICU", "patient care, triage, medication administration", "nurse"},
		{"STAFF ACCOUNTANT", "GAAP, month-end close, reconciliation, accounts payable", "finance"},
		{"Line Cook", "food safety and menu development", "chef"},
	}
	for _, tc := range tests {
		if got := classifyFamily(tc.title, tc.text); got != tc.want {
			t.Errorf("classifyFamily(%q) = %s, want %s", tc.title, got, tc.want)
		}
	}
}
