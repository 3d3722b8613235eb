package requirement

import (
	"context"
	"fmt"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/ids"
	"github.com/dli-conformance/dli-conformance/internal/stateful"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Sequences of requests, judged against the model of a connection's bindings
// (internal/stateful).
var (
	StatefulWalks = Requirement{ID: "STATEFUL-WALKS", Group: Stateful, Mutates: true, Needs: []Need{NeedConnection, NeedQueues}, Extra: []string{"stateful"},
		Title: "agrees with the binding model over seeded walks of binds, unbinds, shows and lists, show and list agreeing with each other after every step",
		Check: walks}

	StatefulConcurrent = Requirement{ID: "STATEFUL-CONCURRENT", Group: Stateful, Mutates: true, Needs: []Need{NeedConnection, NeedQueues}, Extra: []string{"stateful"},
		Title:       "ends, after concurrent clients bind and unbind, in a state some serial order of the acknowledged requests produces, nothing lost or listed twice",
		NotCompared: "concurrent clients interleave differently from run to run, so their requests do not pair up; each run judges them on its own",
		Check:       concurrentClients}

	Lifecycle = Requirement{ID: "LIFECYCLE", Group: Stateful, Mutates: true, Needs: []Need{NeedQueues, NeedCreate}, Extra: []string{"stateful"},
		Title:       "creates a scratch connection, binds and unbinds on it, deletes it, then refuses a bind to it with 400, leaving nothing behind",
		NotCompared: "it creates and deletes a connection of its own, whose steps are judged by each run on its own",
		Check:       lifecycle}
)

func target(s *engine.Spec) stateful.Target {
	return stateful.Target{API: s.Run.API, Connection: s.Run.Cfg.ConnectionID}
}

func walks(ctx context.Context, s *engine.Spec) {
	s.RestoreAfter(ctx)
	cfg := s.Run.Cfg
	wc := stateful.Config{Seed: cfg.Seed, MaxSteps: cfg.MaxSteps, Queues: cfg.Queues, Pools: cfg.Pools,
		SettleTimeout: s.Run.SettleTimeout(), Contract: s.Run.Contract, Reset: s.Run.Reset()}
	if wc.Reset == nil {
		// Only a live target makes each replay wait for it to settle; the
		// embedded emulator's reset makes replays cheap, and shrinking against
		// it stays as thorough as MaxShrinkRuns allows.
		wc.ShrinkBudget = cfg.ShrinkBudget
	}
	if cfg.WalkBudget > 0 {
		wc.Deadline = time.Now().Add(cfg.WalkBudget)
	}
	defer sayOnceUnbindIneffective(s, s.Run.API.UnbindIneffective())
	results := stateful.Walks(ctx, target(s), wc, stateful.DefaultWalks)
	if last := results[len(results)-1]; last.Stopped || len(results) < stateful.DefaultWalks && last.Err() == nil {
		steps := 0
		for _, r := range results {
			steps += len(r.Steps)
		}
		s.Note(fmt.Sprintf("walks stopped by DLI_WALK_BUDGET (%v) after %d of %d walks and %d steps; raise it to walk further", cfg.WalkBudget, len(results), stateful.DefaultWalks, steps))
	}
	for _, r := range results {
		s.Phase(engine.PhaseWalks, r.Duration)
		s.Phase(engine.PhaseShrink, r.ShrinkTime)
	}
	s.NoteWalks(ctx, results)
	for _, r := range results {
		s.Steps(len(r.Steps))
	}
	for _, r := range results {
		if r.Failure != nil {
			s.Fail(walkVerdict(r))
		}
		if r.Cleanup != nil {
			s.Fail(verdict.Failure{Kind: verdict.Hygiene, Message: fmt.Sprintf("walk with seed %d: %v", r.Seed, r.Cleanup)})
		}
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
	how := fmt.Sprintf("shrunk to %s in %s", count(len(steps), "step"), count(r.ShrinkRuns, "run"))
	if r.ShrinkCut != "" {
		how = fmt.Sprintf("%s, not fully shrunk: %s", count(len(steps), "step"), r.ShrinkCut)
		v.Unshrunk = r.ShrinkCut
	}
	v.Message = fmt.Sprintf("walk with seed %d failed at step %d (%s): %s", r.Seed, r.Failure.Step, how, f.Message)
	for _, st := range steps {
		vs := verdict.Step{Description: st.Op.String(), Observed: fmt.Sprintf("%d (allowed %v)", st.Status, st.Expect.Allowed)}
		if st.Exchange != nil {
			vs.Curl = st.Exchange.Curl()
		}
		v.Steps = append(v.Steps, vs)
	}
	return v
}

// sayOnceUnbindIneffective notes, on the requirement that found it, that the
// target answers unbinds without unbinding, and that the run stops waiting for
// restores from then on; had is what was known before the requirement ran.
func sayOnceUnbindIneffective(s *engine.Spec, had string) {
	if why := s.Run.API.UnbindIneffective(); why != "" && had == "" {
		s.Note("the target's unbind does not unbind: " + why + "; from here on restores look once, do not wait, and say what they could not put back")
	}
}

func concurrentClients(ctx context.Context, s *engine.Spec) {
	s.RestoreAfter(ctx)
	defer sayOnceUnbindIneffective(s, s.Run.API.UnbindIneffective())
	cfg := s.Run.Cfg
	r := stateful.Concurrent(ctx, target(s), stateful.ConcurrentConfig{Clients: cfg.Clients, Queues: cfg.Queues, Pools: cfg.Pools,
		Seed: cfg.Seed, SettleTimeout: s.Run.SettleTimeout()})
	s.Note(fmt.Sprintf("rate: %d clients, %d requests in %v: %.0f requests/s (%d applied, %d refused, %d other)",
		r.Clients, r.Requests, r.Duration.Round(1e6), r.Rate, r.Applied, r.Refused, r.Unknown))
	s.Steps(r.Requests)
	if r.Failure != nil {
		v := r.Failure.Verdict()
		v.Message = fmt.Sprintf("with %d concurrent clients: %s", r.Clients, r.Failure.Message)
		for i, h := range r.Histories {
			for _, req := range h {
				v.Steps = append(v.Steps, verdict.Step{Description: fmt.Sprintf("client %d: %s", i, req)})
			}
		}
		s.Fail(v)
	}
	if r.Cleanup != nil {
		s.Fail(verdict.Failure{Kind: verdict.Hygiene, Message: r.Cleanup.Error()})
	}
}

func lifecycle(ctx context.Context, s *engine.Spec) {
	cfg := s.Run.Cfg
	vpc, subnet := cfg.VPCID, cfg.SubnetID
	if cfg.Embedded() {
		vpc, subnet = ids.NewUUID(), ids.NewUUID()
	}
	r := stateful.Lifecycle(ctx, s.Run.API, stateful.LifecycleConfig{Queues: cfg.Queues[:1], DestVPCID: vpc, DestNetworkID: subnet,
		Seed: cfg.Seed, SettleTimeout: s.Run.SettleTimeout()})
	steps := make([]verdict.Step, 0, len(r.Steps))
	for _, st := range r.Steps {
		vs := verdict.Step{Description: st.What}
		if st.Exchange != nil {
			vs.Curl = st.Exchange.Curl()
		}
		if st.Err != nil {
			vs.Observed = st.Err.Error()
		}
		steps = append(steps, vs)
	}
	s.Steps(len(r.Steps))
	if r.Failure != nil {
		s.Fail(verdict.Failure{Kind: verdict.Effect, Message: r.Failure.Error(), Steps: steps})
	}
	if r.Cleanup != nil {
		s.Fail(verdict.Failure{Kind: verdict.Hygiene, Message: r.Cleanup.Error(), Steps: steps})
	}
}

// count is n and the noun, plural but for one ("1 step", "3 steps").
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
