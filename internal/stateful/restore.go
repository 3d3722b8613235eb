package stateful

import (
	"context"
	"fmt"
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

// confirmRestored is how long the names must keep showing as wanted before a
// cleanup is done: a binding made just before may show only later (created
// asynchronously), and must be undone too.
const confirmRestored = 150 * time.Millisecond

func restoreNames(ctx context.Context, t Target, want dli.Bindings, keep func(dli.Bindings) dli.Bindings, settle time.Duration) error {
	deadline := time.Now().Add(settle)
	var stableSince time.Time
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
			if time.Since(stableSince) >= confirmRestored {
				return nil
			}
			interval = 10 * time.Millisecond
		} else {
			stableSince = time.Time{}
			if err := undoDifference(ctx, t, want, now); err != nil {
				return err
			}
		}
		if !time.Now().Before(deadline) || ctx.Err() != nil {
			if now.Equal(want) {
				return nil
			}
			return &dli.LeftoverError{Connection: t.Connection, Before: want, After: now,
				Undo: dli.UnbindPath(t.API.Project, t.Connection), Extra: now.Minus(want)}
		}
		time.Sleep(max(0, min(interval, time.Until(deadline)+time.Millisecond)))
	}
}

// undoDifference unbinds what now has beyond want and binds what it lacks.
func undoDifference(ctx context.Context, t Target, want, now dli.Bindings) error {
	if added := now.Minus(want); !added.Empty() {
		if x := t.API.Unbind(ctx, t.Connection, added); x.Err != nil || x.Status != 200 {
			return fmt.Errorf("cleanup: unbinding %s answered %d %v; to undo: POST %s with body %s",
				added.JSON(), x.Status, x.Err, dli.UnbindPath(t.API.Project, t.Connection), added.JSON())
		}
	}
	if removed := want.Minus(now); !removed.Empty() {
		if x := t.API.Bind(ctx, t.Connection, removed); x.Err != nil || x.Status != 200 {
			return fmt.Errorf("cleanup: binding %s again answered %d %v; to undo: POST %s with body %s",
				removed.JSON(), x.Status, x.Err, dli.BindPath(t.API.Project, t.Connection), removed.JSON())
		}
	}
	return nil
}
