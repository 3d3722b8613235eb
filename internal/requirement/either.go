package requirement

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// Input the documentation does not settle: each documented outcome is
// accepted, but the answer must still conform and change nothing unexpected.
var (
	EitherEmptyObject = eitherWay("EITHER-EMPTY-OBJECT", "answers an empty object {} with 200 or 400, conformant either way, changing nothing",
		func(s *engine.Spec) contract.Request { return s.BindRequest(`{}`) })
	EitherEmptyArrays = eitherWay("EITHER-EMPTY-ARRAYS", "answers empty queue and pool arrays with 200 or 400, conformant either way, changing nothing",
		func(s *engine.Spec) contract.Request {
			return s.BindRequest(`{"queues": [], "elastic_resource_pools": []}`)
		})

	// Unknown fields beside a valid queue: 200 binding just that queue (a bind
	// was asked, so is_success must be true), or 400 binding nothing.
	EitherExtraFields = Requirement{ID: "EITHER-EXTRA-FIELDS", Group: Either, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "answers unknown extra fields beside a valid queue with 200 binding just that queue, or 400 binding nothing",
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.RestoreAfter(ctx)
			queue := dli.BindBody{Queues: s.Run.Cfg.Queues[:1]}
			x := s.Send(ctx, s.BindRequest(s.JSON(map[string]any{"queues": queue.Queues, "conformance_unknown_field": true, "priority": 3})))
			s.Must(check.Status(x, 200, 400))
			if x.Status == 400 {
				s.Must(check.ErrorBody(x))
				s.UnchangedAfterQuiet(ctx, before, x)
				return
			}
			s.Must(check.Succeeded(x))
			s.BindsJustThat(ctx, x, before, queue)
		}}

	EitherNullArrays = eitherWay("EITHER-NULL-ARRAYS", "answers null queue and pool arrays with 200 or 400, conformant either way, changing nothing",
		func(s *engine.Spec) contract.Request {
			return s.BindRequest(`{"queues": null, "elastic_resource_pools": null}`)
		})
	// What an SDK sends when the request's body is nil.
	EitherNoBody = eitherWay("EITHER-NO-BODY", "answers a POST with no body at all with 200 or 400, conformant either way, changing nothing",
		func(s *engine.Spec) contract.Request {
			req := s.BindRequest("")
			req.Body = nil
			return req
		})
)

// eitherWay is the requirement that a request asking to bind nothing is
// answered 400 with the error body, or 200 with is_success true, or 200 with
// is_success false and a message; whichever, nothing changes. It changes
// nothing on any target the documentation allows, so it only reads: it runs
// beside other read-only requirements, and where mutations are not allowed.
func eitherWay(id, title string, request func(*engine.Spec) contract.Request) Requirement {
	return Requirement{ID: id, Group: Either, Needs: []Need{NeedConnection}, Title: title,
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.Guard(ctx)
			x := s.Send(ctx, request(s))
			s.Must(check.Status(x, 200, 400))
			if x.Status == 400 {
				s.Must(check.ErrorBody(x))
			} else {
				s.Must(check.Answered(x))
				s.Must(check.SucceededOrDeclined(x))
			}
			s.UnchangedAfterQuiet(ctx, before, x)
		}}
}
