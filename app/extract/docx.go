package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// maxDOCXXML bounds the XML read from one .docx, all parts together. A
// resume's document.xml is well under 1 MiB; a zip bomb expands to far more.
const maxDOCXXML = 64 << 20

// errPartTooLarge is returned by budgetReader when the XML budget runs out.
var errPartTooLarge = errors.New("archive expands past the limit")

// extractDOCX reads an Office Open XML word-processing document: the main
// document part, plus its headers (before it) and footers (after it), which
// resumes often use for the name and contact details.
func extractDOCX(ctx context.Context, data []byte) (Result, error) {
	corrupt := func(err error) (Result, error) {
		return Result{}, &Error{Kind: ErrCorrupt, Msg: "corrupt or unreadable Word document", Err: err}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return corrupt(err)
	}
	main, err := mainDocumentPart(zr)
	if err != nil {
		return corrupt(err)
	}
	budget := int64(maxDOCXXML)
	headers, footers, err := headerFooterParts(zr, main.Name, &budget)
	if err != nil {
		return docxError(err)
	}

	var sb strings.Builder
	seen := map[string]bool{}
	addParts := func(parts []*zip.File) error {
		for _, f := range parts {
			t, err := partText(ctx, f, &budget)
			if err != nil {
				return err
			}
			// The first-page, even and default headers often say the same.
			if t = strings.TrimSpace(t); t != "" && !seen[t] {
				seen[t] = true
				sb.WriteString(t)
				sb.WriteString("\n\n")
			}
		}
		return nil
	}
	if err := addParts(headers); err != nil {
		return docxError(err)
	}
	body, err := partText(ctx, main, &budget)
	if err != nil {
		return docxError(err)
	}
	sb.WriteString(body)
	sb.WriteString("\n\n")
	if err := addParts(footers); err != nil {
		return docxError(err)
	}
	return Result{Text: normalize(sb.String()), Extractor: "docx"}, nil
}

func docxError(err error) (Result, error) {
	switch {
	case errors.Is(err, errPartTooLarge):
		return Result{}, &Error{Kind: ErrTooLarge, Msg: fmt.Sprintf("the Word document expands to more than %s of XML (zip bomb?)", formatSize(maxDOCXXML))}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Result{}, err
	}
	return Result{}, &Error{Kind: ErrCorrupt, Msg: "corrupt or unreadable Word document", Err: err}
}

// relationships is an OPC .rels part.
type relationships struct {
	Rels []struct {
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// maxRelsXML bounds a .rels part, which lists a few dozen relationships.
const maxRelsXML = 1 << 20

// readRels parses the relationships of the part at partName ("" for the
// package), resolving targets to zip paths. A missing .rels part is no
// relationships.
func readRels(zr *zip.Reader, partName string, budget *int64) (map[string][]string, error) {
	dir, file := path.Split(partName)
	f := findFile(zr, dir+"_rels/"+file+".rels")
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > maxRelsXML {
		return nil, errPartTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var rels relationships
	if err := xml.NewDecoder(&budgetReader{r: rc, n: budget}).Decode(&rels); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	out := map[string][]string{}
	for _, r := range rels.Rels {
		if r.TargetMode == "External" {
			continue
		}
		target := r.Target
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(dir, target)
		}
		typ := r.Type[strings.LastIndexByte(r.Type, '/')+1:]
		out[typ] = append(out[typ], target)
	}
	return out, nil
}

// mainDocumentPart finds the main part of a word-processing package: the
// target of the package's officeDocument relationship, word/document.xml
// in practice.
func mainDocumentPart(zr *zip.Reader) (*zip.File, error) {
	budget := int64(maxRelsXML)
	rels, err := readRels(zr, "", &budget)
	if err != nil {
		return nil, err
	}
	name := "word/document.xml"
	if t := rels["officeDocument"]; len(t) > 0 {
		name = t[0]
	}
	if strings.HasPrefix(name, "xl/") || strings.HasPrefix(name, "ppt/") {
		return nil, fmt.Errorf("main part %s is not a word-processing document", name)
	}
	f := findFile(zr, name)
	if f == nil {
		return nil, fmt.Errorf("no main document part %s", name)
	}
	return f, nil
}

func headerFooterParts(zr *zip.Reader, mainName string, budget *int64) (headers, footers []*zip.File, err error) {
	rels, err := readRels(zr, mainName, budget)
	if err != nil {
		return nil, nil, err
	}
	files := func(names []string) []*zip.File {
		slices.Sort(names)
		var fs []*zip.File
		for _, n := range slices.Compact(names) {
			if f := findFile(zr, n); f != nil {
				fs = append(fs, f)
			}
		}
		return fs
	}
	return files(rels["header"]), files(rels["footer"]), nil
}

// findFile looks a part up by name; OPC part names are case-insensitive.
func findFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// budgetReader reads until the shared byte budget is spent, then fails with
// errPartTooLarge. The zip reader separately rejects entries that expand
// past their declared size.
type budgetReader struct {
	r io.Reader
	n *int64
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
	return n, err
}

// partText returns the text of one WordprocessingML part (document, header
// or footer): one line per paragraph, cells of a table row separated by
// tabs, list items prefixed with "- ".
func partText(ctx context.Context, f *zip.File, budget *int64) (string, error) {
	if f.UncompressedSize64 > uint64(*budget) {
		return "", errPartTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()

	var w docxWriter
	d := xml.NewDecoder(&budgetReader{r: rc, n: budget})
	var (
		skip   int // depth inside a skipped subtree
		inRun  int // depth of w:r elements
		inText bool
		inPPr  bool
		tokens int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Name, err)
		}
		if tokens++; tokens%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return "", err
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "Fallback", "del", "moveFrom", "instrText", "delText", "delInstrText":
				// Fallback repeats the Choice of mc:AlternateContent (text
				// boxes appear twice); the others are deleted text and
				// field codes.
				skip = 1
			case "p":
				w.startParagraph()
			case "pPr":
				inPPr = true
			case "numPr":
				if inPPr {
					w.list = true
				}
			case "r":
				inRun++
			case "t":
				inText = true
			case "tab", "ptab":
				if inRun > 0 {
					w.write("\t")
				}
			case "br", "cr":
				if inRun > 0 {
					w.write("\n")
				}
			case "noBreakHyphen":
				w.write("-")
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "p":
				w.endParagraph()
			case "pPr":
				inPPr = false
			case "r":
				inRun--
			case "t":
				inText = false
			case "tc":
				w.endCell()
			case "tr":
				w.endParagraph()
			}
		case xml.CharData:
			if inText && skip == 0 {
				w.write(string(t))
			}
		}
	}
	return w.sb.String(), nil
}

// docxWriter lays out paragraphs. Separators are written lazily so that the
// end of the last paragraph in a table cell can become a cell separator.
type docxWriter struct {
	sb        strings.Builder
	newlines  int  // pending line ends
	tab       bool // pending cell separator
	list      bool // the current paragraph is a list item
	paraEmpty bool // nothing written in the current paragraph yet
}

func (w *docxWriter) startParagraph() {
	w.list = false
	w.paraEmpty = true
}

func (w *docxWriter) write(s string) {
	if s == "" {
		return
	}
	if w.sb.Len() > 0 {
		if w.newlines > 0 {
			w.sb.WriteString(strings.Repeat("\n", min(w.newlines, 2)))
		} else if w.tab {
			w.sb.WriteByte('\t')
		}
	}
	w.newlines, w.tab = 0, false
	if w.paraEmpty {
		w.paraEmpty = false
		if w.list {
			w.sb.WriteString("- ")
		}
	}
	w.sb.WriteString(s)
}

func (w *docxWriter) endParagraph() {
	w.newlines++
	w.tab = false
	w.paraEmpty = true
	w.list = false
}

func (w *docxWriter) endCell() {
	if w.newlines > 0 {
		w.newlines = 0
		w.tab = true
	}
}
