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
// caller judges) and every exchange it made. Polling starts at 25ms and backs
// off to 2s.
func (a *API) AwaitSettled(ctx context.Context, conn string, want BindBody, timeout time.Duration) (*Connection, []*client.Exchange, error) {
	deadline := time.Now().Add(timeout)
	interval := 25 * time.Millisecond
	var xs []*client.Exchange
	for {
		c, x, err := a.Show(ctx, conn)
		xs = append(xs, x)
		if err != nil || c.Settled(want) || !time.Now().Add(interval).Before(deadline) {
			return c, xs, err
		}
		select {
		case <-ctx.Done():
			return c, xs, nil
		case <-time.After(interval):
		}
		interval = min(interval*2, 2*time.Second)
	}
}
