package stateful

import (
	"context"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// Defaults of a walk campaign. The steps of a walk and the settle timeout are
// settings of the run (DLI_MAX_STEPS, DLI_SETTLE_TIMEOUT): their defaults are
// config's, declared there once.
const (
	DefaultWalks         = 3
	DefaultMaxSteps      = config.DefaultMaxSteps
	DefaultSettleTimeout = config.DefaultSettleTimeout
	DefaultMaxShrinkRuns = 200
	DefaultListPageSize  = 100
)

// Target is the connection a walk drives, through the typed calls of dli.
type Target struct {
	API        *dli.API
	Connection string
}

// Config configures a walk.
type Config struct {
	// Seed draws the steps; the same seed gives the same walk.
	Seed int64
	// MaxSteps bounds the walk; 0 means DefaultMaxSteps.
	MaxSteps int
	// Queues and Pools are existing names the walk may bind and unbind; at least
	// one queue. Pools is empty for a profile without elastic resource pools.
	Queues, Pools []string
	// SettleTimeout is how long a change may take to show; 0 means
	// DefaultSettleTimeout.
	SettleTimeout time.Duration
	// Contract, when set, checks every answer of the walk against the contract.
	Contract *contract.Contract
	// Reset, when set, brings the target to a clean state before each re-run while
	// shrinking (an emulator's reset, say). Without it each run starts where the
	// cleanup of the one before left the connection.
	Reset func(context.Context) error
	// MaxShrinkRuns bounds the re-runs spent shrinking a failure; 0 means
	// DefaultMaxShrinkRuns, negative means no shrinking.
	MaxShrinkRuns int
	// ShrinkBudget bounds the time spent shrinking a failing walk; 0 means no
	// bound but MaxShrinkRuns. Against a live
	// target each re-run waits for the target to settle, so that without a
	// budget shrinking can take many minutes.
	ShrinkBudget time.Duration
	// Deadline, when set, is when the walks stop adding steps (and start no
	// further walk); the replays of a shrinking do not heed it.
	Deadline time.Time
	// ListPageSize is the limit of each list request; 0 means DefaultListPageSize.
	ListPageSize int
	// now is the clock that the shrinking budget is measured with; nil means
	// time.Now. Tests set it to spend the budget without waiting.
	now func() time.Time
}

func (c Config) clock() time.Time {
	if c.now == nil {
		return time.Now()
	}
	return c.now()
}

func (c Config) withDefaults() Config {
	if c.MaxSteps <= 0 {
		c.MaxSteps = DefaultMaxSteps
	}
	if c.SettleTimeout <= 0 {
		c.SettleTimeout = DefaultSettleTimeout
	}
	if c.MaxShrinkRuns == 0 {
		c.MaxShrinkRuns = DefaultMaxShrinkRuns
	}
	if c.ListPageSize <= 0 {
		c.ListPageSize = DefaultListPageSize
	}
	return c
}

func (c Config) known() []Resource {
	var out []Resource
	for _, q := range c.Queues {
		out = append(out, Resource{Name: q})
	}
	for _, p := range c.Pools {
		out = append(out, Resource{Pool: true, Name: p})
	}
	return out
}

func (c Config) unknown() []Resource { return unknownNames(c.Seed, len(c.Pools) > 0) }
