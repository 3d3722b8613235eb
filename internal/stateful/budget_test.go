package stateful

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// ticking is a clock that moves on by a second each time it is read, so that
// a shrinking budget of n seconds allows a known number of re-runs without
// waiting for any of them.
func ticking() func() time.Time {
	var mu sync.Mutex
	now := time.Unix(0, 0)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

// TestShrinkingThatRunsOutOfBudgetSaysSo shrinks the failure of a target that
// refuses to bind a queue again with a budget that allows two re-runs: the
// failure keeps the shortest sequence found so far and says it was not fully
// shrunk, in its data and in its words.
func TestShrinkingThatRunsOutOfBudgetSaysSo(t *testing.T) {
	h := &noRebind{gone: map[string]bool{}}
	e := newEnv(t, envOptions{wrap: h.wrap})
	cfg := walkConfig(1, loadContract(t))
	cfg.Reset = func(context.Context) error { e.emu.Reset(); h.reset(); return nil }
	// The shrinking starts by reading the clock once; each re-run reads it
	// once before it starts.
	cfg.ShrinkBudget, cfg.now = 3*time.Second, ticking()
	r := Walk(background, e.on(connID), cfg)
	if r.Failure == nil {
		t.Fatal("the walk did not catch the broken target")
	}
	if r.ShrinkRuns != 2 {
		t.Fatalf("%d re-runs within a budget that allows 2", r.ShrinkRuns)
	}
	if !strings.Contains(r.ShrinkCut, "DLI_SHRINK_BUDGET") {
		t.Fatalf("the cut shrinking does not say its budget ran out: %q", r.ShrinkCut)
	}
	if rep := r.Reproduction(); !strings.Contains(rep, "not fully shrunk") {
		t.Fatalf("the reproduction does not say it was not fully shrunk:\n%s", rep)
	}
	if r.ShrunkFailure != nil && (!r.ShrunkFailure.Same(r.Failure) || len(r.Shrunk) > r.Failure.Step) {
		t.Fatalf("the shortest sequence found so far is not one that fails the same way: %v", r.ShrunkFailure)
	}

	// The same walk without a budget shrinks further, and says nothing of a cut.
	cfg.ShrinkBudget = 0
	full := Walk(background, e.on(connID), cfg)
	if full.ShrinkCut != "" || full.ShrinkRuns <= 2 || len(full.Shrunk) > 3 {
		t.Fatalf("unbudgeted shrinking: cut %q after %d runs, %d steps", full.ShrinkCut, full.ShrinkRuns, len(full.Shrunk))
	}
}

// unbindIgnored answers every unbind 200 and unbinds nothing, and counts the
// unbinds it was sent.
type unbindIgnored struct {
	next    http.Handler
	unbinds atomic.Int32
}

func (h *unbindIgnored) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/disassociate-queue") {
		h.unbinds.Add(1)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = io.WriteString(w, `{"is_success":true,"message":"Disassociated"}`)
		return
	}
	h.next.ServeHTTP(w, r)
}

// TestATargetWhoseUnbindDoesNothingIsNotWaitedForTwice walks a target whose
// unbind answers 200 and does nothing. The walk waits out its settle window
// once, records the defect, stops there without shrinking (a replay could not
// start where the walk did) or walking again, and its restore says what it
// could not put back. A restore after that sends its unbind once and does not
// wait, where one before it kept trying for its whole settle window.
func TestATargetWhoseUnbindDoesNothingIsNotWaitedForTwice(t *testing.T) {
	h := &unbindIgnored{}
	e := newEnv(t, envOptions{wrap: func(next http.Handler) http.Handler { h.next = next; return h }})
	target := e.on(connID)
	var before dli.Bindings // nothing bound

	// Before the defect is known, a restore keeps unbinding until its window ends.
	if x := target.API.Bind(background, connID, dli.BindBody{Queues: []string{"queue_a"}}); x.Status != 200 {
		t.Fatalf("bind answered %d", x.Status)
	}
	err := restoreNames(background, target, before, func(b dli.Bindings) dli.Bindings { return b }, 300*time.Millisecond)
	var left *dli.LeftoverError
	if !errors.As(err, &left) || left.NotWaited != "" {
		t.Fatalf("the first restore: %v", err)
	}
	if n := h.unbinds.Load(); n < 2 {
		t.Fatalf("the first restore sent %d unbinds, want it to keep trying within its window", n)
	}
	if target.API.UnbindIneffective() == "" {
		t.Fatal("a restore that waited out its window in vain did not record that unbinds do nothing")
	}

	// Once known, a restore tries once, does not wait, and says why.
	h.unbinds.Store(0)
	err = restoreNames(background, target, before, func(b dli.Bindings) dli.Bindings { return b }, time.Hour)
	if !errors.As(err, &left) || !strings.Contains(err.Error(), "not waited for") || !strings.Contains(err.Error(), `{"queues":["queue_a"]}`) {
		t.Fatalf("the second restore does not say what it could not put back and why it did not wait: %v", err)
	}
	if n := h.unbinds.Load(); n != 1 {
		t.Fatalf("the second restore sent %d unbinds, want 1", n)
	}
}

// TestAWalkThatFindsUnbindsIgnoredStopsThere walks the same target from a
// clean connection: the walk finds the defect itself.
func TestAWalkThatFindsUnbindsIgnoredStopsThere(t *testing.T) {
	h := &unbindIgnored{}
	e := newEnv(t, envOptions{wrap: func(next http.Handler) http.Handler { h.next = next; return h }})
	target := e.on(connID)
	results := Walks(background, target, walkConfig(1, loadContract(t)), DefaultWalks)
	if len(results) != 1 {
		t.Fatalf("%d walks ran; after the first failed, the others would only wait", len(results))
	}
	r := results[0]
	if r.Failure == nil || r.Failure.Rule != RuleLingering {
		t.Fatalf("want a lingering binding, got %v", r.Failure)
	}
	if target.API.UnbindIneffective() == "" {
		t.Fatal("the walk did not record that unbinds do nothing")
	}
	var left *dli.LeftoverError
	if !errors.As(r.Cleanup, &left) || left.NotWaited == "" || left.Extra.Empty() {
		t.Fatalf("the walk's restore does not say what it could not put back without waiting: %v", r.Cleanup)
	}
	if r.ShrinkRuns != 0 || !strings.Contains(r.ShrinkCut, "could not put the connection back") {
		t.Fatalf("the walk shrank (%d runs) against a target it could not put back: %q", r.ShrinkRuns, r.ShrinkCut)
	}
}

// TestANameBoundAgainIsNotAnUnbindIgnored walks a target whose bind of pools
// also binds a queue: a queue the walk unbound, shown gone, and then listed
// again was bound again, and says nothing against the target's unbind.
func TestANameBoundAgainIsNotAnUnbindIgnored(t *testing.T) {
	d, err := broken.Defect("bind-pools-binds-queue")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := emulator.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := broken.New(emulator.Options{Seed: seed, Tokens: []string{token}}, d)
	if err != nil {
		t.Fatal(err)
	}
	target := Target{API: newAPI(t, h), Connection: connID}
	cfg := Config{Seed: 713489029, Queues: []string{"queue_a", "queue_b"}, Pools: []string{"pool_a"}, SettleTimeout: 300 * time.Millisecond}
	rs := Walks(background, target, cfg, DefaultWalks)
	r := rs[len(rs)-1]
	if r.Failure == nil || r.Failure.Rule != RuleLingering {
		t.Fatalf("want a queue lingering after a bind of pools, got %v", r.Failure)
	}
	if why := target.API.UnbindIneffective(); why != "" {
		t.Fatalf("a queue bound again was taken for an unbind that does nothing: %s", why)
	}
}

func TestReplaysWaitSomeTimesTheSlowestChange(t *testing.T) {
	for _, c := range []struct{ settle, slowest, want time.Duration }{
		{time.Minute, 3 * time.Millisecond, minReplaySettle},
		{time.Minute, time.Second, replaySlack * time.Second},
		{300 * time.Millisecond, 3 * time.Millisecond, 300 * time.Millisecond},
		{time.Minute, time.Hour, time.Minute},
	} {
		if got := replaySettle(c.settle, c.slowest); got != c.want {
			t.Errorf("replaySettle(%v, %v) = %v, want %v", c.settle, c.slowest, got, c.want)
		}
	}
}

// bindIgnored answers every bind 200 and binds nothing.
type bindIgnored struct{ next http.Handler }

func (h bindIgnored) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/associate-queue") {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = io.WriteString(w, `{"is_success":true,"message":"Associated"}`)
		return
	}
	h.next.ServeHTTP(w, r)
}

// TestAfterAWaitInVainLaterChecksWaitLess: once a check of the run has waited
// its whole settle timeout for a change that never showed, a walk waits some
// times the slowest change seen instead of its settle timeout of minutes,
// fails the same way, and says why it did not wait longer.
func TestAfterAWaitInVainLaterChecksWaitLess(t *testing.T) {
	e := newEnv(t, envOptions{wrap: func(next http.Handler) http.Handler { return bindIgnored{next} }})
	target := e.on(connID)
	cfg := walkConfig(1, nil)
	first := Walk(background, target, cfg)
	if first.Failure == nil || first.Failure.Rule != RuleMissing || strings.Contains(first.Failure.Message, "not DLI_SETTLE_TIMEOUT") {
		t.Fatalf("the first walk: want a binding missing after its full window, got %v", first.Failure)
	}
	if target.API.WaitedInVain() == "" {
		t.Fatal("the first walk did not record its wait in vain")
	}
	cfg.SettleTimeout, cfg.MaxShrinkRuns = 2*time.Minute, -1
	second := Walk(background, target, cfg)
	if second.Failure == nil || second.Failure.Rule != RuleMissing || !strings.Contains(second.Failure.Message, "not DLI_SETTLE_TIMEOUT, since the walk with seed 1") {
		t.Fatalf("the second walk: want a binding missing after a short window, saying why, got %v", second.Failure)
	}
}
