package suites

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

var _ = Describe("POST …/associate-queue with a malformed body", func() {
	rejects := func(ctx SpecContext, req contract.Request, allowed ...int) {
		before := guard(ctx)
		mustViolate(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, allowed...)
	}
	for _, c := range []struct {
		r    requirement.Requirement
		body string
	}{
		{requirement.BodyMalformedJSON, `{"queues": ["%s"`},
		{requirement.BodyArray, `["%s"]`},
		{requirement.BodyString, `"%s"`},
		{requirement.BodyNumber, `42`},
		{requirement.QueuesNotArray, `{"queues": "%s"}`},
		{requirement.QueueElementNumber, `{"queues": [42]}`},
		{requirement.QueueElementObject, `{"queues": [{"name": "%s"}]}`},
		{requirement.QueueElementNull, `{"queues": [null]}`},
	} {
		Requirement(c.r, func(ctx SpecContext) {
			rejects(ctx, bindRequest(withQueue(c.body)), 400)
		})
	}

	Requirement(requirement.ContentTypeNotJSON, func(ctx SpecContext) {
		req := bindRequest(jsonOf(map[string][]string{"queues": env.cfg.Queues[:1]}))
		req.Header = http.Header{"Content-Type": {"text/plain"}}
		rejects(ctx, req, 400, 415)
	})
})

// withQueue puts the first configured queue where the template has %s.
func withQueue(template string) string {
	return strings.ReplaceAll(template, "%s", env.cfg.Queues[0])
}
