package requirement

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/ids"
)

// Binds to a connection that cannot take them: refused with the error body,
// nothing changed.
var (
	ConnUnknown = Requirement{ID: "CONN-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesNoConnection,
		Title: "rejects a well-formed UUID that is no connection with 400 and the DLI error body",
		Check: func(ctx context.Context, s *engine.Spec) {
			refusedBind(ctx, s, bindTo(s, s.Run.Cfg.ProjectID, ids.NewUUID()), true, 400)
		}}

	ConnNotUUID = Requirement{ID: "CONN-NOT-UUID", Group: Negative, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesNoConnection,
		Title: "rejects a connection id that is not a UUID with 400 and the DLI error body",
		Check: func(ctx context.Context, s *engine.Spec) {
			refusedBind(ctx, s, bindTo(s, s.Run.Cfg.ProjectID, "conformance-not-a-uuid"), false, 400)
		}}

	ConnDeleted = Requirement{ID: "CONN-DELETED", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedDeletedConnection}, Codes: codesDeletedConnection,
		Title: "rejects a deleted connection with 400 and the DLI error body",
		Check: func(ctx context.Context, s *engine.Spec) {
			s.GuardConnection(ctx, s.Run.Cfg.DeletedConnectionID)
			refusedBind(ctx, s, bindTo(s, s.Run.Cfg.ProjectID, s.Run.Cfg.DeletedConnectionID), true, 400)
		}}

	ProjectOther = Requirement{ID: "PROJECT-OTHER", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Title: "refuses the connection under another project's id with 4xx and binds nothing",
		Check: func(ctx context.Context, s *engine.Spec) {
			refusedBind(ctx, s, bindTo(s, otherProjectID(s.Run.Cfg.ProjectID), s.Run.Cfg.ConnectionID), true, 400, 401, 403, 404)
		}}
)

// refusedBind sends req after proving it valid or invalid by the contract, and
// checks that it is refused with one of allowed and changes nothing.
func refusedBind(ctx context.Context, s *engine.Spec, req contract.Request, valid bool, allowed ...int) {
	before := s.Guard(ctx)
	if valid {
		s.MustConform(ctx, req)
	} else {
		s.MustViolate(ctx, req)
	}
	s.RejectedUnchanged(ctx, s.Send(ctx, req), before, allowed...)
}

// bindTo is a bind of the first configured queue to conn of project.
func bindTo(s *engine.Spec, project, conn string) contract.Request {
	return contract.JSONRequest("POST", dli.BindPath(project, conn), []byte(s.JSON(dli.BindBody{Queues: s.Run.Cfg.Queues[:1]})))
}

// otherProjectID returns a project id of the same form that is not the
// configured one.
func otherProjectID(own string) string {
	for {
		if id := ids.NewHex(16); id != own {
			return id
		}
	}
}
