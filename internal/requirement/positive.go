package requirement

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// Valid binds: answered 200 with is_success true and a JSON body, and each name
// listed once afterwards, nothing else changed.
var (
	BindQueues = Requirement{ID: "BIND-QUEUES", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "binds a list of queues with 200, is_success true and a JSON body, and lists each queue once in available_queue_info",
		Check: func(ctx context.Context, s *engine.Spec) {
			bindsAndShows(ctx, s, dli.BindBody{Queues: s.Run.Cfg.Queues})
		}}

	BindPools = Requirement{ID: "BIND-POOLS", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedPools},
		Title: "binds elastic resource pools alone with 200 and lists each once in elastic_resource_pools",
		Check: func(ctx context.Context, s *engine.Spec) { bindsAndShows(ctx, s, dli.BindBody{Pools: s.Run.Cfg.Pools}) }}

	BindQueuesAndPools = Requirement{ID: "BIND-QUEUES-AND-POOLS", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues, NeedPools},
		Title: "binds queues and elastic resource pools together with 200 and lists both",
		Check: func(ctx context.Context, s *engine.Spec) {
			bindsAndShows(ctx, s, dli.BindBody{Queues: s.Run.Cfg.Queues, Pools: s.Run.Cfg.Pools})
		}}

	BindAgain = Requirement{ID: "BIND-AGAIN", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "answers 200 or 400 with the error body to binding an already-bound queue and never lists it twice",
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.RestoreAfter(ctx)
			body := dli.BindBody{Queues: s.Run.Cfg.Queues[:1]}
			x := s.Send(ctx, s.BindRequest(string(body.JSON())))
			s.Must(check.Status(x, 200))
			s.Must(check.Succeeded(x))
			s.BindsJustThat(ctx, x, before, body)
			// Binding it again.
			x = s.Send(ctx, s.BindRequest(string(body.JSON())))
			s.Must(check.Status(x, 200, 400))
			if x.Status == 400 {
				s.Must(check.ErrorBody(x))
			} else {
				s.Must(check.Succeeded(x))
			}
			s.BindsJustThat(ctx, x, before, body)
		}}
)

func bindsAndShows(ctx context.Context, s *engine.Spec, body dli.BindBody) {
	before := s.RestoreAfter(ctx)
	req := s.BindRequest(string(body.JSON()))
	s.MustConform(ctx, req)
	x := s.Send(ctx, req)
	s.Must(check.Status(x, 200))
	s.Must(check.JSONContentType(x))
	s.Must(check.Succeeded(x))
	s.BindsJustThat(ctx, x, before, body)
}
