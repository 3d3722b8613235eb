package suites

import (
	"fmt"
	"slices"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/harness"
)

// The list is built while Ginkgo builds the tree, inside RunSpecs, from the
// configuration Run was given.
var _ = Describe("generated cases", func() {
	ct, err := contract.Shared(runConfig.Profile)
	var plan generate.Plan
	if err == nil {
		plan, err = harness.GeneratedPlan(ct, runConfig)
	}
	if err != nil {
		It("generates the cases from the contract", Label("generated"), func() { Fail("[input] cannot generate the cases: " + err.Error()) })
		return
	}
	for _, c := range plan.Cases {
		declare(harness.GeneratedRequirement(c), func(ctx SpecContext) { runGenerated(ctx, c) })
	}
})

func runGenerated(ctx SpecContext, c generate.Case) {
	recordExercised(c.Operation, c.Exercised)
	req := c.Request.Clone()
	if c.Expect.Accepted {
		bindsExactly(ctx, c, req)
		return
	}
	before := guard(ctx)
	if c.Expect.Valid {
		mustConform(ctx, req)
	} else {
		mustViolate(ctx, req)
	}
	x := send(ctx, req)
	if c.Expect.Unrouted {
		rejectedAsUnrouted(ctx, x, before, c.Expect.Statuses)
		return
	}
	rejectedUnchanged(ctx, x, before, c.Expect.Statuses...)
}

// bindsExactly checks a valid bind: 200, is_success true, each named resource
// listed once, and nothing else changed.
func bindsExactly(ctx SpecContext, c generate.Case, req contract.Request) {
	before := restoreAfter(ctx)
	want := dli.BindBody{Queues: c.Expect.Bound[harness.QueuesField], Pools: c.Expect.Bound[harness.PoolsField]}
	for _, n := range append(slices.Clone(want.Queues), want.Pools...) {
		if slices.Contains(before.Queues, n) || slices.Contains(before.Pools, n) {
			Skip(fmt.Sprintf("%s is already bound to the connection; binding it again is BIND-AGAIN's question", n))
		}
	}
	mustConform(ctx, req)
	x := send(ctx, req)
	must(check.Status(x, 200))
	must(check.JSONContentType(x))
	must(check.Succeeded(x))
	bindsJustThat(ctx, x, before, want)
}
