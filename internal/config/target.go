package config

// The classes of target a run can be made against, as every verdict line and
// report header names them: a URL alone does not tell a reader that the suite
// tested its own emulator.
const (
	// TargetEmbedded is the emulator the suite serves itself when no target is
	// set.
	TargetEmbedded = "embedded emulator"
	// TargetLoopback is an endpoint on this machine (a standalone emulator, a
	// proxy, a tunnel).
	TargetLoopback = "endpoint on loopback"
	// TargetRemote is an endpoint elsewhere: a real service.
	TargetRemote = "remote endpoint"
)

// TargetClass is the class of the run's target: TargetEmbedded,
// TargetLoopback or TargetRemote.
func (c Config) TargetClass() string {
	switch {
	case c.Embedded():
		return TargetEmbedded
	case c.Loopback():
		return TargetLoopback
	}
	return TargetRemote
}

// TargetName is the target as a verdict line names it: its class, then its
// endpoint when it has one ("remote endpoint https://dli…").
func (c Config) TargetName() string {
	if c.Embedded() {
		return TargetEmbedded
	}
	return c.TargetClass() + " " + c.Endpoint
}
