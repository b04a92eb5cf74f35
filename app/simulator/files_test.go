package simulator

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
)

// One pdfium instance per test binary: starting it takes seconds.
var (
	pdfiumOnce sync.Once
	pdfiumPool pdfium.Pool
	pdfiumInst pdfium.Pdfium
	pdfiumErr  error
	pdfiumMu   sync.Mutex
)

func pdfText(t *testing.T, b []byte) (string, int) {
	t.Helper()
	pdfiumOnce.Do(func() {
		pdfiumPool, pdfiumErr = webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
		if pdfiumErr == nil {
			pdfiumInst, pdfiumErr = pdfiumPool.GetInstance(30 * time.Second)
		}
	})
	if pdfiumErr != nil {
		t.Fatalf("pdfium: %v", pdfiumErr)
	}
	pdfiumMu.Lock()
	defer pdfiumMu.Unlock()
	doc, err := pdfiumInst.OpenDocument(&requests.OpenDocument{File: &b})
	if err != nil {
		t.Fatalf("pdfium cannot open the PDF: %v", err)
	}
	defer pdfiumInst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n, err := pdfiumInst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		t.Fatalf("page count: %v", err)
	}
	var text strings.Builder
	for i := range n.PageCount {
		pt, err := pdfiumInst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			t.Fatalf("page %d text: %v", i, err)
		}
		text.WriteString(pt.Text)
		text.WriteString("\n")
	}
	return text.String(), n.PageCount
}

func closePDFium() {
	if pdfiumInst != nil {
		pdfiumInst.Close()
	}
	if pdfiumPool != nil {
		pdfiumPool.Close()
	}
}

// normalize folds whitespace so that line wrapping does not matter.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// docxText reads word/document.xml and returns its text runs.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	parts := map[string]bool{}
	var doc []byte
	for _, f := range zr.File {
		parts[f.Name] = true
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		if !parts[p] {
			t.Fatalf("docx lacks %s", p)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var text strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml does not parse: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inText = el.Name.Local == "t"
		case xml.EndElement:
			if el.Name.Local == "p" {
				text.WriteString("\n")
			}
			inText = false
		case xml.CharData:
			if inText {
				text.Write(el)
			}
		}
	}
	return text.String()
}

// download fetches an attachment through its signed URL.
func (e *testEnv) download(rawURL string) (*http.Response, []byte) {
	req, _ := http.NewRequest(http.MethodGet, rawURL, nil)
	return e.do(req)
}

func TestAttachmentFilesAreValid(t *testing.T) {
	e := newEnv(t, Config{Candidates: 120})
	snap := e.sim.Snapshot()
	byCand := map[int64]Candidate{}
	for _, c := range snap.Candidates {
		byCand[c.ID] = c
	}
	checked := map[string]int{}
	for _, a := range snap.Attachments {
		if a.Type != AttachmentResume || checked[a.Format] >= 6 {
			continue
		}
		checked[a.Format]++
		c := byCand[a.CandidateID]
		_, body := e.v3("/v3/attachments?ids=" + itoa(a.ID))
		url := records(t, body)[0]["url"].(string)
		res, file := e.download(url)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("download %s: %d %s", a.Filename, res.StatusCode, file)
		}
		if ct := res.Header.Get("Content-Type"); ct != contentTypes[a.Format] {
			t.Errorf("%s: content type %q", a.Filename, ct)
		}
		var text string
		switch a.Format {
		case "pdf":
			if !bytes.HasPrefix(file, []byte("%PDF-1.")) || !bytes.HasSuffix(file, []byte("%%EOF\n")) {
				t.Fatalf("%s is not a complete PDF", a.Filename)
			}
			text, _ = pdfText(t, file)
		case "docx":
			text = docxText(t, file)
		default:
			if !utf8.Valid(file) {
				t.Fatalf("%s is not UTF-8", a.Filename)
			}
			text = string(file)
		}
		got := normalize(text)
		for _, want := range append([]string{c.FirstName + " " + c.LastName, "EXPERIENCE", "EDUCATION"}, c.Skills[:3]...) {
			if !strings.Contains(got, want) {
				t.Errorf("%s (%s): text lacks %q:\n%s", a.Filename, a.Format, want, got)
			}
		}
		ref, err := e.sim.AttachmentText(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Format == "pdf" || a.Format == "docx" {
			// Extracted text must match the reference text word for word;
			// PDF extraction may only differ in bullets and spacing.
			clean := func(s string) string { return normalize(strings.NewReplacer("•", " ", "\r", " ").Replace(s)) }
			if clean(ref) != clean(text) {
				t.Errorf("%s: extracted text differs from reference\nref: %s\ngot: %s", a.Filename, clean(ref), clean(text))
			}
		}
	}
	for _, f := range []string{"pdf", "docx", "txt"} {
		if checked[f] == 0 {
			t.Errorf("no %s resume among the attachments", f)
		}
	}
}

func TestPDFMultiPage(t *testing.T) {
	d := document{title: "Long", author: "Zoë Ångström", created: testEpoch}
	d.add(blockName, "Zoë Ångström – “Résumé”")
	for i := range 120 {
		d.add(blockBullet, "Line "+itoa(int64(i))+": built (and ran) distributed systems with Go \\ PostgreSQL for the €uro team")
	}
	b := renderPDF(d)
	text, pages := pdfText(t, b)
	if pages < 2 {
		t.Fatalf("expected several pages, got %d", pages)
	}
	got := normalize(text)
	for _, want := range []string{"Zoë Ångström – “Résumé”", "Line 0: built (and ran) distributed systems with Go \\ PostgreSQL for the €uro team", "Line 119:"} {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestSignedURLs(t *testing.T) {
	e := newEnv(t, Config{Candidates: 40, AttachmentTTL: time.Hour})
	_, body := e.v3("/v3/attachments?per_page=1")
	u := records(t, body)[0]["url"].(string)

	tampered := func(mod func(q url.Values)) string {
		pu, _ := url.Parse(u)
		q := pu.Query()
		mod(q)
		pu.RawQuery = q.Encode()
		return pu.String()
	}
	pu, _ := url.Parse(u)
	otherID := strings.Replace(pu.Path, "/files/", "/files/1", 1)
	tests := []struct {
		name   string
		url    string
		status int
		want   string
	}{
		{"OK", u, http.StatusOK, ""},
		{"TamperedSignature", tampered(func(q url.Values) { q.Set("signature", strings.Repeat("0", 64)) }), http.StatusForbidden, "<Code>AccessDenied</Code>"},
		{"ExtendedExpiry", tampered(func(q url.Values) { q.Set("expires", "99999999999") }), http.StatusForbidden, "<Code>AccessDenied</Code>"},
		{"OtherFile", e.srv.URL + otherID + "?" + pu.RawQuery, http.StatusForbidden, "<Code>AccessDenied</Code>"},
		{"NoSignature", e.srv.URL + pu.Path, http.StatusForbidden, "<Code>AccessDenied</Code>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.download(tc.url)
			if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
				t.Fatalf("status %d, body %s", res.StatusCode, trunc(body))
			}
		})
	}
	t.Run("Expired", func(t *testing.T) {
		e.clock.Add(time.Hour + time.Second)
		res, body := e.download(u)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "Request has expired") ||
			res.Header.Get("Content-Type") != "application/xml" {
			t.Fatalf("status %d, body %s", res.StatusCode, body)
		}
	})
	t.Run("NotRateLimitedNorDownDuringOutage", func(t *testing.T) {
		e.token = "" // the old one expired with the clock
		_, body := e.v3("/v3/attachments?per_page=1")
		fresh := records(t, body)[0]["url"].(string)
		e.sim.SetOutage(true)
		defer e.sim.SetOutage(false)
		for range 5 {
			if res, _ := e.download(fresh); res.StatusCode != http.StatusOK || res.Header.Get("X-RateLimit-Limit") != "" {
				t.Fatalf("download during outage: %d", res.StatusCode)
			}
		}
	})
}

func TestCorruptFiles(t *testing.T) {
	e := newEnv(t, Config{Candidates: 60, CorruptEvery: 4})
	snap := e.sim.Snapshot()
	corrupt := 0
	for _, a := range snap.Attachments {
		if !a.Corrupt {
			continue
		}
		corrupt++
		b, _, err := e.sim.AttachmentFile(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch a.Format {
		case "pdf":
			if bytes.Contains(b, []byte("%%EOF")) {
				t.Errorf("corrupt PDF %d still complete", a.ID)
			}
		case "docx":
			if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
				t.Errorf("corrupt DOCX %d still opens", a.ID)
			}
		case "txt":
			t.Errorf("CorruptEvery broke text file %d; only PDF and DOCX break", a.ID)
		}
	}
	if corrupt == 0 {
		t.Fatal("CorruptEvery produced no corrupt attachment")
	}
	// A specific attachment can be broken on demand.
	var target Attachment
	for _, a := range snap.Attachments {
		if !a.Corrupt && a.Format == "pdf" {
			target = a
			break
		}
	}
	if err := e.sim.CorruptAttachment(target.ID); err != nil {
		t.Fatal(err)
	}
	b, _, _ := e.sim.AttachmentFile(target.ID)
	if bytes.Contains(b, []byte("%%EOF")) {
		t.Fatal("CorruptAttachment had no effect")
	}
	for _, a := range snap.Attachments {
		if a.Format == "txt" {
			e.sim.CorruptAttachment(a.ID)
			if b, _, _ := e.sim.AttachmentFile(a.ID); utf8.Valid(b) {
				t.Fatalf("corrupt text %d is valid UTF-8", a.ID)
			}
			break
		}
	}
}

// BenchmarkAttachmentFile measures building a resume file on request.
func BenchmarkAttachmentFile(b *testing.B) {
	s, err := New(Config{Seed: 1, Candidates: 200, Epoch: testEpoch})
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"pdf", "docx", "txt"} {
		var id int64
		for _, a := range s.Snapshot().Attachments {
			if a.Format == format && a.Type == AttachmentResume {
				id = a.ID
				break
			}
		}
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.AttachmentFile(id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
