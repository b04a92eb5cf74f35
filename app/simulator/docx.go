package simulator

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// renderDOCX writes a minimal but valid Office Open XML word-processing
// document: [Content_Types].xml, the package relationships, core
// properties and word/document.xml with one paragraph per block. Word,
// LibreOffice and text extractors open it; the zip entries carry the
// document date so the bytes are deterministic.
func renderDOCX(d document) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mod := d.created
	if mod.Year() < 1980 {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // zip's DOS epoch
	}
	put := func(name, body string) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			panic(err) // only fails on invalid names, which are constants here
		}
		w.Write([]byte(body))
	}
	put("[Content_Types].xml", xml.Header+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`+
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
		`</Types>`)
	put("_rels/.rels", xml.Header+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`+
		`</Relationships>`)
	stamp := d.created.UTC().Format(time.RFC3339)
	put("docProps/core.xml", xml.Header+
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" `+
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" `+
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
		`<dc:title>`+xmlEscape(d.title)+`</dc:title><dc:creator>`+xmlEscape(d.author)+`</dc:creator>`+
		`<dcterms:created xsi:type="dcterms:W3CDTF">`+stamp+`</dcterms:created>`+
		`<dcterms:modified xsi:type="dcterms:W3CDTF">`+stamp+`</dcterms:modified>`+
		`</cp:coreProperties>`)

	var body strings.Builder
	body.WriteString(xml.Header)
	body.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, bl := range d.blocks {
		var ppr, rpr string
		text := bl.text
		switch bl.kind {
		case blockName:
			rpr = `<w:b/><w:sz w:val="36"/>`
		case blockHeadline:
			rpr = `<w:sz w:val="24"/>`
		case blockContact:
			rpr = `<w:sz w:val="18"/>`
		case blockHeading:
			ppr = `<w:spacing w:before="240" w:after="60"/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="888888"/></w:pBdr>`
			rpr = `<w:b/><w:sz w:val="23"/>`
			text = strings.ToUpper(text)
		case blockSubheading:
			ppr = `<w:spacing w:before="120"/>`
			rpr = `<w:b/>`
		case blockBullet:
			ppr = `<w:ind w:left="360" w:hanging="200"/>`
			text = "• " + text
		}
		body.WriteString("<w:p>")
		if ppr != "" {
			body.WriteString("<w:pPr>" + ppr + "</w:pPr>")
		}
		body.WriteString("<w:r>")
		if rpr != "" {
			body.WriteString("<w:rPr>" + rpr + "</w:rPr>")
		}
		fmt.Fprintf(&body, `<w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlEscape(text))
	}
	body.WriteString(`<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>` +
		`<w:pgMar w:top="1080" w:right="1080" w:bottom="1080" w:left="1080" w:header="720" w:footer="720" w:gutter="0"/>` +
		`</w:sectPr></w:body></w:document>`)
	put("word/document.xml", body.String())
	if err := zw.Close(); err != nil {
		panic(err) // writing to a bytes.Buffer cannot fail
	}
	return buf.Bytes()
}

// xmlEscape escapes text for XML; characters XML 1.0 forbids become U+FFFD.
func xmlEscape(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return ""
	}
	return b.String()
}
