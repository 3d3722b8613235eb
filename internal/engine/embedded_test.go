package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

func load(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestEmulatorDefaultsComeFromTheSeedAndKeepWhatIsSet(t *testing.T) {
	cfg, err := EmulatorDefaults(load(t, map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ProjectID == "" || cfg.ConnectionID == "" || cfg.DeletedConnectionID == "" || len(cfg.Queues) != 2 || len(cfg.Pools) == 0 {
		t.Fatalf("defaults missing: %+v", cfg.Redacted())
	}
	if slices.Contains(cfg.Queues, "queue_fails") {
		t.Error("a queue whose bindings fail is a default")
	}
	if !strings.HasPrefix(cfg.AuthToken, "emu-") || len(cfg.AuthToken) < 20 {
		t.Error("no random token drawn")
	}
	own, err := EmulatorDefaults(load(t, map[string]string{"DLI_QUEUES": "x1,x2", "DLI_AUTH_TOKEN": "my-token-1234"}))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(own.Queues, []string{"x1", "x2"}) || own.AuthToken != "my-token-1234" {
		t.Errorf("set values replaced: %v", own.Queues)
	}
}

func TestSeedForAddsWhatTheConfigurationNames(t *testing.T) {
	cfg := load(t, map[string]string{"DLI_PROJECT_ID": "abcdef", "DLI_QUEUES": "qa,qb", "DLI_POOLS": "pa",
		"DLI_CONNECTION_ID": "11111111-2222-4333-8444-555555555555", "DLI_DELETED_CONNECTION_ID": "11111111-2222-4333-8444-666666666666"})
	seed, err := SeedFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(seed.Projects, func(p emulator.SeedProject) bool { return p.ID == "abcdef" })
	if i < 0 {
		t.Fatal("project not added")
	}
	p := seed.Projects[i]
	if len(p.Queues) != 2 || len(p.ElasticResourcePools) != 1 || len(p.Connections) != 2 {
		t.Fatalf("project: %+v", p)
	}
	if p.Connections[0].Status != "ACTIVE" || p.Connections[1].Status != "DELETED" {
		t.Errorf("connections: %+v", p.Connections)
	}
	again, _ := SeedFor(cfg)
	if len(again.Projects) != len(seed.Projects) {
		t.Error("SeedFor is not repeatable")
	}
}

func TestInputsOf(t *testing.T) {
	cfg, _ := EmulatorDefaults(load(t, map[string]string{}))
	ct, err := contract.Shared(cfg.Profile)
	if err != nil {
		t.Fatal(err)
	}
	in := InputsOf(cfg, ct)
	if !in.Credentials || !in.MutationsAllowed || !in.PoolsDocumented || in.ConnectionID == "" {
		t.Fatalf("inputs: %+v", in)
	}
	remote := load(t, map[string]string{"DLI_ENDPOINT": "https://dli.example.test", "DLI_PROJECT_ID": "p1"})
	in = InputsOf(remote, ct)
	if in.Credentials || in.MutationsAllowed || in.ConnectionID != "" {
		t.Fatalf("remote inputs: %+v", in)
	}
	if why := (Requirement{ID: "X", Mutates: true}).SkipReason(in); why != MutationGateReason {
		t.Errorf("BIND-QUEUES against a remote target without the gate: %q", why)
	}
}
