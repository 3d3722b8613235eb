package suites

import (
	"slices"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// The documentation does not settle these inputs: either documented outcome is
// accepted, but the answer must still conform and change nothing unexpected.
var _ = Describe("POST …/associate-queue with input the documentation leaves open", func() {
	eitherWay := func(ctx SpecContext, body string, bindsOnSuccess []string) {
		before := restoreAfter(ctx)
		x := send(ctx, bindRequest(body))
		must(check.Status(x, 200, 400))
		if x.Status == 400 {
			must(check.ErrorBody(x))
			must(check.Unchanged(before, bindings(ctx), x))
			return
		}
		must(check.Succeeded(x))
		after := awaitBound(ctx, dli.BindBody{Queues: bindsOnSuccess})
		must(check.BoundOnce("available_queue_info", after.Queues, bindsOnSuccess, x))
		expected := before
		for _, q := range bindsOnSuccess {
			if !slices.Contains(before.Queues, q) {
				expected.Queues = append(append([]string(nil), expected.Queues...), q)
			}
		}
		must(check.Unchanged(expected, after.Bindings(), x))
	}

	Requirement("EITHER-EMPTY-OBJECT", func(ctx SpecContext) {
		eitherWay(ctx, `{}`, nil)
	})

	Requirement("EITHER-EMPTY-ARRAYS", func(ctx SpecContext) {
		eitherWay(ctx, `{"queues": [], "elastic_resource_pools": []}`, nil)
	})

	Requirement("EITHER-EXTRA-FIELDS", func(ctx SpecContext) {
		eitherWay(ctx, jsonOf(map[string]any{"queues": env.cfg.Queues[:1], "conformance_unknown_field": true, "priority": 3}), env.cfg.Queues[:1])
	})

	Requirement("EITHER-NULL-ARRAYS", func(ctx SpecContext) {
		eitherWay(ctx, `{"queues": null, "elastic_resource_pools": null}`, nil)
	})
})
