package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

func TestScratch2(t *testing.T) {
	cache, _ := wazero.NewCompilationCacheWithDir("/tmp/wzcache")
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).WithCloseOnContextDone(true).WithCompilationCache(cache)
	start := time.Now()
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 0, MaxIdle: 2, MaxTotal: 2, RuntimeConfig: rc, FSConfig: wazero.NewFSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("init %v", time.Since(start))
	data, _ := os.ReadFile("/work/shared/data/resumes/" + os.Getenv("PDF"))
	inst, _ := pool.GetInstance(10 * time.Second)
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		t.Fatal(err)
	}
	s := time.Now()
	pg, _ := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc.Document, Index: 0})
	tp, _ := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &pg.Page}})
	t.Logf("load %v", time.Since(s))
	n, _ := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	s = time.Now()
	txt, _ := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	t.Logf("gettext %v n=%d", time.Since(s), n.Count)
	var sb strings.Builder
	s = time.Now()
	for i := 0; i < n.Count; i++ {
		u, _ := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		lb, _ := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		cb, _ := inst.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: tp.TextPage, Index: i})
		g, _ := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp.TextPage, Index: i})
		fs, _ := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: i})
		if i < 400 {
			fmt.Fprintf(&sb, "%q gen=%v fs=%.1f loose=[%.1f %.1f %.1f %.1f] box=[%.1f %.1f %.1f %.1f]\n", rune(u.Unicode), g.IsGenerated, fs.FontSize, lb.Rect.Left, lb.Rect.Right, lb.Rect.Bottom, lb.Rect.Top, cb.Left, cb.Right, cb.Bottom, cb.Top)
		}
	}
	t.Logf("percall x5 %v", time.Since(s))
	os.WriteFile("/tmp/chars.txt", []byte(sb.String()), 0o644)
	os.WriteFile("/tmp/gettext.txt", []byte(txt.Text), 0o644)
}
