// Package engine runs the conformance requirements against a target without a
// test framework at its core. A Run holds everything one run has: the
// configuration, the client, the contract, the embedded emulator when there is
// one, what the run has learnt of the target's pace, its time budget and the
// connection's bindings before the run. Each requirement is one value
// (Requirement) with its check; executing it gives a typed verdict.Result that
// the reports read. The Ginkgo suite in suites/ is a thin adapter over Execute,
// and tests run requirements in process through RunAll.
package engine
