package stateful

import (
	"fmt"
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// Model is what a connection's bindings must be, as far as a walk's names go:
// the names it may bind (known) and the names it sends that no target has
// (unknown, never to be bound). Bindings of other names, the foreign ones, are
// neither touched nor judged. A Model is not safe for concurrent use.
type Model struct {
	settle  time.Duration
	known   map[Resource]bool
	tracked []Resource // known then unknown, in a fixed order for messages
	bound   map[Resource]bool
	// since is when a name's expected state last changed, and by which step: a read
	// may still show the old state until since+settle.
	since     map[Resource]time.Time
	sinceStep map[Resource]int
}

// NewModel returns the model of a connection whose bindings were read as initial
// before the walk. known are the names the walk may bind, unknown names that no
// target has; settle is how long a change may take to show.
func NewModel(known, unknown []Resource, initial dli.Bindings, settle time.Duration) *Model {
	m := &Model{settle: settle, known: map[Resource]bool{}, bound: map[Resource]bool{},
		since: map[Resource]time.Time{}, sinceStep: map[Resource]int{}}
	for _, r := range known {
		if !m.known[r] {
			m.known[r] = true
			m.tracked = append(m.tracked, r)
		}
	}
	for _, r := range unknown {
		if !m.known[r] && !slices.Contains(m.tracked, r) {
			m.tracked = append(m.tracked, r)
		}
	}
	for _, r := range m.tracked {
		m.bound[r] = m.known[r] && countIn(initial, r) > 0
	}
	return m
}

// Bound returns the known names the model holds bound, in a fixed order.
func (m *Model) Bound() []Resource {
	var out []Resource
	for _, r := range m.tracked {
		if m.bound[r] {
			out = append(out, r)
		}
	}
	return out
}

// Expectation is what the model allows as the answer to a bind or unbind.
type Expectation struct {
	// Allowed are the statuses the answer may have: 200 applies the request, 400
	// changes nothing.
	Allowed []int `json:"allowed"`
	// Why states the rule, for reports.
	Why string `json:"why"`
}

// Expect says which answers a request may get in the model's present state.
func (m *Model) Expect(op Op) Expectation {
	if op.Action != ActBind && op.Action != ActUnbind {
		return Expectation{Allowed: []int{200}, Why: "a read answers 200"}
	}
	names, ok := bodyNames(op.Body)
	if !ok {
		return Expectation{Allowed: []int{400}, Why: "a body that is not the documented object is refused"}
	}
	names = unique(names)
	if len(names) == 0 {
		return Expectation{Allowed: []int{200, 400}, Why: "the documentation leaves a request naming nothing open: 200 or 400, and nothing changes"}
	}
	for _, r := range names {
		if !m.known[r] {
			return Expectation{Allowed: []int{400}, Why: fmt.Sprintf("%s does not exist: 400, and nothing changes", r)}
		}
	}
	var latitude []Resource
	for _, r := range names {
		if m.bound[r] == (op.Action == ActBind) {
			latitude = append(latitude, r)
		}
	}
	switch {
	case len(latitude) == 0 && op.Action == ActBind:
		return Expectation{Allowed: []int{200}, Why: "binding names not bound: 200, and each is bound once"}
	case len(latitude) == 0:
		return Expectation{Allowed: []int{200}, Why: "unbinding bound names: 200, and each is gone"}
	case op.Action == ActBind:
		return Expectation{Allowed: []int{200, 400}, Why: fmt.Sprintf("%s is bound already: 200 (the others bound, nothing listed twice) or 400 (nothing changes)", describe(latitude))}
	default:
		return Expectation{Allowed: []int{200, 400}, Why: fmt.Sprintf("%s is not bound: 200 (the bound ones gone, nothing else changes) or 400 (nothing changes)", describe(latitude))}
	}
}

// Apply records the answer status to a request at step, answered at the given
// time. Only a 200 to a bind or unbind of known names changes the model.
func (m *Model) Apply(op Op, status int, step int, at time.Time) {
	if status != 200 || (op.Action != ActBind && op.Action != ActUnbind) {
		return
	}
	names, ok := bodyNames(op.Body)
	if !ok {
		return
	}
	for _, r := range names {
		if !m.known[r] {
			return
		}
	}
	for _, r := range unique(names) {
		want := op.Action == ActBind
		if m.bound[r] != want {
			m.bound[r] = want
			m.since[r] = at
			m.sinceStep[r] = step
		}
	}
}

// Deadline is when every change the model has seen must show.
func (m *Model) Deadline() time.Time {
	var d time.Time
	for _, t := range m.since {
		if t.After(d) {
			d = t
		}
	}
	return d.Add(m.settle)
}

// Problem is one way a reading departs from the model. A pending problem is still
// inside the settle window and may go away; any other fails the walk.
type Problem struct {
	Rule     Rule
	Resource Resource
	Where    string // "show" or "list"
	Detail   string
	Pending  bool
}

// Judge compares one reading of the connection, taken at the given time, with the
// model. where names the operation that read it.
func (m *Model) Judge(where string, c *dli.Connection, at time.Time) []Problem {
	var out []Problem
	b := c.Bindings()
	for _, r := range m.tracked {
		n := countIn(b, r)
		for _, p := range peersOf(c, r) {
			if !slices.Contains(peerStatuses, p.Status) {
				out = append(out, Problem{Rule: RulePeerStatus, Resource: r, Where: where,
					Detail: fmt.Sprintf("%s lists %s with status %q, want CREATING, ACTIVE or FAILED", where, r, p.Status)})
			}
		}
		switch {
		case n > 1:
			out = append(out, Problem{Rule: RuleDuplicate, Resource: r, Where: where,
				Detail: fmt.Sprintf("%s lists %s %d times, want once at most", where, r, n)})
		case m.bound[r] && n == 0:
			out = append(out, m.windowed(Problem{Rule: RuleMissing, Resource: r, Where: where,
				Detail: fmt.Sprintf("%s does not list %s, which the model holds bound%s", where, r, m.cause(r))}, at))
		case !m.bound[r] && n > 0 && !m.known[r]:
			out = append(out, Problem{Rule: RuleUnknownBound, Resource: r, Where: where,
				Detail: fmt.Sprintf("%s lists %s, which does not exist and was never bound", where, r)})
		case !m.bound[r] && n > 0:
			out = append(out, m.windowed(Problem{Rule: RuleLingering, Resource: r, Where: where,
				Detail: fmt.Sprintf("%s lists %s, which the model holds not bound%s", where, r, m.cause(r))}, at))
		}
	}
	return out
}

// windowed marks p pending while the change that caused it may still be on its way.
func (m *Model) windowed(p Problem, at time.Time) Problem {
	since, changed := m.since[p.Resource]
	if changed && at.Before(since.Add(m.settle)) {
		p.Pending = true
		return p
	}
	if changed {
		p.Detail += fmt.Sprintf(" (still so %v after the change, settle timeout %v)", at.Sub(since).Round(time.Millisecond), m.settle)
	}
	return p
}

func (m *Model) cause(r Resource) string {
	step, ok := m.sinceStep[r]
	switch {
	case !ok:
		return " since before the walk"
	case m.bound[r]:
		return fmt.Sprintf(" since step %d bound it", step)
	default:
		return fmt.Sprintf(" since step %d unbound it", step)
	}
}

// peerStatuses are the documented states of a binding (dli_02_0189 table 5).
var peerStatuses = []string{"CREATING", "ACTIVE", "FAILED"}

func peersOf(c *dli.Connection, r Resource) []dli.Peer {
	list := c.Queues
	if r.Pool {
		list = c.Pools
	}
	var out []dli.Peer
	for _, p := range list {
		if p.Name == r.Name {
			out = append(out, p)
		}
	}
	return out
}

func countIn(b dli.Bindings, r Resource) int {
	list := b.Queues
	if r.Pool {
		list = b.Pools
	}
	n := 0
	for _, name := range list {
		if name == r.Name {
			n++
		}
	}
	return n
}

func unique(rs []Resource) []Resource {
	var out []Resource
	for _, r := range rs {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
