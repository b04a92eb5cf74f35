package search

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"time"
)

// Query cache sizing. A job's query depends only on its text, the params and
// the index's statistics, and building it costs a feedback search; recruiters
// reopen, page and filter the same job many times. Entries expire so that a
// slowly changing index (sync adds candidates all day) refreshes the idfs.
const (
	queryCacheSize = 512
	queryCacheTTL  = 10 * time.Minute
)

type queryKey struct {
	job    [sha256.Size]byte
	params Params
}

type queryEntry struct {
	key   queryKey
	q     Query
	at    time.Time
	epoch uint64
}

// queryCache is a small LRU of built queries.
type queryCache struct {
	mu      sync.Mutex
	entries map[queryKey]*list.Element
	lru     list.List
	epoch   uint64 // bumped when the index is replaced or the text source changes
	now     func() time.Time
}

func newQueryCache() *queryCache {
	return &queryCache{entries: map[queryKey]*list.Element{}, now: time.Now}
}

func jobKey(job Job, p Params) queryKey {
	h := sha256.New()
	h.Write([]byte(job.Title))
	h.Write([]byte{0})
	h.Write([]byte(job.Text))
	var k queryKey
	h.Sum(k.job[:0])
	k.params = p
	return k
}

func (c *queryCache) get(k queryKey) (Query, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[k]
	if !ok {
		return Query{}, false
	}
	e := el.Value.(*queryEntry)
	if e.epoch != c.epoch || c.now().Sub(e.at) > queryCacheTTL {
		c.lru.Remove(el)
		delete(c.entries, k)
		return Query{}, false
	}
	c.lru.MoveToFront(el)
	q := e.q
	q.Terms = append([]QueryTerm(nil), q.Terms...)
	return q, true
}

func (c *queryCache) put(k queryKey, q Query) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[k]; ok {
		c.lru.Remove(el)
	}
	c.entries[k] = c.lru.PushFront(&queryEntry{key: k, q: q, at: c.now(), epoch: c.epoch})
	for c.lru.Len() > queryCacheSize {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.entries, old.Value.(*queryEntry).key)
	}
}

// reset forgets every entry.
func (c *queryCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	c.entries = map[queryKey]*list.Element{}
	c.lru.Init()
}
