package dli

import (
	"sync"
	"time"
)

// stuckUnbind remembers the first sign that the target's unbind does not
// unbind: after it, no restore can put a connection back, and waiting for one
// to show is waiting for nothing.
type stuckUnbind struct {
	mu  sync.Mutex
	why string
}

// NoteUnbindIneffective records that an unbind answered 200 and left what it
// named bound for as long as a change may take to show; why says which unbind
// and for how long. Only the first is kept, and the answer says whether this
// one was it, so that the run says so once.
func (a *API) NoteUnbindIneffective(why string) (first bool) {
	a.stuck.mu.Lock()
	defer a.stuck.mu.Unlock()
	if a.stuck.why != "" {
		return false
	}
	a.stuck.why = why
	return true
}

// UnbindIneffective is what NoteUnbindIneffective recorded, "" when no unbind
// has been seen to do nothing. Waits for an unbind to show are then pointless:
// callers look once and say what they could not put back.
func (a *API) UnbindIneffective() string {
	a.stuck.mu.Lock()
	defer a.stuck.mu.Unlock()
	return a.stuck.why
}

// vainWait remembers the first wait for a change to show that ran out its
// whole settle timeout in vain, and the longest any change took to show: a
// target that let one change go unshown that long has made its point, and the
// stateful checks after it wait some times the slowest change seen instead.
type vainWait struct {
	mu      sync.Mutex
	why     string
	slowest time.Duration
}

// NoteWaitedInVain records that a check waited its whole settle timeout for
// a change that did not show; only the first is kept.
func (a *API) NoteWaitedInVain(why string) {
	a.vain.mu.Lock()
	defer a.vain.mu.Unlock()
	if a.vain.why == "" {
		a.vain.why = why
	}
}

// WaitedInVain is what NoteWaitedInVain recorded, "" when no wait ran out.
func (a *API) WaitedInVain() string {
	a.vain.mu.Lock()
	defer a.vain.mu.Unlock()
	return a.vain.why
}

// NoteShowed records that a change took d to show.
func (a *API) NoteShowed(d time.Duration) {
	a.vain.mu.Lock()
	defer a.vain.mu.Unlock()
	a.vain.slowest = max(a.vain.slowest, d)
}

// Slowest is the longest a change recorded with NoteShowed took to show.
func (a *API) Slowest() time.Duration {
	a.vain.mu.Lock()
	defer a.vain.mu.Unlock()
	return a.vain.slowest
}
