package suites

import (
	"context"
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/ids"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/stateful"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// The walks, the concurrent clients and the lifecycle judge sequences of
// requests against the model of a connection's bindings (internal/stateful).
var _ = Describe("the enhanced-connection API over sequences of requests", func() {
	Requirement(requirement.StatefulWalks, func(ctx SpecContext) {
		restoreAfter(ctx)
		cfg := stateful.Config{Seed: env.cfg.Seed, MaxSteps: env.cfg.MaxSteps, Queues: env.cfg.Queues, Pools: env.cfg.Pools,
			SettleTimeout: settleTimeout(), Contract: env.contract, Reset: embeddedReset()}
		results := stateful.Walks(ctx, target(), cfg, stateful.DefaultWalks)
		noteWalks(ctx, results)
		for _, r := range results {
			AddReportEntry(verdict.StepsEntry, len(r.Steps), ReportEntryVisibilityNever)
			if r.Failure != nil {
				failWith(walkVerdict(r))
			}
			if r.Cleanup != nil {
				failWith(verdict.Failure{Kind: verdict.Hygiene, Message: fmt.Sprintf("walk with seed %d: %v", r.Seed, r.Cleanup)})
			}
		}
	})

	Requirement(requirement.StatefulConcurrent, func(ctx SpecContext) {
		restoreAfter(ctx)
		r := stateful.Concurrent(ctx, target(), stateful.ConcurrentConfig{Clients: env.cfg.Clients, Queues: env.cfg.Queues, Pools: env.cfg.Pools,
			Seed: env.cfg.Seed, SettleTimeout: settleTimeout()})
		AddReportEntry("rate", fmt.Sprintf("%d clients, %d requests in %v: %.0f requests/s (%d applied, %d refused, %d other)",
			r.Clients, r.Requests, r.Duration.Round(1e6), r.Rate, r.Applied, r.Refused, r.Unknown))
		AddReportEntry(verdict.StepsEntry, r.Requests, ReportEntryVisibilityNever)
		if r.Failure != nil {
			v := r.Failure.Verdict()
			v.Message = fmt.Sprintf("with %d concurrent clients: %s", r.Clients, r.Failure.Message)
			for i, h := range r.Histories {
				for _, req := range h {
					v.Steps = append(v.Steps, verdict.Step{Description: fmt.Sprintf("client %d: %s", i, req)})
				}
			}
			failWith(v)
		}
		if r.Cleanup != nil {
			failWith(verdict.Failure{Kind: verdict.Hygiene, Message: r.Cleanup.Error()})
		}
	})

	Requirement(requirement.Lifecycle, func(ctx SpecContext) {
		vpc, subnet := env.cfg.VPCID, env.cfg.SubnetID
		if env.cfg.Embedded() {
			vpc, subnet = ids.NewUUID(), ids.NewUUID()
		}
		r := stateful.Lifecycle(ctx, env.api, stateful.LifecycleConfig{Queues: env.cfg.Queues[:1], DestVPCID: vpc, DestNetworkID: subnet,
			Seed: env.cfg.Seed, SettleTimeout: settleTimeout()})
		steps := make([]verdict.Step, 0, len(r.Steps))
		for _, s := range r.Steps {
			st := verdict.Step{Description: s.What}
			if s.Exchange != nil {
				st.Curl = s.Exchange.Curl()
			}
			if s.Err != nil {
				st.Observed = s.Err.Error()
			}
			steps = append(steps, st)
		}
		AddReportEntry(verdict.StepsEntry, len(r.Steps), ReportEntryVisibilityNever)
		if r.Failure != nil {
			failWith(verdict.Failure{Kind: verdict.Effect, Message: r.Failure.Error(), Steps: steps})
		}
		if r.Cleanup != nil {
			failWith(verdict.Failure{Kind: verdict.Hygiene, Message: r.Cleanup.Error(), Steps: steps})
		}
	})
})

// settleTimeout is how long a stateful requirement waits for a change to show:
// DLI_SETTLE_TIMEOUT, or, once an effect check has waited that long in vain, a
// moment, so that a target that never shows a binding fails each of them at once.
func settleTimeout() time.Duration {
	pace.Lock()
	defer pace.Unlock()
	if pace.timedOut != "" {
		return 50 * time.Millisecond
	}
	return env.cfg.SettleTimeout
}

func target() stateful.Target { return stateful.Target{API: env.api, Connection: env.cfg.ConnectionID} }

// embeddedReset puts the embedded emulator back to its seed between the runs
// of a shrinking walk; a real target has no such thing.
func embeddedReset() func(context.Context) error {
	if !env.cfg.Embedded() {
		return nil
	}
	return func(ctx context.Context) error {
		x := env.client.Do(ctx, contract.Request{Method: "POST", Target: "/_emulator/reset"})
		if x.Err != nil {
			return x.Err
		}
		if x.Status/100 != 2 {
			return fmt.Errorf("POST /_emulator/reset answered %d", x.Status)
		}
		return nil
	}
}

// walkVerdict is a failing walk as a verdict: the shrunk steps, each with the
// curl that repeats it.
func walkVerdict(r stateful.Result) verdict.Failure {
	steps, f := r.Steps, r.Failure
	if r.ShrunkFailure != nil {
		steps, f = r.Shrunk, r.ShrunkFailure
	}
	v := f.Verdict()
	v.Message = fmt.Sprintf("walk with seed %d failed at step %d (shrunk to %d steps in %d runs): %s",
		r.Seed, r.Failure.Step, len(steps), r.ShrinkRuns, f.Message)
	for _, s := range steps {
		st := verdict.Step{Description: s.Op.String(), Observed: fmt.Sprintf("%d (allowed %v)", s.Status, s.Expect.Allowed)}
		if s.Exchange != nil {
			st.Curl = s.Exchange.Curl()
		}
		v.Steps = append(v.Steps, st)
	}
	return v
}
