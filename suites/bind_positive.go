package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

var _ = Describe("POST …/associate-queue with valid input", Label("op:associateQueueToEnhancedConnection"), func() {
	bindsAndShows := func(ctx SpecContext, body dli.BindBody) {
		restoreAfter(ctx)
		req := bindRequest(string(body.JSON()))
		mustConform(ctx, req)
		x := send(ctx, req)
		must(check.Status(x, 200))
		must(check.JSONContentType(x))
		must(check.Succeeded(x))
		conn := awaitBound(ctx, body)
		must(check.BoundOnce("available_queue_info", conn.Queues, body.Queues, x))
		must(check.BoundOnce("elastic_resource_pools", conn.Pools, body.Pools, x))
	}

	Requirement("BIND-QUEUES", func(ctx SpecContext) {
		bindsAndShows(ctx, dli.BindBody{Queues: env.cfg.Queues})
	})

	Requirement("BIND-POOLS", func(ctx SpecContext) {
		bindsAndShows(ctx, dli.BindBody{Pools: env.cfg.Pools})
	})

	Requirement("BIND-QUEUES-AND-POOLS", func(ctx SpecContext) {
		bindsAndShows(ctx, dli.BindBody{Queues: env.cfg.Queues, Pools: env.cfg.Pools})
	})

	Requirement("BIND-AGAIN", func(ctx SpecContext) {
		restoreAfter(ctx)
		body := dli.BindBody{Queues: env.cfg.Queues[:1]}
		By("binding the queue once")
		must(check.Status(send(ctx, bindRequest(string(body.JSON()))), 200))
		By("binding it again")
		x := send(ctx, bindRequest(string(body.JSON())))
		must(check.Status(x, 200, 400))
		if x.Status == 400 {
			must(check.ErrorBody(x))
		}
		must(check.BoundOnce("available_queue_info", awaitBound(ctx, body).Queues, body.Queues, x))
	})
})
