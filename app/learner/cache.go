package learner

import (
	"container/list"
	"context"
	"encoding/binary"
	"hash/fnv"
	"runtime"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// Sources loads what the features may read about candidates, and tells
// when a candidate's data last changed. *db.DB is one; the benchmark has
// its own.
type Sources interface {
	FeatureSources(ctx context.Context, ids []int64) (map[int64]db.FeatureSource, error)
	DocVersionsSince(ctx context.Context, after int64) (map[int64]int64, int64, error)
}

// DefaultCacheBytes bounds the feature cache. A candidate's entry for a
// job takes about 4 KB (the resume's hashed terms, mostly), so a list of
// 200 some 800 KB: this holds about 160 such lists, or the applicants of
// some 30 busy jobs.
const DefaultCacheBytes = 128 << 20

// listCacheSize is how many whole lists' features are kept: paging through
// a ranking, or reopening it, finds them ready.
const listCacheSize = 256

// cache holds candidates' Owns per job (the costly part of the features,
// see learn.Own) and whole lists' features, least recently used out first.
// An Own is valid for one job text, one candidate version and one feature
// set: its key holds the job text's hash and the feature set, and it
// records the candidate's document version (db candidate_doc_versions),
// which every change to the candidate's data bumps.
type cache struct {
	src Sources

	mu       sync.Mutex
	owns     map[ownKey]*list.Element
	lru      *list.List // of *ownEntry, most recent first
	bytes    int
	maxBytes int
	lists    map[uint64]*list.Element
	listLRU  *list.List // of *listEntry

	// versions are the candidates' document versions, read incrementally.
	verMu    sync.Mutex
	versions map[int64]int64
	verSeq   int64
	verAt    time.Time

	hits, misses int
}

type ownKey struct {
	job  uint64
	cand int64
}

type ownEntry struct {
	key     ownKey
	version int64
	own     *learn.Own
	size    int
}

type listEntry struct {
	key uint64
	vs  []learn.Vector
}

func newCache(src Sources, maxBytes int) *cache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &cache{src: src, owns: map[ownKey]*list.Element{}, lru: list.New(), maxBytes: maxBytes,
		lists: map[uint64]*list.Element{}, listLRU: list.New(), versions: map[int64]int64{}}
}

// jobKey identifies a job's text and the feature set: an Own computed for
// another text or by another feature set is never used.
func jobKey(job search.Job) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(learn.FeatureSet))
	h.Write(b[:])
	h.Write([]byte(job.Title))
	h.Write([]byte{0})
	h.Write([]byte(job.Text))
	return h.Sum64()
}

// versionRefresh bounds how often the versions are read: a candidate's
// change reaches the features within this long.
const versionRefresh = 100 * time.Millisecond

// refreshVersions reads the document versions that changed since the last
// read.
func (c *cache) refreshVersions(ctx context.Context) error {
	c.verMu.Lock()
	defer c.verMu.Unlock()
	if time.Since(c.verAt) < versionRefresh {
		return nil
	}
	changed, seq, err := c.src.DocVersionsSince(ctx, c.verSeq)
	if err != nil {
		return err
	}
	for id, v := range changed {
		c.versions[id] = v
	}
	c.verSeq, c.verAt = seq, time.Now()
	return nil
}

func (c *cache) version(id int64) int64 {
	c.verMu.Lock()
	defer c.verMu.Unlock()
	return c.versions[id]
}

// vectors returns the features of a job's list: ids in lexical order with
// their lexical scores. Owns not cached are computed (their candidates
// loaded, extracted on every core) with prof, which is called only then.
func (c *cache) vectors(ctx context.Context, job search.Job, ids []int64, lexical []float64, prof func() (*learn.Profile, learn.Corpus, error)) ([]learn.Vector, []*learn.Own, error) {
	if err := c.refreshVersions(ctx); err != nil {
		return nil, nil, err
	}
	jk := jobKey(job)
	vers := make([]int64, len(ids))
	for i, id := range ids {
		vers[i] = c.version(id)
	}
	lk := listKey(jk, ids, vers)
	owns, missing := c.lookup(jk, ids, vers)
	if len(missing) > 0 {
		if err := c.fill(ctx, jk, ids, vers, owns, missing, prof); err != nil {
			return nil, nil, err
		}
	}
	c.mu.Lock()
	if e, ok := c.lists[lk]; ok {
		c.listLRU.MoveToFront(e)
		vs := append([]learn.Vector(nil), e.Value.(*listEntry).vs...)
		c.mu.Unlock()
		for i := range vs {
			vs[i][learn.LexicalScore] = lexical[i]
		}
		return vs, owns, nil
	}
	c.mu.Unlock()
	vs := learn.CombineList(owns, lexical)
	c.mu.Lock()
	c.lists[lk] = c.listLRU.PushFront(&listEntry{key: lk, vs: append([]learn.Vector(nil), vs...)})
	for c.listLRU.Len() > listCacheSize {
		old := c.listLRU.Remove(c.listLRU.Back()).(*listEntry)
		delete(c.lists, old.key)
	}
	c.mu.Unlock()
	return vs, owns, nil
}

// listKey identifies a list: the job, its candidates in order and their
// versions. The list features depend on nothing else (the lexical scores
// are set afresh).
func listKey(job uint64, ids, vers []int64) uint64 {
	h := fnv.New64a()
	b := make([]byte, 8, 8+16*len(ids))
	binary.LittleEndian.PutUint64(b, job)
	for i, id := range ids {
		b = binary.LittleEndian.AppendUint64(b, uint64(id))
		b = binary.LittleEndian.AppendUint64(b, uint64(vers[i]))
	}
	h.Write(b)
	return h.Sum64()
}

// lookup returns the cached Owns of the list (nil where missing or stale)
// and the positions missing.
func (c *cache) lookup(jk uint64, ids, vers []int64) ([]*learn.Own, []int) {
	owns := make([]*learn.Own, len(ids))
	var missing []int
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, id := range ids {
		if e, ok := c.owns[ownKey{jk, id}]; ok && e.Value.(*ownEntry).version == vers[i] {
			c.lru.MoveToFront(e)
			owns[i] = e.Value.(*ownEntry).own
			c.hits++
			continue
		}
		missing = append(missing, i)
		c.misses++
	}
	return owns, missing
}

// fill computes the missing Owns and caches them. A candidate the database
// no longer has keeps a nil Own (all features 0).
func (c *cache) fill(ctx context.Context, jk uint64, ids, vers []int64, owns []*learn.Own, missing []int, prof func() (*learn.Profile, learn.Corpus, error)) error {
	p, corpus, err := prof()
	if err != nil {
		return err
	}
	want := make([]int64, len(missing))
	for k, i := range missing {
		want[k] = ids[i]
	}
	srcs, err := c.src.FeatureSources(ctx, want)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(missing)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if s, ok := srcs[ids[i]]; ok {
					owns[i] = p.ExtractOwn(Candidate(s), corpus)
				}
			}
		}()
	}
	for _, i := range missing {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, i := range missing {
		if owns[i] == nil {
			continue
		}
		k := ownKey{jk, ids[i]}
		if e, ok := c.owns[k]; ok {
			c.bytes -= e.Value.(*ownEntry).size
			c.lru.Remove(e)
		}
		ent := &ownEntry{key: k, version: vers[i], own: owns[i], size: owns[i].Size() + 64}
		c.owns[k] = c.lru.PushFront(ent)
		c.bytes += ent.size
	}
	for c.bytes > c.maxBytes && c.lru.Len() > 0 {
		old := c.lru.Remove(c.lru.Back()).(*ownEntry)
		delete(c.owns, old.key)
		c.bytes -= old.size
	}
	return nil
}

// CacheStats describe the feature cache.
type CacheStats struct {
	Entries, Lists int
	Bytes          int
	Hits, Misses   int
}

func (c *cache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: c.lru.Len(), Lists: c.listLRU.Len(), Bytes: c.bytes, Hits: c.hits, Misses: c.misses}
}
