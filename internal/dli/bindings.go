package dli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/client"
)

// Bindings are the names bound to a connection.
type Bindings struct {
	Queues []string `json:"queues"`
	Pools  []string `json:"elastic_resource_pools"`
}

// Equal reports whether both list the same names, ignoring order but not
// duplicates.
func (b Bindings) Equal(o Bindings) bool {
	return sameMultiset(b.Queues, o.Queues) && sameMultiset(b.Pools, o.Pools)
}

// Minus returns what b has that o lacks (one entry per surplus occurrence).
func (b Bindings) Minus(o Bindings) BindBody {
	return BindBody{Queues: minus(b.Queues, o.Queues), Pools: minus(b.Pools, o.Pools)}
}

func (b Bindings) String() string {
	return fmt.Sprintf("queues [%s], elastic_resource_pools [%s]", strings.Join(b.Queues, ","), strings.Join(b.Pools, ","))
}

func sameMultiset(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func minus(a, b []string) []string {
	left := map[string]int{}
	for _, n := range b {
		left[n]++
	}
	var out []string
	for _, n := range a {
		if left[n] > 0 {
			left[n]--
			continue
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// Restore puts the connection's bindings back to before: it unbinds what was
// added and binds again what was removed, then queries to confirm. It returns
// every exchange it made and an error that says what is left over.
func (a *API) Restore(ctx context.Context, conn string, before Bindings) ([]*client.Exchange, error) {
	now, x, err := a.Show(ctx, conn)
	xs := []*client.Exchange{x}
	if err != nil {
		return xs, err
	}
	added := now.Bindings().Minus(before)
	removed := before.Minus(now.Bindings())
	if added.Empty() && removed.Empty() {
		return xs, nil
	}
	if !added.Empty() {
		xs = append(xs, a.Unbind(ctx, conn, added))
	}
	if !removed.Empty() {
		xs = append(xs, a.Bind(ctx, conn, removed))
	}
	after, x, err := a.Show(ctx, conn)
	xs = append(xs, x)
	if err != nil {
		return xs, err
	}
	if !after.Bindings().Equal(before) {
		return xs, &LeftoverError{Connection: conn, Before: before, After: after.Bindings(), Undo: UnbindPath(a.Project, conn),
			Extra: after.Bindings().Minus(before)}
	}
	return xs, nil
}

// LeftoverError says that a connection's bindings could not be put back.
type LeftoverError struct {
	Connection string
	Before     Bindings
	After      Bindings
	// Undo is the path of the unbind request that removes Extra.
	Undo  string
	Extra BindBody
	// NotWaited, when set, says why the restore looked once instead of
	// waiting for the connection to show as it was (UnbindIneffective).
	NotWaited string
}

func (e *LeftoverError) Error() string {
	msg := fmt.Sprintf("connection %s was left with %s; it had %s", e.Connection, e.After, e.Before)
	if !e.Extra.Empty() {
		msg += fmt.Sprintf("; to undo: POST %s with body %s", e.Undo, e.Extra.JSON())
	}
	if e.NotWaited != "" {
		msg += "; not waited for, since " + e.NotWaited
	}
	return msg
}
