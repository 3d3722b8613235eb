package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// The documentation does not settle these inputs: each documented outcome is
// accepted, but the answer must still conform and change nothing unexpected.
var _ = Describe("POST …/associate-queue with input the documentation leaves open", func() {
	// eitherWay judges a request that asks to bind nothing: 400 with the error
	// body, or 200 with is_success true, or 200 with is_success false and a
	// message; whichever, nothing changes.
	eitherWay := func(ctx SpecContext, req contract.Request) {
		before := restoreAfter(ctx)
		x := send(ctx, req)
		must(check.Status(x, 200, 400))
		if x.Status == 400 {
			must(check.ErrorBody(x))
		} else {
			must(check.Answered(x))
			must(check.SucceededOrDeclined(x))
		}
		unchangedAfterQuiet(ctx, before, x)
	}

	Requirement(requirement.EitherEmptyObject, func(ctx SpecContext) {
		eitherWay(ctx, bindRequest(`{}`))
	})

	Requirement(requirement.EitherEmptyArrays, func(ctx SpecContext) {
		eitherWay(ctx, bindRequest(`{"queues": [], "elastic_resource_pools": []}`))
	})

	Requirement(requirement.EitherNullArrays, func(ctx SpecContext) {
		eitherWay(ctx, bindRequest(`{"queues": null, "elastic_resource_pools": null}`))
	})

	Requirement(requirement.EitherNoBody, func(ctx SpecContext) {
		// What an SDK sends when the request's body is nil.
		req := bindRequest("")
		req.Body = nil
		eitherWay(ctx, req)
	})

	// Unknown fields beside a valid queue: 200 binding just that queue (a bind
	// was asked, so is_success must be true), or 400 binding nothing.
	Requirement(requirement.EitherExtraFields, func(ctx SpecContext) {
		before := restoreAfter(ctx)
		queue := dli.BindBody{Queues: env.cfg.Queues[:1]}
		x := send(ctx, bindRequest(jsonOf(map[string]any{"queues": queue.Queues, "conformance_unknown_field": true, "priority": 3})))
		must(check.Status(x, 200, 400))
		if x.Status == 400 {
			must(check.ErrorBody(x))
			unchangedAfterQuiet(ctx, before, x)
			return
		}
		must(check.Succeeded(x))
		bindsJustThat(ctx, x, before, queue)
	})
})
