package client

import (
	"sync"
	"time"
)

// budget is the time all requests of a client may spend waiting on throttling.
// A nil budget is unbounded.
type budget struct {
	mu    sync.Mutex
	total time.Duration
	spent time.Duration
	gone  bool
}

func newBudget(total time.Duration) *budget {
	if total <= 0 {
		return nil
	}
	return &budget{total: total}
}

// take reserves d of the budget. Once a wait does not fit, the budget counts as
// spent: every later throttled request fails at once rather than waiting for
// the scraps.
func (b *budget) take(d time.Duration) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.gone || b.spent+d > b.total {
		b.gone = true
		return false
	}
	b.spent += d
	return true
}
