package db

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on a job search, which becomes a pair of LIKE tests per word.
// SQLite refuses an expression nested more than 1000 deep (about 500
// words) and a LIKE pattern over 50,000 bytes; job names and requisition
// ids are a few short words, so more words or longer ones only narrow a
// search that already matches nothing.
const (
	maxQueryBytes = 1024
	maxQueryWords = 32
	maxWordBytes  = 100
)

// queryWords splits a search into words: the first maxQueryWords distinct
// ones (ignoring case) of its first maxQueryBytes bytes, each cut to
// maxWordBytes. Cuts fall between characters, and the byte limit drops a
// word it would split, unless it is the only one.
func queryWords(q string) []string {
	if cut := cutBytes(q, maxQueryBytes); len(cut) < len(q) {
		if r, _ := utf8.DecodeRuneInString(q[len(cut):]); !unicode.IsSpace(r) {
			if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
				cut = cut[:i]
			}
		}
		q = cut
	}
	var words []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(q) {
		w = cutBytes(w, maxWordBytes)
		if k := strings.ToLower(w); !seen[k] {
			seen[k] = true
			words = append(words, w)
			if len(words) == maxQueryWords {
				break
			}
		}
	}
	return words
}

// cutBytes returns at most the first n bytes of s, without splitting a
// UTF-8 sequence.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for i := len(s) - 1; i >= max(0, len(s)-utf8.UTFMax+1); i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:]) {
				s = s[:i]
			}
			break
		}
	}
	return s
}
