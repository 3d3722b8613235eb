package stateful

import (
	"context"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// reading is the connection as show and as list answered it, one after the other.
type reading struct {
	at            time.Time // when the show was sent
	shown, listed *dli.Connection
	showX, listX  *client.Exchange
	exchanges     []*client.Exchange
}

// read shows the connection and finds it in the list. A failure is a read that
// did not answer, or a list without the connection.
func read(ctx context.Context, t Target, pageSize int) (reading, *Failure) {
	r := reading{at: time.Now()}
	shown, x, err := t.API.Show(ctx, t.Connection)
	r.showX = x
	r.exchanges = append(r.exchanges, x)
	if err != nil {
		return r, readFailure(x, err)
	}
	r.shown = shown
	listed, xs, err := t.API.FindListed(ctx, t.Connection, pageSize)
	r.exchanges = append(r.exchanges, xs...)
	r.listX = xs[len(xs)-1]
	if err != nil {
		return r, readFailure(r.listX, err)
	}
	if listed == nil {
		return r, failure(RuleUnlisted, Resource{}, r.listX, "list does not hold connection %s, which show answers", t.Connection)
	}
	r.listed = listed
	return r, nil
}

func readFailure(x *client.Exchange, err error) *Failure {
	if x.Err != nil {
		return failure(RuleTransport, Resource{}, x, "%v", err)
	}
	return failure(RuleRead, Resource{}, x, "%v", err)
}

// exchange returns the exchange of a reading that showed a problem.
func (r reading) exchange(where string) *client.Exchange {
	if where == "list" {
		return r.listX
	}
	return r.showX
}
