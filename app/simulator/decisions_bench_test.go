package simulator

import "testing"

// BenchmarkGenerateDemo generates the demo's tenant (2,000 candidates), the
// work `shortlist demo` does before its first sync.
func BenchmarkGenerateDemo(b *testing.B) {
	for b.Loop() {
		if _, err := New(Config{Seed: 1, Candidates: DefaultCandidates, Epoch: testEpoch}); err != nil {
			b.Fatal(err)
		}
	}
}
