package extract

import (
	"errors"
	"fmt"
	"testing"

	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
)

// glyphs lays out s as PDFium reports it for a PDF that places every glyph
// separately at hinted advances (wkhtmltopdf): each glyph's loose box is
// its font width (box), but the next glyph starts at the hinted advance
// (adv), plus gap for a word space PDFium did not report. Characters '|'
// stand for such a space; ' ' and '\n' are PDFium's own.
func glyphs(s string, y float64) []pdfChar {
	box := map[rune]float64{'o': 5.1, 'f': 4.48, 'e': 4.5, 'r': 3.5, 't': 2.9, 'h': 5.1}
	adv := map[rune]float64{'o': 4.8, 'f': 2.4, 'e': 4.2, 'r': 3.0, 't': 2.4, 'h': 4.8}
	const gap = 2.4
	var out []pdfChar
	x := 0.0
	for _, r := range s {
		switch r {
		case '|':
			x += gap
			continue
		case ' ', '\n':
			out = append(out, pdfChar{r: r})
			x += gap
			continue
		}
		out = append(out, pdfChar{r: r, left: x, right: x + box[r], bottom: y, top: y + 9.4})
		x += adv[r]
	}
	return out
}

func TestLayoutChars(t *testing.T) {
	tests := []struct {
		name  string
		chars []pdfChar
		want  string
	}{
		// "f" is learned from "offer" to advance 2.4, so the 4.8 after
		// the "f" of "of" holds a space, although the boxes of "f" and
		// "t" overlap.
		{"LearnedAdvance", glyphs("offer of|the offer", 0), "offer of the offer"},
		{"NoGapNoSpace", glyphs("offer", 0), "offer"},
		// Glyphs seen once fall back to the box gap.
		{"BoxGap", []pdfChar{
			{r: 'A', left: 0, right: 5, top: 10}, {r: 'B', left: 5.2, right: 10, top: 10},
			{r: 'C', left: 13, right: 18, top: 10}}, "AB C"},
		{"OtherLine", []pdfChar{
			{r: 'A', left: 0, right: 5, top: 10}, {r: 'B', left: 20, right: 25, bottom: 20, top: 30}}, "AB"},
		{"Superscript", []pdfChar{
			{r: '1', left: 0, right: 5, top: 10}, {r: 's', left: 7, right: 9, bottom: 8, top: 13}, {r: 't', left: 9, right: 11, bottom: 8, top: 13}}, "1st"},
		{"HyphenMarks", []pdfChar{{r: 's'}, {r: 'i'}, {r: 'x'}, {r: '\ufffe'}, {r: 'w'}, {r: 2}, {r: 'k'}}, "six-w-k"},
		{"NoGeometry", []pdfChar{{r: 'a'}, {r: 'b'}, {r: ' '}, {r: 'c'}}, "ab c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			adv := map[advanceKey]advance{}
			learnAdvances(tt.chars, adv)
			if got := layoutChars(tt.chars, adv); got != tt.want {
				t.Errorf("layoutChars = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPDFError(t *testing.T) {
	tests := []struct {
		err  error
		kind error
		msg  string
	}{
		{pdfiumerrors.ErrFormat, ErrCorrupt, "extract: cv.pdf: corrupt or unreadable PDF (pdfium: incorrect format)"},
		{pdfiumerrors.ErrFile, ErrCorrupt, "extract: cv.pdf: corrupt or unreadable PDF (pdfium: unable to read file)"},
		{pdfiumerrors.ErrPassword, ErrEncrypted, "extract: cv.pdf: the PDF is password-protected; remove the password and upload it again (pdfium: invalid password)"},
		{errors.New("wasm error: unreachable"), ErrCorrupt, "extract: cv.pdf: corrupt or unreadable PDF (pdfium: wasm error: unreachable)"},
		{fmt.Errorf("page 2: %w", pdfiumerrors.ErrPage), ErrCorrupt, "extract: cv.pdf: corrupt or unreadable PDF (pdfium: page 2: incorrect page)"},
	}
	for _, tt := range tests {
		err := pdfError(tt.err)
		err.(*Error).Filename = "cv.pdf"
		if !errors.Is(err, tt.kind) || !errors.Is(err, tt.err) || err.Error() != tt.msg {
			t.Errorf("pdfError(%v) = %q (is %v: %v)", tt.err, err, tt.kind, errors.Is(err, tt.kind))
		}
	}
}
