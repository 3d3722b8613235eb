package suites

import (
	"fmt"
	"hash/fnv"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

var _ = Describe("POST …/associate-queue naming what does not exist", func() {
	rejectsBody := func(ctx SpecContext, body dli.BindBody) {
		before := guard(ctx)
		req := bindRequest(jsonOf(body))
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	}

	Requirement(requirement.QueueUnknown, func(ctx SpecContext) {
		rejectsBody(ctx, dli.BindBody{Queues: []string{unknownName()}})
	})

	Requirement(requirement.PoolUnknown, func(ctx SpecContext) {
		rejectsBody(ctx, dli.BindBody{Pools: []string{unknownName()}})
	})

	Requirement(requirement.QueuePartlyUnknown, func(ctx SpecContext) {
		rejectsBody(ctx, dli.BindBody{Queues: []string{env.cfg.Queues[0], unknownName()}})
	})
})

// unknownName returns a queue or pool name that no account has, drawn from
// DLI_SEED and the requirement, as the walks draw theirs: the same seed names
// the same missing resources (a differential run compares them), another seed
// others.
func unknownName() string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", env.cfg.Seed, current.ID)
	return fmt.Sprintf("conformance_missing_%08x", uint32(h.Sum64()))
}
