package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

var _ = Describe("associate-queue refuses what it must not serve", func() {
	for _, c := range []struct {
		r      requirement.Requirement
		method string
		body   bool
	}{
		{requirement.MethodGet, "GET", false},
		{requirement.MethodPut, "PUT", true},
		{requirement.MethodDelete, "DELETE", false},
	} {
		Requirement(c.r, func(ctx SpecContext) {
			before := guard(ctx)
			req := contract.Request{Method: c.method, Target: dli.BindPath(env.cfg.ProjectID, env.cfg.ConnectionID)}
			if c.body {
				req = contract.JSONRequest(c.method, req.Target, []byte(jsonOf(dli.BindBody{Queues: env.cfg.Queues[:1]})))
			}
			mustViolate(ctx, req)
			rejectedUnchanged(ctx, send(ctx, req), before, 404, 405)
		})
	}

	for _, c := range []struct {
		r     requirement.Requirement
		creds client.Credentials
	}{
		{requirement.AuthMissing, client.None},
		{requirement.AuthWrong, client.Wrong},
	} {
		Requirement(c.r, func(ctx SpecContext) {
			before := guard(ctx)
			req := bindRequest(jsonOf(dli.BindBody{Queues: env.cfg.Queues[:1]}))
			if c.creds == client.None {
				mustViolateAs(ctx, c.creds, req)
			}
			x := sendAs(ctx, c.creds, req)
			must(check.AuthRejected(x, requirement.AuthStatusCodes))
			must(check.ErrorCode(x, expectedCodes()))
			unchangedAfterQuiet(ctx, before, x)
		})
	}
})
