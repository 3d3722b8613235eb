package suites

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/client"
)

var _ = Describe("POST …/associate-queue with a malformed body", func() {
	rejects := func(ctx SpecContext, req client.Request, allowed ...int) {
		before := bindings(ctx)
		mustViolate(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, allowed...)
	}
	for _, c := range []struct{ id, body string }{
		{"BODY-MALFORMED-JSON", `{"queues": ["%s"`},
		{"BODY-ARRAY", `["%s"]`},
		{"BODY-STRING", `"%s"`},
		{"BODY-NUMBER", `42`},
		{"QUEUES-NOT-ARRAY", `{"queues": "%s"}`},
		{"QUEUE-ELEMENT-NUMBER", `{"queues": [42]}`},
		{"QUEUE-ELEMENT-OBJECT", `{"queues": [{"name": "%s"}]}`},
		{"QUEUE-ELEMENT-NULL", `{"queues": [null]}`},
	} {
		Requirement(c.id, func(ctx SpecContext) {
			rejects(ctx, bindRequest(withQueue(c.body)), 400)
		})
	}

	Requirement("CONTENT-TYPE-NOT-JSON", func(ctx SpecContext) {
		req := bindRequest(jsonOf(map[string][]string{"queues": env.cfg.Queues[:1]}))
		req.Header = http.Header{"Content-Type": {"text/plain"}}
		rejects(ctx, req, 400, 415)
	})
})

// withQueue puts the first configured queue where the template has %s.
func withQueue(template string) string {
	return strings.ReplaceAll(template, "%s", env.cfg.Queues[0])
}
