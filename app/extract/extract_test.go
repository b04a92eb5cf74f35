package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// zipFile is one entry of a test archive.
type zipFile struct{ name, body string }

func makeZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml"`

// wordXML wraps body paragraphs in a w:document.
func wordXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document ` + wordNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`
}

// makeDOCX builds a .docx whose main part has the given body, plus extra
// parts.
func makeDOCX(t testing.TB, body string, extra ...zipFile) []byte {
	files := []zipFile{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", wordXML(body)},
	}
	return makeZip(t, append(files, extra...)...)
}

func para(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xfeff}, u...)
	}
	for _, c := range u {
		if bigEndian {
			b = append(b, byte(c>>8), byte(c))
		} else {
			b = append(b, byte(c), byte(c>>8))
		}
	}
	return b
}

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// oleFile is the start of an OLE2 compound file naming the given streams.
func oleFile(streams ...string) []byte {
	b := []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	b = append(b, make([]byte, 504)...)
	for _, s := range streams {
		b = append(b, utf16Bytes(s, false, false)...)
		b = append(b, 0, 0)
	}
	return b
}

func TestExtract(t *testing.T) {
	docxBody := `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
		`<w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe</w:t></w:r><w:r><w:tab/><w:t>Engineer</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>Line two</w:t></w:r></w:p>` +
		`<w:p/>` +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Go &amp; SQL</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Skills</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Kafka</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>Languages</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>English</w:t></w:r></w:p><w:p><w:r><w:t>Hebrew</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>Deleted</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "https://example.com"</w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>example.com</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` + para("Text box") +
		`</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>` + para("Text box") +
		`</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`
	docxWant := "Jane Doe Engineer\nLine one\nLine two\n\n- Go & SQL\nSkills Kafka\nLanguages English\nHebrew\nKept inserted\nexample.com\nText box"

	docRels := zipFile{"word/_rels/document.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="/word/footer1.xml"/>` +
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com" TargetMode="External"/>` +
		`</Relationships>`}
	hdr := func(name, text string) zipFile {
		return zipFile{name, `<w:hdr ` + wordNS + `>` + para(text) + `</w:hdr>`}
	}

	tests := []struct {
		name        string
		filename    string
		contentType string
		data        []byte
		want        string // exact Text, when err is nil
		extractor   string // prefix of Extractor
		err         error
		errMsg      string // exact error message, if set
	}{
		// Plain text in its encodings.
		{name: "TextUTF8", filename: "cv.txt", data: []byte("  Jane   Doe \r\n\r\n\r\n\r\nGo\tdeveloper\u00a0 — Zürich\r\n"), want: "Jane Doe\n\nGo developer — Zürich", extractor: "text"},
		{name: "TextUTF8BOM", filename: "cv.txt", data: []byte("\xef\xbb\xbfJürgen"), want: "Jürgen", extractor: "text"},
		{name: "TextUTF16LEBOM", filename: "cv.txt", data: utf16Bytes("Jürgen Müller\r\nGo, 𝔾o", false, true), want: "Jürgen Müller\nGo, 𝔾o", extractor: "text"},
		{name: "TextUTF16BEBOM", filename: "cv.txt", data: utf16Bytes("Jürgen Müller\nGo", true, true), want: "Jürgen Müller\nGo", extractor: "text"},
		{name: "TextUTF16LENoBOM", filename: "cv.txt", data: utf16Bytes("Plain resume text\nSecond line", false, false), want: "Plain resume text\nSecond line", extractor: "text"},
		{name: "TextWindows1252", filename: "cv.txt", data: []byte("Jos\xe9 \x93Pep\x94 Garc\xeda \x96 caf\xe9"), want: "José “Pep” García – café", extractor: "text"},
		{name: "TextControlChars", filename: "cv.txt", data: []byte("a\x00b\x01c\u200bd\ufeffe \ufb01le\x7f"), want: "abcde file", extractor: "text"},
		{name: "TextNamedPDF", filename: "cv.pdf", contentType: "application/pdf", data: []byte("Just text\n"), want: "Just text", extractor: "text"},

		// HTML by content and by name.
		{name: "HTML", filename: "cv", data: []byte("<!DOCTYPE html><html><head><title>CV</title><style>p{}</style></head><body><h1>Jane &amp; Co&nbsp;Ltd</h1><ul><li>Go</li><li>SQL</li></ul><script>alert(1)</script></body></html>"), want: "Jane & Co Ltd\n\n- Go\n- SQL", extractor: "html"},
		{name: "HTMLUTF16", filename: "cv.htm", data: utf16Bytes("<p>Zürich</p><p>Bern</p>", false, true), want: "Zürich\n\nBern", extractor: "html"},
		{name: "HTMLByName", filename: "cv.html", data: []byte("Hello <b>world</b> &lt;3"), want: "Hello world <3", extractor: "html"},
		{name: "HTMLByType", filename: "cv", contentType: "text/html; charset=utf-8", data: []byte("Hello <i>there</i>"), want: "Hello there", extractor: "html"},

		// RTF.
		{name: "RTF", filename: "cv.rtf", data: []byte(`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\*\generator Riched20;}\f0 Jos\'e9 Garc\'eda\par Senior \b Go\b0  developer\tab 2020\par \u8364?100 \emdash  done\par{\field{\*\fldinst HYPERLINK "x"}{\fldrslt example.com}}}`), want: "José García\nSenior Go developer 2020\n€100 — done\nexample.com", extractor: "rtf"},

		// DOCX.
		{name: "DOCX", filename: "cv.docx", data: makeDOCX(t, docxBody), want: docxWant, extractor: "docx"},
		{name: "DOCXHeadersFooters", filename: "cv.docx", data: makeDOCX(t, para("Body"), docRels,
			hdr("word/header1.xml", "Jane Doe, jane@example.com"), hdr("word/header2.xml", "Jane Doe, jane@example.com"),
			zipFile{"word/footer1.xml", `<w:ftr ` + wordNS + `>` + para("Page 1") + `</w:ftr>`}),
			want: "Jane Doe, jane@example.com\n\nBody\n\nPage 1", extractor: "docx"},
		{name: "DOCXNoRels", filename: "cv.docx", data: makeZip(t, zipFile{"word/document.xml", wordXML(para("Bare"))}), want: "Bare", extractor: "docx"},
		{name: "DOCXOtherMainPart", filename: "cv.docx", data: makeZip(t,
			zipFile{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`},
			zipFile{"word/document2.xml", wordXML(para("Moved"))}), want: "Moved", extractor: "docx"},
		{name: "DOCXCorruptXML", filename: "cv.docx", data: makeZip(t, zipFile{"word/document.xml", `<w:document ` + wordNS + `><w:body><w:p><w:r><w:t>cut`}), err: ErrCorrupt},
		{name: "DOCXBrokenZip", filename: "cv.docx", data: append([]byte("PK\x03\x04"), randomBytes(1, 2000)...), err: ErrCorrupt,
			errMsg: "extract: cv.docx: corrupt or unreadable Word document (broken zip archive)"},
		{name: "DOCXEmpty", filename: "cv.docx", data: makeDOCX(t, `<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>`), extractor: "docx", err: ErrEmpty},

		// PDF.
		{name: "PDF", filename: "cv.pdf", data: minimalPDF("Jane Doe (Go) \\ Zürich", "Senior developer"), want: "Jane Doe (Go) \\ Zürich\nSenior developer", extractor: "pdfium"},
		{name: "PDFGarbage", filename: "resume.pdf", data: append([]byte("%PDF-1.7\n"), randomBytes(2, 4000)...), err: ErrCorrupt,
			errMsg: "extract: resume.pdf: corrupt or unreadable PDF (pdfium: incorrect format)"},
		{name: "PDFHeaderOnly", filename: "resume.pdf", data: []byte("%PDF-1.4\n%%EOF\n"), err: ErrCorrupt},
		{name: "PDFEncrypted", filename: "resume.pdf", data: encryptedPDF(), err: ErrEncrypted,
			errMsg: "extract: resume.pdf: the PDF is password-protected; remove the password and upload it again (pdfium: invalid password)"},
		{name: "PDFNoText", filename: "scan.pdf", data: pdfWithPages([][]string{{}}, ""), extractor: "pdfium", err: ErrEmpty,
			errMsg: "extract: scan.pdf: no text found in the PDF (it may be a scanned image, which needs OCR)"},
		{name: "PDFNotAPDF", filename: "resume.pdf", data: randomBytes(3, 3000), err: ErrCorrupt,
			errMsg: "extract: resume.pdf: corrupt or unreadable PDF (no PDF header)"},

		// Empty and unsupported.
		{name: "Empty", filename: "cv.pdf", data: nil, err: ErrEmpty, errMsg: "extract: cv.pdf: the file is empty"},
		{name: "WhiteSpace", filename: "cv.txt", data: []byte(" \r\n\t\u00a0\n"), extractor: "text", err: ErrEmpty},
		{name: "LegacyDoc", filename: "cv.doc", data: oleFile("Root Entry", "WordDocument", "1Table"), err: ErrUnsupported,
			errMsg: "extract: cv.doc: legacy Word 97-2003 (.doc) files are not supported; save it as PDF or .docx and upload it again"},
		{name: "LegacyDocByName", filename: "cv.doc", data: randomBytes(4, 3000), err: ErrUnsupported},
		{name: "EncryptedDOCX", filename: "cv.docx", data: oleFile("Root Entry", "EncryptionInfo", "EncryptedPackage"), err: ErrEncrypted},
		{name: "Spreadsheet", filename: "cv.xlsx", data: makeZip(t, zipFile{"xl/workbook.xml", "<workbook/>"}), err: ErrUnsupported},
		{name: "OpenDocument", filename: "cv.odt", data: makeZip(t, zipFile{"mimetype", "application/vnd.oasis.opendocument.text"}, zipFile{"content.xml", "<x/>"}), err: ErrUnsupported},
		{name: "Zip", filename: "cv.zip", data: makeZip(t, zipFile{"cv.pdf", "%PDF-1.4"}), err: ErrUnsupported},
		{name: "PNG", filename: "cv.png", data: append([]byte("\x89PNG\r\n\x1a\n"), randomBytes(5, 100)...), err: ErrUnsupported,
			errMsg: "extract: cv.png: the file is a PNG image, not a document; scanned resumes need OCR, which is not supported"},
		{name: "Binary", filename: "cv.bin", data: randomBytes(6, 3000), err: ErrUnsupported},
	}
	ex := sharedExtractor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := ex.Extract(context.Background(), tt.filename, tt.contentType, tt.data)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				var fe *Error
				if !errors.As(err, &fe) || fe.Filename != tt.filename {
					t.Errorf("err = %#v, want *Error for %s", err, tt.filename)
				}
				if tt.errMsg != "" && err.Error() != tt.errMsg {
					t.Errorf("err = %q\nwant  %q", err, tt.errMsg)
				}
			} else if err != nil {
				t.Fatalf("err = %v", err)
			} else if res.Text != tt.want {
				t.Errorf("Text = %q\nwant   %q", res.Text, tt.want)
			}
			if !strings.HasPrefix(res.Extractor, tt.extractor) || (tt.extractor == "" && res.Extractor != "") {
				t.Errorf("Extractor = %q, want %q", res.Extractor, tt.extractor)
			}
			checkNormalized(t, tt.name, res.Text)
		})
	}
}

func TestExtractPages(t *testing.T) {
	pdf := pdfWithPages([][]string{{"Page one"}, {"Page two"}, {"Page three"}}, "")
	res, err := sharedExtractor(t).Extract(context.Background(), "cv.pdf", "", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Pages, 3; got != want {
		t.Errorf("Pages = %d, want %d", got, want)
	}
	if got, want := res.Text, "Page one\n\nPage two\n\nPage three"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

// TestExtractTruncatedPDF cuts real resumes short: PDFium cannot find their
// cross-reference tables.
func TestExtractTruncatedPDF(t *testing.T) {
	files := loadCorpus(t, ".pdf")
	ex := sharedExtractor(t)
	for _, f := range files[:3] {
		for _, frac := range []int{10, 50, 90} {
			cut := f.data[:len(f.data)*frac/100]
			_, err := ex.Extract(context.Background(), f.name, "", cut)
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s cut to %d%%: err = %v, want ErrCorrupt", f.name, frac, err)
			} else if !strings.Contains(err.Error(), "corrupt or unreadable PDF") {
				t.Errorf("%s: message %q", f.name, err)
			}
		}
	}
}

func TestExtractLimits(t *testing.T) {
	t.Run("ErrTooLarge", func(t *testing.T) {
		ex := New(Options{MaxBytes: 1000})
		defer ex.Close()
		_, err := ex.Extract(context.Background(), "cv.pdf", "", bytes.Repeat([]byte("x"), 1300))
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
		if got, want := err.Error(), "extract: cv.pdf: the file is 1.3 KiB, over the 1000 bytes limit"; got != want {
			t.Errorf("err = %q, want %q", got, want)
		}
	})
	t.Run("ZipBomb", func(t *testing.T) {
		// 1 GiB of XML in a zip of about 1 MiB.
		data := zipBomb(t, "word/document.xml", 1<<30)
		start := time.Now()
		_, err := sharedExtractor(t).Extract(context.Background(), "bomb.docx", "", data)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
		t.Logf("%d bytes, rejected in %v: %v", len(data), time.Since(start), err)
	})
	t.Run("ZipBombLyingHeader", func(t *testing.T) {
		// An entry whose header claims 10 bytes but that expands to 1 MiB.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		fh := &zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(wordXML(para(strings.Repeat("a ", 1<<19)))))
		zw.Close()
		data := buf.Bytes()
		// Patch the uncompressed size in the central directory record.
		cd := bytes.LastIndex(data, []byte("PK\x01\x02"))
		copy(data[cd+24:cd+28], []byte{10, 0, 0, 0})
		_, err = sharedExtractor(t).Extract(context.Background(), "bomb.docx", "", data)
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrCorrupt or ErrTooLarge", err)
		}
	})
}

// zipBomb returns a zip holding one entry, name, that expands to size bytes
// of "a a a ...", honestly declared. It is built from one compressed
// block repeated, which is cheap: a deflate block that starts from an empty
// window only refers back into its own output, so copies of it can follow
// each other.
func zipBomb(t testing.TB, name string, size int) []byte {
	t.Helper()
	chunk := bytes.Repeat([]byte("a "), 1<<19) // 1 MiB
	var block bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	fw.Write(chunk)
	fw.Flush()
	var final bytes.Buffer
	fw, _ = flate.NewWriter(&final, flate.BestCompression)
	fw.Close()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	crc := crc32.NewIEEE()
	for range size / len(chunk) {
		crc.Write(chunk)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64:   uint64(block.Len()*(size/len(chunk)) + final.Len()),
		UncompressedSize64: uint64(size / len(chunk) * len(chunk)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for range size / len(chunk) {
		w.Write(block.Bytes())
	}
	w.Write(final.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipBombHelper(t *testing.T) {
	// The bomb is a valid zip that expands as declared.
	data := zipBomb(t, "x", 4<<20)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err != nil || n != 4<<20 {
		t.Fatalf("expanded to %d bytes, err %v", n, err)
	}
}

func TestBudgetReader(t *testing.T) {
	budget := int64(10)
	n, err := io.Copy(io.Discard, &budgetReader{r: strings.NewReader(strings.Repeat("x", 25)), n: &budget})
	if n != 10 || !errors.Is(err, errPartTooLarge) {
		t.Errorf("read %d bytes, err %v; want 10, errPartTooLarge", n, err)
	}
}

func TestExtractContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, data := range [][]byte{minimalPDF("x"), []byte("text")} {
		if _, err := sharedExtractor(t).Extract(ctx, "cv", "", data); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	}
}

// TestPDFTimeout checks that a PDF that runs past Timeout is abandoned
// promptly and that its worker is replaced.
func TestPDFTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: reads a 1,000-page PDF")
	}
	big := bigPDF(1000) // about 10 s of PDFium work
	small := minimalPDF("still working")
	ex := New(Options{Workers: 1, Timeout: 300 * time.Millisecond, CacheDir: sharedExtractor(t).pdf.cacheDir})
	defer ex.Close()
	if _, err := ex.Extract(context.Background(), "warm.pdf", "", small); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		start := time.Now()
		_, err := ex.Extract(context.Background(), "big.pdf", "", big)
		elapsed := time.Since(start)
		if !errors.Is(err, ErrCorrupt) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("run %d: err = %v, want ErrCorrupt and DeadlineExceeded", i, err)
		}
		// A generous bound: reading the whole file takes about 10 s.
		if elapsed > 5*time.Second {
			t.Errorf("run %d: returned after %v, want about 300ms (the whole file takes about 10 s)", i, elapsed)
		}
		// The caller's deadline is reported as such.
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err = ex.Extract(ctx, "big.pdf", "", big)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrCorrupt) {
			t.Fatalf("run %d: err = %v, want the caller's DeadlineExceeded", i, err)
		}
		// The single worker was rebuilt and works.
		res, err := ex.Extract(context.Background(), "small.pdf", "", small)
		if err != nil || res.Text != "still working" {
			t.Fatalf("run %d: after a timeout: %q, %v", i, res.Text, err)
		}
	}
}

func TestClose(t *testing.T) {
	cacheDir := sharedExtractor(t).pdf.cacheDir
	goroutines := runtime.NumGoroutine()
	ex := New(Options{Workers: 1, CacheDir: cacheDir})
	big := bigPDF(1000)
	errc := make(chan error, 1)
	go func() {
		_, err := ex.Extract(context.Background(), "big.pdf", "", big)
		errc <- err
	}()
	time.Sleep(500 * time.Millisecond) // let PDFium start and begin reading
	start := time.Now()
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Errorf("in-flight Extract: err = %v, want ErrClosed", err)
	}
	// A generous bound: without cancelling, Close would wait for the
	// whole 1,000-page file.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v, want it to cancel the read in flight", d)
	}
	if _, err := ex.Extract(context.Background(), "a.txt", "", []byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: err = %v, want ErrClosed", err)
	}
	if err := ex.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// Nothing is left running.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after Close, %d before New", n, goroutines)
	}
	// Closing an Extractor that never read a PDF does not start PDFium.
	if err := New(Options{}).Close(); err != nil {
		t.Errorf("Close unused: %v", err)
	}
}

// TestConcurrent runs 20 extractions at once on two PDFium workers and
// compares them with serial results.
func TestConcurrent(t *testing.T) {
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for _, f := range loadCorpus(t, "") {
		inputs = append(inputs, input{f.name, f.data})
	}
	ex := sharedExtractor(t)
	want := make([]string, len(inputs))
	for i, in := range inputs {
		res, err := ex.Extract(context.Background(), in.name, "", in.data)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res.Text
	}
	got := make([]string, len(inputs))
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Go(func() {
			res, err := ex.Extract(context.Background(), in.name, "", in.data)
			got[i], errs[i] = res.Text, err
		})
	}
	wg.Wait()
	for i := range inputs {
		if errs[i] != nil {
			t.Errorf("%s: %v", inputs[i].name, errs[i])
		} else if got[i] != want[i] {
			t.Errorf("%s: parallel text differs from serial", inputs[i].name)
		}
	}
}
