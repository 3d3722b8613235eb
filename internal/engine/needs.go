package engine

import "fmt"

// Need is an input or capability a requirement needs from the configuration.
type Need string

// The needs a requirement can have.
const (
	NeedConnection        Need = "connection"
	NeedQueues            Need = "queues"
	NeedPools             Need = "pools"
	NeedPoolsDocumented   Need = "pools-documented"
	NeedDeletedConnection Need = "deleted-connection"
	NeedCredentials       Need = "auth"
	NeedCreate            Need = "create"
)

// Inputs is what the configuration provides, as the needs see it.
type Inputs struct {
	ConnectionID        string
	DeletedConnectionID string
	Queues, Pools       []string
	// PoolsDocumented is true when the profile's page documents
	// elastic_resource_pools.
	PoolsDocumented bool
	// Credentials is true when the run sends credentials (a token or AK/SK).
	Credentials bool
	// MutationsAllowed is true when specs that change state may run.
	MutationsAllowed bool
	// CreateAllowed is true when a scratch connection may be created.
	CreateAllowed bool
	// Profile names the documented variant, for reasons.
	Profile string
}

// Unmet returns why the need is not met by in, or "" when it is.
func (n Need) Unmet(in Inputs) string {
	switch n {
	case NeedConnection:
		if in.ConnectionID == "" {
			return "DLI_CONNECTION_ID is not set: the spec needs an active connection"
		}
	case NeedQueues:
		if len(in.Queues) < 2 {
			return "DLI_QUEUES is not set: the spec needs two existing queues"
		}
	case NeedPoolsDocumented:
		if !in.PoolsDocumented {
			return fmt.Sprintf("profile %s documents no elastic resource pools", in.Profile)
		}
	case NeedPools:
		if !in.PoolsDocumented {
			return fmt.Sprintf("profile %s documents no elastic resource pools", in.Profile)
		}
		if len(in.Pools) == 0 {
			return "DLI_POOLS is not set: the spec needs an existing elastic resource pool"
		}
	case NeedDeletedConnection:
		if in.DeletedConnectionID == "" {
			return "DLI_DELETED_CONNECTION_ID is not set: the spec needs a deleted connection"
		}
	case NeedCredentials:
		if !in.Credentials {
			return "neither DLI_AUTH_TOKEN nor DLI_AK/DLI_SK is set, so the target is taken to need no credentials"
		}
	case NeedCreate:
		if !in.CreateAllowed {
			return "DLI_ALLOW_CREATE is not true: the spec creates and deletes a scratch connection"
		}
	default:
		return fmt.Sprintf("the suite does not know the need %q (a defect of the suite)", string(n))
	}
	return ""
}
