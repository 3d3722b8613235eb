package stateful

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// restore puts the walk's names back as the reading before the walk showed them:
// it unbinds what the walk left bound and binds again what it left unbound, then
// reads until they show so, for at most the settle timeout. Foreign bindings are
// not touched. The error names the request that would undo what is left.
func (w *walker) restore(ctx context.Context, initial dli.Bindings) error {
	return restoreNames(ctx, w.t, w.names(initial), w.names, w.cfg.SettleTimeout)
}

// confirmRestored is how long, at the least, the names must keep showing as
// wanted before a cleanup is done: a binding made just before may show only
// later (created asynchronously), and must be undone too. Against a target
// slower than that to show a change, the wait is a quarter longer than the
// slowest change it has shown (confirmFor).
const confirmRestored = 150 * time.Millisecond

// confirmFor is how long a restore watches the names before it is done.
func confirmFor(t Target) time.Duration {
	return max(confirmRestored, t.API.Slowest()*5/4)
}

// restoreNames undoes what the connection shows beyond want and binds again
// what it lacks, then reads until it shows want for confirmRestored, for at
// most settle (shortened as shortWindow says). Once the target is known to
// answer unbinds without unbinding (API.UnbindIneffective) it tries once and
// does not wait; a wait that runs out with an acknowledged unbind still not
// shown records that, so that later restores do not wait for nothing.
func restoreNames(ctx context.Context, t Target, want dli.Bindings, keep func(dli.Bindings) dli.Bindings, settle time.Duration) error {
	settle, _ = shortWindow(t, settle)
	stuck := t.API.UnbindIneffective()
	if stuck != "" {
		settle = 0
	}
	deadline := time.Now().Add(settle)
	confirm := confirmFor(t)
	var stableSince time.Time
	var unbound dli.BindBody // what an unbind answered 200 for, last
	tried := false
	for interval := 10 * time.Millisecond; ; interval = min(2*interval, 500*time.Millisecond) {
		shown, _, err := t.API.Show(ctx, t.Connection)
		if err != nil {
			return fmt.Errorf("cleanup: %w", err)
		}
		now := keep(shown.Bindings())
		if now.Equal(want) {
			if stableSince.IsZero() {
				stableSince = time.Now()
			}
			if time.Since(stableSince) >= confirm || !time.Now().Before(deadline) {
				return nil
			}
			interval = 10 * time.Millisecond
		} else {
			stableSince = time.Time{}
			if stuck != "" && tried {
				// Tried once, and the target is known not to unbind.
				return leftover(t, want, now, stuck)
			}
			u, err := undoDifference(ctx, t, want, now)
			if err != nil {
				return err
			}
			unbound, tried = u, true
			if stuck != "" {
				continue
			}
		}
		if !time.Now().Before(deadline) || ctx.Err() != nil {
			if now.Equal(want) {
				return nil
			}
			if still := now.Minus(want); !unbound.Empty() && stuck == "" && overlaps(still, unbound) {
				t.API.NoteUnbindIneffective(fmt.Sprintf("unbinding %s answered 200 and it was still bound after %v (DLI_SETTLE_TIMEOUT)", still.JSON(), settle))
			}
			return leftover(t, want, now, stuck)
		}
		time.Sleep(max(0, min(interval, time.Until(deadline)+time.Millisecond)))
	}
}

// leftover says what a restore could not put back, and why it did not wait
// when it did not.
func leftover(t Target, want, now dli.Bindings, notWaited string) error {
	return &dli.LeftoverError{Connection: t.Connection, Before: want, After: now,
		Undo: dli.UnbindPath(t.API.Project, t.Connection), Extra: now.Minus(want), NotWaited: notWaited}
}

// overlaps reports whether a and b name a common queue or pool.
func overlaps(a, b dli.BindBody) bool {
	for _, q := range a.Queues {
		if slices.Contains(b.Queues, q) {
			return true
		}
	}
	for _, p := range a.Pools {
		if slices.Contains(b.Pools, p) {
			return true
		}
	}
	return false
}

// undoDifference unbinds what now has beyond want and binds what it lacks; it
// returns what an unbind answered 200 for.
func undoDifference(ctx context.Context, t Target, want, now dli.Bindings) (unbound dli.BindBody, err error) {
	if added := now.Minus(want); !added.Empty() {
		if x := t.API.Unbind(ctx, t.Connection, added); x.Err != nil || x.Status != 200 {
			return unbound, fmt.Errorf("cleanup: unbinding %s answered %d %v; to undo: POST %s with body %s",
				added.JSON(), x.Status, x.Err, dli.UnbindPath(t.API.Project, t.Connection), added.JSON())
		}
		unbound = added
	}
	if removed := want.Minus(now); !removed.Empty() {
		if x := t.API.Bind(ctx, t.Connection, removed); x.Err != nil || x.Status != 200 {
			return unbound, fmt.Errorf("cleanup: binding %s again answered %d %v; to undo: POST %s with body %s",
				removed.JSON(), x.Status, x.Err, dli.BindPath(t.API.Project, t.Connection), removed.JSON())
		}
	}
	return unbound, nil
}
