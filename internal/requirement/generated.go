package requirement

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/generate"
)

// The name lists of associate-queue, as generated cases name them.
const (
	QueuesField = "body.queues[]"
	PoolsField  = "body.elastic_resource_pools[]"
)

// generatedInputs says where the configuration holds each input the generator reads.
var generatedInputs = []struct {
	field string
	get   func(config.Config) []string
}{
	{"path.project_id", func(c config.Config) []string { return nonEmpty(c.ProjectID) }},
	{"path.connection_id", func(c config.Config) []string { return nonEmpty(c.ConnectionID) }},
	{QueuesField, func(c config.Config) []string { return c.Queues }},
	{PoolsField, func(c config.Config) []string { return c.Pools }},
}

// GeneratedPlan draws the generated cases of associate-queue for cfg.
func GeneratedPlan(ct *contract.Contract, cfg config.Config) (generate.Plan, error) {
	in := generate.Inputs{Values: map[string][]string{}}
	for _, gi := range generatedInputs {
		if v := gi.get(cfg); len(v) > 0 {
			in.Values[gi.field] = v
		}
	}
	return generate.Build(ct, in, generate.Options{Operation: contract.OpBind, Seed: cfg.Seed, MaxCases: cfg.MaxCases})
}

// Generated draws the generated cases of associate-queue for cfg, each as a
// requirement with its check.
func Generated(ct *contract.Contract, cfg config.Config) ([]Requirement, error) {
	plan, err := GeneratedPlan(ct, cfg)
	if err != nil {
		return nil, err
	}
	out := make([]Requirement, 0, len(plan.Cases))
	for _, c := range plan.Cases {
		out = append(out, GeneratedRequirement(c))
	}
	return out, nil
}

// All is every requirement of a run with cfg: the catalogue, then the
// generated cases.
func All(cfg config.Config) ([]Requirement, error) {
	ct, err := contract.Shared(cfg.Profile)
	if err != nil {
		return nil, err
	}
	gen, err := Generated(ct, cfg)
	if err != nil {
		return nil, fmt.Errorf("cannot generate the cases from the contract: %w", err)
	}
	return append(Catalog(), gen...), nil
}

// GeneratedRequirement is a generated case as a requirement: its id and title,
// its kind as the group, what it needs, whether it binds, the error codes a
// refusal with 400 must carry, and its check.
func GeneratedRequirement(c generate.Case) Requirement {
	r := Requirement{ID: c.ID, Title: c.Title, Group: Group(c.Kind),
		Needs: []Need{NeedConnection, NeedQueues}, Extra: []string{"generated"},
		Check: func(ctx context.Context, s *engine.Spec) { checkGenerated(ctx, s, c) }}
	if slices.Contains(c.Uses, PoolsField) {
		r.Needs = append(r.Needs, NeedPools)
	}
	if c.Kind == generate.Positive {
		r.Mutates = true
		return r
	}
	r.Codes = generatedCodes(c)
	return r
}

// generatedCodes are the documented codes of a generated refusal, as for the
// hand-written requirement of the same failure: a connection id that names no
// connection is CONN-UNKNOWN's question, a just-valid name that names nothing
// QUEUE-UNKNOWN's, a body or path value of the wrong form a parameter error.
// The project id decides which credentials fit, so its refusals carry no
// particular code.
func generatedCodes(c generate.Case) []string {
	switch {
	case strings.HasPrefix(c.Field, "path.project_id"):
		return nil
	case strings.HasPrefix(c.Field, "path.connection_id"):
		return ConnUnknown.Codes
	case c.Expect.Valid:
		return QueueUnknown.Codes
	default:
		return BodyMalformedJSON.Codes
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func checkGenerated(ctx context.Context, s *engine.Spec, c generate.Case) {
	s.Exercised(c.Operation, c.Exercised)
	req := c.Request.Clone()
	if c.Expect.Accepted {
		bindsExactly(ctx, s, c, req)
		return
	}
	before := s.Guard(ctx)
	// A generated path may name another connection of the project (a case
	// variant of an id, say): what it changes there counts too.
	for _, id := range s.Run.Others() {
		if strings.Contains(strings.ToLower(req.Target), "/"+strings.ToLower(id)+"/") {
			s.GuardConnection(ctx, id)
		}
	}
	if c.Expect.Valid {
		s.MustConform(ctx, req)
	} else {
		s.MustViolate(ctx, req)
	}
	x := s.Send(ctx, req)
	if c.Expect.Unrouted {
		s.RejectedAsUnrouted(ctx, x, before, c.Expect.Statuses)
		return
	}
	s.RejectedUnchanged(ctx, x, before, c.Expect.Statuses...)
}

// bindsExactly checks a valid bind: 200, is_success true, each named resource
// listed once, and nothing else changed.
func bindsExactly(ctx context.Context, s *engine.Spec, c generate.Case, req contract.Request) {
	before := s.RestoreAfter(ctx)
	want := dli.BindBody{Queues: c.Expect.Bound[QueuesField], Pools: c.Expect.Bound[PoolsField]}
	for _, n := range append(slices.Clone(want.Queues), want.Pools...) {
		if slices.Contains(before.Queues, n) || slices.Contains(before.Pools, n) {
			s.Skip(fmt.Sprintf("%s is already bound to the connection; binding it again is BIND-AGAIN's question", n))
		}
	}
	s.MustConform(ctx, req)
	x := s.Send(ctx, req)
	s.Must(check.Status(x, 200))
	s.Must(check.JSONContentType(x))
	s.Must(check.Succeeded(x))
	s.BindsJustThat(ctx, x, before, want)
}
