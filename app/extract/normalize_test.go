package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkNormalized fails t unless text has the form Result.Text promises.
func checkNormalized(t *testing.T, name, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s: text is not valid UTF-8", name)
	}
	for _, r := range text {
		if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
			t.Errorf("%s: text has control or format character %U", name, r)
			break
		}
	}
	if strings.Contains(text, "\n\n\n") {
		t.Errorf("%s: text has more than one blank line in a row", name)
	}
	if text != strings.TrimSpace(text) {
		t.Errorf("%s: text starts or ends with white space", name)
	}
	for i, line := range strings.Split(text, "\n") {
		if line != strings.TrimSpace(line) || strings.Contains(line, "  ") || strings.ContainsRune(line, '\u00a0') {
			t.Errorf("%s: line %d has uncollapsed white space: %q", name, i+1, line)
			break
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Empty", "", ""},
		{"OnlySpace", " \t\r\n \u00a0\u3000\n", ""},
		{"CollapseWithinLine", "  a \t b\u00a0\u2003c  ", "a b c"},
		{"LineEnds", "a\r\nb\rc\nd\u2028e\u0085f\vg", "a\nb\nc\nd\ne\nf\ng"},
		{"BlankLines", "\n\n\na\n\n\n\nb\n \n\t\nc\n\n", "a\n\nb\n\nc"},
		{"FormFeedIsParagraph", "page one\fpage two", "page one\n\npage two"},
		{"ParagraphSeparator", "a\u2029b", "a\n\nb"},
		{"Controls", "a\x00b\x07c\x1bd\x7fe\u0080f\u009fg", "abcdefg"},
		{"FormatChars", "zero\u200bwidth\u200c\u200d \ufeffbom \u200eltr\u202e soft\u00adhyphen", "zerowidth bom ltr softhyphen"},
		{"PrivateUse", "\uf0b7 Go \uf0a7 SQL", "Go SQL"},
		{"Specials", "a\ufffeb\uffffc\ufffcd", "abcd"},
		{"InvalidUTF8", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"Ligatures", "of\ufb01ce e\ufb00ort \ufb02ow", "office effort flow"},
		{"KeepsTabsAsSpace", "Name\tJane", "Name Jane"},
		{"Unicode", "Zürich 東京 — ✓", "Zürich 東京 — ✓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := normalize(tt.in)
			if got != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkNormalized(t, tt.name, got)
			if again := normalize(got); again != got {
				t.Errorf("normalize is not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("a \t b\r\n\n\nc\f\u200b\xff")
	f.Fuzz(func(t *testing.T, s string) {
		got := normalize(s)
		checkNormalized(t, "fuzz", got)
		if again := normalize(got); again != got {
			t.Errorf("not idempotent: %q -> %q", got, again)
		}
	})
}

func FuzzHTMLToText(f *testing.F) {
	f.Add("<ul><li>a<li><p>b</p></ul><pre> x\n y</pre>&lt;p&gt;")
	f.Fuzz(func(t *testing.T, s string) {
		checkNormalized(t, "fuzz", HTMLToText(s))
	})
}
