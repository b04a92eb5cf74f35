package views

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// TestSyncStatusShowsLastSweep: My Company's sync status says what the last
// sweep removed, or that it was refused and kept every row.
func TestSyncStatusShowsLastSweep(t *testing.T) {
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		sweeps []db.Sweep
		want   []string
	}{
		{"none", nil, nil},
		{"done", []db.Sweep{{Resource: "candidates", At: at, Stored: 120, Seen: 117, Removed: 3, Outcome: db.SweepDone}},
			[]string{`data-testid="sync-sweep"`, "3 candidates Greenhouse no longer lists"}},
		{"refused", []db.Sweep{{Resource: "candidates", At: at, Stored: 120, Seen: 0, Outcome: db.SweepRefused}},
			[]string{`data-testid="sync-sweep"`, "Removal refused", "Greenhouse listed 0 candidates of 120 stored; every row kept"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := SyncStatus(Layout{}, SyncProps{Connected: true, Sweeps: tt.sweeps}).Render(context.Background(), &b); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			if tt.want == nil && strings.Contains(html, "sync-sweep") {
				t.Errorf("a sweep line without sweeps:\n%s", html)
			}
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("sync status lacks %q:\n%s", w, html)
				}
			}
		})
	}
}
