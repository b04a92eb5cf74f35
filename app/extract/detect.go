package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"mime"
	"path/filepath"
	"strconv"
	"strings"
)

type formatKind int

const (
	formatUnknown formatKind = iota
	formatPDF
	formatDOCX
	formatRTF
	formatHTML
	formatText
)

// format is the outcome of detect: a kind we can read, or the error kind and
// message for one we cannot.
type format struct {
	kind    formatKind
	errKind error
	msg     string
	docx    *docxPackage // the opened archive, for formatDOCX
}

func unsupported(msg string) format { return format{errKind: ErrUnsupported, msg: msg} }

const saveAs = "; save it as PDF or .docx and upload it again"

// magic prefixes of formats that we recognize only to name them in an error.
var binaryFormats = []struct {
	magic string
	name  string
}{
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
	{"BM", ""}, // too short to be sure; checked with the name below
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"\x1f\x8b", "a gzip archive"},
	{"%!PS", "a PostScript file"},
}

// detect finds the format of data, trusting the content over the name and
// content type.
func detect(filename, contentType string, data []byte) format {
	ext := strings.ToLower(filepath.Ext(filename))
	mt, _, _ := mime.ParseMediaType(contentType)

	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return format{kind: formatPDF}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return detectZip(data)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		// OLE2 compound file: Word 97-2003 .doc, old Excel, or an encrypted
		// OOXML file, which Office wraps in OLE.
		if bytes.Contains(data, utf16le("EncryptedPackage")) {
			return format{errKind: ErrEncrypted, msg: "the document is password-protected; remove the password and upload it again"}
		}
		switch {
		case bytes.Contains(data, utf16le("WordDocument")):
			return unsupported("legacy Word 97-2003 (.doc) files are not supported" + saveAs)
		case bytes.Contains(data, utf16le("Workbook")), bytes.Contains(data, utf16le("Book")):
			return unsupported("Excel spreadsheets are not supported")
		}
		return unsupported("legacy Microsoft Office files are not supported" + saveAs)
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return format{kind: formatRTF}
	}
	// PDF readers accept junk before the header, up to a KiB of it.
	if bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return format{kind: formatPDF}
	}
	for _, b := range binaryFormats {
		if b.name != "" && bytes.HasPrefix(data, []byte(b.magic)) {
			msg := "the file is " + b.name + ", not a document"
			if strings.HasSuffix(b.name, "image") {
				msg += "; scanned resumes need OCR, which is not supported"
			}
			return unsupported(msg)
		}
	}

	if looksLikeText(data) {
		if ext == ".html" || ext == ".htm" || ext == ".xhtml" || mt == "text/html" || mt == "application/xhtml+xml" ||
			looksLikeHTML(decodeText(data[:min(len(data), 2048)]).text) {
			return format{kind: formatHTML}
		}
		return format{kind: formatText}
	}

	// The content says nothing we know; the name or type may at least tell
	// what the file was meant to be.
	switch {
	case ext == ".pdf" || mt == "application/pdf":
		return format{errKind: ErrCorrupt, msg: "corrupt or unreadable PDF (no PDF header)"}
	case ext == ".docx" || mt == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return format{errKind: ErrCorrupt, msg: "corrupt or unreadable Word document (not a .docx archive)"}
	case ext == ".doc" || mt == "application/msword":
		return unsupported("legacy Word (.doc) files are not supported" + saveAs)
	case ext == ".rtf" || mt == "application/rtf" || mt == "text/rtf":
		return format{errKind: ErrCorrupt, msg: "corrupt or unreadable RTF document"}
	case ext == ".bmp" && bytes.HasPrefix(data, []byte("BM")):
		return unsupported("the file is a BMP image, not a document; scanned resumes need OCR, which is not supported")
	}
	return unsupported("unrecognized file format; upload a PDF, Word (.docx), RTF, HTML or text file")
}

// detectZip tells a Word document from other zip-based files.
func detectZip(data []byte) format {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return format{errKind: ErrCorrupt, msg: "corrupt or unreadable Word document (broken zip archive)"}
	}
	pkg, err := openPackage(zr)
	if err != nil {
		return format{errKind: ErrTooLarge, msg: "the file is a zip archive with more than " + strconv.Itoa(maxZipEntries) + " entries, which no Word document has"}
	}
	// The package's relationships are tiny and read with their own small
	// budget; the document itself is read later, under the memory budget.
	if _, err := pkg.mainDocumentPart(context.Background(), newXMLGuard(maxRelsXML)); err == nil {
		return format{kind: formatDOCX, docx: pkg}
	}
	has := func(name string) bool {
		for _, f := range zr.File {
			if f.Name == name || strings.HasPrefix(f.Name, name+"/") {
				return true
			}
		}
		return false
	}
	switch {
	case has("xl"):
		return unsupported("Excel spreadsheets are not supported")
	case has("ppt"):
		return unsupported("PowerPoint presentations are not supported")
	case has("mimetype") && has("content.xml"):
		return unsupported("OpenDocument files (.odt) are not supported" + saveAs)
	case has("[Content_Types].xml"):
		return format{errKind: ErrCorrupt, msg: "corrupt or unreadable Word document (no main document part)"}
	}
	return unsupported("zip archives are not supported; upload the resume file itself")
}

// looksLikeText reports whether data is text in one of the encodings
// decodeText handles: it has a Unicode BOM, or is UTF-16 without one, or has
// almost no control characters (binary formats have many, NUL above all).
func looksLikeText(data []byte) bool {
	if hasBOM(data) || guessUTF16(data) != "" {
		return true
	}
	sample := data[:min(len(data), 8192)]
	bad := 0
	for _, c := range sample {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			bad++
		}
	}
	// Allow the odd stray control character, which normalize drops.
	return bad <= 2 || bad*100 <= len(sample)
}

// looksLikeHTML reports whether the text starts like an HTML document or
// fragment, the way browsers and http.DetectContentType sniff it.
func looksLikeHTML(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n\f\ufeff")
	if len(s) < 2 || s[0] != '<' {
		return false
	}
	lower := strings.ToLower(s[:min(len(s), 512)])
	if strings.HasPrefix(lower, "<?xml") {
		return strings.Contains(lower, "<html") || strings.Contains(lower, "xhtml")
	}
	for _, tag := range []string{"!doctype html", "html", "head", "body", "script", "iframe",
		"h1", "h2", "h3", "div", "font", "table", "a", "style", "title", "b", "br", "p", "ul", "ol", "span", "!--", "meta"} {
		if rest, ok := strings.CutPrefix(lower[1:], tag); ok {
			if rest == "" || rest[0] == '>' || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '/' || tag == "!--" {
				return true
			}
		}
	}
	return false
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}
