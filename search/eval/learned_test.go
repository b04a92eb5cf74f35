package eval

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestFolds(t *testing.T) {
	var qs []Query
	cats := map[string]string{}
	for i := range 23 {
		id := fmt.Sprintf("q%02d", i)
		qs = append(qs, Query{ID: id})
		cats[id] = []string{"a", "b", "c"}[i%3]
	}
	for _, k := range []int{2, 3, 5} {
		folds := Folds(qs, cats, k)
		if len(folds) != k {
			t.Fatalf("k=%d: %d folds", k, len(folds))
		}
		seen := map[string]int{}
		for f, fold := range folds {
			// Balanced: sizes differ by one at most.
			if n := len(fold); n < len(qs)/k || n > len(qs)/k+1 {
				t.Errorf("k=%d: fold %d holds %d queries", k, f, n)
			}
			perCat := map[string]int{}
			for _, q := range fold {
				seen[q.ID]++
				perCat[cats[q.ID]]++
			}
			// Stratified: every category spread over the folds.
			for c, n := range perCat {
				if want := 8.0 / float64(k); math.Abs(float64(n)-want) > 1.5 {
					t.Errorf("k=%d: fold %d holds %d queries of category %s", k, f, n, c)
				}
			}
		}
		if len(seen) != len(qs) {
			t.Errorf("k=%d: %d of %d queries placed", k, len(seen), len(qs))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("k=%d: %s in %d folds", k, id, n)
			}
		}
		// Deterministic, whatever the input order.
		rev := slices.Clone(qs)
		slices.Reverse(rev)
		again := Folds(rev, cats, k)
		for f := range folds {
			if !slices.EqualFunc(folds[f], again[f], func(a, b Query) bool { return a.ID == b.ID }) {
				t.Errorf("k=%d: fold %d depends on the input order", k, f)
			}
		}
	}
	tune, confirm := Split(qs, cats)
	two := Folds(qs, cats, 2)
	if len(tune) != len(two[0]) || len(confirm) != len(two[1]) || tune[0].ID != two[0][0].ID {
		t.Error("Split is not Folds with k = 2")
	}
}

func TestPairedDifference(t *testing.T) {
	d := pairedDifference([]float64{0.1, 0.2, 0.3, 0.2, 0.2})
	if math.Abs(d.Mean-0.2) > 1e-12 || d.N != 5 {
		t.Errorf("mean %v over %d", d.Mean, d.N)
	}
	if want := math.Sqrt(0.02/4) / math.Sqrt(5); math.Abs(d.SE-want) > 1e-12 {
		t.Errorf("se %v, want %v", d.SE, want)
	}
	if d.CI95[0] < 0.1 || d.CI95[0] > 0.2 || d.CI95[1] < 0.2 || d.CI95[1] > 0.3 {
		t.Errorf("interval %v should bracket the mean within the data", d.CI95)
	}
	if again := pairedDifference([]float64{0.1, 0.2, 0.3, 0.2, 0.2}); again != d {
		t.Error("the bootstrap is not repeatable")
	}
	if e := pairedDifference(nil); e.N != 0 || e.Mean != 0 {
		t.Errorf("empty: %+v", e)
	}
}
