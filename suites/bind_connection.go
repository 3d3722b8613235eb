package suites

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

var _ = Describe("POST …/associate-queue to a connection that cannot take it", func() {
	bindTo := func(project, conn string) client.Request {
		return client.JSON("POST", dli.BindPath(project, conn), []byte(jsonOf(dli.BindBody{Queues: env.cfg.Queues[:1]})))
	}

	Requirement("CONN-UNKNOWN", func(ctx SpecContext) {
		before := bindings(ctx)
		req := bindTo(env.cfg.ProjectID, randomUUID())
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	})

	Requirement("CONN-NOT-UUID", func(ctx SpecContext) {
		before := bindings(ctx)
		req := bindTo(env.cfg.ProjectID, "conformance-not-a-uuid")
		mustViolate(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	})

	Requirement("CONN-DELETED", func(ctx SpecContext) {
		before := bindings(ctx)
		req := bindTo(env.cfg.ProjectID, env.cfg.DeletedConnectionID)
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400)
	})

	Requirement("PROJECT-OTHER", func(ctx SpecContext) {
		before := bindings(ctx)
		req := bindTo(otherProjectID(env.cfg.ProjectID), env.cfg.ConnectionID)
		mustConform(ctx, req)
		rejectedUnchanged(ctx, send(ctx, req), before, 400, 401, 403, 404)
	})
})

func randomUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

// otherProjectID returns a project id of the same form that is not the configured
// one.
func otherProjectID(own string) string {
	for {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		if id := hex.EncodeToString(b); id != own {
			return id
		}
	}
}
