package requirement

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// What associate-queue must not serve: other methods, and requests without
// valid credentials.
var (
	MethodGet    = method("METHOD-GET", "GET", false, []Need{NeedConnection})
	MethodPut    = method("METHOD-PUT", "PUT", true, []Need{NeedConnection, NeedQueues})
	MethodDelete = method("METHOD-DELETE", "DELETE", false, []Need{NeedConnection})

	AuthMissing = Requirement{ID: "AUTH-MISSING", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedCredentials}, Codes: codesAuth,
		Title: "rejects a request without credentials with 401 and binds nothing",
		Check: func(ctx context.Context, s *engine.Spec) { refusedCredentials(ctx, s, client.None) }}

	AuthWrong = Requirement{ID: "AUTH-WRONG", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedCredentials}, Codes: codesAuth,
		Title: "rejects a request with a wrong token with 401 and binds nothing",
		Check: func(ctx context.Context, s *engine.Spec) { refusedCredentials(ctx, s, client.Wrong) }}
)

// method is the requirement that verb on associate-queue is answered 404 or
// 405, never served.
func method(id, verb string, body bool, needs []Need) Requirement {
	return Requirement{ID: id, Group: Negative, Needs: needs,
		Title: "answers " + verb + " on associate-queue with 404 or 405, never 2xx",
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.Guard(ctx)
			req := contract.Request{Method: verb, Target: dli.BindPath(s.Run.Cfg.ProjectID, s.Run.Cfg.ConnectionID)}
			if body {
				req = contract.JSONRequest(verb, req.Target, []byte(s.JSON(dli.BindBody{Queues: s.Run.Cfg.Queues[:1]})))
			}
			s.MustViolate(ctx, req)
			s.RejectedUnchanged(ctx, s.Send(ctx, req), before, 404, 405)
		}}
}

func refusedCredentials(ctx context.Context, s *engine.Spec, creds client.Credentials) {
	before := s.Guard(ctx)
	req := s.BindRequest(s.JSON(dli.BindBody{Queues: s.Run.Cfg.Queues[:1]}))
	if creds == client.None {
		s.MustViolateAs(ctx, creds, req)
	}
	x := s.SendAs(ctx, creds, req)
	s.Must(check.AuthRejected(x, AuthStatusCodes))
	s.Must(check.ErrorCode(x, s.ExpectedCodes()))
	s.UnchangedAfterQuiet(ctx, before, x)
}
