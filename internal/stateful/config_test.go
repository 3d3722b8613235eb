package stateful

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

func TestRunsNeedSomethingToBind(t *testing.T) {
	if r := Walk(background, Target{}, Config{Seed: 1}); r.Failure == nil || r.Failure.Rule != RuleConfig || r.Failure.Kind != verdict.Input {
		t.Fatalf("walk without names: %v", r.Failure)
	}
	if r := Concurrent(background, Target{}, ConcurrentConfig{}); r.Failure == nil || r.Failure.Rule != RuleConfig {
		t.Fatalf("concurrent run without names: %v", r.Failure)
	}
	if r := Lifecycle(background, nil, LifecycleConfig{}); r.Failure == nil || len(r.Steps) != 0 {
		t.Fatalf("lifecycle without names: %v", r.Failure)
	}
	if Plan(Config{Seed: 1}) != nil {
		t.Fatal("a plan without names has steps")
	}
}

func TestConcurrentSplitsNamesIntoOwnAndShared(t *testing.T) {
	for _, tc := range []struct {
		names, clients, own, wantOwn int
	}{
		{12, 8, 0, 8}, {5, 8, 0, 4}, {1, 8, 0, 0}, {4, 2, -1, 0}, {4, 2, 9, 4},
	} {
		c := ConcurrentConfig{Clients: tc.clients, Own: tc.own}
		for i := range tc.names {
			c.Queues = append(c.Queues, string(rune('a'+i)))
		}
		if got := c.withDefaults().Own; got != tc.wantOwn {
			t.Errorf("%d names, %d clients, own %d: %d own names, want %d", tc.names, tc.clients, tc.own, got, tc.wantOwn)
		}
	}
}

func TestResultsCarryNoCredentials(t *testing.T) {
	e := newEnv(t, envOptions{wrap: (&noRebind{gone: map[string]bool{}}).wrap})
	r := Walk(background, e.on(connID), walkConfig(1, nil))
	if r.Failure == nil {
		t.Fatal("the broken emulator was not caught")
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{string(out), r.Reproduction(), r.Failure.Error()} {
		if strings.Contains(text, token) {
			t.Fatalf("the token shows in %s", text)
		}
	}
	if !strings.Contains(r.Reproduction(), `"X-Auth-Token: $DLI_AUTH_TOKEN"`) {
		t.Fatalf("the reproduction has no curl line:\n%s", r.Reproduction())
	}
}
