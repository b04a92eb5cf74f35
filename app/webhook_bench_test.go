package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
)

// BenchmarkWebhookIngest posts signed deliveries (the new_candidate_application
// example, each with its own application id) to a running server over
// loopback from 8 concurrent senders, and reports deliveries acknowledged per
// second with p50 and p99 latency, then how fast the processor applies them.
//
//	go test ./app -run '^$' -bench WebhookIngest -benchtime 2000x
func BenchmarkWebhookIngest(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := openApp(b, map[string]string{"SHORTLIST_WEBHOOK_SECRET": testSecret, "SHORTLIST_SYNC_INTERVAL": "0"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + app.WebhookPath
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	defer srv.Close()

	var tmpl map[string]any
	if err := json.Unmarshal(webhookFixture(b, "new_candidate_application"), &tmpl); err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, b.N)
	for i := range bodies {
		appl := tmpl["payload"].(map[string]any)["application"].(map[string]any)
		appl["id"] = 1_000_000 + i
		appl["candidate"].(map[string]any)["id"] = 2_000_000 + i
		bodies[i], _ = json.Marshal(tmpl)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	lat := make([]time.Duration, b.N)
	next := make(chan int)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Signature", greenhouse.Sign([]byte(testSecret), bodies[i]))
				req.Header.Set("Greenhouse-Event-ID", fmt.Sprint("bench-", i))
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					continue
				}
				resp.Body.Close()
				lat[i] = time.Since(t0)
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
				}
			}
		}()
	}
	for i := 0; i < b.N; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	took := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/took.Seconds(), "deliveries/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")

	applyStart := time.Now()
	n, err := a.Webhooks.Drain(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n)/time.Since(applyStart).Seconds(), "applied/s")
}
