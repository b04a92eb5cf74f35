package db

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQueryWords(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("w%d", i)
	}
	tests := []struct {
		name string
		q    string
		want []string
	}{
		{"Empty", "  ", nil},
		{"Words", " Data  Engineer\tBerlin ", []string{"Data", "Engineer", "Berlin"}},
		{"DuplicatesIgnoringCase", "data DATA engineer Data", []string{"data", "engineer"}},
		{"First32Distinct", strings.Join(many, " "), many[:32]},
		{"RepeatedWordsCountOnce", strings.Repeat("nurse ", 100) + "berlin", []string{"nurse", "berlin"}},
		{"LongWordCut", "x" + strings.Repeat("é", 100), []string{"x" + strings.Repeat("é", 49)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := queryWords(tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("queryWords(%.40q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
	// Only the first maxQueryBytes bytes are read, and a word they would
	// split is dropped.
	long := strings.Repeat("a", maxQueryBytes-10)
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{long + " nurse berlin", []string{long[:maxWordBytes], "nurse"}},
		{long + " nurse bbbb", []string{long[:maxWordBytes], "nurse"}},
		{long + " nurse b", []string{long[:maxWordBytes], "nurse", "b"}},
		{long + "aaaaaaaaaaaaaaaa", []string{long[:maxWordBytes]}},
	} {
		if got := queryWords(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("queryWords(<%d bytes>...%q) = %q, want %q", len(long), tt.q[len(long):], got, tt.want)
		}
	}
}

func TestCutBytes(t *testing.T) {
	for n := 0; n <= 8; n++ {
		s := "aé€😀" // 1, 2, 3 and 4 bytes
		got := cutBytes(s, n)
		if len(got) > n || !utf8.ValidString(got) || !strings.HasPrefix(s, got) || len(got) < n-3 {
			t.Errorf("cutBytes(%q, %d) = %q", s, n, got)
		}
	}
}
