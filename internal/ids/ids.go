// Package ids makes the identifiers the project needs: UUIDs of the form DLI
// gives connections and peers, and hex request and project ids.
package ids

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
)

// UUID formats 16 bytes as a UUID of the given version with the RFC 4122 variant.
func UUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return UUID(b, 4)
}

// StableUUID derives a name-based (version 5 style) UUID from parts: the same
// parts give the same UUID.
func StableUUID(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var b [16]byte
	copy(b[:], h.Sum(nil))
	return UUID(b, 5)
}

// NewHex returns n random bytes as 2n hex digits.
func NewHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
