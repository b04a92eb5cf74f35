package simtest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app/simulator"
)

func TestStart(t *testing.T) {
	sim, base := Start(t, simulator.Config{Seed: 1, Candidates: 10})
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base %q is not on 127.0.0.1", base)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/sources", nil)
	req.SetBasicAuth(sim.Config().APIKey, "")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/sources: %d", res.StatusCode)
	}
}
