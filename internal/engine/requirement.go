package engine

import (
	"context"
	"fmt"
)

// Group says what kind of requirement an entry is.
type Group string

// The groups of requirements.
const (
	Positive Group = "positive"
	Negative Group = "negative"
	Either   Group = "either"
	Hygiene  Group = "hygiene"
	// Stateful requirements judge sequences of requests and concurrent clients.
	Stateful Group = "stateful"
)

// Requirement is one checked behaviour, declared once with its check: its id,
// the sentence it is named after, what it needs and its documented error codes.
type Requirement struct {
	// ID is stable across releases: baselines and reports refer to it.
	ID string
	// Title is the requirement as a sentence.
	Title string
	Group Group
	// Needs lists the inputs or capabilities the requirement needs.
	Needs []Need
	// Mutates is true when the requirement changes the target's state on a
	// conformant target.
	Mutates bool
	// Codes are the documented error codes for the failure, any of which is
	// accepted by default; empty when the documentation names none (then any
	// code of the documented form is accepted). The first is the code the strict
	// mode expects unless the configuration names others.
	Codes []string
	// Extra are labels beside those derived from the fields (for example
	// "stateful" or "generated").
	Extra []string
	// AfterAll marks the requirement that is checked once every other one has
	// run (leaving the target as it was found).
	AfterAll bool
	// NotCompared says why a differential run does not compare the
	// requirement's requests; empty when it does.
	NotCompared string
	// Check judges the target. It fails through s (Fail, Must, Skip); returning
	// normally passes.
	Check func(ctx context.Context, s *Spec)
}

// Generated tells whether the requirement is a case drawn from the contract.
func (r Requirement) Generated() bool {
	for _, l := range r.Extra {
		if l == "generated" {
			return true
		}
	}
	return false
}

// Labels returns the labels that select the requirement.
func (r Requirement) Labels() []string {
	l := []string{"id:" + r.ID, "kind:" + string(r.Group), "op:associateQueueToEnhancedConnection"}
	for _, n := range r.Needs {
		l = append(l, "needs:"+string(n))
	}
	if r.Mutates {
		l = append(l, "mutates")
	}
	return append(l, r.Extra...)
}

// MutationGateReason is why a requirement that changes state is skipped.
const MutationGateReason = "the target is not on loopback and DLI_ALLOW_MUTATIONS is not true: this spec changes the connection's bindings"

// SkipReason returns why the requirement cannot run with in, or "" when it can:
// the mutation gate first, then each need in order.
func (r Requirement) SkipReason(in Inputs) string {
	if r.Mutates && !in.MutationsAllowed {
		return MutationGateReason
	}
	for _, n := range r.Needs {
		if why := n.Unmet(in); why != "" {
			return why
		}
	}
	return ""
}

// ExpectedCodes returns the error codes the requirement accepts: those the
// configuration names for it, else in strict mode its first documented code,
// else any of its documented codes (nil: any code of the documented form).
func (r Requirement) ExpectedCodes(configured map[string][]string, strict bool) []string {
	if codes, ok := configured[r.ID]; ok {
		return codes
	}
	if strict && len(r.Codes) > 0 {
		return r.Codes[:1]
	}
	return r.Codes
}

// Find returns the requirement with the id among rs.
func Find(rs []Requirement, id string) (Requirement, error) {
	for _, r := range rs {
		if r.ID == id {
			return r, nil
		}
	}
	return Requirement{}, fmt.Errorf("no requirement has id %q", id)
}
