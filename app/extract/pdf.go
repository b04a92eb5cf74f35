package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfEngine runs PDFium in WebAssembly.
//
// Each worker slot owns a go-pdfium pool of one instance, created with its
// own cancellable context. That is how a PDF that runs too long is stopped:
// cancelling the slot's context makes wazero abort the call in progress
// (WithCloseOnContextDone). go-pdfium's Instance.Kill does the same but
// writes the instance's state while the extracting goroutine may be reading
// it, which is a data race; here only the extracting goroutine touches the
// instance and the other side only cancels a context. An aborted slot gets
// a new pool, built from the shared compilation cache in about 0.1 s.
//
// Every PDF gets a fresh module instance (go-pdfium's default, ReuseWorkers
// false, at about 3 ms a time), so memory grown by one large PDF is given
// back and an instance that trapped is never used again.
type pdfEngine struct {
	workers  int
	timeout  time.Duration
	cacheDir string
	log      *slog.Logger

	// ctx is the parent of every slot's context; close cancels it to abort
	// all PDFs in progress.
	ctx    context.Context
	cancel context.CancelFunc

	startOnce sync.Once
	ready     chan struct{} // closed when start has finished
	startErr  error         // set before ready is closed
	cache     wazero.CompilationCache
	rc        wazero.RuntimeConfig
	slots     chan *pdfSlot // idle slots; all Workers of them once started

	bg sync.WaitGroup // goroutines cleaning up aborted slots
}

type pdfSlot struct {
	pool   pdfium.Pool // nil until first used, or after a failed rebuild
	cancel context.CancelFunc
}

func newPDFEngine(opts Options) *pdfEngine {
	ctx, cancel := context.WithCancel(context.Background())
	return &pdfEngine{
		workers:  opts.Workers,
		timeout:  opts.Timeout,
		cacheDir: opts.CacheDir,
		log:      opts.Logger,
		ctx:      ctx,
		cancel:   cancel,
		ready:    make(chan struct{}),
	}
}

// pdfiumVersion is the go-pdfium module version, which pins the PDFium
// build; empty when the binary has no module information.
var pdfiumVersion = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/klippa-app/go-pdfium" {
				if m.Replace != nil {
					return m.Replace.Version
				}
				return m.Version
			}
		}
	}
	return ""
})

func pdfExtractorName() string {
	if v := pdfiumVersion(); v != "" {
		return "pdfium/" + v
	}
	return "pdfium"
}

// start compiles PDFium and builds the first slot's pool. It runs once, in
// the background, so that a caller that gives up does not waste the work.
func (p *pdfEngine) start() {
	defer close(p.ready)
	t0 := time.Now()
	cache, cacheNote := wazero.CompilationCache(nil), "memory"
	if p.cacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(p.cacheDir)
		if err != nil {
			p.log.Warn("extract: cannot use the PDFium compilation cache; compiling in memory",
				slog.String("dir", p.cacheDir), slog.Any("error", err))
		} else {
			cache, cacheNote = c, p.cacheDir
		}
	}
	if cache == nil {
		// Even without a directory, a cache shared by the slots' runtimes
		// means the module is compiled once, not once per slot.
		cache = wazero.NewCompilationCache()
	}
	p.cache = cache
	p.rc = wazero.NewRuntimeConfig().
		// The PDFium build lowers setjmp/longjmp to WebAssembly exceptions.
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// What makes a PDF stoppable. It has a price: wazero starts a
		// goroutine for every call and the compiled code checks for
		// cancellation in every loop, which makes reading a PDF 2-4 times
		// slower (about 80 ms instead of 25 ms for a 2-page resume).
		WithCloseOnContextDone(true).
		WithCompilationCache(cache)

	first := &pdfSlot{}
	if err := p.build(first); err != nil {
		p.startErr = err
		p.log.Error("extract: cannot start PDFium", slog.Any("error", err))
		return
	}
	p.slots = make(chan *pdfSlot, p.workers)
	p.slots <- first
	for range p.workers - 1 {
		p.slots <- &pdfSlot{} // built when first used, from the cache
	}
	p.log.Info("extract: PDFium started", slog.Duration("duration", time.Since(t0)),
		slog.String("cache", cacheNote), slog.Int("workers", p.workers))
}

// build gives s a new pool.
func (p *pdfEngine) build(s *pdfSlot) error {
	ctx, cancel := context.WithCancel(p.ctx)
	pool, err := webassembly.Init(webassembly.Config{
		Context:       ctx,
		MinIdle:       0,
		MaxIdle:       1,
		MaxTotal:      1,
		RuntimeConfig: p.rc,
		// go-pdfium mounts / by default; PDFs are passed as bytes, so
		// PDFium gets no file system at all.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard,
		Stderr:   io.Discard,
	})
	if err != nil {
		cancel()
		return fmt.Errorf("pdfium: %w", err)
	}
	s.pool, s.cancel = pool, cancel
	return nil
}

// acquire waits for PDFium to start and for a free slot.
func (p *pdfEngine) acquire(ctx context.Context) (*pdfSlot, error) {
	p.startOnce.Do(func() { go p.start() })
	select {
	case <-p.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if p.startErr != nil {
		return nil, p.startErr
	}
	select {
	case s := <-p.slots:
		if p.ctx.Err() != nil {
			p.slots <- s
			return nil, ErrClosed
		}
		if s.pool == nil {
			if err := p.build(s); err != nil {
				p.slots <- s
				return nil, err
			}
		}
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.ctx.Done():
		return nil, ErrClosed
	}
}

// release returns s to the idle slots, first replacing its pool if it was
// aborted.
func (p *pdfEngine) release(s *pdfSlot, aborted bool) {
	if aborted {
		old := s.pool
		s.pool = nil
		// Build the new pool before closing the old one: the compiled
		// module stays in the in-memory cache only while some runtime
		// uses it.
		if p.ctx.Err() == nil {
			if err := p.build(s); err != nil {
				p.log.Warn("extract: cannot rebuild PDFium worker; will retry", slog.Any("error", err))
			}
		}
		if err := old.Close(); err != nil {
			p.log.Warn("extract: closing aborted PDFium worker", slog.Any("error", err))
		}
	}
	p.slots <- s
}

type pdfOutcome struct {
	text  string
	pages int
	err   error
}

// extract returns the text of a PDF, giving PDFium at most p.timeout.
func (p *pdfEngine) extract(ctx context.Context, data []byte) (Result, error) {
	s, err := p.acquire(ctx)
	if err != nil {
		return Result{}, err
	}
	tctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	done := make(chan pdfOutcome, 1)
	go func() {
		var out pdfOutcome
		out.text, out.pages, out.err = readPDF(s.pool, data)
		done <- out
	}()
	var out pdfOutcome
	select {
	case out = <-done:
	case <-tctx.Done():
		select {
		case out = <-done: // finished just in time
		default:
			s.cancel() // abort the WebAssembly call in progress
			p.bg.Add(1)
			go func() {
				defer p.bg.Done()
				<-done
				p.release(s, true)
			}()
			switch {
			case p.ctx.Err() != nil:
				return Result{}, ErrClosed
			case ctx.Err() != nil:
				return Result{}, ctx.Err()
			}
			return Result{}, &Error{Kind: ErrCorrupt, Err: tctx.Err(),
				Msg: fmt.Sprintf("the PDF took longer than %v to read; it may be damaged or unusually complex", p.timeout)}
		}
	}
	// An error other than PDFium's verdict on the document (a trap in the
	// WebAssembly code, a failure to create the instance) may have left the
	// pool in a bad state: replace it, at the cost of ~0.1 s.
	p.release(s, out.err != nil && !isDocumentError(out.err))
	if out.err != nil {
		if p.ctx.Err() != nil {
			return Result{}, ErrClosed
		}
		return Result{}, pdfError(out.err)
	}
	return Result{Text: out.text, Extractor: pdfExtractorName(), Pages: out.pages}, nil
}

// documentErrors are PDFium's error codes for a document it cannot read.
var documentErrors = []error{pdfiumerrors.ErrUnknown, pdfiumerrors.ErrFile, pdfiumerrors.ErrFormat,
	pdfiumerrors.ErrPassword, pdfiumerrors.ErrSecurity, pdfiumerrors.ErrPage}

func isDocumentError(err error) bool {
	for _, e := range documentErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// pdfError turns a go-pdfium error into an *Error.
func pdfError(err error) error {
	// go-pdfium's errors read "3: incorrect format"; drop the number.
	msg := err.Error()
	for _, e := range documentErrors {
		if errors.Is(err, e) {
			_, text, _ := strings.Cut(e.Error(), ": ")
			msg = strings.Replace(msg, e.Error(), text, 1)
		}
	}
	cause := &pdfiumError{msg: "pdfium: " + msg, err: err}
	if errors.Is(err, pdfiumerrors.ErrPassword) || errors.Is(err, pdfiumerrors.ErrSecurity) {
		return &Error{Kind: ErrEncrypted, Msg: "the PDF is password-protected; remove the password and upload it again", Err: cause}
	}
	return &Error{Kind: ErrCorrupt, Msg: "corrupt or unreadable PDF", Err: cause}
}

// pdfiumError reads "pdfium: <message>" and unwraps to go-pdfium's error.
type pdfiumError struct {
	msg string
	err error
}

func (e *pdfiumError) Error() string { return e.msg }
func (e *pdfiumError) Unwrap() error { return e.err }

// close aborts PDFs in progress, waits for the slots and closes everything.
func (p *pdfEngine) close() error {
	p.cancel()
	p.startOnce.Do(func() { close(p.ready) }) // never started: nothing to wait for
	<-p.ready
	var errs []error
	if p.slots != nil {
		for range p.workers {
			s := <-p.slots
			if s.pool != nil {
				if err := s.pool.Close(); err != nil {
					errs = append(errs, err)
				}
				s.cancel()
			}
		}
	}
	p.bg.Wait()
	if p.cache != nil {
		if err := p.cache.Close(context.Background()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// readPDF extracts the text of every page, pages separated by a blank line.
// It runs on the slot's goroutine and is the only user of pool's instance.
func readPDF(pool pdfium.Pool, data []byte) (text string, pages int, err error) {
	inst, err := pool.GetInstance(10 * time.Second) // the slot is ours: no wait
	if err != nil {
		return "", 0, err
	}
	defer inst.Close()

	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return "", 0, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})

	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", 0, err
	}
	var (
		sb      strings.Builder
		pageErr error
		nChars  int
	)
	for i := range pc.PageCount {
		chars, err := pageChars(inst, doc.Document, i)
		if err != nil {
			// One bad page should not lose the others, but an aborted
			// instance fails on every page.
			if pageErr == nil {
				pageErr = fmt.Errorf("page %d: %w", i+1, err)
			}
			if isAbort(err) {
				return "", pc.PageCount, pageErr
			}
			continue
		}
		// Advances are learned per page, which keeps memory to one page
		// and gives common glyphs hundreds of samples.
		adv := map[advanceKey]advance{}
		learnAdvances(chars, adv)
		sb.WriteString(layoutChars(chars, adv))
		sb.WriteString("\f")
		if nChars += len(chars); nChars > maxPDFChars {
			break
		}
	}
	text = normalize(sb.String())
	if text == "" && pageErr != nil {
		return "", pc.PageCount, pageErr
	}
	return text, pc.PageCount, nil
}

// maxPDFChars bounds the text read from one PDF, about 2,000 full pages; a
// resume has a few thousand characters.
const maxPDFChars = 5 << 20

func isAbort(err error) bool {
	s := err.Error()
	return strings.Contains(s, "module closed") || strings.Contains(s, "instance is closed") ||
		strings.Contains(s, "context canceled") || strings.Contains(s, "deadline exceeded")
}

// pdfChar is one character of a text page with its loose box in page
// coordinates, y up: from the glyph's origin across its width in the font,
// and from the font's descent to its ascent. Characters PDFium generated
// (spaces, line breaks) and pages read without geometry have empty boxes.
type pdfChar struct {
	r                        rune
	left, right, bottom, top float64
}

// pageChars returns the characters of one page in PDFium's reading order,
// with the spaces and line breaks PDFium inserts.
//
// Calls into WebAssembly are what costs (each one starts a goroutine that
// watches for cancellation), so the text comes in one call per page, and
// glyph boxes, two more calls per character, are fetched only for pages
// that look like one text object per glyph, the layout whose word gaps
// PDFium misses (see wordGap). Pages of ordinary PDFs, with words or lines
// as text objects, keep PDFium's spacing.
func pageChars(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) ([]pdfChar, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return nil, err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || n.Count <= 0 {
		return nil, err
	}

	// FPDFText_GetText gives one UTF-16 unit per character index, plus a
	// terminating NUL; a character outside the BMP takes two units and
	// breaks that match, so such pages are read one character at a time.
	runes := make([]rune, 0, n.Count)
	if t, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count}); err == nil {
		runes = append(runes, []rune(strings.TrimSuffix(t.Text, "\x00"))...)
	} else if isAbort(err) {
		return nil, err
	}
	if len(runes) != n.Count {
		runes = runes[:0]
		for i := range n.Count {
			u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
			if err != nil {
				return nil, err
			}
			runes = append(runes, rune(u.Unicode))
		}
	}

	chars := make([]pdfChar, n.Count)
	nVisible := 0
	for i, r := range runes {
		chars[i].r = r
		if visible(&chars[i]) {
			nVisible++
		}
	}
	objs, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return nil, err
	}
	if objs.Count*2 < nVisible {
		return chars, nil
	}
	for i := range chars {
		c := &chars[i]
		if !visible(c) {
			continue
		}
		box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return nil, err
		}
		c.left, c.right = float64(box.Rect.Left), float64(box.Rect.Right)
		c.bottom, c.top = float64(box.Rect.Bottom), float64(box.Rect.Top)
	}
	return chars, nil
}

// Word gaps. PDFium misses the spaces of PDFs that place every glyph with
// its own positioning operator, as wkhtmltopdf and many resume builders do,
// typically at hinted (rounded) advances that are narrower than the font's
// widths, so that glyph boxes overlap inside words and a word gap can be
// narrower than the box of an "f".
//
// So the advance of each glyph (rune and size) is learned from the
// document: the smallest distance from its origin to the next glyph's on
// the same line. A distance more than learnedGap of the line height beyond
// that is a word gap. Glyphs seen fewer than minSamples times fall back to
// the plain box gap: wider than spaceGap of the line height. A space is
// about a quarter of the height; letters of a word are within a tenth of
// it of their usual distance.
const (
	learnedGap = 0.12
	spaceGap   = 0.12
	minSamples = 2
)

type advanceKey struct {
	r rune
	h int32 // line height in tenths of a point
}

type advance struct {
	min float64
	n   int
}

// layoutChars writes chars as text, adding the word spaces PDFium missed
// and restoring the hyphens of words it joined across lines. adv holds the learned
// advances; see learnAdvances.
func layoutChars(chars []pdfChar, adv map[advanceKey]advance) string {
	var sb strings.Builder
	var prev *pdfChar // last visible character on the current line
	for i := 0; i < len(chars); i++ {
		c := &chars[i]
		if c.r == 2 || c.r == '\ufffe' {
			// PDFium's mark for a hyphen at a line break within a word,
			// which it joins: "six-" and "week" are "six\ufffeweek". The
			// hyphen may have been a soft one ("manage-ment"), but in
			// resumes, which are rarely hyphenated, it is mostly part of
			// the word.
			c.r = '-'
		}
		if !visible(c) {
			sb.WriteRune(c.r)
			prev = nil
			continue
		}
		if prev != nil && wordGap(prev, c, adv) {
			sb.WriteByte(' ')
		}
		sb.WriteRune(c.r)
		prev = c
	}
	return sb.String()
}

func visible(c *pdfChar) bool { return c.r != 0 && !unicode.IsSpace(c.r) && !unicode.IsControl(c.r) }

func (c *pdfChar) key() advanceKey {
	return advanceKey{c.r, int32(math.Round(10 * (c.top - c.bottom)))}
}

// learnAdvances records, for every glyph, the smallest distance to the next
// glyph on the same line when PDFium put no space between them.
func learnAdvances(chars []pdfChar, adv map[advanceKey]advance) {
	for i := 1; i < len(chars); i++ {
		a, b := &chars[i-1], &chars[i]
		if !visible(a) || !visible(b) || !sameLine(a, b) || b.left <= a.left {
			continue
		}
		d := b.left - a.left
		k := a.key()
		st, ok := adv[k]
		if !ok || d < st.min {
			st.min = d
		}
		st.n++
		adv[k] = st
	}
}

// sameLine reports whether a and b overlap vertically by half the smaller
// height: on one line, and neither is a superscript of the other.
func sameLine(a, b *pdfChar) bool {
	ha, hb := a.top-a.bottom, b.top-b.bottom
	if ha <= 0 || hb <= 0 {
		return false
	}
	overlap := math.Min(a.top, b.top) - math.Max(a.bottom, b.bottom)
	return overlap >= 0.5*math.Min(ha, hb)
}

// wordGap reports whether a and b, consecutive glyphs with no space between
// them in PDFium's text, sit on one line with a word gap between them.
func wordGap(a, b *pdfChar, adv map[advanceKey]advance) bool {
	if !sameLine(a, b) {
		return false
	}
	h := math.Max(a.top-a.bottom, b.top-b.bottom)
	if st := adv[a.key()]; st.n >= minSamples {
		return b.left-a.left-st.min > learnedGap*h
	}
	return b.left-a.right > spaceGap*h
}
