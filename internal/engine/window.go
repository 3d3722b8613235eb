package engine

import (
	"context"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// A window lets read-only requirements overlap instead of queueing. Its
// members only read on a conformant target: up to DLI_CLIENTS of them send
// their requests at once and judge the answers, and instead of waiting the
// quiet period for a late change, each hands that wait to the window. When the
// window closes it waits once, until the last member's quiet period is over,
// and reads the connection once.
//
// Unchanged, and no member saw the connection other than the window found it:
// every member's "changes nothing" holds, and nothing one member did can have
// coloured another's verdict. Changed, at any time while the window was open:
// the window cannot say which request did it, so the connection is put back and
// the members run again in two windows of half each (findChange): a half that
// changes nothing is done, a half that changes something is halved again, and a
// requirement left alone runs alone, with its own quiet period — the change is
// then failed by the requirement whose request made it, and by no other. One
// member that changes something costs about two windows per halving, not a
// quiet period per member.
//
// A target that throttles is sent one request at a time from then on, and a
// member that failed while requests were being throttled runs again alone: its
// failure may have been its neighbours' share of the target's limit.
type window struct {
	mu        sync.Mutex
	before    dli.Bindings
	due       time.Time
	disturbed bool
	members   []windowMember

	// running holds one token per member still executing; its capacity is
	// how many members run at once.
	running chan struct{}
	wg      sync.WaitGroup
	// started is when the window opened: the run's phases count the time its
	// members took side by side once (closeWindow).
	started time.Time
	// throttled is the client's count of throttled answers when the window
	// opened.
	throttled int64
}

type windowMember struct {
	req Requirement
	res verdict.Result
}

// putBackBudget bounds putting the connection back after a window changed
// it, when the run is being interrupted.
const putBackBudget = time.Minute

// maxWindow bounds how many requirements share one wait: a change found at
// the close costs a halving per doubling of it.
const maxWindow = 32

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

// saw tells the window what a member read of the configured connection: other
// than the window found it, the member's verdict may be another's doing.
func (w *window) saw(b dli.Bindings) {
	if !b.Equal(w.before) {
		w.disturb()
	}
}

// full tells whether the window has taken as many members as it may.
func (w *window) full() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.members) >= maxWindow
}

// windowed tells whether req may share a window: it only reads, and it is
// not an after-run check.
func windowed(req Requirement) bool { return !req.Mutates && !req.AfterAll }

// openWindow starts a window from the connection's bindings now, running at
// most clients members at once; nil when the bindings cannot be read (the
// members then run alone and say why).
func (r *Run) openWindow(ctx context.Context, clients int) *window {
	if r.Cfg.ConnectionID == "" {
		return nil
	}
	conn, _, err := r.API.Show(ctx, r.Cfg.ConnectionID)
	if err != nil {
		return nil
	}
	return &window{before: conn.Bindings(), running: make(chan struct{}, max(clients, 1)), started: time.Now(),
		throttled: r.Client.Throttled()}
}

// start runs req as the window's next member, once fewer than the window's
// limit are running; it returns at once after that.
func (r *Run) start(ctx context.Context, w *window, req Requirement) {
	if r.Client.Throttled() > 0 {
		w.wg.Wait()
	}
	w.running <- struct{}{}
	w.mu.Lock()
	i := len(w.members)
	w.members = append(w.members, windowMember{req: req})
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer func() { <-w.running }()
		res := r.execute(ctx, req, w)
		w.mu.Lock()
		w.members[i].res = res
		w.mu.Unlock()
	}()
}

// closeWindow waits for the members still running and out the window's last
// quiet period, reads the connection, and returns the members' results: as
// they ran when nothing changed, or, when something did, as findChange runs
// them again.
func (r *Run) closeWindow(ctx context.Context, w *window) []verdict.Result {
	if out, unchanged := r.settleWindow(ctx, w); unchanged {
		return out
	}
	reqs := make([]Requirement, len(w.members))
	for i, m := range w.members {
		reqs[i] = m.req
	}
	return r.findChange(ctx, reqs, cap(w.running))
}

// settleWindow waits for w's members still running and out its last quiet
// period, and reads the connection. Unchanged, it returns the members'
// results (a member that failed while requests were being throttled run again
// alone). Changed, it puts the connection back and returns unchanged false.
func (r *Run) settleWindow(ctx context.Context, w *window) (out []verdict.Result, unchanged bool) {
	w.wg.Wait()
	sideBySide := time.Since(w.started)
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
	if ctx.Err() != nil {
		// The quiet period was cut short: nothing is confirmed.
		w.disturb()
	}
	if !w.isDisturbed() {
		conn, _, err := r.API.Show(ctx, r.Cfg.ConnectionID)
		if err != nil || !conn.Bindings().Equal(w.before) {
			w.disturb()
		}
	}
	// The members' time side by side counts once, as requests: the results
	// kept from it give their share back, so that it is not counted again.
	kept := time.Duration(0)
	defer func() { r.phases.add(phaseRequests, sideBySide-kept) }()
	if w.isDisturbed() {
		// Put back even when the run is being interrupted.
		back, cancel := context.WithTimeout(context.WithoutCancel(ctx), putBackBudget)
		defer cancel()
		_, _ = r.API.Restore(back, r.Cfg.ConnectionID, w.before)
		return nil, false
	}
	throttled := r.Client.Throttled() > w.throttled
	out = make([]verdict.Result, len(w.members))
	for i, m := range w.members {
		if throttled && m.res.Status == verdict.Failed {
			out[i] = r.alone(ctx, []Requirement{m.req})[0]
			continue
		}
		out[i] = m.res
		kept += m.res.Time[phaseRequests]
	}
	return out, true
}
