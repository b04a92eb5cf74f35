package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"
)

// batchSize is how many documents go into one Bleve batch. Scorch turns each
// batch into a segment; a few hundred resumes per batch keeps memory flat and
// merging cheap.
const batchSize = 500

// Internal metadata keys (Bleve SetInternal) written into every generation.
var (
	keyMappingVersion = []byte("shortlist:mapping_version")
	keyBuilt          = []byte("shortlist:built")
)

// currentFile names the file inside the index directory that holds the name
// of the live generation directory. Rebuild writes a new generation next to
// the old one and switches by renaming a new currentFile over the old one,
// which is atomic: after a crash the pointer names either the old complete
// index or the new complete one, never a half-built one.
const currentFile = "CURRENT"

// genPrefix starts the name of every generation directory.
const genPrefix = "gen-"

// ErrInUse means another process has the index open.
var ErrInUse = errors.New("search: the index is in use by another Shortlist process (is 'shortlist serve' or 'shortlist demo' running on this data directory?)")

// ErrNeedsRebuild is returned by searches on an index whose on-disk mapping
// version is not MappingVersion.
var ErrNeedsRebuild = errors.New("search: index needs rebuild")

// ErrClosed is returned by an Index used after Close.
var ErrClosed = errors.New("search: index closed")

// ErrRebuilding is returned by Rebuild when another rebuild is running.
var ErrRebuilding = errors.New("search: rebuild already running")

// Index is the candidate index: a directory holding one or more Bleve
// generations and a pointer to the live one. It is safe for concurrent use.
type Index struct {
	dir string

	mu       sync.RWMutex // guards the fields below; Lock only to swap generations
	bi       bleve.Index
	gen      string
	version  int    // mapping version found on disk
	built    bool   // the generation was completed by Rebuild
	broken   string // why Open replaced an unreadable generation, if it did
	analyzer analyzerFunc
	texts    TextSource    // resumes for pseudo-relevance feedback; may be nil
	lengths  *fieldLengths // measured by Rebuild; nil leaves BM25 to Bleve

	queries *queryCache

	dfMu    sync.Mutex
	dfCache map[string]uint64 // doc frequencies in FieldText; reset by writes and swaps

	rebuildMu  sync.Mutex // held by a running Rebuild
	pendingMu  sync.Mutex
	rebuilding bool
	pending    []change // writes made while a rebuild runs, replayed into it
}

// change is one write recorded during a rebuild.
type change struct {
	doc    *Document // nil for a delete
	delete int64
}

// Open opens the index in dir, creating an empty one when dir holds none.
// An index written with another MappingVersion opens fine but reports
// NeedsRebuild and refuses searches until Rebuild runs. An index that cannot
// be opened (its files deleted or damaged) is derived data: it is replaced by
// an empty one that reports NeedsRebuild with the reason. Leftovers of an
// interrupted rebuild are removed.
func Open(dir string) (*Index, error) {
	// Owner only: the index holds resume text.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("search: create index dir: %w", err)
	}
	ix := &Index{dir: dir, queries: newQueryCache()}
	gen, err := readCurrent(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := ix.startEmpty(""); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	default:
		// Bolt locks the index file for one process. Without a timeout a
		// second process (`shortlist sync` beside `shortlist serve`) would
		// wait forever; and the lock error must not be taken for damage.
		bi, err := bleve.OpenUsing(filepath.Join(dir, gen), map[string]any{"bolt_timeout": "2s"})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, ErrInUse
		}
		if err != nil {
			if err := ix.startEmpty(fmt.Sprintf("index %s unreadable: %v", gen, err)); err != nil {
				return nil, err
			}
			break
		}
		ix.setLive(bi, gen)
	}
	ix.removeStaleGenerations()
	return ix, nil
}

// startEmpty creates an empty generation and makes it live; broken, when
// set, says why the previous one was dropped.
func (ix *Index) startEmpty(broken string) error {
	gen := ix.newGeneration()
	bi, err := createGeneration(filepath.Join(ix.dir, gen))
	if err != nil {
		return err
	}
	if err := writeCurrent(ix.dir, gen); err != nil {
		bi.Close()
		return err
	}
	ix.setLive(bi, gen)
	ix.broken = broken
	return nil
}

// setLive makes bi the live generation and reads its metadata. The caller
// holds mu or has not shared ix yet.
func (ix *Index) setLive(bi bleve.Index, gen string) {
	ix.bi, ix.gen = bi, gen
	ix.version, ix.built, ix.broken = 0, false, ""
	if v, err := bi.GetInternal(keyMappingVersion); err == nil {
		ix.version, _ = strconv.Atoi(string(v))
	}
	if v, err := bi.GetInternal(keyBuilt); err == nil && len(v) > 0 {
		ix.built = true
	}
	ix.lengths = nil
	if v, err := bi.GetInternal(keyFieldLengths); err == nil {
		ix.lengths = parseFieldLengths(v)
	}
	ix.analyzer = newAnalyzer(bi.Mapping().AnalyzerNamed(textAnalyzer))
	ix.resetStats()
}

// resetStats forgets cached doc frequencies after the index changed. Built
// queries stay cached until they expire (a few documents more or less barely
// move an idf) unless the whole index was replaced.
func (ix *Index) resetStats() {
	ix.dfMu.Lock()
	ix.dfCache = nil
	ix.dfMu.Unlock()
}

// createGeneration creates an empty index with the current mapping at path.
func createGeneration(path string) (bleve.Index, error) {
	bi, err := bleve.New(path, buildMapping())
	if err != nil {
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	if err := bi.SetInternal(keyMappingVersion, []byte(strconv.Itoa(MappingVersion))); err != nil {
		bi.Close()
		return nil, fmt.Errorf("search: write mapping version: %w", err)
	}
	return bi, nil
}

// newGeneration returns an unused generation directory name.
func (ix *Index) newGeneration() string {
	return fmt.Sprintf("%s%d", genPrefix, time.Now().UnixNano())
}

// removeStaleGenerations deletes generation directories that CURRENT does not
// name: the old index after a swap, or a rebuild cut short by a crash.
func (ix *Index) removeStaleGenerations() {
	entries, err := os.ReadDir(ix.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) && e.Name() != ix.gen {
			os.RemoveAll(filepath.Join(ix.dir, e.Name()))
		}
	}
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", err
	}
	gen := strings.TrimSpace(string(b))
	if !strings.HasPrefix(gen, genPrefix) || strings.ContainsAny(gen, `/\`) {
		return "", fmt.Errorf("search: corrupt %s file: %q", currentFile, gen)
	}
	return gen, nil
}

// writeCurrent points dir's CURRENT file at gen atomically (write, fsync,
// rename, fsync the directory).
func writeCurrent(dir, gen string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("search: write %s: %w", currentFile, err)
	}
	if _, err := f.WriteString(gen + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("search: write %s: %w", currentFile, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("search: sync %s: %w", currentFile, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("search: close %s: %w", currentFile, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("search: swap %s: %w", currentFile, err)
	}
	if d, err := os.Open(dir); err == nil {
		// Persist the rename itself; without this a power cut can undo it.
		d.Sync()
		d.Close()
	}
	return nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	err := ix.bi.Close()
	ix.bi = nil
	if err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	return nil
}

// NeedsRebuild reports whether the index must be rebuilt from the database,
// and why: the on-disk mapping version differs from MappingVersion, the index
// was never completed by Rebuild, or it holds a number of documents other
// than expectedDocs (the candidate count in the database). A negative
// expectedDocs skips the count check.
func (ix *Index) NeedsRebuild(expectedDocs int) (bool, string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return true, "index closed"
	}
	if ix.broken != "" {
		return true, ix.broken
	}
	if ix.version != MappingVersion {
		return true, fmt.Sprintf("mapping version %d on disk, want %d", ix.version, MappingVersion)
	}
	if !ix.built {
		return true, "index was never built"
	}
	if expectedDocs >= 0 {
		n, err := ix.bi.DocCount()
		if err != nil {
			return true, fmt.Sprintf("doc count: %v", err)
		}
		if n != uint64(expectedDocs) {
			return true, fmt.Sprintf("index holds %d documents, database %d", n, expectedDocs)
		}
	}
	return false, ""
}

// MappingVersionOnDisk returns the mapping version of the live generation.
func (ix *Index) MappingVersionOnDisk() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.version
}

// DocCount returns the number of candidates in the index.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return 0, ErrClosed
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: doc count: %w", err)
	}
	return n, nil
}

// Index adds or replaces docs, in batches. Writes made while Rebuild runs are
// also replayed into the new generation before it goes live.
func (ix *Index) Index(docs ...Document) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return ErrClosed
	}
	if err := indexDocs(ix.bi, docs); err != nil {
		return err
	}
	ix.resetStats()
	ix.record(func() []change {
		cs := make([]change, len(docs))
		for i := range docs {
			cs[i] = change{doc: &docs[i]}
		}
		return cs
	})
	return nil
}

// Delete removes candidates by id. Unknown ids are ignored.
func (ix *Index) Delete(ids ...int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return ErrClosed
	}
	if err := deleteDocs(ix.bi, ids); err != nil {
		return err
	}
	ix.resetStats()
	ix.record(func() []change {
		cs := make([]change, len(ids))
		for i, id := range ids {
			cs[i] = change{delete: id}
		}
		return cs
	})
	return nil
}

// record appends changes to the replay log when a rebuild is running.
func (ix *Index) record(changes func() []change) {
	ix.pendingMu.Lock()
	defer ix.pendingMu.Unlock()
	if ix.rebuilding {
		ix.pending = append(ix.pending, changes()...)
	}
}

func indexDocs(bi bleve.Index, docs []Document) error {
	for start := 0; start < len(docs); start += batchSize {
		end := min(start+batchSize, len(docs))
		b := bi.NewBatch()
		for i := start; i < end; i++ {
			if err := b.Index(docID(docs[i].ID), docs[i].fields()); err != nil {
				return fmt.Errorf("search: index candidate %d: %w", docs[i].ID, err)
			}
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("search: index batch: %w", err)
		}
	}
	return nil
}

func deleteDocs(bi bleve.Index, ids []int64) error {
	for start := 0; start < len(ids); start += batchSize {
		end := min(start+batchSize, len(ids))
		b := bi.NewBatch()
		for _, id := range ids[start:end] {
			b.Delete(docID(id))
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("search: delete batch: %w", err)
		}
	}
	return nil
}

// Writer receives documents during Rebuild.
type Writer struct {
	bi  bleve.Index
	buf []Document

	// Batches are written by up to writers goroutines at once: Bleve
	// converts each batch into a segment on the calling goroutine, so one
	// writer would leave the other cores idle.
	sem  chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
	docs int

	seq     int // documents queued so far
	lengths lengthSampler
}

// writers is the number of batches a Rebuild writes concurrently.
var writers = max(2, runtime.GOMAXPROCS(0))

func newWriter(bi bleve.Index) *Writer {
	w := &Writer{bi: bi, sem: make(chan struct{}, writers)}
	w.lengths.analyze = newAnalyzer(bi.Mapping().AnalyzerNamed(textAnalyzer))
	return w
}

// Add queues docs for the new index; they are written in batches.
func (w *Writer) Add(docs ...Document) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.buf = append(w.buf, docs...)
	for len(w.buf) >= batchSize {
		batch := w.buf[:batchSize:batchSize]
		w.buf = append([]Document(nil), w.buf[batchSize:]...)
		w.write(batch)
	}
	return nil
}

func (w *Writer) write(batch []Document) {
	first := w.seq
	w.seq += len(batch)
	w.sem <- struct{}{}
	w.wg.Add(1)
	go func() {
		defer func() { <-w.sem; w.wg.Done() }()
		for i := range batch {
			if sampled(first + i) {
				w.lengths.add(&batch[i])
			}
		}
		err := indexDocs(w.bi, batch)
		w.mu.Lock()
		defer w.mu.Unlock()
		if err != nil && w.err == nil {
			w.err = err
		}
		if err == nil {
			w.docs += len(batch)
		}
	}()
}

func (w *Writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// close writes what is buffered and waits for every batch.
func (w *Writer) close() error {
	if len(w.buf) > 0 {
		w.write(w.buf)
		w.buf = nil
	}
	w.wg.Wait()
	return w.failed()
}

// Rebuild builds a fresh generation from scratch with the current mapping
// and swaps it in atomically. fill must add every candidate through the
// Writer (typically by streaming them from the database). Searches keep using
// the old generation until the swap; Index and Delete calls made meanwhile go
// to both. If Rebuild fails or the process dies, the old generation stays
// live (and still reports NeedsRebuild if it did before); the partial one is
// removed by the next Open or Rebuild.
func (ix *Index) Rebuild(ctx context.Context, fill func(ctx context.Context, w *Writer) error) error {
	if !ix.rebuildMu.TryLock() {
		return ErrRebuilding
	}
	defer ix.rebuildMu.Unlock()
	ix.mu.RLock()
	closed := ix.bi == nil
	ix.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	ix.removeStaleGenerationsLocked()

	gen := ix.newGeneration()
	path := filepath.Join(ix.dir, gen)
	bi, err := createGeneration(path)
	if err != nil {
		return err
	}
	abandon := func(err error) error {
		ix.pendingMu.Lock()
		ix.rebuilding, ix.pending = false, nil
		ix.pendingMu.Unlock()
		bi.Close()
		os.RemoveAll(path)
		return err
	}

	ix.pendingMu.Lock()
	ix.rebuilding, ix.pending = true, nil
	ix.pendingMu.Unlock()

	w := newWriter(bi)
	if err := fill(ctx, w); err != nil {
		w.close()
		return abandon(fmt.Errorf("search: rebuild: %w", err))
	}
	if err := w.close(); err != nil {
		return abandon(err)
	}
	if err := ctx.Err(); err != nil {
		return abandon(fmt.Errorf("search: rebuild: %w", err))
	}
	// Replay most concurrent writes without blocking searches, then the rest
	// under the write lock so none is lost in the swap.
	if err := ix.replay(bi); err != nil {
		return abandon(err)
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.replay(bi); err != nil {
		return abandon(err)
	}
	ix.pendingMu.Lock()
	ix.rebuilding = false
	ix.pendingMu.Unlock()
	if fl := w.lengths.result(); fl != nil {
		b, err := json.Marshal(fl)
		if err != nil {
			return abandon(fmt.Errorf("search: field lengths: %w", err))
		}
		if err := bi.SetInternal(keyFieldLengths, b); err != nil {
			return abandon(fmt.Errorf("search: write field lengths: %w", err))
		}
	}
	if err := bi.SetInternal(keyBuilt, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
		return abandon(fmt.Errorf("search: mark built: %w", err))
	}
	if err := writeCurrent(ix.dir, gen); err != nil {
		return abandon(err)
	}
	old, oldGen := ix.bi, ix.gen
	ix.setLive(bi, gen)
	ix.queries.reset()
	if old != nil {
		old.Close()
	}
	os.RemoveAll(filepath.Join(ix.dir, oldGen))
	return nil
}

// replay applies the writes recorded since the rebuild started to bi.
func (ix *Index) replay(bi bleve.Index) error {
	ix.pendingMu.Lock()
	changes := ix.pending
	ix.pending = nil
	ix.pendingMu.Unlock()
	for _, c := range changes {
		var err error
		if c.doc != nil {
			err = indexDocs(bi, []Document{*c.doc})
		} else {
			err = deleteDocs(bi, []int64{c.delete})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// removeStaleGenerationsLocked is removeStaleGenerations for a running
// index: it reads the live generation under the read lock.
func (ix *Index) removeStaleGenerationsLocked() {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.removeStaleGenerations()
}
