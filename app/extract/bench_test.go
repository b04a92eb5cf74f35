package extract

import (
	"context"
	"testing"
	"time"
)

// Run with:
//
//	go test ./app/extract -run '^$' -bench . -benchtime 20x
//
// BenchmarkExtractPDF and BenchmarkExtractDOCX report the time per file
// (ns/op) for each resume in the corpus, with PDFium already started.
// BenchmarkPDFiumStart measures starting PDFium (compiling the WebAssembly
// module and building the first worker) up to the first PDF's text, without
// a compilation cache directory, with an empty one and with a warm one
// (metric ms/start; ns/op includes closing):
//
//	go test ./app/extract -run '^$' -bench PDFiumStart -benchtime 3x

func BenchmarkExtractPDF(b *testing.B)  { benchmarkExtract(b, ".pdf") }
func BenchmarkExtractDOCX(b *testing.B) { benchmarkExtract(b, ".docx") }

func benchmarkExtract(b *testing.B, ext string) {
	files := loadCorpus(b, ext)
	ex := sharedExtractor(b)
	// Start PDFium outside the timings.
	if _, err := ex.Extract(context.Background(), files[0].name, "", files[0].data); err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(f.data)))
			for b.Loop() {
				if _, err := ex.Extract(context.Background(), f.name, "", f.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPDFiumStart(b *testing.B) {
	pdf := minimalPDF("Jane Doe", "Go developer")
	// start returns the time from New to the first PDF's text, which is
	// the start-up cost; closing is left out.
	start := func(b *testing.B, dir string) time.Duration {
		t0 := time.Now()
		ex := New(Options{Workers: 1, CacheDir: dir})
		if _, err := ex.Extract(context.Background(), "a.pdf", "", pdf); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		if err := ex.Close(); err != nil {
			b.Fatal(err)
		}
		return d
	}
	run := func(b *testing.B, dir func() string) {
		var total time.Duration
		n := 0
		for b.Loop() {
			total += start(b, dir())
			n++
		}
		b.ReportMetric(float64(total.Milliseconds())/float64(n), "ms/start")
	}
	b.Run("NoCache", func(b *testing.B) {
		run(b, func() string { return "" })
	})
	b.Run("EmptyCacheDir", func(b *testing.B) {
		run(b, func() string { return b.TempDir() })
	})
	b.Run("WarmCacheDir", func(b *testing.B) {
		dir := b.TempDir()
		start(b, dir) // fill the cache
		run(b, func() string { return dir })
	})
}
