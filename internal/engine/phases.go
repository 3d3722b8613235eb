package engine

import (
	"sync"
	"time"
)

// The phases a run's time goes into, as the reports show them.
const (
	// phaseSetup is the time before the first requirement: reading the
	// connections and the calibration bind.
	phaseSetup    = "setup"
	phaseRequests = "requests"
	phaseQuiet    = "quiet periods"
	phaseSettle   = "settle waits"
	// PhaseWalks is the stateful walks' time, shrinking included.
	PhaseWalks = "walks"
	// PhaseShrink is the time the walks spent shrinking a failing sequence.
	PhaseShrink = "shrinking"
)

// phases adds up time per phase; safe for concurrent use.
type phases struct {
	mu sync.Mutex
	d  map[string]time.Duration
}

func (p *phases) add(name string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.d == nil {
		p.d = map[string]time.Duration{}
	}
	p.d[name] += d
}

func (p *phases) snapshot() map[string]time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]time.Duration, len(p.d))
	for k, v := range p.d {
		out[k] = v
	}
	return out
}

// Phase adds d to the spec's time in the named phase.
func (s *Spec) Phase(name string, d time.Duration) { s.phases.add(name, d) }
