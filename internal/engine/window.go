package engine

import (
	"context"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// A window lets the quiet periods of requests that must change nothing
// overlap instead of queueing. Its members are requirements that only read:
// each sends its request and judges the answer at once, and instead of
// waiting the quiet period for a late change, hands that wait to the window.
// When the window closes it waits once, until the last member's quiet period
// is over, and reads the connection once. Unchanged: every member's "changes
// nothing" holds. Changed, at any time while the window was open: the window
// cannot say which request did it, so the connection is put back and every
// member runs again alone, with its own quiet period — the late change is
// then failed by the requirement whose request made it.
type window struct {
	mu        sync.Mutex
	before    dli.Bindings
	due       time.Time
	disturbed bool
	members   []windowMember
}

type windowMember struct {
	req Requirement
	res verdict.Result
}

// maxWindow bounds how many requirements share one wait: a change found at
// the close costs every member a run of its own.
const maxWindow = 16

// quietUntil asks the window to look again once d has passed from now.
func (w *window) quietUntil(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if due := time.Now().Add(d); due.After(w.due) {
		w.due = due
	}
}

// disturb says the connection changed while the window was open.
func (w *window) disturb() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.disturbed = true
}

func (w *window) isDisturbed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.disturbed
}

// windowed tells whether req may share a window: it only reads, and it is
// not an after-run check.
func windowed(req Requirement) bool { return !req.Mutates && !req.AfterAll }

// openWindow starts a window from the connection's bindings now; nil when they
// cannot be read (the members then run alone and say why).
func (r *Run) openWindow(ctx context.Context) *window {
	if r.Cfg.ConnectionID == "" {
		return nil
	}
	conn, _, err := r.API.Show(ctx, r.Cfg.ConnectionID)
	if err != nil {
		return nil
	}
	return &window{before: conn.Bindings()}
}

// closeWindow waits out the window's last quiet period, reads the connection,
// and returns the members' results: as they ran when nothing changed, or from
// running each again alone when something did.
func (r *Run) closeWindow(ctx context.Context, w *window) []verdict.Result {
	w.mu.Lock()
	due := w.due
	w.mu.Unlock()
	start := time.Now()
	if wait := time.Until(due); wait > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	r.phases.add(phaseQuiet, time.Since(start))
	if !w.isDisturbed() {
		conn, _, err := r.API.Show(ctx, r.Cfg.ConnectionID)
		if err != nil || !conn.Bindings().Equal(w.before) {
			w.disturb()
		}
	}
	out := make([]verdict.Result, len(w.members))
	if !w.isDisturbed() {
		for i, m := range w.members {
			out[i] = m.res
		}
		return out
	}
	_, _ = r.API.Restore(ctx, r.Cfg.ConnectionID, w.before)
	for i, m := range w.members {
		out[i] = r.Execute(ctx, m.req)
	}
	return out
}
