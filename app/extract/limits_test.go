package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileDOCX is a Word document built to make a reader spend memory or
// time, and what Extract must answer.
type hostileDOCX struct {
	name    string
	data    func(t testing.TB) []byte
	kind    error
	msg     string // part of the error message
	maxRead int64  // decompressed bytes the reader may take before refusing
}

func hostileDOCXs() []hostileDOCX {
	return []hostileDOCX{
		{
			// 3 million nested paragraphs in a 22 KB file: encoding/xml keeps
			// a stack entry per open element.
			name:    "DeepNesting",
			data:    func(t testing.TB) []byte { return makeDOCX(t, strings.Repeat("<w:p>", 3_000_000)) },
			kind:    ErrCorrupt,
			msg:     "nested more than 256 deep",
			maxRead: 64 << 10,
		},
		{
			// 2.5 million empty runs: no nesting, but millions of tokens.
			name:    "MillionsOfElements",
			data:    func(t testing.TB) []byte { return makeDOCX(t, "<w:p>"+strings.Repeat("<w:r/>", 2_500_000)+"</w:p>") },
			kind:    ErrTooLarge,
			msg:     "too complex to read: word/document.xml: more than 2,000,000 XML elements",
			maxRead: 2_000_000/2*6 + 64<<10, // 6 bytes, 2 tokens per <w:r/>
		},
		{
			// One tag with 2 million attributes: encoding/xml holds them all.
			name:    "HugeTag",
			data:    func(t testing.TB) []byte { return makeDOCX(t, "<w:p "+strings.Repeat(`a="" `, 2_000_000)+"/>") },
			kind:    ErrTooLarge,
			msg:     "an XML tag or text run is over 256 KiB",
			maxRead: maxXMLToken + 64<<10,
		},
		{
			// 1 GiB of XML in a zip of about 1 MiB.
			name:    "ZipBomb",
			data:    func(t testing.TB) []byte { return zipBomb(t, "word/document.xml", 1<<30) },
			kind:    ErrTooLarge,
			msg:     "expands to more than 32 MiB of XML",
			maxRead: maxDOCXXML,
		},
		{
			// Text runs under the token limit that add up to 6 MiB.
			name: "TooMuchText",
			data: func(t testing.TB) []byte {
				return makeDOCX(t, strings.Repeat(para(strings.Repeat("lorem ipsum ", 20_000)), 24))
			},
			kind:    ErrTooLarge,
			msg:     "holds more than 4 MiB of text",
			maxRead: maxTextBytes + 2*maxXMLToken,
		},
	}
}

// TestHostileDOCXRefused checks that crafted Word documents are refused with
// a clear error after reading a bounded amount of XML.
func TestHostileDOCXRefused(t *testing.T) {
	ex := sharedExtractor(t)
	for _, h := range hostileDOCXs() {
		t.Run(h.name, func(t *testing.T) {
			data := h.data(t)
			_, err := ex.Extract(context.Background(), "cv.docx", "", data)
			var fe *Error
			if !errors.As(err, &fe) || !errors.Is(err, h.kind) {
				t.Fatalf("err = %v, want an *Error of kind %v", err, h.kind)
			}
			if !strings.Contains(err.Error(), "extract: cv.docx: ") || !strings.Contains(err.Error(), h.msg) {
				t.Errorf("err = %q, want it to name the file and say %q", err, h.msg)
			}
			// The reader stopped early: it decompressed no more than the
			// limit that refused the file allows.
			f := detect("cv.docx", "", data)
			if f.kind != formatDOCX {
				t.Fatalf("detected as %v (%s), want DOCX", f.kind, f.msg)
			}
			g := newXMLGuard(maxDOCXXML)
			if _, err := extractDOCX(context.Background(), f.docx, g); !errors.Is(err, h.kind) {
				t.Fatalf("extractDOCX: err = %v, want %v", err, h.kind)
			}
			if g.read > h.maxRead {
				t.Errorf("decompressed %d bytes before refusing, want at most %d", g.read, h.maxRead)
			}
			t.Logf("%d-byte file refused after %d bytes of XML: %v", len(data), g.read, err)
		})
	}
}

// TestHostileDOCXConcurrently refuses four bombs at once on one Extractor,
// as a sync's downloads would hand them over.
func TestHostileDOCXConcurrently(t *testing.T) {
	ex := New(Options{MemoryBudget: 8 << 20})
	defer ex.Close()
	hs := hostileDOCXs()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		data := hs[i%len(hs)].data(t)
		wg.Go(func() {
			_, errs[i] = ex.Extract(context.Background(), "cv.docx", "", data)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if h := hs[i%len(hs)]; !errors.Is(err, h.kind) {
			t.Errorf("%s: err = %v, want %v", h.name, err, h.kind)
		}
	}
	// All the budget is back: a normal document is read.
	if res, err := ex.Extract(context.Background(), "cv.docx", "", makeDOCX(t, para("Jane Doe"))); err != nil || res.Text != "Jane Doe" {
		t.Errorf("after the bombs: %q, %v", res.Text, err)
	}
}

// TestExtractWaitsForMemory checks that an extraction waits for its share of
// the memory budget, and gives up when the caller does.
func TestExtractWaitsForMemory(t *testing.T) {
	ex := New(Options{MemoryBudget: 1 << 20})
	defer ex.Close()
	if err := ex.mem.Acquire(context.Background(), 1<<20); err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{[]byte("plain text"), makeDOCX(t, para("Word"))} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := ex.Extract(ctx, "cv", "", data)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrCorrupt) {
			t.Errorf("with the budget taken: err = %v, want the caller's DeadlineExceeded", err)
		}
	}
	ex.mem.Release(1 << 20)
	if res, err := ex.Extract(context.Background(), "cv", "", []byte("plain text")); err != nil || res.Text != "plain text" {
		t.Errorf("with the budget free: %q, %v", res.Text, err)
	}
	// A file larger than the whole budget still runs, alone.
	big := bytes.Repeat([]byte("word "), 300_000)
	if _, err := ex.Extract(context.Background(), "big.txt", "", big); err != nil {
		t.Errorf("file over the budget: %v", err)
	}
}

// TestDOCXTimeout checks that a Word document gets the same time limit as a
// PDF. The timeout is shorter than any read, so it always passes.
func TestDOCXTimeout(t *testing.T) {
	ex := New(Options{Timeout: time.Nanosecond})
	defer ex.Close()
	data := makeDOCX(t, strings.Repeat(para("x"), 20_000))
	_, err := ex.Extract(context.Background(), "slow.docx", "", data)
	if !errors.Is(err, ErrCorrupt) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrCorrupt and DeadlineExceeded", err)
	}
	if want := "extract: slow.docx: the Word document took longer than 1ns to read"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %q, want prefix %q", err, want)
	}
}

// TestZipWithTooManyEntries refuses an archive with more entries than any
// Word document, without reading them.
func TestZipWithTooManyEntries(t *testing.T) {
	files := []zipFile{{"word/document.xml", wordXML(para("x"))}}
	for i := range maxZipEntries {
		files = append(files, zipFile{fmt.Sprintf("word/media/%d.xml", i), ""})
	}
	_, err := sharedExtractor(t).Extract(context.Background(), "cv.docx", "", makeZip(t, files...))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 10000 entries") {
		t.Errorf("err = %v, want ErrTooLarge naming the entry limit", err)
	}
}

// TestOtherFormatsLimits checks RTF, HTML and text for the same kinds of
// blowup: deep nesting is refused or flattened, and text beyond the limit
// is refused, each with a clear message.
func TestOtherFormatsLimits(t *testing.T) {
	const textMsg = "holds more than 4 MiB of text"
	tests := []struct {
		name     string
		filename string
		data     []byte
		err      error  // nil: must succeed
		msg      string // part of the error message, or of the text
	}{
		{"RTFDeepGroups", "cv.rtf", []byte(`{\rtf1 ` + strings.Repeat("{", 2_000_000) + "x"), ErrCorrupt, "groups nested too deep"},
		{"RTFTooMuchText", "cv.rtf", []byte(`{\rtf1 ` + strings.Repeat(`lorem ipsum\par `, 400_000) + "}"), ErrTooLarge, textMsg},
		// A million nested lists cost nothing: deeper ones are not tracked.
		{"HTMLDeepLists", "cv.html", []byte("<p>Jane</p>" + strings.Repeat("<ol>", 1_000_000) + "<li>Go</li>"), nil, "Jane\n\n- Go"},
		{"HTMLTooMuchText", "cv.html", []byte("<p>" + strings.Repeat("lorem ipsum ", 500_000)), ErrTooLarge, textMsg},
		{"TextTooMuch", "cv.txt", bytes.Repeat([]byte("lorem ipsum\n"), 500_000), ErrTooLarge, textMsg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := sharedExtractor(t).Extract(context.Background(), tt.filename, "", tt.data)
			if tt.err == nil {
				if err != nil || res.Text != tt.msg {
					t.Fatalf("got %q, %v; want %q", res.Text, err, tt.msg)
				}
				return
			}
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.err, tt.msg)
			}
		})
	}
	// Job posts are not refused but cut.
	if got := HTMLToText("<p>" + strings.Repeat("lorem ipsum ", 500_000)); len(got) > maxTextBytes {
		t.Errorf("HTMLToText returned %d bytes, want at most %d", len(got), maxTextBytes)
	}
}

// BenchmarkHostileDOCX reports what refusing each hostile document costs
// (time and allocations per file):
//
//	go test ./app/extract -run '^$' -bench HostileDOCX -benchmem
func BenchmarkHostileDOCX(b *testing.B) {
	ex := New(Options{})
	defer ex.Close()
	for _, h := range hostileDOCXs() {
		data := h.data(b)
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ex.Extract(context.Background(), "cv.docx", "", data); !errors.Is(err, h.kind) {
					b.Fatal(err)
				}
			}
		})
	}
}
