package requirement

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// Binds naming what does not exist: refused, nothing bound.
var (
	QueueUnknown = Requirement{ID: "QUEUE-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection}, Codes: codesNoQueue,
		Title: "rejects an unknown queue with 400 and the DLI error body, binding nothing",
		Check: func(ctx context.Context, s *engine.Spec) {
			refusesBody(ctx, s, dli.BindBody{Queues: []string{unknownName(s)}})
		}}

	PoolUnknown = Requirement{ID: "POOL-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection, NeedPoolsDocumented}, Codes: codesNoQueue,
		Title: "rejects an unknown elastic resource pool with 400 and the DLI error body, binding nothing",
		Check: func(ctx context.Context, s *engine.Spec) {
			refusesBody(ctx, s, dli.BindBody{Pools: []string{unknownName(s)}})
		}}

	QueuePartlyUnknown = Requirement{ID: "QUEUE-PARTLY-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesNoQueue,
		Title: "rejects one known and one unknown queue with 400 and binds neither",
		Check: func(ctx context.Context, s *engine.Spec) {
			refusesBody(ctx, s, dli.BindBody{Queues: []string{s.Run.Cfg.Queues[0], unknownName(s)}})
		}}
)

func refusesBody(ctx context.Context, s *engine.Spec, body dli.BindBody) {
	refusedBind(ctx, s, s.BindRequest(s.JSON(body)), true, 400)
}

// unknownName returns a queue or pool name that no account has, drawn from
// DLI_SEED and the requirement, as the walks draw theirs: the same seed names
// the same missing resources (a differential run compares them), another seed
// others.
func unknownName(s *engine.Spec) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", s.Run.Cfg.Seed, s.Req.ID)
	return fmt.Sprintf("conformance_missing_%08x", uint32(h.Sum64()))
}
