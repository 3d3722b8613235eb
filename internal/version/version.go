// Package version carries the build's version, set with
// -ldflags "-X github.com/dli-conformance/dli-conformance/internal/version.Version=v1.2.3".
package version

import "runtime/debug"

// Version is the release; "dev" for a build from a work tree.
var Version = "dev"

// String returns the version, falling back to the module version recorded by
// `go install` when no -ldflags value was given.
func String() string {
	if Version != "dev" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return Version
}
