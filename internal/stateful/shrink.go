package stateful

import (
	"context"
	"fmt"
	"time"
)

// Shrinking says how a failing walk was shrunk.
type Shrinking struct {
	// Runs counts the re-runs spent.
	Runs int
	// Cut says why shrinking stopped before the sequence was as short as
	// ddmin can make it; "" when it got there.
	Cut string
	// Took is the time spent shrinking.
	Took time.Duration
}

// Shrink reduces the steps of a failing walk by delta debugging (ddmin) to a
// sequence from which no single step, nor any chunk ddmin tries, can be removed
// while the run still fails the same way as want (Failure.Same). Each candidate
// runs from a clean state: cfg.Reset when set, and the cleanup of the run before.
// It returns the run of the shortest failing sequence found and how shrinking
// went. At most cfg.MaxShrinkRuns candidates are run, and none is started, or
// left running, past cfg.ShrinkBudget: a budget that runs out leaves the
// shortest sequence found so far, and Shrinking.Cut says so. The Result has no
// Failure when no candidate failed the same way before the budget ran out.
func Shrink(ctx context.Context, t Target, cfg Config, steps []Op, want *Failure) (Result, Shrinking) {
	cfg = cfg.withDefaults()
	start := cfg.clock()
	var sh Shrinking
	runCtx := ctx
	if cfg.ShrinkBudget > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithDeadline(ctx, time.Now().Add(cfg.ShrinkBudget))
		defer cancel()
	}
	outOfTime := func() bool {
		return cfg.ShrinkBudget > 0 && (cfg.clock().Sub(start) >= cfg.ShrinkBudget || runCtx.Err() != nil)
	}
	var best Result
	bestLen := -1
	fails := func(candidate []Op) bool {
		if cfg.Reset != nil {
			if err := cfg.Reset(runCtx); err != nil {
				return false
			}
		}
		sh.Runs++
		r := Run(runCtx, t, cfg, candidate)
		// A candidate cut short by the budget fails, if at all, for want of time.
		if r.Failure.Same(want) && (runCtx.Err() == nil || ctx.Err() != nil) {
			best, bestLen = r, len(candidate)
			return true
		}
		return false
	}
	more := func() bool {
		switch {
		case ctx.Err() != nil:
			sh.Cut = fmt.Sprintf("stopped: %v", ctx.Err())
		case outOfTime():
			sh.Cut = fmt.Sprintf("the shrinking budget DLI_SHRINK_BUDGET (%v) ran out", cfg.ShrinkBudget)
		case sh.Runs >= cfg.MaxShrinkRuns:
			sh.Cut = fmt.Sprintf("the %d re-runs allowed were spent", cfg.MaxShrinkRuns)
		default:
			return true
		}
		return false
	}
	minimal := ddmin(steps, fails, more)
	if bestLen != len(minimal) && sh.Cut == "" {
		// No candidate failed (ddmin kept the whole sequence): run it once more for
		// its evidence.
		fails(minimal)
	}
	sh.Took = cfg.clock().Sub(start)
	return best, sh
}

// ddmin is Zeller's minimising delta debugging: it returns a subsequence of items
// for which fails holds (given that it holds for items), removing chunks of
// halving size until no single item can go. It calls fails only while more
// holds, and stops, with the shortest sequence found so far, once it does not.
func ddmin[T any](items []T, fails func([]T) bool, more func() bool) []T {
	n := 2
	stopped := false
	try := func(c []T) bool {
		if stopped || !more() {
			stopped = true
			return false
		}
		return fails(c)
	}
	for len(items) >= 2 && !stopped {
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
