package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

// The benchmarks need the public eval data, read at run time and never
// copied: sharedtest finds the shared folder beside the repository; its
// data/ holds the sets. Synthetic candidates are built from the eval set's
// resumes by recombining their lines; the eval set's job postings are the
// queries.
//
//	go test ./search -run '^$' -bench . -benchtime 400x -timeout 30m
//
// SHORTLIST_BENCH_DIR keeps the built indexes between runs (they take about a
// minute at 100k docs); SHORTLIST_BENCH_PARAMS overrides DefaultParams with a
// JSON object, for latency experiments while tuning.

// benchSetPath is the eval set the benchmarks build their corpus from.
func benchSetPath(tb testing.TB) string {
	tb.Helper()
	return sharedtest.Data(tb, "eval", "category-match-dev.json")
}

type benchSet struct {
	Documents []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"documents"`
	Queries []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"queries"`
}

// loadBenchSet reads the eval set once per test binary.
func loadBenchSet(tb testing.TB) (*benchSet, error) {
	tb.Helper()
	return readBenchSet(benchSetPath(tb))
}

var (
	benchSetOnce sync.Once
	benchSetVal  *benchSet
	benchSetErr  error
)

func readBenchSet(path string) (*benchSet, error) {
	benchSetOnce.Do(func() {
		f, err := os.Open(path)
		if err != nil {
			benchSetErr = err
			return
		}
		defer f.Close()
		var s benchSet
		if benchSetErr = json.NewDecoder(f).Decode(&s); benchSetErr == nil {
			benchSetVal = &s
		}
	})
	return benchSetVal, benchSetErr
}

// benchJobs is the number of synthetic jobs candidates apply to; each
// candidate applies to 1–3, so a job has about 1% of candidates as
// applicants, as in search-performance.md's filtered figures.
const benchJobs = 200

// synthCorpus recombines the eval set's resumes into synthetic candidates.
type synthCorpus struct {
	lines [][]string
}

func newSynthCorpus(s *benchSet) *synthCorpus {
	c := &synthCorpus{lines: make([][]string, len(s.Documents))}
	for i, d := range s.Documents {
		for _, l := range strings.Split(d.Text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				c.lines[i] = append(c.lines[i], l)
			}
		}
	}
	return c
}

// doc generates candidate id deterministically (so a TextSource can
// regenerate any resume). It mixes the lines of one real resume (about 70%)
// with lines of two others, at the real resume's length.
func (c *synthCorpus) doc(id int64) Document {
	rng := rand.New(rand.NewPCG(1, uint64(id)))
	src := [3]int{rng.IntN(len(c.lines)), rng.IntN(len(c.lines)), rng.IntN(len(c.lines))}
	want := len(c.lines[src[0]])
	var b strings.Builder
	for k := 0; k < want; k++ {
		from := src[0]
		if r := rng.Float64(); r > 0.85 {
			from = src[2]
		} else if r > 0.7 {
			from = src[1]
		}
		ls := c.lines[from]
		if len(ls) == 0 {
			continue
		}
		b.WriteString(ls[rng.IntN(len(ls))])
		b.WriteByte('\n')
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	d := Document{ID: id, Resume: b.String(), LastActivity: base.Add(time.Duration(rng.IntN(365*24)) * time.Hour)}
	for k := 0; k < 1+rng.IntN(3); k++ {
		job := int64(1 + rng.IntN(benchJobs))
		d.AppliedJobIDs = append(d.AppliedJobIDs, job)
		d.Statuses = append(d.Statuses, StatusKey(job, "active"))
	}
	// One candidate in 50 is private, as in the simulator.
	d.Private = id%50 == 0
	return d
}

// texts is a TextSource over the synthetic candidates.
func (c *synthCorpus) texts(_ context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for _, id := range ids {
		out[id] = c.doc(id).Resume
	}
	return out, nil
}

// heapSampler records the peak heap in use while it runs.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > h.peak.Load() {
				h.peak.Store(ms.HeapInuse)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	<-h.done
	return h.peak.Load()
}

// buildBenchIndex builds (or, with SHORTLIST_BENCH_DIR, reuses) an index of n
// synthetic candidates and returns it with the build time (0 when reused)
// and the peak heap during the build.
func buildBenchIndex(tb testing.TB, n int, fresh bool) (*Index, time.Duration, uint64) {
	tb.Helper()
	s, err := loadBenchSet(tb)
	if err != nil {
		tb.Fatalf("eval data: %v", err)
	}
	dir := tb.TempDir()
	if keep := os.Getenv("SHORTLIST_BENCH_DIR"); keep != "" && !fresh {
		dir = filepath.Join(keep, fmt.Sprintf("synth-%d-v%d", n, MappingVersion))
	}
	ix, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	ix.SetTextSource(newSynthCorpus(s).texts)
	if stale, _ := ix.NeedsRebuild(n); !stale {
		return ix, 0, 0
	}
	runtime.GC()
	hs := startHeapSampler()
	start := time.Now()
	c := newSynthCorpus(s)
	err = ix.Rebuild(context.Background(), func(ctx context.Context, w *Writer) error {
		for id := int64(1); id <= int64(n); id++ {
			if err := w.Add(c.doc(id)); err != nil {
				return err
			}
		}
		return nil
	})
	took := time.Since(start)
	peak := hs.Stop()
	if err != nil {
		tb.Fatal(err)
	}
	return ix, took, peak
}

func benchParams(tb testing.TB) Params {
	p := DefaultParams()
	if js := os.Getenv("SHORTLIST_BENCH_PARAMS"); js != "" {
		if err := json.Unmarshal([]byte(js), &p); err != nil {
			tb.Fatalf("SHORTLIST_BENCH_PARAMS: %v", err)
		}
	}
	return p
}

var benchSizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"100k", 100_000}}

// BenchmarkRank measures one page (50 hits, explained, applicants marked)
// of a job's ranking over the eval set's 159 postings, at each index size,
// with Applied Only off and on, and with the job's query built afresh
// ("cold": term selection and the feedback search included, as when a job
// is first opened) or taken from the query cache ("warm": paging, filtering,
// reopening). It reports p50/p95 latency, hits and clauses per ranking.
func BenchmarkRank(b *testing.B) {
	s, err := loadBenchSet(b)
	if err != nil {
		b.Fatalf("eval data: %v", err)
	}
	p := benchParams(b)
	ctx := context.Background()
	for _, size := range benchSizes {
		ix, _, _ := buildBenchIndex(b, size.n, false)
		// Warm the page cache and the index's lazily loaded parts.
		for _, q := range s.Queries[:20] {
			ix.Rank(ctx, Job{ID: 1, Title: q.Title, Text: q.Text}, RankOptions{Params: &p})
		}
		for _, cache := range []string{"cold", "warm"} {
			for _, applied := range []bool{false, true} {
				b.Run(fmt.Sprintf("docs=%s/applied=%v/query=%s", size.name, applied, cache), func(b *testing.B) {
					ix.queries.reset()
					if cache == "warm" {
						for _, q := range s.Queries {
							if _, err := ix.QueryFor(ctx, Job{Title: q.Title, Text: q.Text}, p); err != nil {
								b.Fatal(err)
							}
						}
					}
					lat := make([]time.Duration, 0, b.N)
					var hits, clauses int
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := s.Queries[i%len(s.Queries)]
						job := Job{ID: int64(1 + i%benchJobs), Title: q.Title, Text: q.Text}
						if cache == "cold" {
							ix.queries.reset()
						}
						start := time.Now()
						r, err := ix.Rank(ctx, job, RankOptions{AppliedOnly: applied, Limit: 50, Params: &p})
						lat = append(lat, time.Since(start))
						if err != nil {
							b.Fatal(err)
						}
						hits += len(r.Hits)
						clauses += len(r.Query.Terms)
					}
					b.StopTimer()
					b.ReportMetric(pct(lat, 0.50), "p50-ms")
					b.ReportMetric(pct(lat, 0.95), "p95-ms")
					b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
					b.ReportMetric(float64(clauses)/float64(b.N), "clauses/op")
				})
			}
		}
		ix.Close()
	}
}

// BenchmarkRankVisibility measures what hiding private candidates costs:
// a warm page of 50 hits as an owner (nothing hidden) and as a recruiter
// on 20 hiring teams (private candidates hidden unless they applied to one
// of those jobs), Applied Only off and on.
func BenchmarkRankVisibility(b *testing.B) {
	s, err := loadBenchSet(b)
	if err != nil {
		b.Fatalf("eval data: %v", err)
	}
	p := benchParams(b)
	ctx := context.Background()
	var team []int64
	for j := int64(1); j <= 20; j++ {
		team = append(team, j)
	}
	for _, size := range benchSizes {
		ix, _, _ := buildBenchIndex(b, size.n, false)
		for _, q := range s.Queries {
			if _, err := ix.QueryFor(ctx, Job{Title: q.Title, Text: q.Text}, p); err != nil {
				b.Fatal(err)
			}
		}
		for _, viewer := range []string{"owner", "recruiter"} {
			for _, applied := range []bool{false, true} {
				b.Run(fmt.Sprintf("docs=%s/applied=%v/viewer=%s", size.name, applied, viewer), func(b *testing.B) {
					opts := RankOptions{AppliedOnly: applied, Limit: 50, Params: &p}
					if viewer == "recruiter" {
						opts.HidePrivate, opts.PrivateJobIDs = true, team
					}
					lat := make([]time.Duration, 0, b.N)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := s.Queries[i%len(s.Queries)]
						start := time.Now()
						if _, err := ix.Rank(ctx, Job{ID: int64(1 + i%benchJobs), Title: q.Title, Text: q.Text}, opts); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(start))
					}
					b.StopTimer()
					b.ReportMetric(pct(lat, 0.50), "p50-ms")
					b.ReportMetric(pct(lat, 0.95), "p95-ms")
				})
			}
		}
		ix.Close()
	}
}

// BenchmarkIndexBuild measures a full rebuild: docs/s, total seconds and the
// peak heap in use. Run it with -benchtime 1x.
func BenchmarkIndexBuild(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("docs="+size.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix, took, peak := buildBenchIndex(b, size.n, true)
				b.ReportMetric(float64(size.n)/took.Seconds(), "docs/s")
				b.ReportMetric(took.Seconds(), "build-s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(dirSize(ix.dir))/(1<<20), "disk-MB")
				ix.Close()
			}
		})
	}
}

func pct(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) / 1000
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
