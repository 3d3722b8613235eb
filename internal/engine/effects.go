package engine

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Bindings queries the configured connection and returns its bindings.
func (s *Spec) Bindings(ctx context.Context) dli.Bindings {
	b := s.Show(ctx).Bindings()
	if s.win != nil {
		s.win.saw(b)
	}
	s.Must(check.NoDuplicates(b, nil))
	return b
}

// Show queries the configured connection.
func (s *Spec) Show(ctx context.Context) *dli.Connection {
	start := time.Now()
	conn, x, err := s.Run.API.Show(ctx, s.Run.Cfg.ConnectionID)
	s.phases.add(phaseRequests, time.Since(start))
	s.Observe(ctx, x)
	if err != nil {
		s.Must(check.Fail(verdict.Effect, x, "%v", err))
	}
	return conn
}

// RestoreAfter records the connection's bindings and registers the cleanup
// that puts them back; a cleanup that cannot fails the spec as a hygiene
// failure.
func (s *Spec) RestoreAfter(ctx context.Context) dli.Bindings {
	before := s.Bindings(ctx)
	s.Cleanup(func(ctx context.Context) {
		if err := s.PutBack(ctx, before); err != nil {
			s.Must(check.Fail(verdict.Hygiene, nil, "could not undo the spec's bindings: %v", err))
		}
	})
	return before
}

// PutBack puts the connection's bindings back to before, as a request of the
// spec's, and says what it could not.
func (s *Spec) PutBack(ctx context.Context, before dli.Bindings) error {
	start := time.Now()
	xs, err := s.Run.API.Restore(ctx, s.Run.Cfg.ConnectionID, before)
	s.phases.add(phaseRequests, time.Since(start))
	for _, x := range xs {
		s.Observe(ctx, x)
	}
	return err
}

// Guard records the connection's bindings before a request that must change
// nothing, and registers the cleanup that undoes whatever changed anyway, even
// when the spec failed before it could look: a broken target is left as it was
// found, and the report says what was undone.
func (s *Spec) Guard(ctx context.Context) dli.Bindings {
	before := s.Bindings(ctx)
	s.Cleanup(func(ctx context.Context) {
		start := time.Now()
		now, x, err := s.Run.API.Show(ctx, s.Run.Cfg.ConnectionID)
		s.phases.add(phaseRequests, time.Since(start))
		if err != nil {
			s.Observe(ctx, x)
			return
		}
		if now.Bindings().Equal(before) {
			return
		}
		if s.win != nil {
			// The window runs its members again to find which request did it.
			s.win.disturb()
		}
		for _, u := range s.undo(ctx, before) {
			s.Undone(u)
		}
	})
	return before
}

// UnchangedAfterQuiet checks that the connection still has before, at once and
// again after the quiet period; a change is undone, and fails the spec with
// what changed and what was undone.
func (s *Spec) UnchangedAfterQuiet(ctx context.Context, before dli.Bindings, x *client.Exchange) {
	after := s.Bindings(ctx)
	if s.win != nil {
		// A change now may be another member's: Bindings has told the window,
		// which runs its members again to say whose it is (findChange).
		// Unchanged, the window waits the quiet period once for them all.
		s.noteEffect(x, before, after)
		if after.Equal(before) {
			s.win.quietUntil(s.Run.QuietPeriod())
		}
		return
	}
	if after.Equal(before) {
		start := time.Now()
		select {
		case <-ctx.Done():
		case <-time.After(s.Run.QuietPeriod()):
		}
		s.phases.add(phaseQuiet, time.Since(start))
		after = s.Bindings(ctx)
	}
	s.noteEffect(x, before, after)
	if !after.Equal(before) {
		s.failChanged(ctx, x, before, after, before, "the connection changed: it had %s and now has %s")
	}
}

// failChanged fails the spec with the change it found, after putting the
// connection back to before.
func (s *Spec) failChanged(ctx context.Context, x *client.Exchange, before, after, expected dli.Bindings, format string) {
	f := check.Fail(verdict.Effect, x, format, after, expected)
	f.Changed = check.Change(before, after, expected)
	v := f.Verdict()
	v.Undone = s.undo(ctx, before)
	s.Fail(v)
}

// undo puts the connection's bindings back to before and says what it did.
func (s *Spec) undo(ctx context.Context, before dli.Bindings) []string {
	cfg := s.Run.Cfg
	now := s.Bindings(ctx)
	added, removed := now.Minus(before), before.Minus(now)
	err := s.PutBack(ctx, before)
	var done []string
	if !added.Empty() {
		done = append(done, fmt.Sprintf("unbound %s (POST %s)", added.JSON(), dli.UnbindPath(cfg.ProjectID, cfg.ConnectionID)))
	}
	if !removed.Empty() {
		done = append(done, fmt.Sprintf("bound again %s (POST %s)", removed.JSON(), dli.BindPath(cfg.ProjectID, cfg.ConnectionID)))
	}
	if err != nil {
		done = append(done, "could not put the connection back: "+err.Error())
	}
	return done
}

// BindsJustThat checks the effect of an accepted bind of want: each name
// listed once in a documented state, and the connection's bindings exactly
// before plus want — a bind that changes anything else fails, and the change
// is undone.
func (s *Spec) BindsJustThat(ctx context.Context, x *client.Exchange, before dli.Bindings, want dli.BindBody) {
	conn := s.awaitBound(ctx, x, before, want)
	s.Must(check.BoundOnce("available_queue_info", conn.Queues, want.Queues, x))
	s.Must(check.BoundOnce("elastic_resource_pools", conn.Pools, want.Pools, x))
	expected := dli.Bindings{Queues: union(before.Queues, want.Queues), Pools: union(before.Pools, want.Pools)}
	if after := conn.Bindings(); !after.Equal(expected) {
		s.failChanged(ctx, x, before, after, expected, "after the bind the connection has %s; want exactly %s: what it had and each named resource once")
	}
}

func union(have, add []string) []string {
	out := slices.Clone(have)
	for _, n := range add {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// awaitBound waits, within DLI_SETTLE_TIMEOUT, for the bindings of want, which
// the request bind made, to show and settle, and returns the connection as last
// seen, recording what bind changed from before. Once one effect check has
// waited out the settle timeout in vain, later ones look once and fail at once,
// pointing to it: a target that never shows a binding fails in about one settle
// timeout, not one per spec.
func (s *Spec) awaitBound(ctx context.Context, bind *client.Exchange, before dli.Bindings, want dli.BindBody) *dli.Connection {
	r := s.Run
	r.pace.Lock()
	first := r.pace.timedOut
	r.pace.Unlock()
	timeout := r.Cfg.SettleTimeout
	if first != "" {
		timeout = 0
	}
	start := time.Now()
	conn, xs, err := r.API.AwaitSettled(ctx, r.Cfg.ConnectionID, want, timeout)
	s.phases.add(phaseSettle, time.Since(start))
	if conn != nil {
		s.noteEffect(bind, before, conn.Bindings())
	}
	for _, x := range xs {
		s.Observe(ctx, x)
	}
	if err != nil {
		s.Must(check.Fail(verdict.Effect, xs[len(xs)-1], "%v", err))
	}
	if bind == nil {
		bind = xs[len(xs)-1]
	}
	if !conn.Listed(want) {
		r.pace.Lock()
		if r.pace.timedOut == "" {
			r.pace.timedOut = s.Req.ID
		}
		r.pace.Unlock()
		if first != "" {
			what := fmt.Sprintf("%s is not listed", want.JSON())
			for _, err := range []error{check.BoundOnce("available_queue_info", conn.Queues, want.Queues, nil), check.BoundOnce("elastic_resource_pools", conn.Pools, want.Pools, nil)} {
				if f, ok := err.(*check.Failure); ok {
					what = f.Message
					break
				}
			}
			s.Must(check.Fail(verdict.Effect, bind,
				"%s; not waited for, since %s already waited DLI_SETTLE_TIMEOUT (%v) for a binding that never showed", what, first, r.Cfg.SettleTimeout))
		}
	}
	if !conn.Settled(want) {
		s.Note(fmt.Sprintf("not settled: still CREATING or not listed after DLI_SETTLE_TIMEOUT (%v)", r.Cfg.SettleTimeout))
	}
	return conn
}
