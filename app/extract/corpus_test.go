package extract

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

// The real resumes (10 PDF, 10 DOCX) and expected_text.json, which maps each
// file name to a reference text, are read where they are in the shared
// folder (sharedtest), never copied into the repository.

// minRecall is the share of the reference's words that the extracted text
// must contain.
const minRecall = 0.90

type corpusFile struct {
	name     string
	data     []byte
	expected string
}

// loadCorpus returns the corpus files whose names end in ext ("" for all),
// sorted by name, or skips tb if the corpus is absent.
func loadCorpus(tb testing.TB, ext string) []corpusFile {
	tb.Helper()
	dir := sharedtest.Data(tb, "resumes")
	raw, err := os.ReadFile(filepath.Join(dir, "expected_text.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var expected map[string]string
	if err := json.Unmarshal(raw, &expected); err != nil {
		tb.Fatal(err)
	}
	var files []corpusFile
	for name, want := range expected {
		if ext != "" && filepath.Ext(name) != ext {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, corpusFile{name: name, data: data, expected: want})
	}
	slices.SortFunc(files, func(a, b corpusFile) int { return strings.Compare(a.name, b.name) })
	if len(files) == 0 {
		tb.Fatalf("no %s files in %s", ext, dir)
	}
	return files
}

// words splits s into lowercase tokens of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// overlapStats compares extracted text with a reference text, by words
// (lowercase runs of letters and digits), as multisets:
//
//   - recall: share of the reference's words found in the output, each
//     output word used at most once;
//   - joinedRecall: recall that also counts a reference word found as 2-4
//     consecutive output words written together ("Bat Yam" for "BatYam").
//     Some DOCX references run words together where the document has a tab,
//     a line break or a text box boundary, so a correct extraction that
//     keeps the words apart would otherwise lose them;
//   - precision: share of the output's words found in the reference (no
//     joining: words our output runs together count as wrong).
type overlapStats struct {
	refWords, outWords        int
	matched, joined           int
	recall, joinedRecall, prc float64
}

func overlap(ref, out string) overlapStats {
	rw, ow := words(ref), words(out)
	avail := map[string]int{}
	for _, w := range ow {
		avail[w]++
	}
	st := overlapStats{refWords: len(rw), outWords: len(ow)}
	var missing []string
	for _, w := range rw {
		if avail[w] > 0 {
			avail[w]--
			st.matched++
		} else {
			missing = append(missing, w)
		}
	}
	joins := map[string]int{}
	for i := range ow {
		cat := ow[i]
		for j := i + 1; j < len(ow) && j < i+4; j++ {
			cat += ow[j]
			joins[cat]++
		}
	}
	for _, w := range missing {
		if joins[w] > 0 {
			joins[w]--
			st.joined++
		}
	}
	if st.refWords > 0 {
		st.recall = float64(st.matched) / float64(st.refWords)
		st.joinedRecall = float64(st.matched+st.joined) / float64(st.refWords)
	}
	if st.outWords > 0 {
		st.prc = float64(st.matched) / float64(st.outWords)
	}
	return st
}

// missingWords lists reference words not in out, for failure messages.
func missingWords(ref, out string, limit int) []string {
	avail := map[string]int{}
	for _, w := range words(out) {
		avail[w]++
	}
	var miss []string
	for _, w := range words(ref) {
		if avail[w] > 0 {
			avail[w]--
		} else if len(miss) < limit {
			miss = append(miss, w)
		}
	}
	return miss
}

func TestOverlap(t *testing.T) {
	tests := []struct {
		name, ref, out            string
		recall, joinedRecall, prc float64
	}{
		{"Same", "Java developer, 5 years", "java DEVELOPER 5 years", 1, 1, 1},
		{"Missing", "a b c d", "a b", 0.5, 0.5, 1},
		{"Extra", "a b", "a b c d", 1, 1, 0.5},
		{"Multiset", "go go go", "go", 1.0 / 3, 1.0 / 3, 1},
		{"RefRunTogether", "BatYam city", "Bat Yam city", 0.5, 1, 1.0 / 3},
		{"OutRunTogether", "Bat Yam", "BatYam", 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := overlap(tt.ref, tt.out)
			if !near(st.recall, tt.recall) || !near(st.joinedRecall, tt.joinedRecall) || !near(st.prc, tt.prc) {
				t.Errorf("overlap = recall %.3f joined %.3f precision %.3f, want %.3f %.3f %.3f",
					st.recall, st.joinedRecall, st.prc, tt.recall, tt.joinedRecall, tt.prc)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestCorpus extracts every real resume and checks its words against the
// reference text.
func TestCorpus(t *testing.T) {
	files := loadCorpus(t, "")
	ex := sharedExtractor(t)
	var sumRecall, minR float64 = 0, 1
	t.Logf("%-48s %6s %6s %6s %6s %8s", "file", "words", "recall", "joined", "prec", "time")
	for _, f := range files {
		start := time.Now()
		res, err := ex.Extract(context.Background(), f.name, "", f.data)
		elapsed := time.Since(start)
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		st := overlap(f.expected, res.Text)
		t.Logf("%-48s %6d %6.3f %6.3f %6.3f %8v", f.name, st.refWords, st.recall, st.joinedRecall, st.prc, elapsed.Round(time.Millisecond))
		sumRecall += st.joinedRecall
		minR = min(minR, st.joinedRecall)
		if st.joinedRecall < minRecall {
			t.Errorf("%s: recall %.3f < %.2f; missing e.g. %q", f.name, st.joinedRecall, minRecall, missingWords(f.expected, res.Text, 20))
		}
		if strings.HasSuffix(f.name, ".pdf") && res.Pages == 0 {
			t.Errorf("%s: Pages = 0", f.name)
		}
		checkNormalized(t, f.name, res.Text)
	}
	t.Logf("recall (joined): min %.3f mean %.3f over %d files", minR, sumRecall/float64(len(files)), len(files))
}
