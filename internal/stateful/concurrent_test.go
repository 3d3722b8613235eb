package stateful

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// manyQueues adds queues q00…q11 to the seed's first project.
func manyQueues(s *emulator.Seed) {
	for i := range 12 {
		s.Projects[0].Queues = append(s.Projects[0].Queues, emulator.SeedResource{Name: fmt.Sprintf("q%02d", i)})
	}
}

func manyQueueNames() []string {
	var out []string
	for i := range 12 {
		out = append(out, fmt.Sprintf("q%02d", i))
	}
	return out
}

func TestConcurrentClientsLeaveASerialisableState(t *testing.T) {
	e := newEnv(t, envOptions{seed: manyQueues})
	cfg := ConcurrentConfig{Queues: manyQueueNames(), Pools: seedPools, Seed: 5, SettleTimeout: time.Second}
	r := Concurrent(background, e.on(connID), cfg)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if r.Clients != DefaultClients || r.Requests != DefaultClients*DefaultRequestsPerClient || r.Applied == 0 {
		t.Fatalf("clients %d, requests %d, applied %d", r.Clients, r.Requests, r.Applied)
	}
	owned := 0
	for _, own := range r.Own {
		owned += len(own)
	}
	if owned != DefaultClients || len(r.Shared) != 6 {
		t.Fatalf("own names %v, shared %v", r.Own, r.Shared)
	}
	t.Logf("%d clients, %d requests (%d applied, %d refused) in %v: %.0f requests/s", r.Clients, r.Requests, r.Applied, r.Refused, r.Duration.Round(time.Millisecond), r.Rate)
	e.expectBindings(t, nil, nil)
}

func TestConcurrentClientsWithFewNames(t *testing.T) {
	e := newEnv(t, envOptions{})
	r := Concurrent(background, e.on(connID), ConcurrentConfig{Queues: seedQueues, Pools: seedPools, Seed: 9, SettleTimeout: time.Second})
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if len(r.Shared) != 1 {
		t.Fatalf("five names for eight clients: want four own and one shared, got own %v shared %v", r.Own, r.Shared)
	}
	e.expectBindings(t, nil, nil)
}

// racyTarget keeps one connection's queues with a read-modify-write race: a bind
// or unbind reads the set, waits, and writes back what it computed from its copy,
// so two requests at once lose one's change. One at a time it is correct.
type racyTarget struct {
	mu     sync.Mutex
	queues []string
	known  []string
}

func (f *racyTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	conn := func() dli.Connection {
		c := dli.Connection{ID: connID, Name: "racy", Status: "ACTIVE", Queues: []dli.Peer{}, Pools: []dli.Peer{}}
		for _, q := range f.queues {
			c.Queues = append(c.Queues, dli.Peer{Name: q, Status: "ACTIVE"})
		}
		return c
	}
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/"+connID):
		f.mu.Lock()
		defer f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(conn())
	case r.Method == http.MethodGet:
		f.mu.Lock()
		defer f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"is_success": true, "connections": []dli.Connection{conn()}, "count": 1})
	default:
		var body struct{ Queues []string }
		if err := json.Unmarshal(readBody(r), &body); err != nil || len(body.Queues) == 0 {
			dliRefusal(w, "bad body")
			return
		}
		for _, q := range body.Queues {
			if !slices.Contains(f.known, q) {
				dliRefusal(w, "There is no queue named "+q)
				return
			}
		}
		f.mu.Lock()
		copied := slices.Clone(f.queues)
		f.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		for _, q := range body.Queues {
			if strings.HasSuffix(r.URL.Path, "/associate-queue") && !slices.Contains(copied, q) {
				copied = append(copied, q)
			}
			if strings.HasSuffix(r.URL.Path, "/disassociate-queue") {
				copied = slices.DeleteFunc(copied, func(c string) bool { return c == q })
			}
		}
		f.mu.Lock()
		f.queues = copied
		f.mu.Unlock()
		_, _ = w.Write([]byte(`{"is_success":true,"message":""}`))
	}
}

func TestConcurrentClientsCatchALostUpdate(t *testing.T) {
	names := manyQueueNames()
	f := &racyTarget{known: names}
	tgt := Target{API: newAPI(t, f), Connection: connID}
	// One at a time the racy target is right: a walk cannot see the race.
	if r := Walk(background, tgt, Config{Seed: 3, MaxSteps: 40, Queues: names[:3], SettleTimeout: 50 * time.Millisecond}); r.Err() != nil {
		t.Fatalf("the racy target fails a serial walk: %v\n%s", r.Err(), r.Reproduction())
	}
	for attempt := 1; attempt <= 5; attempt++ {
		r := Concurrent(background, tgt, ConcurrentConfig{Queues: names, Seed: int64(attempt), SettleTimeout: 50 * time.Millisecond})
		if r.Cleanup != nil {
			t.Fatal(r.Cleanup)
		}
		if r.Failure != nil {
			if r.Failure.Rule != RuleMissing && r.Failure.Rule != RuleLingering && r.Failure.Rule != RuleNotSerialisable {
				t.Fatalf("caught, but as %s: %v", r.Failure.Rule, r.Failure)
			}
			t.Logf("attempt %d caught the lost update after %d requests: %s", attempt, r.Requests, r.Failure.Message)
			return
		}
	}
	t.Fatal("five concurrent runs did not catch the lost updates")
}
