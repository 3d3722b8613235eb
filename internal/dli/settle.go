package dli

import (
	"context"
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
)

// Settled reports whether every name of want is listed and none of them is still
// CREATING: binding is asynchronous, and a peering ends ACTIVE or FAILED.
func (c *Connection) Settled(want BindBody) bool {
	return settled(c.Queues, want.Queues) && settled(c.Pools, want.Pools)
}

func settled(peers []Peer, names []string) bool {
	for _, n := range names {
		i := slices.IndexFunc(peers, func(p Peer) bool { return p.Name == n })
		if i < 0 || peers[i].Status == "CREATING" {
			return false
		}
	}
	return true
}

// AwaitSettled queries the connection until the bindings of want are listed and
// settled, or until timeout has passed; it returns the last answer (which the
// caller judges) and every exchange it made. It reads as often as NextPoll
// says, every 2s at most.
func (a *API) AwaitSettled(ctx context.Context, conn string, want BindBody, timeout time.Duration) (*Connection, []*client.Exchange, error) {
	start := time.Now()
	deadline := start.Add(timeout)
	var xs []*client.Exchange
	for {
		c, x, err := a.Show(ctx, conn)
		xs = append(xs, x)
		interval := NextPoll(time.Since(start), 2*time.Second)
		if err != nil || c.Settled(want) || !time.Now().Add(interval).Before(deadline) {
			return c, xs, err
		}
		select {
		case <-ctx.Done():
			return c, xs, nil
		case <-time.After(interval):
		}
	}
}
