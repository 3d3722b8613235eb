package stateful

import (
	"strings"
	"testing"
)

func req(client int, a Action, o Outcome, names ...Resource) Call {
	return Call{Client: client, Action: a, Names: names, Outcome: o}
}

func TestSerialisableAcceptsEveryReachableFinalState(t *testing.T) {
	h := [][]Call{
		{req(0, ActBind, Applied, qa)},
		{req(1, ActUnbind, Applied, qa)},
	}
	for _, final := range []bool{true, false} {
		if err := Serialisable(map[Resource]bool{}, map[Resource]bool{qa: final}, h); err != nil {
			t.Errorf("bind and unbind racing, final bound=%v: %v", final, err)
		}
	}
}

func TestSerialisableRefusesWhatNoOrderGives(t *testing.T) {
	for _, tc := range []struct {
		name    string
		initial map[Resource]bool
		final   map[Resource]bool
		h       [][]Call
		want    string
	}{
		{"one request binds both names, the other unbinds both: a mix is torn",
			nil, map[Resource]bool{qa: true, qb: false},
			[][]Call{{req(0, ActBind, Applied, qa, qb)}, {req(1, ActUnbind, Applied, qa, qb)}}, "no serial order"},
		{"a client's own bind then unbind cannot end bound",
			nil, map[Resource]bool{qa: true},
			[][]Call{{req(0, ActBind, Applied, qa), req(0, ActUnbind, Applied, qa)}}, "no serial order"},
		{"a bind acknowledged last is lost",
			nil, map[Resource]bool{qa: false, qb: true},
			[][]Call{{req(0, ActBind, Applied, qb), req(0, ActBind, Applied, qa)}}, "no serial order"},
		{"a name nobody named changed",
			map[Resource]bool{pa: true}, map[Resource]bool{pa: false, qa: true},
			[][]Call{{req(0, ActBind, Applied, qa)}}, "pool pa is not bound, but no acknowledged request changed it"},
		{"a refused bind bound something",
			nil, map[Resource]bool{qa: true},
			[][]Call{{req(0, ActBind, Refused, qa)}}, "queue qa is bound"},
	} {
		err := Serialisable(tc.initial, tc.final, tc.h)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestSerialisableFindsOrdersAcrossClients(t *testing.T) {
	// qa unbound, qb bound, pa bound needs c0's unbind(qa) after c1's bind(qa,qb)
	// and c0's bind(pa) after c2's unbind(pa).
	h := [][]Call{
		{req(0, ActUnbind, Applied, qa), req(0, ActBind, Applied, pa)},
		{req(1, ActBind, Applied, qa, qb)},
		{req(2, ActUnbind, Applied, pa), req(2, ActUnbind, Refused, qb)},
	}
	final := map[Resource]bool{qa: false, qb: true, pa: true}
	if err := Serialisable(nil, final, h); err != nil {
		t.Fatal(err)
	}
	// qa bound with qb bound and pa bound: c1 last for qa and qb, c0's bind(pa) after c2.
	if err := Serialisable(nil, map[Resource]bool{qa: true, qb: true, pa: true}, h); err != nil {
		t.Fatal(err)
	}
	// pa not bound, qa not bound: c2's unbind(pa) last for pa needs c0's bind(pa)
	// before it, so c0's unbind(qa) came earlier still, and then c1's bind(qa,qb) must
	// come before that; possible.
	if err := Serialisable(nil, map[Resource]bool{qa: false, qb: true, pa: false}, h); err != nil {
		t.Fatal(err)
	}
	// qb not bound: only c1 changes qb, and it binds it.
	if err := Serialisable(nil, map[Resource]bool{qa: false, qb: false, pa: true}, h); err == nil {
		t.Fatal("qb unbound was accepted, though only a bind names it")
	}
}

func TestSerialisableTakesUnansweredRequestsEitherWay(t *testing.T) {
	h := [][]Call{{req(0, ActBind, Applied, qa), req(0, ActUnbind, Unknown, qa)}}
	for _, final := range []bool{true, false} {
		if err := Serialisable(nil, map[Resource]bool{qa: final}, h); err != nil {
			t.Errorf("final bound=%v after an unanswered unbind: %v", final, err)
		}
	}
}
