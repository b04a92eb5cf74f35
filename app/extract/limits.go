package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
)

// Limits on the work one file may cause. A resume is a few pages: its Word
// XML is well under 1 MiB and its text 5-50 KiB. The limits are far above
// that and far below what a crafted file (a zip bomb, millions of nested
// elements) would make the extractor do.
const (
	// maxDOCXXML bounds the XML decompressed from one .docx, all parts
	// together, and maxDOCXPart any one part.
	maxDOCXXML  = 32 << 20
	maxDOCXPart = 16 << 20
	// maxZipEntries bounds the entries of a .docx archive; Word writes a
	// dozen, plus one per image.
	maxZipEntries = 10000
	// maxXMLDepth bounds element nesting. Word nests about 10 deep, some
	// 15 more for each text box or table inside another.
	maxXMLDepth = 256
	// maxXMLTokens bounds the XML tokens (tags, text runs) decoded from one
	// .docx; a resume has tens of thousands.
	maxXMLTokens = 2_000_000
	// maxXMLToken bounds the bytes of one token. encoding/xml keeps a whole
	// tag with its attributes in memory, at several times its size.
	maxXMLToken = 256 << 10
	// maxTextBytes bounds the text extracted from one file, any format.
	maxTextBytes = 4 << 20
	// maxListDepth bounds the nesting of HTML lists that HTMLToText tracks.
	maxListDepth = 64
)

var (
	// errPartTooLarge is returned by budgetReader when the XML budget runs
	// out.
	errPartTooLarge  = errors.New("archive expands past the limit")
	errTokenTooLarge = errors.New("an XML tag or text run is over 256 KiB")
	errTooDeep       = errors.New("elements nested more than 256 deep")
	errTooManyTokens = errors.New("more than 2,000,000 XML elements and text runs")
	errTooMuchText   = errors.New("more than 4 MiB of text")
)

// xmlGuard bounds the XML work for one file: bytes decompressed, tokens
// decoded and text produced, over all the parts read. Each part is read
// through xmlGuard.decoder, which also bounds nesting depth and the size of
// a single token.
type xmlGuard struct {
	bytes  int64 // decompressed bytes still allowed
	tokens int   // tokens still allowed
	text   int   // text bytes still allowed

	read int64 // decompressed bytes read so far
}

func newXMLGuard(bytes int64) *xmlGuard {
	return &xmlGuard{bytes: bytes, tokens: maxXMLTokens, text: maxTextBytes}
}

// guardedDecoder is an xml.Decoder whose input and tokens are bounded.
type guardedDecoder struct {
	d     *xml.Decoder
	in    *tokenLimiter
	g     *xmlGuard
	depth int
	ctx   context.Context
}

// decoder returns a decoder for one part read from r.
func (g *xmlGuard) decoder(ctx context.Context, r io.Reader) *guardedDecoder {
	in := &tokenLimiter{r: &budgetReader{r: r, n: &g.bytes, read: &g.read}, max: maxXMLToken}
	return &guardedDecoder{d: xml.NewDecoder(in), in: in, g: g, ctx: ctx}
}

// Token returns the next token, failing once a limit is passed or ctx ends.
func (gd *guardedDecoder) Token() (xml.Token, error) {
	if gd.g.tokens <= 0 {
		return nil, errTooManyTokens
	}
	if gd.g.tokens%4096 == 0 {
		if err := gd.ctx.Err(); err != nil {
			return nil, err
		}
	}
	gd.in.mark = gd.d.InputOffset()
	tok, err := gd.d.Token()
	if err != nil {
		return nil, err
	}
	gd.g.tokens--
	switch tok.(type) {
	case xml.StartElement:
		if gd.depth++; gd.depth > maxXMLDepth {
			return nil, errTooDeep
		}
	case xml.EndElement:
		gd.depth--
	}
	return tok, nil
}

// tokenLimiter lets the decoder read at most max bytes past the end of the
// last token it returned, which bounds the size of any one token (and so
// the memory encoding/xml spends on it, such as a tag with a million
// attributes) before the decoder has allocated it.
type tokenLimiter struct {
	r    io.Reader
	max  int64
	mark int64 // decoder offset at the end of the last token
	read int64 // bytes handed to the decoder
}

func (l *tokenLimiter) Read(p []byte) (int, error) {
	room := l.mark + l.max - l.read
	if room <= 0 {
		return 0, errTokenTooLarge
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// budgetReader reads until the shared byte budget is spent, then fails with
// errPartTooLarge. The zip reader separately rejects entries that expand
// past their declared size. read, if not nil, counts the bytes read.
type budgetReader struct {
	r    io.Reader
	n    *int64
	read *int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if *b.n <= 0 {
		return 0, errPartTooLarge
	}
	if int64(len(p)) > *b.n {
		p = p[:*b.n]
	}
	n, err := b.r.Read(p)
	*b.n -= int64(n)
	if b.read != nil {
		*b.read += int64(n)
	}
	return n, err
}
