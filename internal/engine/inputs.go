package engine

import (
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// InputsOf is what cfg provides to the requirements' needs, with the contract
// saying whether the profile documents elastic resource pools.
func InputsOf(cfg config.Config, ct *contract.Contract) Inputs {
	return Inputs{
		ConnectionID:        cfg.ConnectionID,
		DeletedConnectionID: cfg.DeletedConnectionID,
		Queues:              cfg.Queues,
		Pools:               cfg.Pools,
		PoolsDocumented:     ct.Documents(contract.OpBind, "elastic_resource_pools"),
		Credentials:         cfg.AuthToken != "" || cfg.AK != "",
		MutationsAllowed:    cfg.MutationsAllowed(),
		CreateAllowed:       cfg.Embedded() || cfg.AllowCreate,
		Profile:             string(cfg.Profile),
	}
}
