package extract

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

func TestScratch(t *testing.T) {
	cache, _ := wazero.NewCompilationCacheWithDir(os.Getenv("CACHEDIR"))
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).WithCloseOnContextDone(true)
	if os.Getenv("CACHEDIR") != "" {
		rc = rc.WithCompilationCache(cache)
	}
	start := time.Now()
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 0, MaxIdle: 2, MaxTotal: 2, RuntimeConfig: rc, FSConfig: wazero.NewFSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("init %v", time.Since(start))
	files, _ := filepath.Glob("/work/shared/data/resumes/*.pdf")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		s := time.Now()
		inst, err := pool.GetInstance(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got := time.Since(s)
		doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		if err != nil {
			t.Fatal(err)
		}
		pc, _ := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
		out := ""
		for i := 0; i < pc.PageCount; i++ {
			r, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
			if err != nil {
				t.Fatal(err)
			}
			out += r.Text + "\f"
		}
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
		inst.Close()
		t.Logf("%s pages=%d getinst=%v total=%v", filepath.Base(f), pc.PageCount, got, time.Since(s))
		os.WriteFile("/tmp/pdfout/"+filepath.Base(f)+".txt", []byte(out), 0o644)
	}
}
