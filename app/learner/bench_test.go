package learner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/db/sharedtest"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// The benchmark ranks 100k synthetic candidates (the eval set's resumes
// recombined line by line, as search's benchmarks do) for the eval set's
// job postings, lexically and with a learned model, and reports what the
// model adds to a page of 50. SHORTLIST_BENCH_DIR keeps the built index
// between runs (building it takes minutes).
//
//	go test ./app/learner -run '^$' -bench LearnedPage -benchtime 20x -timeout 60m

const (
	benchDocs = 100_000
	benchJobs = 200 // each candidate applies to 1-3 of them
)

type benchSet struct {
	Documents []struct {
		Text string `json:"text"`
	} `json:"documents"`
	Queries []struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"queries"`
}

// synth generates candidate id's document deterministically: mostly one
// real resume's lines, some of two others', at its length.
type synth struct{ lines [][]string }

func (s *synth) doc(id int64) search.Document {
	rng := rand.New(rand.NewPCG(7, uint64(id)))
	src := [3]int{rng.IntN(len(s.lines)), rng.IntN(len(s.lines)), rng.IntN(len(s.lines))}
	var b strings.Builder
	for k := 0; k < len(s.lines[src[0]]); k++ {
		from := src[0]
		if r := rng.Float64(); r > 0.85 {
			from = src[2]
		} else if r > 0.7 {
			from = src[1]
		}
		if ls := s.lines[from]; len(ls) > 0 {
			b.WriteString(ls[rng.IntN(len(ls))])
			b.WriteByte('\n')
		}
	}
	d := search.Document{ID: id, Resume: b.String()}
	for k := 0; k < 1+rng.IntN(3); k++ {
		job := int64(1 + rng.IntN(benchJobs))
		d.AppliedJobIDs = append(d.AppliedJobIDs, job)
		d.Statuses = append(d.Statuses, search.StatusKey(job, "active"))
	}
	return d
}

// FeatureSources serves the generated candidates as the database would.
func (s *synth) FeatureSources(_ context.Context, ids []int64) (map[int64]db.FeatureSource, error) {
	out := make(map[int64]db.FeatureSource, len(ids))
	for _, id := range ids {
		out[id] = db.FeatureSource{CandidateID: id, Resume: s.doc(id).Resume}
	}
	return out, nil
}

// DocVersionsSince: generated candidates never change.
func (s *synth) DocVersionsSince(context.Context, int64) (map[int64]int64, int64, error) {
	return nil, 0, nil
}

func loadBench(b *testing.B) (*benchSet, *synth, *search.Index) {
	b.Helper()
	f, err := os.Open(sharedtest.Data(b, "eval", "category-match-dev.json"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var set benchSet
	if err := json.NewDecoder(f).Decode(&set); err != nil {
		b.Fatal(err)
	}
	s := &synth{lines: make([][]string, len(set.Documents))}
	for i, d := range set.Documents {
		for _, l := range strings.Split(d.Text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				s.lines[i] = append(s.lines[i], l)
			}
		}
	}
	dir := b.TempDir()
	if keep := os.Getenv("SHORTLIST_BENCH_DIR"); keep != "" {
		dir = filepath.Join(keep, fmt.Sprintf("learner-synth-%d-v%d", benchDocs, search.MappingVersion))
	}
	ix, err := search.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	ix.SetTextSource(func(_ context.Context, ids []int64) (map[int64]string, error) {
		out := make(map[int64]string, len(ids))
		for _, id := range ids {
			out[id] = s.doc(id).Resume
		}
		return out, nil
	})
	if stale, _ := ix.NeedsRebuild(benchDocs); stale {
		start := time.Now()
		err := ix.Rebuild(context.Background(), func(ctx context.Context, w *search.Writer) error {
			for id := int64(1); id <= benchDocs; id++ {
				if err := w.Add(s.doc(id)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("built a %d-candidate index in %s", benchDocs, time.Since(start).Round(time.Second))
	}
	return &set, s, ix
}

// benchModel weighs every feature, as a trained model would: the cost of
// scoring does not depend on the weights.
func benchModel() *learn.Model {
	m := learn.Untrained()
	for i := range m.Weights {
		m.Weights[i] = 0.1 * float64(i%5+1)
	}
	return m
}

// BenchmarkLearnedPage measures what learned scoring adds to a page of 50
// at 100k candidates: each iteration ranks one job's page lexically and
// with the model (features cached: warmed beforehand, as the learner's
// background loop does for open jobs), and the added time is the paired
// difference (added-*: the learned page's search asks for more hits but
// no explanations, so it can be negative). scoring-* is the learned page
// less its own lexical search run alone: the cache, the list features,
// the model and the page. It reports both pages' medians too, and the
// cold cost (a job whose features are not cached: all of them extracted)
// in a sub-benchmark of its own. Everyone's ranking re-ranks the top 200;
// Applied Only re-ranks a job's applicants (about a thousand here).
// Cold runs take seconds each: use -benchtime 20x or so.
func BenchmarkLearnedPage(b *testing.B) {
	set, s, ix := loadBench(b)
	ctx := context.Background()
	jobs := make([]search.Job, len(set.Queries))
	for i, q := range set.Queries {
		jobs[i] = search.Job{ID: int64(1 + i%benchJobs), Title: q.Title, Text: q.Text}
	}
	lexical := learner.New(nil, ix, learner.Options{Sources: s, Interval: -1})
	for _, c := range []struct {
		name    string
		applied bool
		jobs    int // how many jobs the warm pages rotate over
	}{{"applied=false", false, 50}, {"applied=true", true, 10}} {
		learned := learner.New(nil, ix, learner.Options{Sources: s, Interval: -1, CacheBytes: 1 << 30})
		learned.Use(benchModel())
		opts := search.RankOptions{AppliedOnly: c.applied, Limit: 50}
		for _, j := range jobs[:c.jobs] {
			if _, err := learned.Page(ctx, j, opts); err != nil {
				b.Fatal(err)
			}
			if _, err := lexical.Page(ctx, j, opts); err != nil {
				b.Fatal(err)
			}
		}
		b.Run("docs=100k/"+c.name+"/cache=warm", func(b *testing.B) {
			var added, lex, lrn, scoring []time.Duration
			head := search.RankOptions{AppliedOnly: c.applied, Limit: learn.DefaultDepth, NoDetails: true}
			if c.applied {
				head.Limit = learner.AppliedDepth
			}
			for i := 0; i < b.N; i++ {
				j := jobs[i%c.jobs]
				t0 := time.Now()
				if _, err := lexical.Page(ctx, j, opts); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				p, err := learned.Page(ctx, j, opts)
				if err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				if p.Model == nil || len(p.Items) == 0 {
					b.Fatalf("job %d: not a learned page", i%c.jobs)
				}
				// The learned page's own lexical search, alone: what is
				// left of the page is the learned scoring.
				if _, err := ix.Rank(ctx, j, head); err != nil {
					b.Fatal(err)
				}
				t3 := time.Now()
				lex, lrn = append(lex, t1.Sub(t0)), append(lrn, t2.Sub(t1))
				added = append(added, t2.Sub(t1)-t1.Sub(t0))
				scoring = append(scoring, t2.Sub(t1)-t3.Sub(t2))
			}
			b.ReportMetric(pct(added, 0.5), "added-p50-ms")
			b.ReportMetric(pct(added, 0.95), "added-p95-ms")
			b.ReportMetric(pct(lex, 0.5), "lexical-p50-ms")
			b.ReportMetric(pct(lrn, 0.5), "learned-p50-ms")
			b.ReportMetric(pct(scoring, 0.5), "scoring-p50-ms")
			b.ReportMetric(pct(scoring, 0.95), "scoring-p95-ms")
			st := learned.CacheStats()
			b.ReportMetric(float64(st.Bytes)/float64(max(1, st.Entries)), "cache-B/candidate")
		})
		b.Run("docs=100k/"+c.name+"/cache=cold", func(b *testing.B) {
			var took []time.Duration
			for i := 0; i < b.N; i++ {
				cold := learner.New(nil, ix, learner.Options{Sources: s, Interval: -1})
				cold.Use(benchModel())
				t0 := time.Now()
				if _, err := cold.Page(ctx, jobs[(c.jobs+i)%len(jobs)], opts); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			b.ReportMetric(pct(took, 0.5), "cold-p50-ms")
		})
	}
}

func pct(ds []time.Duration, p float64) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) / 1000
}
