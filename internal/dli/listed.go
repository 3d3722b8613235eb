package dli

import (
	"context"
	"slices"
	"time"
)

// Listed reports whether every name of want is listed, in whatever state.
func (c *Connection) Listed(want BindBody) bool {
	has := func(peers []Peer, names []string) bool {
		for _, n := range names {
			if !slices.ContainsFunc(peers, func(p Peer) bool { return p.Name == n }) {
				return false
			}
		}
		return true
	}
	return c != nil && has(c.Queues, want.Queues) && has(c.Pools, want.Pools)
}

// AwaitListed queries the connection until every name of want is listed, in
// whatever state, or timeout has passed, and returns how long that took and
// whether they showed. It reads as often as NextPoll says, every second at most.
func (a *API) AwaitListed(ctx context.Context, conn string, want BindBody, timeout time.Duration) (time.Duration, bool) {
	start := time.Now()
	for {
		c, _, err := a.Show(ctx, conn)
		if err == nil && c.Listed(want) {
			return time.Since(start), true
		}
		interval := NextPoll(time.Since(start), time.Second)
		if time.Since(start)+interval > timeout {
			return time.Since(start), false
		}
		select {
		case <-ctx.Done():
			return time.Since(start), false
		case <-time.After(interval):
		}
	}
}
