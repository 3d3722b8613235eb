// Package stateful checks that a target keeps a connection's bindings the way a
// model of them says, over long seeded sequences of binds, unbinds and reads
// (Walk), when several clients change them at once (Concurrent), and across a
// connection's whole life (Lifecycle). A failing walk is shrunk by delta
// debugging to a short sequence that fails the same way, shown as numbered steps
// with a curl line each.
//
// The model follows the documented rules (dli_02_0191, dli_02_0192, dli_02_0189):
// binding known names answers 200 and lists each name once, in status CREATING,
// ACTIVE or FAILED; a request naming an unknown resource is refused with 400 and
// changes nothing; inputs the documentation leaves open ({} and empty arrays) may
// be answered 200 or 400 but change nothing; binding a name already bound and
// unbinding one that is not bound may be answered 200 or 400, and nothing else may
// change. Binding is asynchronous, so a change may take up to a settle timeout to
// show.
package stateful
