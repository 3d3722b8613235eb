package requirement

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// BindKeepsEarlier binds in two requests: the second must add to what the
// first bound, not replace it (a bind is documented as adding bindings,
// dli_02_0191; only disassociate-queue removes them). The second names every
// other configured queue and every pool at once, so that a target binding
// fewer names than asked, or listing a pool among the queues, fails too.
var BindKeepsEarlier = Requirement{ID: "BIND-KEEPS-EARLIER", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
	Title: "keeps the bindings made before a bind: a second bind of every other queue and pool adds them all beside the first",
	Check: func(ctx context.Context, s *engine.Spec) {
		before := s.RestoreAfter(ctx)
		cfg := s.Run.Cfg
		first := dli.BindBody{Queues: cfg.Queues[:1]}
		x := s.Send(ctx, s.BindRequest(string(first.JSON())))
		s.Must(check.Status(x, 200))
		s.Must(check.Succeeded(x))
		s.BindsJustThat(ctx, x, before, first)
		withFirst := s.Bindings(ctx) // what the first bind left, checked just above
		rest := dli.BindBody{Queues: cfg.Queues[1:]}
		if in := s.Run.Inputs(); in.PoolsDocumented {
			rest.Pools = cfg.Pools
		}
		x = s.Send(ctx, s.BindRequest(string(rest.JSON())))
		s.Must(check.Status(x, 200))
		s.Must(check.Succeeded(x))
		s.BindsJustThat(ctx, x, withFirst, rest)
	}}
