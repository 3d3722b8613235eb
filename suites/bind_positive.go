package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

var _ = Describe("POST …/associate-queue with valid input", func() {
	bindsAndShows := func(ctx SpecContext, body dli.BindBody) {
		before := restoreAfter(ctx)
		req := bindRequest(string(body.JSON()))
		mustConform(ctx, req)
		x := send(ctx, req)
		must(check.Status(x, 200))
		must(check.JSONContentType(x))
		must(check.Succeeded(x))
		bindsJustThat(ctx, x, before, body)
	}

	Requirement(requirement.BindQueues, func(ctx SpecContext) {
		bindsAndShows(ctx, dli.BindBody{Queues: env.cfg.Queues})
	})

	Requirement(requirement.BindPools, func(ctx SpecContext) {
		bindsAndShows(ctx, dli.BindBody{Pools: env.cfg.Pools})
	})

	Requirement(requirement.BindQueuesAndPools, func(ctx SpecContext) {
		bindsAndShows(ctx, dli.BindBody{Queues: env.cfg.Queues, Pools: env.cfg.Pools})
	})

	Requirement(requirement.BindAgain, func(ctx SpecContext) {
		before := restoreAfter(ctx)
		body := dli.BindBody{Queues: env.cfg.Queues[:1]}
		By("binding the queue once")
		x := send(ctx, bindRequest(string(body.JSON())))
		must(check.Status(x, 200))
		must(check.Succeeded(x))
		bindsJustThat(ctx, x, before, body)
		By("binding it again")
		x = send(ctx, bindRequest(string(body.JSON())))
		must(check.Status(x, 200, 400))
		if x.Status == 400 {
			must(check.ErrorBody(x))
		} else {
			must(check.Succeeded(x))
		}
		bindsJustThat(ctx, x, before, body)
	})
})
