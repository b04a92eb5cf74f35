package greenhouse

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/app/simulator/simtest"
	"github.com/shortlist-hq/shortlist/db"
)

// TestEEOCMapsAlikeInBothVersions: the EEOC answers read from v3
// (/v3/eeoc) and v1 (/v1/eeoc) are the simulator's, one per application,
// with sex and race/ethnicity named, a skipped question empty, and v3's id
// kept beside the application key.
func TestEEOCMapsAlikeInBothVersions(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 150, RateLimitV3: -1, RateLimitV1: -1})
	raw, err := sim.V3JSON("eeoc", base)
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct {
		ID            int64         `json:"id"`
		ApplicationID int64         `json:"application_id"`
		CandidateID   int64         `json:"candidate_id"`
		Gender        *v3EEOCAnswer `json:"gender"`
		Race          *v3EEOCAnswer `json:"race"`
	}
	if err := json.Unmarshal(append(append([]byte("["), joinRaw(raw)...), ']'), &recs); err != nil {
		t.Fatal(err)
	}
	want := map[int64]db.EEOC{}
	for _, w := range recs {
		e := db.EEOC{ApplicationID: w.ApplicationID, GHID: w.ID, CandidateID: w.CandidateID}
		if w.Gender != nil {
			e.GenderID, e.Gender = w.Gender.ID, w.Gender.Description
		}
		if w.Race != nil {
			e.RaceID, e.Race = w.Race.ID, w.Race.Description
		}
		want[e.ApplicationID] = e
	}
	if len(want) < 20 {
		t.Fatalf("the simulator serves only %d EEOC answers", len(want))
	}
	v3 := collectAll(t, simClient(t, sim, base), EEOC)
	v1 := collectAll(t, simClient(t, sim, base, func(c *Config) { c.ClientID, c.APIKey = "", sim.Config().APIKey }), EEOC)
	for version, b := range map[string]Batch{V3: v3, V1: v1} {
		if len(b.EEOC) != len(want) {
			t.Errorf("%s: %d EEOC answers, the simulator has %d", version, len(b.EEOC), len(want))
		}
		blank := 0
		for _, e := range b.EEOC {
			w := want[e.ApplicationID]
			if version == V1 {
				w.GHID = 0 // v1 has no id
			}
			if e.ApplicationID == 0 || e.CandidateID != w.CandidateID || e.GHID != w.GHID || e.GenderID != w.GenderID ||
				e.Gender != w.Gender || e.RaceID != w.RaceID || e.Race != w.Race || e.SubmittedAt.IsZero() {
				t.Fatalf("%s: application %d reads %+v, want %+v", version, e.ApplicationID, e, w)
			}
			if e.Gender == "" || e.Race == "" {
				blank++
			}
		}
		if blank == 0 {
			t.Errorf("%s: no answer left blank among %d; a skipped question must read empty", version, len(b.EEOC))
		}
	}
}

// TestEEOCNeedsItsScope: without the permission the error names the
// scope to grant, so the sync can say why the audit has no data.
func TestEEOCNeedsItsScope(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 10, RateLimitV3: -1, DenyResources: []string{"eeoc"}})
	err := simClient(t, sim, base).List(context.Background(), EEOC, ListOptions{}, func(Page) error { return nil })
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "harvest:eeoc:list") {
		t.Fatalf("err = %v, want ErrForbidden naming harvest:eeoc:list", err)
	}
}

func joinRaw(rs []json.RawMessage) []byte {
	var out []byte
	for i, r := range rs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, r...)
	}
	return out
}
