package stateful

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// TestWalksAgreeWithTheEmulator runs the default campaign (three walks of 80 steps)
// against the emulator, every answer checked against the contract.
func TestWalksAgreeWithTheEmulator(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := loadContract(t)
	results := Walks(background, e.on(connID), walkConfig(100, c), DefaultWalks)
	steps := 0
	kinds := map[OpKind]int{}
	statuses := map[int]int{}
	for _, r := range results {
		if err := r.Err(); err != nil {
			t.Fatalf("seed %d: %v\n%s", r.Seed, err, r.Reproduction())
		}
		steps += len(r.Steps)
		for _, s := range r.Steps {
			kinds[s.Op.Kind]++
			statuses[s.Status]++
		}
	}
	if steps < 3*DefaultMaxSteps {
		t.Fatalf("the campaign ran %d steps, want %d", steps, 3*DefaultMaxSteps)
	}
	if statuses[400] == 0 || kinds[KindRebind] == 0 {
		t.Fatalf("a campaign without refusals or binds again proves little: %v %v", statuses, kinds)
	}
	t.Logf("%d steps, kinds %v, statuses %v", steps, kinds, statuses)
	e.expectBindings(t, nil, nil)
	if v := e.emu.Violations(); len(v) > 0 {
		t.Fatalf("the emulator's answers violate the contract: %v", v)
	}
}

// TestWalkWaitsForAsynchronousBindings gives the emulator an activation delay, so
// that bindings show CREATING first.
func TestWalkWaitsForAsynchronousBindings(t *testing.T) {
	e := newEnv(t, envOptions{delay: 20 * time.Millisecond})
	r := Walk(background, e.on(connID), walkConfig(5, nil))
	if err := r.Err(); err != nil {
		t.Fatalf("%v\n%s", err, r.Reproduction())
	}
	e.expectBindings(t, nil, nil)
}

// TestWalkLeavesForeignAndEarlierBindingsAlone starts from a connection that has a
// binding outside the walk's names and one of the walk's names bound already.
func TestWalkLeavesForeignAndEarlierBindingsAlone(t *testing.T) {
	e := newEnv(t, envOptions{seed: func(s *emulator.Seed) {
		s.Projects[0].Connections[0].BoundQueues = []string{"queue_c", "queue_a"}
	}})
	r := Walk(background, e.on(connID), walkConfig(9, loadContract(t)))
	if err := r.Err(); err != nil {
		t.Fatalf("%v\n%s", err, r.Reproduction())
	}
	e.expectBindings(t, []string{"queue_a", "queue_c"}, nil)
}

func TestWalkIsReproducibleFromItsSeed(t *testing.T) {
	e := newEnv(t, envOptions{})
	cfg := walkConfig(21, nil)
	cfg.MaxSteps = 30
	a := Walk(background, e.on(connID), cfg)
	b := Walk(background, e.on(connID), cfg)
	if a.Err() != nil || b.Err() != nil {
		t.Fatal(a.Err(), b.Err())
	}
	if len(a.Steps) != 30 || len(b.Steps) != 30 {
		t.Fatalf("steps %d and %d, want the budget of 30", len(a.Steps), len(b.Steps))
	}
	for i := range a.Steps {
		if a.Steps[i].Op.String() != b.Steps[i].Op.String() || a.Steps[i].Status != b.Steps[i].Status {
			t.Fatalf("step %d: %s -> %d, then %s -> %d", i+1, a.Steps[i].Op, a.Steps[i].Status, b.Steps[i].Op, b.Steps[i].Status)
		}
	}
}

func TestWalkStopsWhenTheConnectionCannotBeRead(t *testing.T) {
	e := newEnv(t, envOptions{})
	r := Walk(background, e.on("00000000-1111-4222-8333-444444444444"), walkConfig(1, nil))
	if r.Failure == nil || r.Failure.Step != 0 || r.Failure.Rule != RuleRead || len(r.Steps) != 0 {
		t.Fatalf("walk on a connection that does not exist: %+v", r.Failure)
	}
}

func TestWalkGivesUpWhenTheContextEnds(t *testing.T) {
	h := &staleList{}
	e := newEnv(t, envOptions{wrap: func(next http.Handler) http.Handler { h.next = next; return h }})
	ctx, cancel := context.WithTimeout(background, 300*time.Millisecond)
	defer cancel()
	cfg := walkConfig(2, nil)
	cfg.SettleTimeout = time.Hour
	r := Walk(ctx, e.on(connID), cfg)
	// The stale list would be waited for an hour: the walk stops with its context,
	// says so, and still puts the connection back.
	if r.Failure == nil || !strings.Contains(r.Failure.Error(), "context deadline exceeded") || r.Shrunk != nil {
		t.Fatalf("want the walk stopped by its context, got %v", r.Err())
	}
	if r.Cleanup != nil {
		t.Fatal(r.Cleanup)
	}
	e.expectBindings(t, nil, nil)
}

// TestWalkOnAQueuesOnlyProfile walks the otc profile, which documents no pools.
func TestWalkOnAQueuesOnlyProfile(t *testing.T) {
	e := newEnv(t, envOptions{opts: func(o *emulator.Options) { o.Profile = contract.OTC }})
	c, err := contract.Load(contract.OTC)
	if err != nil {
		t.Fatal(err)
	}
	cfg := walkConfig(31, c)
	cfg.Pools = nil
	r := Walk(background, e.on(connID), cfg)
	if err := r.Err(); err != nil {
		t.Fatalf("%v\n%s", err, r.Reproduction())
	}
	e.expectBindings(t, nil, nil)
}
