package extract

import (
	"html"
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText converts an HTML document or fragment, such as a Greenhouse job
// post, to normalized plain text (see Result.Text):
//
//   - block elements (p, div, h1-h6, table rows, ...) start a new line, and
//     paragraphs and headings are set off by a blank line;
//   - li becomes a line starting with "- ", or "1. ", "2. ", ... inside ol;
//   - br is a line break, td and th are separated by a space;
//   - entities are decoded; white space is collapsed except inside pre;
//   - script, style, template, head, svg and similar are dropped.
//
// HTML that arrives escaped once more ("&lt;p&gt;Hello&lt;/p&gt;", as the
// Greenhouse job board API sends job content) is unescaped first.
//
// Text past 4 MiB, far more than any job post, is dropped.
func HTMLToText(s string) string {
	text, _ := htmlToText(s, maxTextBytes)
	return text
}

// htmlToText is HTMLToText, stopping once the text passes limit bytes
// (before normalization), which it then reports.
func htmlToText(s string, limit int) (text string, truncated bool) {
	if !strings.Contains(s, "<") && strings.Contains(s, "&lt;") {
		s = html.UnescapeString(s)
	}
	var w htmlWriter
	z := nethtml.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside elements whose content is not text
	var lists []listState
	// Lists nested deeper than maxListDepth are not tracked (their items
	// get "- "), so that a file of a million <ol> costs no memory.
	untracked := 0
	for {
		if w.sb.Len() > limit {
			return normalize(w.sb.String()[:limit]), true
		}
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			// Only io.EOF is possible: the tokenizer reads from a string and
			// accepts any input.
			return normalize(w.sb.String()), false
		case nethtml.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Body {
				// A head whose end tag was left out ends here.
				skip = 0
			}
			if skippedElements[a] {
				if tt == nethtml.StartTagToken && !voidElements[a] {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch a {
			case atom.Br:
				w.newline(1)
			case atom.Hr:
				w.newline(2)
			case atom.Pre:
				w.newline(2)
				w.pre++
			case atom.Ul, atom.Ol, atom.Menu:
				w.newline(1)
				if len(lists) >= maxListDepth {
					untracked++
					break
				}
				st := listState{ordered: a == atom.Ol, next: 1}
				for hasAttr && st.ordered {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "start" {
						if n, err := strconv.Atoi(strings.TrimSpace(string(v))); err == nil {
							st.next = n
						}
					}
				}
				lists = append(lists, st)
			case atom.Li:
				if w.marker {
					break // the previous item was empty: reuse its marker
				}
				w.newline(1)
				if n := len(lists); n > 0 && lists[n-1].ordered && untracked == 0 {
					w.raw(strconv.Itoa(lists[n-1].next) + ". ")
					lists[n-1].next++
				} else {
					w.raw("- ")
				}
				w.marker = true
			case atom.Td, atom.Th:
				w.sep()
			case atom.Img:
				// Alt text stands in for images such as logos that spell
				// a word; decorative images have none.
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "alt" {
						w.text(" " + string(v) + " ")
					}
				}
			default:
				if n := blockElements[a]; n > 0 {
					w.newline(n)
				}
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skippedElements[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch a {
			case atom.Pre:
				if w.pre > 0 {
					w.pre--
				}
				w.newline(2)
			case atom.Ul, atom.Ol, atom.Menu:
				if untracked > 0 {
					untracked--
				} else if len(lists) > 0 {
					lists = lists[:len(lists)-1]
				}
				w.newline(1)
			case atom.Td, atom.Th:
				w.sep()
			default:
				if n := blockElements[a]; n > 0 {
					w.newline(n)
				}
			}
		}
	}
}

type listState struct {
	ordered bool
	next    int
}

// skippedElements hold no readable text.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Head: true, atom.Title: true,
	atom.Noscript: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Audio: true, atom.Video: true, atom.Select: true,
	atom.Button: true, atom.Textarea: true, atom.Noframes: true,
}

// voidElements have no end tag, so a start tag must not open a skip.
var voidElements = map[atom.Atom]bool{atom.Embed: true}

// blockElements start and end on their own line: 1 for a line break, 2 for
// a paragraph break (a blank line).
var blockElements = map[atom.Atom]int{
	atom.P: 2, atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Blockquote: 2, atom.Table: 2, atom.Section: 2, atom.Article: 2, atom.Header: 2,
	atom.Footer: 2, atom.Figure: 2, atom.Address: 2, atom.Form: 2, atom.Fieldset: 2, atom.Dl: 2,
	atom.Div: 1, atom.Tr: 1, atom.Dt: 1, atom.Dd: 1, atom.Caption: 1, atom.Main: 1, atom.Nav: 1,
	atom.Aside: 1, atom.Details: 1, atom.Summary: 1, atom.Figcaption: 1, atom.Legend: 1,
	atom.Thead: 1, atom.Tbody: 1, atom.Tfoot: 1, atom.Body: 1, atom.Html: 1, atom.Center: 1,
	atom.Option: 1, atom.Li: 1,
}

// htmlWriter accumulates text with HTML white-space rules: runs of white
// space become one space, except inside pre.
type htmlWriter struct {
	sb     strings.Builder
	pre    int
	space  bool // white space seen since the last character
	nl     int  // newlines written at the end of sb (0, 1 or 2)
	marker bool // a list marker was written and no text yet
}

func (w *htmlWriter) text(s string) {
	if w.pre > 0 {
		w.raw(s)
		if strings.HasSuffix(s, "\n") {
			w.nl = 1
		}
		return
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isHTMLSpace(c) {
			w.space = true
			continue
		}
		if w.space && w.nl == 0 && !w.marker && w.sb.Len() > 0 {
			w.sb.WriteByte(' ')
		}
		w.space = false
		w.sb.WriteByte(c)
		w.nl = 0
		w.marker = false
	}
}

func (w *htmlWriter) raw(s string) {
	if s == "" {
		return
	}
	w.sb.WriteString(s)
	w.nl = 0
	w.marker = false
}

// sep separates table cells.
func (w *htmlWriter) sep() {
	if w.nl == 0 && !w.marker && w.sb.Len() > 0 {
		w.sb.WriteByte('\t')
	}
	w.space = false
}

func (w *htmlWriter) newline(n int) {
	w.space = false
	if w.sb.Len() == 0 || w.marker {
		// Nothing to end yet: "<li><p>text" keeps the text by its marker.
		return
	}
	for w.nl < n {
		w.sb.WriteByte('\n')
		w.nl++
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
