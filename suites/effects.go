package suites

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/harness"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// pace is what this process has learnt of the target's timing: how long the
// calibration bind took to show, and whether an effect check has already waited out the
// settle timeout (after which later effect checks fail fast and point to it).
var pace struct {
	sync.Mutex
	visible  harness.Visibility
	timedOut string
}

// quietPeriod is how long a "changes nothing" check waits for a late change.
func quietPeriod() time.Duration {
	pace.Lock()
	defer pace.Unlock()
	return pace.visible.QuietPeriod(env.cfg.QuietPeriod, env.cfg.SettleTimeout)
}

// unchangedAfterQuiet checks that the connection still has before, at once and
// again after the quiet period; a change is undone, and fails the spec with
// what changed and what was undone.
func unchangedAfterQuiet(ctx context.Context, before dli.Bindings, x *client.Exchange) {
	GinkgoHelper()
	after := bindings(ctx)
	if after.Equal(before) {
		select {
		case <-ctx.Done():
		case <-time.After(quietPeriod()):
		}
		after = bindings(ctx)
	}
	noteEffect(x, before, after)
	if !after.Equal(before) {
		failChanged(ctx, x, before, after, before, "the connection changed: it had %s and now has %s")
	}
}

// failChanged fails the spec with the change it found, after putting the
// connection back to before.
func failChanged(ctx context.Context, x *client.Exchange, before, after, expected dli.Bindings, format string) {
	GinkgoHelper()
	f := check.Fail(verdict.Effect, x, format, after, expected)
	f.Changed = check.Change(before, after, expected)
	v := f.Verdict()
	v.Undone = undo(ctx, before)
	failWith(v)
}

// undo puts the connection's bindings back to before and says what it did.
func undo(ctx context.Context, before dli.Bindings) []string {
	now := bindings(ctx)
	added, removed := now.Minus(before), before.Minus(now)
	xs, err := env.api.Restore(ctx, env.cfg.ConnectionID, before)
	for _, x := range xs {
		observe(ctx, x)
	}
	var done []string
	if !added.Empty() {
		done = append(done, fmt.Sprintf("unbound %s (POST %s)", added.JSON(), dli.UnbindPath(env.cfg.ProjectID, env.cfg.ConnectionID)))
	}
	if !removed.Empty() {
		done = append(done, fmt.Sprintf("bound again %s (POST %s)", removed.JSON(), dli.BindPath(env.cfg.ProjectID, env.cfg.ConnectionID)))
	}
	if err != nil {
		done = append(done, "could not put the connection back: "+err.Error())
	}
	return done
}

// bindsJustThat checks the effect of an accepted bind of want: each name listed
// once in a documented state, and the connection's bindings exactly before plus
// want — a bind that changes anything else fails, and the change is undone.
func bindsJustThat(ctx context.Context, x *client.Exchange, before dli.Bindings, want dli.BindBody) {
	GinkgoHelper()
	conn := awaitBound(ctx, x, before, want)
	must(check.BoundOnce("available_queue_info", conn.Queues, want.Queues, x))
	must(check.BoundOnce("elastic_resource_pools", conn.Pools, want.Pools, x))
	expected := dli.Bindings{Queues: union(before.Queues, want.Queues), Pools: union(before.Pools, want.Pools)}
	if after := conn.Bindings(); !after.Equal(expected) {
		failChanged(ctx, x, before, after, expected, "after the bind the connection has %s; want exactly %s: what it had and each named resource once")
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
// seen, recording what bind changed from before. Once one effect check
// has waited out the settle timeout in vain, later ones look once and fail at
// once, pointing to it: a target that never shows a binding fails in about one
// settle timeout, not one per spec.
func awaitBound(ctx context.Context, bind *client.Exchange, before dli.Bindings, want dli.BindBody) *dli.Connection {
	GinkgoHelper()
	pace.Lock()
	first := pace.timedOut
	pace.Unlock()
	timeout := env.cfg.SettleTimeout
	if first != "" {
		timeout = 0
	}
	conn, xs, err := env.api.AwaitSettled(ctx, env.cfg.ConnectionID, want, timeout)
	if conn != nil {
		noteEffect(bind, before, conn.Bindings())
	}
	for _, x := range xs {
		observe(ctx, x)
	}
	if err != nil {
		must(check.Fail(verdict.Effect, xs[len(xs)-1], "%v", err))
	}
	if bind == nil {
		bind = xs[len(xs)-1]
	}
	if !conn.Listed(want) {
		pace.Lock()
		if pace.timedOut == "" {
			pace.timedOut = current.ID
		}
		pace.Unlock()
		if first != "" {
			what := fmt.Sprintf("%s is not listed", want.JSON())
			for _, err := range []error{check.BoundOnce("available_queue_info", conn.Queues, want.Queues, nil), check.BoundOnce("elastic_resource_pools", conn.Pools, want.Pools, nil)} {
				if f, ok := err.(*check.Failure); ok {
					what = f.Message
					break
				}
			}
			must(check.Fail(verdict.Effect, bind,
				"%s; not waited for, since %s already waited DLI_SETTLE_TIMEOUT (%v) for a binding that never showed", what, first, env.cfg.SettleTimeout))
		}
	}
	if !conn.Settled(want) {
		AddReportEntry("not settled", fmt.Sprintf("still CREATING or not listed after DLI_SETTLE_TIMEOUT (%v)", env.cfg.SettleTimeout))
	}
	return conn
}

// runDeadline is when the run's time budget ends; zero: no budget.
var runDeadline time.Time

// skipWhenOutOfTime skips a spec that starts after the run's time budget ran
// out, saying so; the report marks the run as out of time, which fails it.
func skipWhenOutOfTime() {
	if !runDeadline.IsZero() && time.Now().After(runDeadline) {
		AddReportEntry(verdict.BudgetEntry, env.cfg.RunTimeout.String(), ReportEntryVisibilityNever)
		Skip(fmt.Sprintf("not run: the run's time budget DLI_RUN_TIMEOUT (%v) ran out", env.cfg.RunTimeout))
	}
}

// guard records the connection's bindings before a request that must change
// nothing, and registers the cleanup that undoes whatever changed anyway, even
// when the spec failed before it could look: a broken target is left as it was
// found, and the report says what was undone.
func guard(ctx context.Context) dli.Bindings {
	GinkgoHelper()
	before := bindings(ctx)
	DeferCleanup(func(ctx SpecContext) {
		now, x, err := env.api.Show(ctx, env.cfg.ConnectionID)
		if err != nil {
			observe(ctx, x)
			return
		}
		if now.Bindings().Equal(before) {
			return
		}
		for _, u := range undo(ctx, before) {
			AddReportEntry(verdict.UndoneEntry, u, ReportEntryVisibilityNever)
		}
	})
	return before
}
