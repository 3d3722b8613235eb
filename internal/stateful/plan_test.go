package stateful

import (
	"bytes"
	"slices"
	"testing"
)

func planConfig(seed int64) Config {
	return Config{Seed: seed, MaxSteps: 400, Queues: []string{"qa", "qb", "qc"}, Pools: []string{"pa"}}
}

func TestPlanIsReproducibleFromItsSeed(t *testing.T) {
	a, b := Plan(planConfig(42)), Plan(planConfig(42))
	if len(a) != 400 || !slices.EqualFunc(a, b, func(x, y Op) bool { return x.Kind == y.Kind && bytes.Equal(x.Body, y.Body) }) {
		t.Fatal("the same seed drew different walks")
	}
	c := Plan(planConfig(43))
	if slices.EqualFunc(a, c, func(x, y Op) bool { return bytes.Equal(x.Body, y.Body) && x.Action == y.Action }) {
		t.Fatal("another seed drew the same walk")
	}
	if got := len(Plan(Config{Seed: 1, Queues: []string{"qa"}})); got != DefaultMaxSteps {
		t.Fatalf("default budget gave %d steps", got)
	}
}

func TestPlanDrawsEveryKindOfStep(t *testing.T) {
	seen := map[OpKind]int{}
	repeats, orders := 0, 0
	for _, op := range Plan(planConfig(7)) {
		seen[op.Kind]++
		names, ok := bodyNames(op.Body)
		if op.Action == ActBind || op.Action == ActUnbind {
			if !ok {
				t.Fatalf("%s: body %s does not decode", op.Kind, op.Body)
			}
		}
		if len(unique(names)) < len(names) {
			repeats++
		}
		if len(names) > 1 && names[0].Name > names[1].Name {
			orders++
		}
	}
	for _, w := range weights {
		if seen[w.kind] == 0 {
			t.Errorf("400 steps drew no %s", w.kind)
		}
	}
	if repeats == 0 || orders == 0 {
		t.Errorf("no repeated names (%d) or no reversed orders (%d) in 400 steps", repeats, orders)
	}
}

func TestPlanStepsMeanWhatTheirKindSays(t *testing.T) {
	cfg := planConfig(11)
	known, unknown := cfg.known(), cfg.unknown()
	var bound, unbound []Resource
	for i, op := range Plan(cfg) {
		names, _ := bodyNames(op.Body)
		switch op.Kind {
		case KindBindUnknown:
			if !slices.ContainsFunc(names, func(r Resource) bool { return slices.Contains(unknown, r) }) {
				t.Fatalf("step %d %s names no unknown name", i+1, op)
			}
		case KindBindEither, KindUnbindEither:
			if len(names) != 0 {
				t.Fatalf("step %d %s names something", i+1, op)
			}
		case KindRebind:
			for _, r := range names {
				if !slices.Contains(unbound, r) || slices.Contains(bound, r) {
					t.Fatalf("step %d %s binds %s, which was not unbound before", i+1, op, r)
				}
			}
		case KindBindValid, KindUnbind:
			for _, r := range names {
				if !slices.Contains(known, r) {
					t.Fatalf("step %d %s names %s, which is not configured", i+1, op, r)
				}
			}
		}
		bound, unbound = expectSuccess(op, bound, unbound)
	}
}

func TestPlanLeavesPoolsOutWithoutPools(t *testing.T) {
	for _, op := range Plan(Config{Seed: 3, MaxSteps: 300, Queues: []string{"qa", "qb"}}) {
		if bytes.Contains(op.Body, []byte("elastic_resource_pools")) {
			t.Fatalf("a queues-only walk sent %s", op)
		}
	}
}
