// Package ids makes the identifiers the project needs: UUIDs of the form DLI
// gives connections and peers, and hex request and project ids.
package ids

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
)

// UUID formats 16 bytes as a UUID of the given version with the RFC 4122 variant.
func UUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80
	// Hex groups of 4, 2, 2, 2 and 6 bytes: the emulator makes one per binding and
	// per connection, so without fmt's reflection.
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	hex.Encode(out[9:13], b[4:6])
	hex.Encode(out[14:18], b[6:8])
	hex.Encode(out[19:23], b[8:10])
	hex.Encode(out[24:36], b[10:16])
	out[8], out[13], out[18], out[23] = '-', '-', '-', '-'
	return string(out[:])
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
