package stateful

import (
	"fmt"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Rule names the rule a walk found broken; with the resource concerned it is what
// "fails the same way" means when shrinking.
type Rule string

// The rules a walk checks.
const (
	RuleTransport       Rule = "transport"        // no complete answer
	RuleStatus          Rule = "status"           // a status the model does not allow
	RuleAnswer          Rule = "answer"           // the body of the answer is wrong (contract, is_success, error body)
	RuleRead            Rule = "read"             // show or list did not answer a readable 200
	RuleUnlisted        Rule = "unlisted"         // list does not hold the connection
	RuleMissing         Rule = "missing"          // a bound name is not listed after the settle timeout
	RuleLingering       Rule = "lingering"        // an unbound name is still listed after the settle timeout
	RuleUnknownBound    Rule = "unknown-bound"    // a name that does not exist is listed
	RuleDuplicate       Rule = "duplicate"        // a name is listed more than once
	RulePeerStatus      Rule = "peer-status"      // a binding's status is not CREATING, ACTIVE or FAILED
	RuleConfig          Rule = "config"           // the walk was given nothing to bind
	RuleCleanup         Rule = "cleanup"          // the walk could not put the connection back
	RuleNotSerialisable Rule = "not-serialisable" // no serial order of the acknowledged requests gives the final state
)

// Failure is where a walk departed from the model: the verdict and the exchange
// that showed it (check.Failure), with where in the walk it showed and the rule
// and name that shrinking compares.
type Failure struct {
	check.Failure
	// Step is the 1-based step after which the departure showed; 0 is the reading
	// before the first step.
	Step     int      `json:"step"`
	Rule     Rule     `json:"rule"`
	Resource Resource `json:"resource"` // the name concerned, zero when none
}

// failure returns the departure from rule found in x (which may be nil), about
// res (zero when none).
func failure(rule Rule, res Resource, x *client.Exchange, format string, args ...any) *Failure {
	return &Failure{Failure: *check.Fail(rule.Kind(), x, format, args...), Rule: rule, Resource: res}
}

// Kind classifies a broken rule as the suite's reports do.
func (r Rule) Kind() verdict.Kind {
	switch r {
	case RuleTransport:
		return verdict.Transport
	case RuleStatus, RuleRead:
		return verdict.Status
	case RuleAnswer:
		return verdict.Schema
	case RuleCleanup:
		return verdict.Hygiene
	case RuleConfig:
		return verdict.Input
	default:
		return verdict.Effect
	}
}

// Same reports whether o fails the same way as f: the same rule broken for the
// same name.
func (f *Failure) Same(o *Failure) bool {
	return f != nil && o != nil && f.Rule == o.Rule && f.Resource == o.Resource
}

func (f *Failure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "step %d: [%s/%s] %s", f.Step, f.Kind, f.Rule, f.Message)
	if f.In != nil {
		b.WriteString("\n  reproduce: " + f.In.Curl())
	}
	return b.String()
}
