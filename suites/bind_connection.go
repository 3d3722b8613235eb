package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/ids"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

var _ = Describe("POST …/associate-queue to a connection that cannot take it", func() {
	bindTo := func(project, conn string) contract.Request {
		return contract.JSONRequest("POST", dli.BindPath(project, conn), []byte(jsonOf(dli.BindBody{Queues: env.cfg.Queues[:1]})))
	}

	Requirement(requirement.ConnUnknown, func(ctx SpecContext) {
		before := guard(ctx)
		req := bindTo(env.cfg.ProjectID, ids.NewUUID())
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	})

	Requirement(requirement.ConnNotUUID, func(ctx SpecContext) {
		before := guard(ctx)
		req := bindTo(env.cfg.ProjectID, "conformance-not-a-uuid")
		mustViolate(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	})

	Requirement(requirement.ConnDeleted, func(ctx SpecContext) {
		before := guard(ctx)
		req := bindTo(env.cfg.ProjectID, env.cfg.DeletedConnectionID)
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	})

	Requirement(requirement.ProjectOther, func(ctx SpecContext) {
		before := guard(ctx)
		req := bindTo(otherProjectID(env.cfg.ProjectID), env.cfg.ConnectionID)
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400, 401, 403, 404)
	})
})

// otherProjectID returns a project id of the same form that is not the configured
// one.
func otherProjectID(own string) string {
	for {
		if id := ids.NewHex(16); id != own {
			return id
		}
	}
}
