package stateful

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// weights of the kinds of step a walk draws, out of their sum.
var weights = []struct {
	kind   OpKind
	weight int
}{
	{KindBindValid, 24}, {KindBindUnknown, 8}, {KindBindEither, 6}, {KindUnbindEither, 5},
	{KindUnbind, 22}, {KindRebind, 15}, {KindShow, 10}, {KindList, 10},
}

// eitherWay are the bodies the documentation leaves open: they name nothing.
func eitherWay(withPools bool) [][]byte {
	out := [][]byte{[]byte(`{}`), []byte(`{"queues":[]}`)}
	if withPools {
		out = append(out, []byte(`{"elastic_resource_pools":[]}`), []byte(`{"queues":[],"elastic_resource_pools":[]}`))
	}
	return out
}

// Plan draws the steps of a walk from cfg.Seed: the same configuration gives the
// same steps. It plays each step on a model of its own that takes every request to
// succeed, so as to draw unbinds of bound names and binds of names unbound before;
// the walk judges each step by the real answers.
func Plan(cfg Config) []Op {
	cfg = cfg.withDefaults()
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x57a7ef01))
	known := cfg.known()
	if len(known) == 0 {
		return nil
	}
	unknown := cfg.unknown()
	var bound, unbound []Resource // as the plan expects them
	total := 0
	for _, w := range weights {
		total += w.weight
	}
	ops := make([]Op, 0, cfg.MaxSteps)
	for len(ops) < cfg.MaxSteps {
		kind := drawKind(rng, total)
		var op Op
		switch kind {
		case KindBindValid:
			op = Op{Kind: kind, Action: ActBind, Body: bindBody(draw(rng, known, true))}
		case KindRebind:
			again := minusOf(unbound, bound)
			if len(again) == 0 {
				op = Op{Kind: KindBindValid, Action: ActBind, Body: bindBody(draw(rng, known, true))}
				break
			}
			op = Op{Kind: kind, Action: ActBind, Body: bindBody(draw(rng, again, false))}
		case KindBindUnknown:
			names := []Resource{unknown[rng.IntN(len(unknown))]}
			if rng.IntN(2) == 0 {
				names = append(names, known[rng.IntN(len(known))])
				rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
			}
			op = Op{Kind: kind, Action: ActBind, Body: bindBody(names)}
		case KindBindEither, KindUnbindEither:
			bodies := eitherWay(len(cfg.Pools) > 0)
			action := ActBind
			if kind == KindUnbindEither {
				action = ActUnbind
			}
			op = Op{Kind: kind, Action: action, Body: bodies[rng.IntN(len(bodies))]}
		case KindUnbind:
			from := known
			if len(bound) > 0 && rng.IntN(10) < 7 {
				from = bound
			}
			op = Op{Kind: kind, Action: ActUnbind, Body: bindBody(draw(rng, from, false))}
		case KindShow:
			op = Op{Kind: kind, Action: ActShow}
		case KindList:
			op = Op{Kind: kind, Action: ActList}
		}
		bound, unbound = expectSuccess(op, bound, unbound)
		ops = append(ops, op)
	}
	return ops
}

func drawKind(rng *rand.Rand, total int) OpKind {
	n := rng.IntN(total)
	for _, w := range weights {
		if n < w.weight {
			return w.kind
		}
		n -= w.weight
	}
	return KindShow
}

// draw picks one to three names of from in a random order, and with repeat
// sometimes names one of them twice.
func draw(rng *rand.Rand, from []Resource, repeat bool) []Resource {
	picked := slices.Clone(from)
	rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	picked = picked[:1+rng.IntN(min(3, len(picked)))]
	if repeat && rng.IntN(4) == 0 {
		picked = slices.Insert(picked, rng.IntN(len(picked)+1), picked[rng.IntN(len(picked))])
	}
	return picked
}

// expectSuccess plays op on the plan's model, taking it to succeed.
func expectSuccess(op Op, bound, unbound []Resource) ([]Resource, []Resource) {
	if op.Kind != KindBindValid && op.Kind != KindRebind && op.Kind != KindUnbind {
		return bound, unbound
	}
	names, _ := bodyNames(op.Body)
	for _, r := range unique(names) {
		if op.Action == ActBind {
			if !slices.Contains(bound, r) {
				bound = append(bound, r)
			}
			continue
		}
		if slices.Contains(bound, r) {
			bound = slices.DeleteFunc(bound, func(b Resource) bool { return b == r })
			if !slices.Contains(unbound, r) {
				unbound = append(unbound, r)
			}
		}
	}
	return bound, unbound
}

func minusOf(a, b []Resource) []Resource {
	var out []Resource
	for _, r := range a {
		if !slices.Contains(b, r) {
			out = append(out, r)
		}
	}
	return out
}

// unknownNames are names no target has, drawn from the seed so that a target cannot
// learn them.
func unknownNames(seed int64, withPools bool) []Resource {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x0dd5))
	out := []Resource{{Name: fmt.Sprintf("stateful_no_such_queue_%06x", rng.IntN(1<<24))}}
	if withPools {
		out = append(out, Resource{Pool: true, Name: fmt.Sprintf("stateful_no_such_pool_%06x", rng.IntN(1<<24))})
	}
	return out
}
