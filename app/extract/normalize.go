package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ligatures that PDFs and some fonts produce, spelled out so that words
// such as "ofﬁce" can be found.
var ligatures = map[rune]string{
	'\ufb00': "ff", '\ufb01': "fi", '\ufb02': "fl", '\ufb03': "ffi", '\ufb04': "ffl", '\ufb05': "st", '\ufb06': "st",
}

// normalize turns extracted text into the form promised by Result.Text:
// valid UTF-8; "\n" line ends; within a line, runs of white space collapsed
// to one space and no leading or trailing space; no control, format
// (zero-width, bidi) or private-use characters; ligatures spelled out; at
// most one blank line in a row and none at the start or end.
//
// Form feeds (page breaks) and U+2029 end a paragraph; U+2028 ends a line.
func normalize(s string) string {
	var out strings.Builder
	out.Grow(len(s))

	var (
		line       strings.Builder
		space      bool // a space is pending before the next character of line
		blank      int  // blank lines pending before the next non-empty line
		wroteLines bool
	)
	endLine := func(paragraph bool) {
		if line.Len() == 0 {
			if paragraph || wroteLines {
				blank++
			}
		} else {
			if wroteLines {
				out.WriteByte('\n')
				if blank > 0 {
					out.WriteByte('\n')
				}
			}
			out.WriteString(line.String())
			wroteLines = true
			line.Reset()
			blank = 0
			if paragraph {
				blank = 1
			}
		}
		space = false
	}

	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			r = unicode.ReplacementChar
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			endLine(false)
			continue
		case r == '\n' || r == '\v' || r == '\u0085' || r == '\u2028':
			endLine(false)
			continue
		case r == '\f' || r == '\u2029':
			endLine(true)
			continue
		case r == '\t' || unicode.Is(unicode.Zs, r):
			space = line.Len() > 0
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == '\u00ad' ||
			unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) || (r >= 0xfff9 && r <= 0xfffc) || r == '\ufffe' || r == '\uffff':
			// Controls, soft hyphens, zero-width and bidi marks, private-use
			// glyphs (Symbol-font bullets) and Unicode specials.
			continue
		}
		if space {
			line.WriteByte(' ')
			space = false
		}
		if lig, ok := ligatures[r]; ok {
			line.WriteString(lig)
			continue
		}
		line.WriteRune(r)
	}
	endLine(false)
	return out.String()
}
