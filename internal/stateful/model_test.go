package stateful

import (
	"slices"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
)

var (
	qa      = Resource{Name: "qa"}
	qb      = Resource{Name: "qb"}
	pa      = Resource{Pool: true, Name: "pa"}
	qnone   = Resource{Name: "q_unknown"}
	t0      = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	settle  = time.Second
	bindOf  = func(rs ...Resource) Op { return Op{Action: ActBind, Body: bindBody(rs)} }
	unbindO = func(rs ...Resource) Op { return Op{Action: ActUnbind, Body: bindBody(rs)} }
)

func newTestModel(initial dli.Bindings) *Model {
	return NewModel([]Resource{qa, qb, pa}, []Resource{qnone}, initial, settle)
}

func conn(queues []string, pools []string, status string) *dli.Connection {
	c := &dli.Connection{ID: "c", Status: "ACTIVE"}
	for _, q := range queues {
		c.Queues = append(c.Queues, dli.Peer{Name: q, Status: status})
	}
	for _, p := range pools {
		c.Pools = append(c.Pools, dli.Peer{Name: p, Status: status})
	}
	return c
}

func TestExpectAllowsWhatTheDocumentationAllows(t *testing.T) {
	m := newTestModel(dli.Bindings{Queues: []string{"qb"}})
	for _, tc := range []struct {
		name string
		op   Op
		want []int
	}{
		{"bind of names not bound", bindOf(qa, pa), []int{200}},
		{"bind repeating a name not bound", bindOf(qa, qa), []int{200}},
		{"bind of a name bound already", bindOf(qa, qb), []int{200, 400}},
		{"bind with an unknown name", bindOf(qa, qnone), []int{400}},
		{"bind of {}", Op{Action: ActBind, Body: []byte(`{}`)}, []int{200, 400}},
		{"bind of empty arrays", Op{Action: ActBind, Body: []byte(`{"queues":[],"elastic_resource_pools":[]}`)}, []int{200, 400}},
		{"unbind of {}", Op{Action: ActUnbind, Body: []byte(`{}`)}, []int{200, 400}},
		{"unbind of bound names", unbindO(qb), []int{200}},
		{"unbind of a name not bound", unbindO(qb, qa), []int{200, 400}},
		{"unbind of an unknown name", unbindO(qnone), []int{400}},
		{"a body that is no object", Op{Action: ActBind, Body: []byte(`[]`)}, []int{400}},
		{"show", Op{Action: ActShow}, []int{200}},
	} {
		if got := m.Expect(tc.op).Allowed; !slices.Equal(got, tc.want) {
			t.Errorf("%s: allowed %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestApplyChangesOnlyOnSuccessOfKnownNames(t *testing.T) {
	m := newTestModel(dli.Bindings{})
	m.Apply(bindOf(qa, qa, pa), 200, 1, t0)
	if got := m.Bound(); !slices.Equal(got, []Resource{qa, pa}) {
		t.Fatalf("after binding qa twice and pa: %v", got)
	}
	m.Apply(unbindO(qa), 400, 2, t0)
	m.Apply(bindOf(qb, qnone), 200, 3, t0) // an unknown name: nothing is bound
	m.Apply(Op{Action: ActBind, Body: []byte(`{}`)}, 200, 4, t0)
	if got := m.Bound(); !slices.Equal(got, []Resource{qa, pa}) {
		t.Fatalf("refused, unknown and empty requests changed the model: %v", got)
	}
	m.Apply(unbindO(qa, qb), 200, 5, t0)
	m.Apply(bindOf(qa), 200, 6, t0) // bound again after unbinding
	if got := m.Bound(); !slices.Equal(got, []Resource{qa, pa}) {
		t.Fatalf("after unbinding qa and qb and binding qa again: %v", got)
	}
}

func TestJudgeWaitsOutTheSettleWindowOnly(t *testing.T) {
	m := newTestModel(dli.Bindings{})
	m.Apply(bindOf(qa), 200, 1, t0)
	inside := m.Judge("show", conn(nil, nil, "ACTIVE"), t0.Add(settle/2))
	if len(inside) != 1 || !inside[0].Pending || inside[0].Rule != RuleMissing {
		t.Fatalf("a name not yet visible inside the window: %+v", inside)
	}
	after := m.Judge("list", conn(nil, nil, "ACTIVE"), t0.Add(settle))
	if len(after) != 1 || after[0].Pending || after[0].Rule != RuleMissing || after[0].Where != "list" {
		t.Fatalf("a name still missing at the settle timeout: %+v", after)
	}
	if p := m.Judge("show", conn([]string{"qa"}, nil, "CREATING"), t0); len(p) != 0 {
		t.Fatalf("CREATING is a bound state: %+v", p)
	}
	m.Apply(unbindO(qa), 200, 2, t0)
	if p := m.Judge("show", conn([]string{"qa"}, nil, "ACTIVE"), t0.Add(settle/2)); len(p) != 1 || !p[0].Pending || p[0].Rule != RuleLingering {
		t.Fatalf("an unbound name still listed inside the window: %+v", p)
	}
}

func TestJudgeFailsAtOnceWhatNoWindowExcuses(t *testing.T) {
	m := newTestModel(dli.Bindings{})
	m.Apply(bindOf(qa), 200, 1, t0)
	for _, tc := range []struct {
		name string
		c    *dli.Connection
		rule Rule
	}{
		{"a name listed twice", conn([]string{"qa", "qa"}, nil, "ACTIVE"), RuleDuplicate},
		{"a status outside the enum", conn([]string{"qa"}, nil, "BINDING"), RulePeerStatus},
		{"an unknown name bound", conn([]string{"qa", "q_unknown"}, nil, "ACTIVE"), RuleUnknownBound},
		{"a name listed that the walk never bound", conn([]string{"qa"}, []string{"pa"}, "ACTIVE"), RuleLingering},
	} {
		p := m.Judge("show", tc.c, t0)
		if len(p) != 1 || p[0].Rule != tc.rule || p[0].Pending {
			t.Errorf("%s: %+v, want one %s that does not wait", tc.name, p, tc.rule)
		}
	}
}

func TestJudgeIgnoresForeignBindings(t *testing.T) {
	m := newTestModel(dli.Bindings{Queues: []string{"other", "other"}})
	if p := m.Judge("show", conn([]string{"other", "other", "third"}, nil, "WHATEVER"), t0); len(p) != 0 {
		t.Fatalf("foreign bindings were judged: %+v", p)
	}
	if m.Bound() != nil {
		t.Fatalf("foreign bindings were counted: %v", m.Bound())
	}
}

func TestPendingProblemsNameTheStepThatCausedThem(t *testing.T) {
	m := newTestModel(dli.Bindings{Queues: []string{"qa"}})
	m.Apply(unbindO(qa), 200, 7, t0)
	p := m.Judge("show", conn([]string{"qa"}, nil, "ACTIVE"), t0.Add(2*settle))
	if len(p) != 1 || p[0].Detail != "show lists queue qa, which the model holds not bound since step 7 unbound it (still so 2s after the change, settle timeout 1s)" {
		t.Fatalf("%+v", p)
	}
}
