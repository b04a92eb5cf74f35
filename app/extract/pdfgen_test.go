package extract

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfBuilder writes small PDFs for tests: Helvetica text, one content
// stream per page, a correct cross-reference table.
type pdfBuilder struct {
	objs    []string // objs[i] is object i+1
	encrypt int      // object number of an /Encrypt dictionary, if any
}

func (p *pdfBuilder) add(obj string) int {
	p.objs = append(p.objs, obj)
	return len(p.objs)
}

func (p *pdfBuilder) bytes() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(p.objs))
	for i, o := range p.objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(p.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	trailer := fmt.Sprintf("/Size %d /Root 1 0 R", len(p.objs)+1)
	if p.encrypt != 0 {
		trailer += fmt.Sprintf(" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]", p.encrypt)
	}
	fmt.Fprintf(&b, "trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return b.Bytes()
}

// pdfWithPages returns a PDF with one page per element of pages, each page
// showing its lines.
func pdfWithPages(pages [][]string, encrypt string) []byte {
	p := &pdfBuilder{}
	p.add("<< /Type /Catalog /Pages 2 0 R >>")
	p.add("") // the page tree, filled in below
	font := p.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var kids []string
	for _, lines := range pages {
		var cs strings.Builder
		cs.WriteString("BT /F1 11 Tf 14 TL 72 740 Td\n")
		for _, l := range lines {
			l = strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(l)
			// WinAnsiEncoding: one byte per character.
			var b []byte
			for _, r := range l {
				b = append(b, byte(r))
			}
			fmt.Fprintf(&cs, "(%s) Tj T*\n", b)
		}
		cs.WriteString("ET")
		content := p.add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", cs.Len(), cs.String()))
		page := p.add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", font, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	p.objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	if encrypt != "" {
		p.encrypt = p.add(encrypt)
	}
	return p.bytes()
}

// minimalPDF is a one-page PDF showing lines.
func minimalPDF(lines ...string) []byte { return pdfWithPages([][]string{lines}, "") }

// encryptedPDF is a PDF that needs a user password: its standard security
// handler's /U entry does not match the empty password.
func encryptedPDF() []byte {
	return pdfWithPages([][]string{{"secret"}}, "<< /Filter /Standard /V 1 /R 2 /P -44 "+
		"/O <"+strings.Repeat("5a", 32)+"> /U <"+strings.Repeat("a7", 32)+"> >>")
}

// bigPDF has many pages full of text: it takes PDFium seconds to read.
func bigPDF(pages int) []byte {
	line := strings.Repeat("Experienced engineer with Go, SQL and distributed systems. ", 2)
	var ps [][]string
	for range pages {
		var ls []string
		for range 48 {
			ls = append(ls, line)
		}
		ps = append(ps, ls)
	}
	return pdfWithPages(ps, "")
}
