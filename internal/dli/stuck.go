package dli

import "sync"

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
