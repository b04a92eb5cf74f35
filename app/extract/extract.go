// Package extract turns resume files (PDF, DOCX, RTF, HTML, plain text) and
// job-post HTML into normalized plain text for indexing and matching.
//
// The format is found by sniffing the content (magic bytes), falling back to
// the file name and content type only when the bytes say nothing. PDFs are
// read with PDFium compiled to WebAssembly (github.com/klippa-app/go-pdfium,
// run by wazero: pure Go, no cgo). PDFium is started lazily on the first PDF
// because compiling the module takes a few seconds; Options.CacheDir keeps
// the compiled module on disk so later starts take about 0.1 s.
//
// Every failure is an *Error that matches one of ErrUnsupported, ErrCorrupt,
// ErrEncrypted, ErrEmpty or ErrTooLarge with errors.Is, and whose message can
// be shown to a recruiter as is.
package extract

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// Defaults for Options.
const (
	DefaultWorkers  = 2
	DefaultMaxBytes = 20 << 20
	DefaultTimeout  = 30 * time.Second
	// DefaultMemoryBudget is Options.MemoryBudget's default.
	DefaultMemoryBudget = 64 << 20
)

// Error kinds. Test for them with errors.Is. Every error Extract returns
// matches exactly one of them, except context errors (ctx ended), ErrClosed,
// and internal failures such as PDFium failing to start. A PDF that runs
// or Word document that runs past Options.Timeout is ErrCorrupt and also
// context.DeadlineExceeded.
var (
	// ErrUnsupported is a format we do not read: legacy Word .doc,
	// spreadsheets, images, other binaries.
	ErrUnsupported = errors.New("unsupported file format")
	// ErrCorrupt is a file in a supported format that cannot be parsed.
	ErrCorrupt = errors.New("corrupt or unreadable file")
	// ErrEncrypted is a password-protected PDF or Word document.
	ErrEncrypted = errors.New("password-protected file")
	// ErrEmpty is an empty file, or one that holds no text (a scanned PDF).
	ErrEmpty = errors.New("no text found")
	// ErrTooLarge is a file over Options.MaxBytes, an archive that expands
	// past the extraction limit (a zip bomb), or a document past the other
	// limits on the work one file may cause (millions of XML elements, more
	// than 4 MiB of text).
	ErrTooLarge = errors.New("file too large")
)

// ErrClosed is returned by Extract after Close.
var ErrClosed = errors.New("extract: extractor is closed")

// Error is the error Extract returns for a file it cannot turn into text.
// Its message names the file and says what is wrong in words a recruiter
// understands, for example
//
//	extract: resume.pdf: corrupt or unreadable PDF (pdfium: incorrect format)
type Error struct {
	Filename string // as given to Extract
	Kind     error  // ErrUnsupported, ErrCorrupt, ErrEncrypted, ErrEmpty or ErrTooLarge
	Msg      string // what is wrong, e.g. "corrupt or unreadable PDF"
	Err      error  // underlying cause, may be nil
}

// Error returns "extract: <file>: <Msg> (<Err>)".
func (e *Error) Error() string {
	name := e.Filename
	if name == "" {
		name = "file"
	}
	s := "extract: " + name + ": " + e.Msg
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Is reports whether target is the error's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Result is the text of one file.
type Result struct {
	// Text is normalized plain text: one line per line or paragraph of the
	// source, a blank line between paragraphs where the source has them,
	// runs of spaces and tabs collapsed to one space, no control characters
	// other than '\n', valid UTF-8.
	Text string
	// Extractor names what produced Text: "pdfium/<go-pdfium version>"
	// ("pdfium" in binaries without module information, such as tests),
	// "docx", "rtf", "html" or "text".
	Extractor string
	// Pages is the page count of a PDF, 0 for other formats.
	Pages int
}

// Options configures an Extractor. The zero value is usable.
type Options struct {
	// Workers is the number of PDFium instances, that is the number of PDFs
	// read at the same time (default 2). Each uses 20-100 MB while working.
	Workers int
	// MaxBytes is the largest file accepted (default 20 MiB).
	MaxBytes int64
	// Timeout bounds the time one PDF may spend in PDFium once a worker is
	// free, and one Word document in the XML reader once it has memory
	// (default 30 s). A file that takes longer is abandoned (a PDF's PDFium
	// instance thrown away) and Extract returns ErrCorrupt. RTF, HTML and
	// text take time linear in their size, which MaxBytes bounds.
	Timeout time.Duration
	// MemoryBudget bounds the input that extractions of formats other than
	// PDF work on at the same time, in bytes: the file plus, for a Word
	// document, the XML its archive expands to (default 64 MiB). Extract
	// waits for its share; a file whose share exceeds the budget waits
	// until it can run alone. Per-file limits (depth, element count, token
	// size) keep the memory spent per input byte small. PDFs are bounded
	// by Workers instead.
	MemoryBudget int64
	// CacheDir, if set, is where the compiled PDFium module is kept between
	// runs, which cuts PDFium start-up from about 3.5 s to about 0.1 s. It
	// holds machine code that the process will run: it must be writable only
	// by the service's own user. If it cannot be used, Extract logs a warning
	// and compiles in memory.
	CacheDir string
	// Logger receives start-up and failure reports (default: discarded).
	Logger *slog.Logger
}

// Extractor extracts text from files. It is safe for concurrent use.
type Extractor struct {
	maxBytes int64
	timeout  time.Duration
	log      *slog.Logger

	mem       *semaphore.Weighted
	memBudget int64

	pdf *pdfEngine

	mu     sync.Mutex
	closed bool
}

// New returns an Extractor. PDFium is not started until the first PDF.
func New(opts Options) *Extractor {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MemoryBudget <= 0 {
		opts.MemoryBudget = DefaultMemoryBudget
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Extractor{
		maxBytes:  opts.MaxBytes,
		timeout:   opts.Timeout,
		log:       opts.Logger,
		mem:       semaphore.NewWeighted(opts.MemoryBudget),
		memBudget: opts.MemoryBudget,
		pdf:       newPDFEngine(opts),
	}
}

// Extract returns the text of data. filename and contentType are used for
// error messages and, when the content itself is not recognized, as hints
// to the format; both may be empty. PDFs wait for a free PDFium worker
// (Options.Workers); the first one also waits for PDFium to start. Extract
// returns as soon as ctx ends.
//
// On ErrEmpty the returned Result still carries Extractor and Pages.
func (e *Extractor) Extract(ctx context.Context, filename, contentType string, data []byte) (Result, error) {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return Result{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("extract: %s: %w", filename, err)
	}
	fail := func(kind error, msg string, cause error) (Result, error) {
		return Result{}, &Error{Filename: filename, Kind: kind, Msg: msg, Err: cause}
	}
	if len(data) == 0 {
		return fail(ErrEmpty, "the file is empty", nil)
	}
	if int64(len(data)) > e.maxBytes {
		return fail(ErrTooLarge, fmt.Sprintf("the file is %s, over the %s limit", formatSize(int64(len(data))), formatSize(e.maxBytes)), nil)
	}

	f := detect(filename, contentType, data)
	var (
		res Result
		err error
	)
	switch f.kind {
	case formatPDF:
		res, err = e.pdf.extract(ctx, data)
	case formatDOCX:
		res, err = e.bounded(ctx, int64(len(data))+f.docx.xmlBytes(), "Word document", func(ctx context.Context) (Result, error) {
			return extractDOCX(ctx, f.docx, newXMLGuard(maxDOCXXML))
		})
	case formatRTF:
		res, err = e.bounded(ctx, int64(len(data)), "RTF document", func(context.Context) (Result, error) {
			return extractRTF(data)
		})
	case formatHTML:
		res, err = e.bounded(ctx, int64(len(data)), "HTML document", func(context.Context) (Result, error) {
			text, truncated := htmlToText(decodeText(data).text, maxTextBytes)
			if truncated {
				return Result{}, errTooMuchText
			}
			return Result{Text: text, Extractor: "html"}, nil
		})
	case formatText:
		res, err = e.bounded(ctx, int64(len(data)), "text file", func(context.Context) (Result, error) {
			return Result{Text: normalize(decodeText(data).text), Extractor: "text"}, nil
		})
	default:
		return fail(f.errKind, f.msg, nil)
	}
	if err == nil && len(res.Text) > maxTextBytes {
		err = errTooMuchText
	}
	if errors.Is(err, errTooMuchText) {
		return Result{}, &Error{Filename: filename, Kind: ErrTooLarge,
			Msg: fmt.Sprintf("the file holds more than %s of text, far more than a resume", formatSize(maxTextBytes))}
	}
	if err != nil {
		var fe *Error
		if errors.Is(err, ErrClosed) {
			return Result{}, ErrClosed
		}
		if errors.As(err, &fe) {
			fe.Filename = filename
			return res, fe
		}
		return res, fmt.Errorf("extract: %s: %w", filename, err)
	}
	if res.Text == "" {
		msg := "no text found in the file"
		if f.kind == formatPDF {
			msg = "no text found in the PDF (it may be a scanned image, which needs OCR)"
		}
		return res, &Error{Filename: filename, Kind: ErrEmpty, Msg: msg}
	}
	return res, nil
}

// bounded runs extract, a reader of a format other than PDF, once weight
// bytes of the memory budget are free, for at most the timeout. A run past
// the timeout is ErrCorrupt (and context.DeadlineExceeded); what is read is
// named in its message.
func (e *Extractor) bounded(ctx context.Context, weight int64, what string, extract func(context.Context) (Result, error)) (Result, error) {
	// A file larger than the whole budget runs alone rather than never.
	weight = min(max(weight, 1), e.memBudget)
	if err := e.mem.Acquire(ctx, weight); err != nil {
		return Result{}, err
	}
	defer e.mem.Release(weight)
	tctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	res, err := extract(tctx)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return Result{}, &Error{Kind: ErrCorrupt, Err: tctx.Err(),
			Msg: fmt.Sprintf("the %s took longer than %v to read; it may be damaged or unusually complex", what, e.timeout)}
	}
	return res, err
}

// Close stops PDFium, aborting PDFs in progress, and frees its memory.
// Extract returns ErrClosed afterwards.
func (e *Extractor) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	return e.pdf.close()
}

// formatSize writes a byte count for people: "20 MiB", "1.3 KiB".
func formatSize(n int64) string {
	unit, div := "bytes", 1.0
	switch {
	case n >= 1<<20:
		unit, div = "MiB", 1<<20
	case n >= 1<<10:
		unit, div = "KiB", 1<<10
	}
	s := strconv.FormatFloat(float64(n)/div, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " " + unit
}
