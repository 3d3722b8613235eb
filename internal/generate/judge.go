package generate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// candidate is a case before the contract has judged it.
type candidate struct {
	id, title string
	kind      Kind
	field     string
	req       contract.Request
	// inPath says the case changes a path parameter; reroutes that its value may
	// make a gateway route the request elsewhere (an empty segment, a slash).
	inPath, reroutes bool
	// big says the body is large or deep, so that a gateway may refuse its size.
	big bool
	// nameLike says a just-valid value names nothing the target has, so that it
	// must be refused as unknown; boundaries of other fields keep their invalid side.
	nameLike bool
	// bound is what a positive binds, by name list.
	bound map[string][]string
	// exercised overrides the default (field, side of the contract).
	exercised []Exercise
	uses      []string
	// drop, when set, drops the candidate before the contract is asked.
	drop string
}

// judge puts a candidate to the contract and fills in its expectation, or says why
// it is not a case.
func (g *generator) judge(cand candidate) (Case, string) {
	accepted := g.check(cand.req) == nil
	cs := Case{ID: cand.id, Title: cand.title, Kind: cand.kind, Operation: g.op.id, Field: cand.field,
		Request: cand.req, Uses: cand.uses, Exercised: cand.exercised}
	cs.Expect.Valid = accepted
	switch cand.kind {
	case Positive:
		if !accepted {
			return Case{}, fmt.Sprintf("the contract rejects the generated valid body: %v", g.check(cand.req))
		}
		cs.Expect.Accepted, cs.Expect.Bound = true, cand.bound
		return cs, ""
	case Negative:
		if accepted {
			return Case{}, "the contract accepts it, so it is no negative case"
		}
	case Boundary:
		side := "invalid"
		if accepted {
			side = "valid"
			if !cand.nameLike {
				return Case{}, "just valid, but what the target must do with the value is not the contract's to say"
			}
		}
		cs.ID += "-" + side
		cs.Title += fmt.Sprintf(" (just %s)", side)
	}
	cs.Expect.Statuses = g.refusals(cand)
	cs.Expect.Unrouted = g.rerouted(cand)
	cs.Title += " " + refusalPhrase(cs.Expect.Statuses)
	if cs.Exercised == nil {
		cs.Exercised = []Exercise{{Field: cand.field, Positive: accepted}}
	}
	return cs, ""
}

// rerouted tells whether the candidate's request leaves the operation's route.
func (g *generator) rerouted(cand candidate) bool {
	return cand.reroutes || g.c.Operation(contract.Request{Method: cand.req.Method, Target: cand.req.Target}) != g.op.id
}

// refusals are the statuses a refusal of the candidate may have, among the 4xx the
// operation declares (never 429, which is throttling, not a refusal): DLI's 400
// for a body; for the connection id also the gateway's 404; for the project id,
// which decides which token fits, also 401 and 403; 413 for a large or deep body;
// and what an undefined route may answer when the value changes the route
// (contract.UnroutedStatuses).
func (g *generator) refusals(cand candidate) []int {
	var fourxx []int
	for _, s := range g.c.DeclaredStatuses(g.op.id) {
		if s >= 400 && s < 500 && s != 429 {
			fourxx = append(fourxx, s)
		}
	}
	pick := func(want ...int) []int {
		var out []int
		for _, s := range fourxx {
			if slices.Contains(want, s) {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			return fourxx
		}
		return out
	}
	leaves := g.c.Operation(contract.Request{Method: cand.req.Method, Target: cand.req.Target}) != g.op.id
	switch {
	case leaves:
		return slices.Sorted(slices.Values(g.c.UnroutedStatuses()))
	case cand.reroutes:
		// The contract routes it to the operation, but a gateway may not.
		out := pick(400, 404)
		for _, s := range g.c.UnroutedStatuses() {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		slices.Sort(out)
		return out
	case cand.inPath && strings.HasPrefix(cand.field, "path.connection_id"):
		return pick(400, 404)
	case cand.inPath:
		return pick(400, 401, 403, 404)
	case cand.big:
		return pick(400, 413)
	default:
		return pick(400)
	}
}

func refusalPhrase(statuses []int) string {
	s := ""
	for i, st := range statuses {
		switch {
		case i == 0:
		case i == len(statuses)-1:
			s += " or "
		default:
			s += ", "
		}
		s += fmt.Sprint(st)
	}
	return "with " + s + " and the error body, changing nothing"
}

// selectCases keeps at most max cases. With more, it takes one case of each group
// (kind and field) in a seeded order, then a second of each, and so on, so that a
// small budget still reaches every field; the kept cases stay in list order.
func selectCases(cases []Case, maxCases int, seed int64) []Case {
	if maxCases <= 0 {
		return nil
	}
	if len(cases) <= maxCases {
		return cases
	}
	rng := rand.New(rand.NewPCG(uint64(seed), purposeSelect))
	groups := map[string][]int{}
	var keys []string
	for i, c := range cases {
		k := string(c.Kind) + " " + c.Field
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for _, k := range keys {
		g := groups[k]
		rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
	}
	var keep []int
	for round := 0; len(keep) < maxCases; round++ {
		for _, k := range keys {
			if round < len(groups[k]) && len(keep) < maxCases {
				keep = append(keep, groups[k][round])
			}
		}
	}
	slices.Sort(keep)
	out := make([]Case, 0, len(keep))
	for _, i := range keep {
		out = append(out, cases[i])
	}
	return out
}
