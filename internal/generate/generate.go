// Package generate derives conformance cases from the contract, so that a field
// added to the OpenAPI document gets its cases without new code: wrong JSON types,
// nulls, repeated keys, deep nesting and oversized values at every position of the
// request body; path ids of the wrong shape; the edges of every stated constraint;
// and property-based valid bodies drawn from the configured names.
//
// Every candidate is put to the contract first. A negative case is one the contract
// rejects; a candidate it accepts is dropped, and so is one it rejects only for a
// reason the documentation does not settle (a null in place of an optional value).
// A positive case is one it accepts. The same inputs and seed give the same list.
package generate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Kind says what a generated case expects of the target.
type Kind string

// The kinds of generated case; each is also the case's kind: label.
const (
	// Negative cases send what the contract rejects and expect a refusal.
	Negative Kind = "generated-negative"
	// Boundary cases send a value just inside or just outside a stated constraint.
	Boundary Kind = "generated-boundary"
	// Positive cases send a valid body naming configured resources and expect it bound.
	Positive Kind = "generated-positive"
)

// Expect is what the target must do with a case's request.
type Expect struct {
	// Valid says whether the contract accepts the request; the suite proves it
	// again before sending.
	Valid bool
	// Accepted says that the target must answer 200 with is_success true and bind
	// Bound; otherwise it must refuse with one of Statuses, DLI's error body, and
	// no change.
	Accepted bool
	// Statuses are the refusals allowed, sorted.
	Statuses []int
	// Unrouted says the request leaves the operation's route (an empty segment,
	// a slash in a path value): it is judged as an undefined path, whose answer
	// may also be a redirect to the cleaned path.
	Unrouted bool
	// Bound holds, for an accepted case, the distinct names each name list binds,
	// by the list's element field (body.queues[]).
	Bound map[string][]string
}

// Exercise is one request field a case sends and on which side of the contract
// its value lies.
type Exercise struct {
	Field    string
	Positive bool
}

// Side is "positive" or "negative", as the coverage report counts it.
func (e Exercise) Side() string {
	if e.Positive {
		return "positive"
	}
	return "negative"
}

// Case is one generated conformance case.
type Case struct {
	// ID is GEN-NEG-<slug>, GEN-BND-<slug> or GEN-POS-<n>. Negative and boundary
	// ids are the same for every seed; a positive's number is its place in the list.
	ID    string
	Title string
	Kind  Kind
	// Operation is the operation id the request is meant for.
	Operation string
	// Field is the request field the case is about; positives are about "body".
	Field   string
	Request contract.Request
	Expect  Expect
	// Exercised lists the fields the case is about: the one a negative or boundary
	// case changes, every field a positive case sends.
	Exercised []Exercise
	// Uses lists the input fields whose configured values the request carries.
	Uses []string
}

// Inputs are the values the target has, by field: path parameters
// (path.connection_id) and the elements of name lists (body.queues[]). A field
// without inputs gets a value made from its schema.
type Inputs struct {
	Values map[string][]string
}

// DefaultPositives is how many valid bodies are drawn when Options.Positives is 0:
// with a handful of names, more bodies find nothing new and cost a bind each.
const DefaultPositives = 16

// Options select and bound the cases.
type Options struct {
	Operation string
	Seed      int64
	// MaxCases bounds the number of cases; 0 generates none. When more cases
	// exist, a selection drawn from Seed keeps every field and family represented
	// before it takes a second case of any.
	MaxCases int
	// Positives is how many valid bodies to draw; 0 means DefaultPositives.
	Positives int
}

// Dropped is a candidate that is not a case, and why.
type Dropped struct {
	ID     string
	Reason string
}

// Plan is the generated list.
type Plan struct {
	Cases []Case
	// Dropped lists the candidates the contract accepts, or rejects only for a
	// reason the documentation leaves open, and those that repeat another's request.
	Dropped []Dropped
	// Candidates is the number of cases before the budget.
	Candidates int
}

// idRE is the form of a case id; Ginkgo labels must not hold &|!,()/.
var idRE = regexp.MustCompile(`^GEN-(NEG|BND|POS)-[A-Za-z0-9._-]+$`)

// Build generates the cases of one operation from the contract and the inputs.
func Build(c *contract.Contract, in Inputs, o Options) (Plan, error) {
	op, err := findOperation(c, o.Operation)
	if err != nil {
		return Plan{}, err
	}
	g := &generator{c: c, op: op, base: newBase(op, in), in: in, seed: o.Seed}
	baseReq := g.base.request(g.base.params, g.baseBody())
	if err := g.check(baseReq); err != nil {
		return Plan{}, fmt.Errorf("the valid request the generator starts from is rejected by the contract: %w", err)
	}
	positives := o.Positives
	if positives == 0 {
		positives = DefaultPositives
	}
	var all []candidate
	all = append(all, g.boundaries()...)
	all = append(all, g.negatives()...)
	all = append(all, g.positives(positives)...)

	var plan Plan
	seen := map[string]string{}
	var cases []Case
	for _, cand := range all {
		if cand.drop != "" {
			plan.Dropped = append(plan.Dropped, Dropped{ID: cand.id, Reason: cand.drop})
			continue
		}
		key := cand.req.Method + " " + cand.req.Target + "\n" + string(cand.req.Body)
		if first, dup := seen[key]; dup {
			plan.Dropped = append(plan.Dropped, Dropped{ID: cand.id, Reason: "sends the same request as " + first})
			continue
		}
		cs, reason := g.judge(cand)
		if reason != "" {
			plan.Dropped = append(plan.Dropped, Dropped{ID: cand.id, Reason: reason})
			continue
		}
		seen[key] = cs.ID
		cases = append(cases, cs)
	}
	plan.Candidates = len(cases)
	plan.Cases = selectCases(cases, o.MaxCases, o.Seed)
	n := 0
	for i := range plan.Cases {
		if plan.Cases[i].Kind == Positive {
			n++
			plan.Cases[i].ID = fmt.Sprintf("GEN-POS-%d", n)
		}
		if !idRE.MatchString(plan.Cases[i].ID) {
			return Plan{}, fmt.Errorf("generated case id %q is not of the form GEN-NEG|BND|POS-<letters, digits, . _ ->", plan.Cases[i].ID)
		}
	}
	return plan, nil
}

// generator holds what every family reads.
type generator struct {
	c    *contract.Contract
	op   *operation
	base base
	in   Inputs
	seed int64
}

// rng returns a generator of its own for one purpose, so that changing how much one
// family draws leaves the others' draws as they were.
func (g *generator) rng(purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(g.seed), purpose))
}

func (g *generator) baseBody() []byte {
	if g.base.body == nil {
		return nil
	}
	b, err := encode(g.base.body)
	if err != nil {
		return nil
	}
	return b
}

// check asks the contract about a request as it will be sent, credentials present.
func (g *generator) check(r contract.Request) error {
	return g.c.CheckRequest(context.Background(), r.WithPlaceholderToken())
}

// Purposes of the seeded generators.
const (
	purposeSelect uint64 = iota + 1
	purposePositive
	purposeBoundary
)

// slug turns a field path into the part of an id: body.queues[] → body.queues.items.
func slug(field string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '-'
	}, strings.ReplaceAll(field, "[]", ".items"))
}
