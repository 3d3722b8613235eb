package stateful

import "context"

// Shrink reduces the steps of a failing walk by delta debugging (ddmin) to a
// sequence from which no single step, nor any chunk ddmin tries, can be removed
// while the run still fails the same way as want (Failure.Same). Each candidate
// runs from a clean state: cfg.Reset when set, and the cleanup of the run before.
// It returns the run of the shortest failing sequence and the number of runs
// spent; at most cfg.MaxShrinkRuns candidates are run.
func Shrink(ctx context.Context, t Target, cfg Config, steps []Op, want *Failure) (Result, int) {
	cfg = cfg.withDefaults()
	var best Result
	bestLen, runs := -1, 0
	fails := func(candidate []Op) bool {
		if cfg.Reset != nil {
			if err := cfg.Reset(ctx); err != nil {
				return false
			}
		}
		runs++
		r := Run(ctx, t, cfg, candidate)
		if r.Failure.Same(want) {
			best, bestLen = r, len(candidate)
			return true
		}
		return false
	}
	minimal := ddmin(steps, fails, cfg.MaxShrinkRuns)
	if bestLen != len(minimal) {
		// No candidate failed (ddmin kept the whole sequence): run it once more for
		// its evidence.
		fails(minimal)
	}
	return best, runs
}

// ddmin is Zeller's minimising delta debugging: it returns a subsequence of items
// for which fails holds (given that it holds for items), removing chunks of
// halving size until no single item can go. It calls fails at most budget times.
func ddmin[T any](items []T, fails func([]T) bool, budget int) []T {
	n := 2
	calls := 0
	try := func(c []T) bool {
		if calls >= budget {
			return false
		}
		calls++
		return fails(c)
	}
	for len(items) >= 2 && calls < budget {
		chunks := split(items, n)
		reduced := false
		for _, c := range chunks {
			if try(c) {
				items, n, reduced = c, 2, true
				break
			}
		}
		// With two chunks each complement is the other chunk, tried already.
		if !reduced && n > 2 {
			for i := range chunks {
				if c := complement(chunks, i); try(c) {
					items, n, reduced = c, max(n-1, 2), true
					break
				}
			}
		}
		if !reduced {
			if n >= len(items) {
				break
			}
			n = min(2*n, len(items))
		}
	}
	return items
}

// split cuts items into n chunks of nearly equal length, in order.
func split[T any](items []T, n int) [][]T {
	out := make([][]T, 0, n)
	start := 0
	for i := range n {
		end := start + (len(items)-start)/(n-i)
		out = append(out, items[start:end:end])
		start = end
	}
	return out
}

func complement[T any](chunks [][]T, skip int) []T {
	var out []T
	for i, c := range chunks {
		if i != skip {
			out = append(out, c...)
		}
	}
	return out
}
