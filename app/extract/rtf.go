package extract

import (
	"strconv"
	"strings"
)

// rtfSkipped are destinations whose content is not document text.
var rtfSkipped = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"object": true, "listtable": true, "listoverridetable": true, "rsidtbl": true,
	"generator": true, "xmlnstbl": true, "themedata": true, "colorschememapping": true,
	"datastore": true, "latentstyles": true, "fldinst": true, "revtbl": true, "filetbl": true,
	"pgdsctbl": true, "operator": true, "nonshppict": true, "shpinst": true, "xe": true, "tc": true,
	"template": true, "userprops": true, "docvar": true, "bkmkstart": true, "bkmkend": true,
}

// rtfSymbols are control words that stand for one character.
var rtfSymbols = map[string]string{
	"par": "\n", "line": "\n", "sect": "\n\n", "page": "\n\n", "row": "\n", "cell": "\t",
	"nestcell": "\t", "tab": "\t", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘",
	"rquote": "’", "ldblquote": "“", "rdblquote": "”", "emspace": " ", "enspace": " ", "qmspace": " ",
}

// maxRTFDepth bounds group nesting; real documents nest a few dozen deep.
const maxRTFDepth = 1000

// extractRTF reads the text of an RTF document: paragraphs, tabs, \uN
// Unicode escapes and \'hh bytes (read as Windows-1252). It skips font and
// style tables, pictures, field instructions and other non-text
// destinations. It is no full RTF reader: it ignores page layout and
// hidden text flags.
func extractRTF(data []byte) (Result, error) {
	type group struct {
		skip bool
		uc   int // fallback characters after \uN
	}
	var (
		sb        strings.Builder
		st        = group{uc: 1}
		stack     []group
		skipChars int // fallback characters still to drop after \uN
	)
	text := func(s string) {
		if st.skip {
			return
		}
		if skipChars > 0 {
			skipChars--
			return
		}
		sb.WriteString(s)
	}
	s := string(data)
	for i := 0; i < len(s); {
		if sb.Len() > maxTextBytes {
			return Result{}, errTooMuchText
		}
		c := s[i]
		switch c {
		case '{':
			if len(stack) >= maxRTFDepth {
				return Result{}, &Error{Kind: ErrCorrupt, Msg: "corrupt or unreadable RTF document (groups nested too deep)"}
			}
			stack = append(stack, st)
			i++
			// {\*\dest ...} is a destination that readers that do not know
			// it must skip.
			if strings.HasPrefix(s[i:], `\*`) {
				st.skip = true
			}
		case '}':
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			skipChars = 0
			i++
		case '\r', '\n':
			i++
		case '\\':
			i++
			if i >= len(s) {
				break
			}
			c = s[i]
			if !isASCIILetter(c) {
				i++
				switch c {
				case '\\', '{', '}':
					text(string(c))
				case '~':
					text("\u00a0")
				case '_':
					text("-")
				case '\'':
					if i+2 <= len(s) {
						if b, err := strconv.ParseUint(s[i:i+2], 16, 8); err == nil {
							text(decodeWindows1252([]byte{byte(b)}))
						}
						i += 2
					}
				case '\n', '\r':
					text("\n")
				}
				break
			}
			start := i
			for i < len(s) && isASCIILetter(s[i]) {
				i++
			}
			word := s[start:i]
			numStart := i
			if i < len(s) && s[i] == '-' {
				i++
			}
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			param, hasParam := 0, i > numStart
			if hasParam {
				param, _ = strconv.Atoi(s[numStart:i])
			}
			if i < len(s) && s[i] == ' ' {
				i++
			}
			switch {
			case word == "bin" && hasParam:
				// Raw binary data follows the control word.
				i = min(len(s), i+max(param, 0))
			case word == "u" && hasParam:
				if param < 0 {
					param += 65536
				}
				text(string(rune(param)))
				skipChars = st.uc
			case word == "uc" && hasParam:
				st.uc = max(param, 0)
			case rtfSkipped[word]:
				st.skip = true
			case rtfSymbols[word] != "":
				text(rtfSymbols[word])
			}
		default:
			j := i
			for j < len(s) && s[j] != '\\' && s[j] != '{' && s[j] != '}' && s[j] != '\r' && s[j] != '\n' {
				j++
			}
			if skipChars > 0 && !st.skip {
				// Drop the fallback characters one at a time.
				n := min(skipChars, j-i)
				skipChars -= n
				i += n
				continue
			}
			chunk := s[i:j]
			if !st.skip {
				if isASCII(chunk) {
					sb.WriteString(chunk)
				} else {
					sb.WriteString(decodeText([]byte(chunk)).text)
				}
			}
			i = j
		}
	}
	return Result{Text: normalize(sb.String()), Extractor: "rtf"}, nil
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
