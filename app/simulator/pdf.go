package simulator

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
)

// This is a small PDF 1.4 writer for text documents. It uses the standard
// Type1 fonts Helvetica and Helvetica-Bold with WinAnsiEncoding, so no
// font is embedded, wraps lines using the fonts' real glyph widths, starts
// new pages as needed and writes a correct cross-reference table. Content
// streams are Flate-compressed like most real-world PDFs.

const (
	pageW, pageH = 612.0, 792.0 // US Letter
	marginX      = 56.0
	marginTop    = 60.0
	marginBottom = 60.0
)

// helvetica and helveticaBold are the AFM widths (1/1000 em) of the
// printable ASCII characters 32-126.
var helvetica = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var helveticaBold = [95]int{
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
}

// winAnsi maps the non-Latin-1 characters of WinAnsiEncoding (0x80-0x9F).
var winAnsi = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// toWinAnsi converts UTF-8 text to WinAnsi bytes; characters the encoding
// lacks become '?'.
func toWinAnsi(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, c := range s {
		switch {
		case c == '\t':
			out = append(out, ' ')
		case c >= 32 && c < 127:
			out = append(out, byte(c))
		case c >= 0xA0 && c <= 0xFF:
			out = append(out, byte(c))
		default:
			if b, ok := winAnsi[c]; ok {
				out = append(out, b)
			} else if c >= 32 {
				out = append(out, '?')
			}
		}
	}
	return out
}

// textWidth is the width in points of WinAnsi text at the given size.
func textWidth(b []byte, bold bool, size float64) float64 {
	w := 0
	for _, c := range b {
		switch {
		case c >= 32 && c < 127 && bold:
			w += helveticaBold[c-32]
		case c >= 32 && c < 127:
			w += helvetica[c-32]
		case c == 0x95:
			w += 350
		default:
			w += 556 // close enough for accented letters and dashes
		}
	}
	return float64(w) * size / 1000
}

// wrap splits text into lines no wider than width.
func wrap(b []byte, bold bool, size, width float64) [][]byte {
	var lines [][]byte
	words := bytes.Fields(b)
	var cur []byte
	for _, w := range words {
		try := w
		if len(cur) > 0 {
			try = append(append(append([]byte{}, cur...), ' '), w...)
		}
		if len(cur) > 0 && textWidth(try, bold, size) > width {
			lines = append(lines, cur)
			cur = append([]byte{}, w...)
			continue
		}
		cur = try
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// pdfString writes a PDF literal string, escaping delimiters and writing
// non-ASCII bytes as octal escapes.
func pdfString(b []byte) string {
	var s strings.Builder
	s.WriteByte('(')
	for _, c := range b {
		switch {
		case c == '(' || c == ')' || c == '\\':
			s.WriteByte('\\')
			s.WriteByte(c)
		case c < 32 || c > 126:
			fmt.Fprintf(&s, "\\%03o", c)
		default:
			s.WriteByte(c)
		}
	}
	s.WriteByte(')')
	return s.String()
}

// zlibPool reuses compressors: each holds about a megabyte of state, far
// more than the page it compresses.
var zlibPool = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return zw
}}

// style is how a block kind is typeset.
type style struct {
	bold        bool
	size        float64
	indent      float64
	before      float64 // extra space above
	rule        bool    // draw a line under headings
	bullet      bool
	lineSpacing float64
}

var pdfStyles = map[blockKind]style{
	blockName:       {bold: true, size: 20, lineSpacing: 1.2},
	blockHeadline:   {size: 12, lineSpacing: 1.3},
	blockContact:    {size: 9.5, lineSpacing: 1.3, before: 2},
	blockHeading:    {bold: true, size: 11.5, before: 12, rule: true, lineSpacing: 1.4},
	blockSubheading: {bold: true, size: 10.5, before: 5, lineSpacing: 1.3},
	blockPara:       {size: 10, lineSpacing: 1.35, before: 2},
	blockBullet:     {size: 10, indent: 14, bullet: true, lineSpacing: 1.35},
}

// renderPDF typesets a document into a complete PDF file.
func renderPDF(d document) []byte {
	var pages []*bytes.Buffer
	var page *bytes.Buffer
	y := 0.0
	newPage := func() {
		page = &bytes.Buffer{}
		pages = append(pages, page)
		y = pageH - marginTop
	}
	newPage()
	width := pageW - 2*marginX
	for _, bl := range d.blocks {
		st := pdfStyles[bl.kind]
		raw := bl.text
		if bl.kind == blockHeading {
			raw = strings.ToUpper(raw)
		}
		text := toWinAnsi(raw)
		lines := wrap(text, st.bold, st.size, width-st.indent)
		lead := st.size * st.lineSpacing
		y -= st.before
		for i, ln := range lines {
			if y-lead < marginBottom {
				newPage()
			}
			y -= lead
			font := "F1"
			if st.bold {
				font = "F2"
			}
			x := marginX + st.indent
			if st.bullet && i == 0 {
				fmt.Fprintf(page, "BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", st.size, marginX+3, y, pdfString([]byte{0x95}))
			}
			fmt.Fprintf(page, "BT /%s %.1f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", font, st.size, x, y, pdfString(ln))
		}
		if st.rule {
			fmt.Fprintf(page, "0.6 w 0.55 G %.2f %.2f m %.2f %.2f l S 0 G\n", marginX, y-3, pageW-marginX, y-3)
			y -= 4
		}
	}

	var out bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects 1-5 are fixed; pages follow as (page, contents) pairs.
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	date := d.created.UTC().Format("20060102150405")
	obj(fmt.Sprintf("<< /Title %s /Author %s /Creator (Microsoft Word) /Producer (Shortlist simulator) /CreationDate (D:%sZ) /ModDate (D:%sZ) >>",
		pdfString(toWinAnsi(d.title)), pdfString(toWinAnsi(d.author)), date, date))
	for i, p := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>",
			pageW, pageH, 7+2*i))
		var z bytes.Buffer
		zw := zlibPool.Get().(*zlib.Writer)
		zw.Reset(&z)
		zw.Write(p.Bytes())
		zw.Close()
		zlibPool.Put(zw)
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", len(offsets), z.Len())
		out.Write(z.Bytes())
		out.WriteString("\nendstream\nendobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	id := sha256.Sum256(out.Bytes())
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(offsets)+1, id[:16], id[:16], xref)
	return out.Bytes()
}
