package engine

import (
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/ids"
)

// EmbeddedActivationDelay keeps fresh bindings in CREATING for a moment, as the
// real service does, so that the suite meets both states.
const EmbeddedActivationDelay = 20 * time.Millisecond

// EmulatorDefaults fills what the configuration leaves unset from the default
// seed (SeedInputs), and a random token.
func EmulatorDefaults(cfg config.Config) (config.Config, error) {
	seed, err := emulator.DefaultSeed()
	if err != nil {
		return cfg, err
	}
	cfg = SeedInputs(cfg, seed)
	if cfg.AuthToken == "" && cfg.AK == "" {
		cfg.AuthToken = "emu-" + ids.NewHex(24)
	}
	return cfg, nil
}

// SeedInputs fills the inputs cfg leaves unset from seed: its first project,
// that project's first active and first deleted connection, two queues that
// bind cleanly and its pools (both profiles document them). The embedded run
// and the emulator command's first lines both read it, so that a standalone
// emulator is pointed at as the embedded one is.
func SeedInputs(cfg config.Config, seed *emulator.Seed) config.Config {
	if len(seed.Projects) == 0 {
		return cfg
	}
	p := seed.Projects[0]
	if cfg.ProjectID == "" {
		cfg.ProjectID = p.ID
	}
	for _, c := range p.Connections {
		if cfg.ConnectionID == "" && c.Status == "ACTIVE" {
			cfg.ConnectionID = c.ID
		}
		if cfg.DeletedConnectionID == "" && c.Status == "DELETED" {
			cfg.DeletedConnectionID = c.ID
		}
	}
	if len(cfg.Queues) == 0 {
		for _, q := range p.Queues {
			if q.FailMessage == "" && len(cfg.Queues) < 2 {
				cfg.Queues = append(cfg.Queues, q.Name)
			}
		}
	}
	if len(cfg.Pools) == 0 {
		for _, r := range p.ElasticResourcePools {
			cfg.Pools = append(cfg.Pools, r.Name)
		}
	}
	return cfg
}

// SeedFor returns the default seed with whatever the configuration names added to
// it, so that DLI_PROJECT_ID, DLI_CONNECTION_ID, DLI_QUEUES and the rest work with
// the embedded emulator as they would with a real target.
func SeedFor(cfg config.Config) (*emulator.Seed, error) {
	seed, err := emulator.DefaultSeed()
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(seed.Projects, func(p emulator.SeedProject) bool { return p.ID == cfg.ProjectID })
	if i < 0 {
		seed.Projects = append(seed.Projects, emulator.SeedProject{ID: cfg.ProjectID})
		i = len(seed.Projects) - 1
	}
	p := &seed.Projects[i]
	for _, q := range cfg.Queues {
		if !slices.ContainsFunc(p.Queues, func(r emulator.SeedResource) bool { return r.Name == q }) {
			p.Queues = append(p.Queues, emulator.SeedResource{Name: q})
		}
	}
	for _, q := range cfg.Pools {
		if !slices.ContainsFunc(p.ElasticResourcePools, func(r emulator.SeedResource) bool { return r.Name == q }) {
			p.ElasticResourcePools = append(p.ElasticResourcePools, emulator.SeedResource{Name: q})
		}
	}
	addConn := func(id, status string) {
		if id == "" || slices.ContainsFunc(p.Connections, func(c emulator.SeedConnection) bool { return c.ID == id }) {
			return
		}
		p.Connections = append(p.Connections, emulator.SeedConnection{ID: id, Name: "configured_" + status, Status: status,
			DestVPCID: "6b0c2f4e-1d3a-4c5b-8e9f-0a1b2c3d4e5f", DestNetworkID: "8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586", CreateTime: 1767225600000})
	}
	addConn(cfg.ConnectionID, "ACTIVE")
	addConn(cfg.DeletedConnectionID, "DELETED")
	return seed, nil
}
