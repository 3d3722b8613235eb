package emulator

import "github.com/dli-conformance/dli-conformance/internal/ids"

// newUUID returns a random (version 4) UUID, the form DLI gives connection and peer ids.
func newUUID() string { return ids.NewUUID() }

// stableUUID derives a name-based UUID, so that seeded peers keep their ids
// across resets.
func stableUUID(parts ...string) string { return ids.StableUUID(parts...) }

// newRequestID returns 32 hex digits, the form of the gateway's request_id.
func newRequestID() string { return ids.NewHex(16) }
