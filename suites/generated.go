package suites

import (
	"fmt"
	"slices"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// The name lists of associate-queue, as generated cases name them, and where the
// query operation lists what each binds.
const (
	queuesField = "body.queues[]"
	poolsField  = "body.elastic_resource_pools[]"
)

// generatedInputs says where the configuration holds each input the generator reads.
var generatedInputs = []struct {
	field string
	get   func(config.Config) []string
}{
	{"path.project_id", func(c config.Config) []string { return nonEmpty(c.ProjectID) }},
	{"path.connection_id", func(c config.Config) []string { return nonEmpty(c.ConnectionID) }},
	{queuesField, func(c config.Config) []string { return c.Queues }},
	{poolsField, func(c config.Config) []string { return c.Pools }},
}

// The list is built while Ginkgo builds the tree, inside RunSpecs, from the
// configuration Run was given.
var _ = Describe("generated cases", Label("generated"), func() {
	plan, err := generatedPlan(runConfig)
	if err != nil {
		It("generates the cases from the contract", func() { Fail("[input] cannot generate the cases: " + err.Error()) })
		return
	}
	for _, c := range plan.Cases {
		args := []any{Label(generatedLabels(c)...)}
		if c.Kind == generate.Positive {
			args = append(args, Serial)
		}
		args = append(args, func(ctx SpecContext) { runGenerated(ctx, c) })
		It(c.Title, args...)
	}
})

func generatedPlan(cfg config.Config) (generate.Plan, error) {
	ct, err := contract.Load(cfg.Profile)
	if err != nil {
		return generate.Plan{}, err
	}
	in := generate.Inputs{Values: map[string][]string{}}
	for _, gi := range generatedInputs {
		if v := gi.get(cfg); len(v) > 0 {
			in.Values[gi.field] = v
		}
	}
	return generate.Build(ct, in, generate.Options{Operation: contract.OpBind, Seed: cfg.Seed, MaxCases: cfg.MaxCases})
}

func generatedLabels(c generate.Case) []string {
	labels := []string{"id:" + c.ID, "kind:" + string(c.Kind), "op:" + c.Operation, "needs:connection", "needs:queues"}
	if slices.Contains(c.Uses, poolsField) {
		labels = append(labels, "needs:pools")
	}
	if c.Kind == generate.Positive {
		labels = append(labels, "mutates")
	}
	return labels
}

func runGenerated(ctx SpecContext, c generate.Case) {
	if env.cfg.ConnectionID == "" {
		Skip("DLI_CONNECTION_ID is not set: the generated cases need an active connection")
	}
	if len(env.cfg.Queues) == 0 {
		Skip("DLI_QUEUES is not set: the generated cases need existing queues")
	}
	for _, e := range c.Exercised {
		AddReportEntry(report.FieldEntry, report.FieldEntryValue(c.Operation, e.Field, e.Positive), ReportEntryVisibilityNever)
	}
	req := client.Request{Method: c.Request.Method, Target: c.Request.Target, Header: c.Request.Header.Clone(), Body: c.Request.Body}
	if c.Expect.Accepted {
		bindsExactly(ctx, c, req)
		return
	}
	before := bindings(ctx)
	if c.Expect.Valid {
		mustConform(ctx, req)
	} else {
		mustViolate(ctx, req)
	}
	rejectedUnchanged(ctx, send(ctx, req), before, c.Expect.Statuses...)
}

// bindsExactly checks a valid bind: 200, is_success true, each named resource
// listed once, and nothing else changed.
func bindsExactly(ctx SpecContext, c generate.Case, req client.Request) {
	if !env.cfg.MutationsAllowed() {
		Skip("the target is not on loopback and DLI_ALLOW_MUTATIONS is not true: this case changes the connection's bindings")
	}
	before := restoreAfter(ctx)
	want := dli.Bindings{Queues: c.Expect.Bound[queuesField], Pools: c.Expect.Bound[poolsField]}
	for _, n := range append(slices.Clone(want.Queues), want.Pools...) {
		if slices.Contains(before.Queues, n) || slices.Contains(before.Pools, n) {
			Skip(fmt.Sprintf("%s is already bound to the connection; binding it again is BIND-AGAIN's question", n))
		}
	}
	mustConform(ctx, req)
	x := send(ctx, req)
	must(check.Status(x, 200))
	must(check.JSONContentType(x))
	must(check.Succeeded(x))
	conn := awaitBound(ctx, dli.BindBody{Queues: want.Queues, Pools: want.Pools})
	must(check.BoundOnce("available_queue_info", conn.Queues, want.Queues, x))
	must(check.BoundOnce("elastic_resource_pools", conn.Pools, want.Pools, x))
	expected := dli.Bindings{Queues: append(slices.Clone(before.Queues), want.Queues...), Pools: append(slices.Clone(before.Pools), want.Pools...)}
	if after := conn.Bindings(); !after.Equal(expected) {
		must(&check.Failure{Kind: check.KindEffect, Exchange: x, Msg: fmt.Sprintf(
			"after the bind the connection has %s; want exactly %s, what it had and each named resource once", after, expected)})
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
