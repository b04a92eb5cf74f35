package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// MustOpen opens an index in a temporary directory and closes it with the
// test.
func MustOpen(tb testing.TB) *Index {
	tb.Helper()
	ix, err := Open(filepath.Join(tb.TempDir(), "index"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// MustRebuild replaces the index's contents with docs.
func MustRebuild(tb testing.TB, ix *Index, docs ...Document) {
	tb.Helper()
	err := ix.Rebuild(context.Background(), func(ctx context.Context, w *Writer) error {
		return w.Add(docs...)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// resumes returns n small candidates whose resumes repeat words.
func resumes(words ...string) []Document {
	docs := make([]Document, len(words))
	for i, w := range words {
		docs[i] = Document{ID: int64(i + 1), Resume: w}
	}
	return docs
}

func TestOpen(t *testing.T) {
	t.Run("NewIndexNeedsBuild", func(t *testing.T) {
		ix := MustOpen(t)
		if need, why := ix.NeedsRebuild(0); !need || !strings.Contains(why, "never built") {
			t.Errorf("NeedsRebuild = %v, %q; want true, never built", need, why)
		}
		MustRebuild(t, ix, resumes("go", "rust")...)
		if need, why := ix.NeedsRebuild(2); need {
			t.Errorf("after rebuild NeedsRebuild(2) = true, %q", why)
		}
		if need, why := ix.NeedsRebuild(3); !need || !strings.Contains(why, "2 documents") {
			t.Errorf("NeedsRebuild(3) = %v, %q; want true with the count", need, why)
		}
		if need, _ := ix.NeedsRebuild(-1); need {
			t.Error("NeedsRebuild(-1) should skip the count check")
		}
	})

	t.Run("ReopenKeepsDocuments", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		MustRebuild(t, ix, resumes("go", "rust", "zig")...)
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, err := ix.DocCount(); err != nil || n != 3 {
			t.Errorf("DocCount = %d, %v; want 3", n, err)
		}
		if need, why := ix.NeedsRebuild(3); need {
			t.Errorf("reopened index needs rebuild: %s", why)
		}
	})

	t.Run("MappingVersionMismatch", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		MustRebuild(t, ix, resumes("go", "rust")...)
		// Pretend an older release wrote the index.
		if err := ix.bi.SetInternal(keyMappingVersion, []byte(strconv.Itoa(MappingVersion-1))); err != nil {
			t.Fatal(err)
		}
		ix.Close()

		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		need, why := ix.NeedsRebuild(2)
		if !need || !strings.Contains(why, "mapping version") {
			t.Errorf("NeedsRebuild = %v, %q; want a version mismatch", need, why)
		}
		if _, err := ix.Rank(context.Background(), Job{Title: "go"}, RankOptions{}); !errors.Is(err, ErrNeedsRebuild) {
			t.Errorf("Rank on a stale index: err = %v, want ErrNeedsRebuild", err)
		}
		MustRebuild(t, ix, resumes("go", "rust")...)
		if need, why := ix.NeedsRebuild(2); need {
			t.Errorf("after rebuild: %s", why)
		}
		if got := ix.MappingVersionOnDisk(); got != MappingVersion {
			t.Errorf("version on disk = %d, want %d", got, MappingVersion)
		}
	})

	t.Run("UnreadableIndexStartsEmpty", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		MustRebuild(t, ix, resumes("go", "rust")...)
		gen := ix.gen
		ix.Close()
		// Someone deleted the index files but not the pointer.
		if err := os.RemoveAll(filepath.Join(dir, gen)); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if need, why := ix.NeedsRebuild(0); !need || !strings.Contains(why, "unreadable") {
			t.Errorf("NeedsRebuild = %v, %q; want the unreadable index reported", need, why)
		}
		MustRebuild(t, ix, resumes("go", "rust")...)
		if need, why := ix.NeedsRebuild(2); need {
			t.Errorf("after rebuild: %s", why)
		}
	})

	t.Run("Closed", func(t *testing.T) {
		ix, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if err := ix.Index(resumes("go")...); !errors.Is(err, ErrClosed) {
			t.Errorf("Index after Close: %v", err)
		}
		if _, err := ix.Rank(context.Background(), Job{Title: "go"}, RankOptions{}); !errors.Is(err, ErrClosed) {
			t.Errorf("Rank after Close: %v", err)
		}
		if err := ix.Rebuild(context.Background(), func(context.Context, *Writer) error { return nil }); !errors.Is(err, ErrClosed) {
			t.Errorf("Rebuild after Close: %v", err)
		}
	})

	t.Run("CorruptPointer", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, currentFile), []byte("../elsewhere\n"), 0o644)
		if _, err := Open(dir); err == nil {
			t.Error("Open with a corrupt CURRENT file succeeded")
		}
	})
}

func TestIndexDelete(t *testing.T) {
	ix := MustOpen(t)
	MustRebuild(t, ix)
	docs := make([]Document, 1200) // more than two batches
	for i := range docs {
		docs[i] = Document{ID: int64(i + 1), Resume: "resume " + strconv.Itoa(i)}
	}
	if err := ix.Index(docs...); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.DocCount(); n != 1200 {
		t.Fatalf("DocCount = %d, want 1200", n)
	}
	// Re-indexing replaces rather than duplicates.
	if err := ix.Index(docs[:10]...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(1, 2, 3, 99999); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.DocCount(); n != 1197 {
		t.Errorf("DocCount = %d, want 1197", n)
	}
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()

	t.Run("SwapLeavesOneGeneration", func(t *testing.T) {
		ix := MustOpen(t)
		MustRebuild(t, ix, resumes("go")...)
		MustRebuild(t, ix, resumes("go", "rust")...)
		if gens := ix.generations(); len(gens) != 1 || gens[0] != ix.gen {
			t.Errorf("generations = %v, want only the live %s", gens, ix.gen)
		}
		if n, _ := ix.DocCount(); n != 2 {
			t.Errorf("DocCount = %d, want 2", n)
		}
	})

	t.Run("FailureKeepsOldIndex", func(t *testing.T) {
		ix := MustOpen(t)
		MustRebuild(t, ix, resumes("go", "rust")...)
		boom := errors.New("database gone")
		err := ix.Rebuild(ctx, func(ctx context.Context, w *Writer) error {
			w.Add(resumes("zig")...)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Rebuild err = %v, want %v", err, boom)
		}
		if n, _ := ix.DocCount(); n != 2 {
			t.Errorf("DocCount after failed rebuild = %d, want the old 2", n)
		}
		if need, why := ix.NeedsRebuild(2); need {
			t.Errorf("old index reports %s", why)
		}
		if gens := ix.generations(); len(gens) != 1 {
			t.Errorf("generations = %v, want the partial one removed", gens)
		}
	})

	t.Run("CrashMidRebuild", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		MustRebuild(t, ix, resumes("go", "rust")...)
		ix.Close()
		// A half-written generation that CURRENT never pointed at.
		if err := os.MkdirAll(filepath.Join(dir, genPrefix+"0-partial", "store"), 0o755); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if need, why := ix.NeedsRebuild(2); need {
			t.Errorf("index after crash: %s", why)
		}
		if gens := ix.generations(); len(gens) != 1 {
			t.Errorf("generations = %v, want the partial one removed", gens)
		}
	})

	t.Run("WritesDuringRebuildSurvive", func(t *testing.T) {
		ix := MustOpen(t)
		MustRebuild(t, ix, resumes("go", "rust", "zig")...)
		err := ix.Rebuild(ctx, func(ctx context.Context, w *Writer) error {
			// The database is read first; then a sync adds candidate 10 and
			// deletes candidate 1 before the swap.
			if err := w.Add(resumes("go", "rust", "zig")...); err != nil {
				return err
			}
			if err := ix.Index(Document{ID: 10, Resume: "haskell"}); err != nil {
				return err
			}
			return ix.Delete(1)
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := ix.Rank(ctx, Job{Title: "haskell go"}, RankOptions{Params: &Params{MaxTerms: 10, MinDocFreq: 1, TFPower: 1, IDFPower: -1}})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(r.Hits); len(got) != 1 || got[0] != 10 {
			t.Errorf("hits = %v, want only the candidate indexed during the rebuild", got)
		}
	})

	t.Run("OneAtATime", func(t *testing.T) {
		ix := MustOpen(t)
		started, release := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			done <- ix.Rebuild(ctx, func(ctx context.Context, w *Writer) error {
				close(started)
				<-release
				return nil
			})
		}()
		<-started
		if err := ix.Rebuild(ctx, func(context.Context, *Writer) error { return nil }); !errors.Is(err, ErrRebuilding) {
			t.Errorf("second Rebuild err = %v, want ErrRebuilding", err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestConcurrentUse ranks while candidates are indexed, deleted and the index
// rebuilt (run with -race).
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	ix := team(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := ix.Rank(ctx, goJob, RankOptions{}); err != nil {
					t.Error(err)
					return
				}
				if _, err := ix.Rank(ctx, goJob, RankOptions{AppliedOnly: true}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 0; i < 20; i++ {
		if err := ix.Index(Document{ID: int64(5000 + i), Resume: "Go and Kubernetes " + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
		if i%5 == 0 {
			if err := ix.Delete(int64(5000 + i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	MustRebuild(t, ix, resumes("go", "kubernetes", "postgres")...)
	close(stop)
	wg.Wait()
}

func TestDocumentFields(t *testing.T) {
	d := Document{
		ID: 7, Name: "Ada", Title: "Engineer", Company: "Acme", Resume: "resume text",
		Employments: []string{"Engineer at Acme (2019–2022)"}, Tags: []string{"go"},
		AppliedJobIDs: []int64{4, 5}, Statuses: []string{StatusKey(4, "active")},
		LastActivity: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
	}
	f := d.fields()
	if got, want := strings.Join(f.Text, "|"), "Engineer|Acme|Engineer at Acme (2019–2022)|go|resume text"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	// The headline is where a candidate states their role: the current
	// title and the resume's first lines.
	if got, want := strings.Join(f.Headline, "|"), "Engineer|resume text"; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
	if got := strings.Join(f.Jobs, ","); got != "4,5" {
		t.Errorf("jobs = %q", got)
	}
	if f.Statuses[0] != "4:active" {
		t.Errorf("status = %q", f.Statuses[0])
	}
	if (&Document{}).fields().LastActivity != nil {
		t.Error("zero LastActivity should not be indexed")
	}
	if f.Visibility != "" || (&Document{Private: true}).fields().Visibility != VisibilityPrivate {
		t.Errorf("visibility = %q, private %q", f.Visibility, (&Document{Private: true}).fields().Visibility)
	}
}

func hitIDs(hits []Hit) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

// generations lists the generation directories present, for tests.
func (ix *Index) generations() []string {
	entries, _ := os.ReadDir(ix.dir)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) {
			gens = append(gens, e.Name())
		}
	}
	sort.Strings(gens)
	return gens
}

// TestOpenWhileInUse: a second process finds the index locked; it must get
// a clear error, not wait forever nor mistake the lock for damage.
func TestOpenWhileInUse(t *testing.T) {
	if os.Getenv("SHORTLIST_INDEX_HOLDER") != "" {
		ix, err := Open(os.Getenv("SHORTLIST_INDEX_HOLDER"))
		if err != nil {
			os.Exit(3)
		}
		fmt.Println("open")
		time.Sleep(30 * time.Second)
		ix.Close()
		os.Exit(0)
	}
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestOpenWhileInUse$")
	cmd.Env = append(os.Environ(), "SHORTLIST_INDEX_HOLDER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line := make([]byte, 4)
	if _, err := io.ReadFull(out, line); err != nil || string(line) != "open" {
		t.Fatalf("holder did not open the index: %q %v", line, err)
	}
	start := time.Now()
	_, err = Open(dir)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("Open while another process holds the index: %v, want ErrInUse", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Open took %s to give up", time.Since(start))
	}
	cmd.Process.Kill()
	cmd.Wait()
	// The holder's index is untouched: still the same generation.
	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if need, why := again.NeedsRebuild(-1); need && !strings.Contains(why, "never built") {
		t.Errorf("after the lock the index needs a rebuild: %s", why)
	}
}
