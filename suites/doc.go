// Package suites holds the conformance specs for DLI "Binding a Queue". The specs are
// ordinary (non-test) Go files so that both `go test ./suites` and the
// dli-conformance binary run the very same tree; each spec is named after an entry of
// the requirement catalogue and does little more than call the checks in internal/.
package suites
