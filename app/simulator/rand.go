package simulator

import (
	"math"
	"math/rand/v2"
	"time"
)

// newRand returns a PCG generator for one purpose; mixing the purpose into
// the seed keeps streams independent, so adding a draw in one place does
// not shift every value generated elsewhere.
func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), splitmix(stream)))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickFront picks from xs favouring the first elements (the most central
// skills come first in the vocabulary).
func pickFront[T any](r *rand.Rand, xs []T) T {
	f := r.Float64()
	return xs[int(f*f*float64(len(xs)))]
}

// pickN picks n distinct elements (fewer if xs is shorter), in random order.
func pickN[T any](r *rand.Rand, xs []T, n int) []T {
	n = min(n, len(xs))
	idx := r.Perm(len(xs))[:n]
	out := make([]T, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// weighted returns an index drawn with the given weights.
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a time uniformly in [a, b), truncated to milliseconds.
func between(r *rand.Rand, a, b time.Time) time.Time {
	if !b.After(a) {
		return a.Truncate(time.Millisecond)
	}
	return a.Add(time.Duration(r.Int64N(int64(b.Sub(a))))).Truncate(time.Millisecond)
}

// days returns a random duration between lo and hi days.
func days(r *rand.Rand, lo, hi float64) time.Duration {
	return time.Duration((lo + r.Float64()*(hi-lo)) * float64(24*time.Hour))
}

// workHours moves t to a plausible office-hours time on the same day
// (13:00-21:00 UTC, i.e. US business hours) with a 15-minute grid.
func workHours(r *rand.Rand, t time.Time) time.Time {
	d := t.UTC().Truncate(24 * time.Hour)
	if wd := d.Weekday(); wd == time.Saturday {
		d = d.Add(48 * time.Hour)
	} else if wd == time.Sunday {
		d = d.Add(24 * time.Hour)
	}
	return d.Add(13*time.Hour + time.Duration(r.IntN(32))*15*time.Minute)
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
