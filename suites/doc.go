// Package suites is the Ginkgo face of the conformance suite: one It per
// requirement of internal/requirement, labelled for --label-filter, each
// executing the requirement through internal/engine and handing its typed
// result to the reports. Both `go test ./suites` (or `ginkgo`, with -p) and the
// dli-conformance binary run this very tree. The package keeps no state of its
// own: a run's state lives in the engine.Run each process builds.
package suites
