package harness

import (
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
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

// GeneratedRequirement is a generated case as a requirement: its id and title,
// its kind as the group, what it needs, whether it binds, and the error codes a
// refusal with 400 must carry.
func GeneratedRequirement(c generate.Case) requirement.Requirement {
	r := requirement.Requirement{ID: c.ID, Title: c.Title, Group: requirement.Group(c.Kind),
		Needs: []requirement.Need{requirement.NeedConnection, requirement.NeedQueues}, Extra: []string{"generated"}}
	if slices.Contains(c.Uses, PoolsField) {
		r.Needs = append(r.Needs, requirement.NeedPools)
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
		return requirement.ConnUnknown.Codes
	case c.Expect.Valid:
		return requirement.QueueUnknown.Codes
	default:
		return requirement.BodyMalformedJSON.Codes
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
