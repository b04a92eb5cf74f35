package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// docxPackage is an opened .docx archive with its parts indexed by name.
type docxPackage struct {
	zr    *zip.Reader
	parts map[string]*zip.File // by lower-case name: OPC part names are case-insensitive
}

// openPackage indexes the parts of a zip archive, refusing archives with
// more entries than any Word document has.
func openPackage(zr *zip.Reader) (*docxPackage, error) {
	if len(zr.File) > maxZipEntries {
		return nil, errTooManyEntries
	}
	p := &docxPackage{zr: zr, parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		k := strings.ToLower(f.Name)
		if _, dup := p.parts[k]; !dup {
			p.parts[k] = f
		}
	}
	return p, nil
}

var errTooManyEntries = fmt.Errorf("the archive has more than %d entries", maxZipEntries)

// find looks a part up by name.
func (p *docxPackage) find(name string) *zip.File { return p.parts[strings.ToLower(name)] }

// xmlBytes is what reading every XML part would decompress, at most
// maxDOCXXML: an upper bound on the XML extractDOCX reads, since the zip
// reader refuses entries that expand past their declared size.
func (p *docxPackage) xmlBytes() int64 {
	var n uint64
	for _, f := range p.zr.File {
		if ext := strings.ToLower(path.Ext(f.Name)); ext == ".xml" || ext == ".rels" {
			n += min(f.UncompressedSize64, maxDOCXPart)
		}
		if n >= maxDOCXXML {
			return maxDOCXXML
		}
	}
	return int64(n)
}

// extractDOCX reads an Office Open XML word-processing document: the main
// document part, plus its headers (before it) and footers (after it), which
// resumes often use for the name and contact details. g bounds the work.
func extractDOCX(ctx context.Context, p *docxPackage, g *xmlGuard) (Result, error) {
	main, err := p.mainDocumentPart(ctx, newXMLGuard(maxRelsXML))
	if err != nil {
		return docxError(err)
	}
	headers, footers, err := p.headerFooterParts(ctx, main.Name, g)
	if err != nil {
		return docxError(err)
	}

	var sb strings.Builder
	seen := map[string]bool{}
	addParts := func(parts []*zip.File) error {
		for _, f := range parts {
			t, err := partText(ctx, f, g)
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
	body, err := partText(ctx, main, g)
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
	tooLarge := func(msg string) (Result, error) { return Result{}, &Error{Kind: ErrTooLarge, Msg: msg} }
	switch {
	case errors.Is(err, errPartTooLarge):
		return tooLarge(fmt.Sprintf("the Word document expands to more than %s of XML (zip bomb?)", formatSize(maxDOCXXML)))
	case errors.Is(err, errTooManyEntries), errors.Is(err, errTooManyTokens), errors.Is(err, errTokenTooLarge):
		return tooLarge("the Word document is too complex to read: " + err.Error())
	case errors.Is(err, errTooMuchText):
		return tooLarge("the Word document holds " + err.Error() + ", far more than a resume")
	case errors.Is(err, errTooDeep):
		return Result{}, &Error{Kind: ErrCorrupt, Msg: "corrupt or unreadable Word document (" + errTooDeep.Error() + ")"}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Result{}, err
	}
	return Result{}, &Error{Kind: ErrCorrupt, Msg: "corrupt or unreadable Word document", Err: err}
}

// maxRelsXML bounds a .rels part, which lists a few dozen relationships.
const maxRelsXML = 1 << 20

// maxHeaderParts bounds the headers, and the footers, read: Word writes at
// most three of each per section, and they mostly repeat.
const maxHeaderParts = 32

// readRels parses the relationships of the part at partName ("" for the
// package), resolving targets to zip paths. A missing .rels part is no
// relationships.
func (p *docxPackage) readRels(ctx context.Context, partName string, g *xmlGuard) (map[string][]string, error) {
	dir, file := path.Split(partName)
	f := p.find(dir + "_rels/" + file + ".rels")
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
	out := map[string][]string{}
	d := g.decoder(ctx, rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "Relationship" {
			continue
		}
		var typ, target, mode string
		for _, a := range t.Attr {
			switch a.Name.Local {
			case "Type":
				typ = a.Value
			case "Target":
				target = a.Value
			case "TargetMode":
				mode = a.Value
			}
		}
		if mode == "External" {
			continue
		}
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(dir, target)
		}
		typ = typ[strings.LastIndexByte(typ, '/')+1:]
		out[typ] = append(out[typ], target)
	}
}

// mainDocumentPart finds the main part of a word-processing package: the
// target of the package's officeDocument relationship, word/document.xml
// in practice.
func (p *docxPackage) mainDocumentPart(ctx context.Context, g *xmlGuard) (*zip.File, error) {
	rels, err := p.readRels(ctx, "", g)
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
	f := p.find(name)
	if f == nil {
		return nil, fmt.Errorf("no main document part %s", name)
	}
	return f, nil
}

func (p *docxPackage) headerFooterParts(ctx context.Context, mainName string, g *xmlGuard) (headers, footers []*zip.File, err error) {
	rels, err := p.readRels(ctx, mainName, g)
	if err != nil {
		return nil, nil, err
	}
	files := func(names []string) []*zip.File {
		slices.Sort(names)
		var fs []*zip.File
		for _, n := range slices.Compact(names) {
			if f := p.find(n); f != nil && len(fs) < maxHeaderParts {
				fs = append(fs, f)
			}
		}
		return fs
	}
	return files(rels["header"]), files(rels["footer"]), nil
}

// partText returns the text of one WordprocessingML part (document, header
// or footer): one line per paragraph, cells of a table row separated by
// tabs, list items prefixed with "- ".
func partText(ctx context.Context, f *zip.File, g *xmlGuard) (string, error) {
	if f.UncompressedSize64 > maxDOCXPart || f.UncompressedSize64 > uint64(g.bytes) {
		return "", errPartTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()

	var w docxWriter
	d := g.decoder(ctx, rc)
	var (
		skip   int // depth inside a skipped subtree
		inRun  int // depth of w:r elements
		inText bool
		inPPr  bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Name, err)
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
		if w.sb.Len() > g.text {
			return "", errTooMuchText
		}
	}
	g.text -= w.sb.Len()
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
