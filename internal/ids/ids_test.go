package ids

import (
	"regexp"
	"testing"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-([45])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestUUIDs(t *testing.T) {
	a, b := NewUUID(), NewUUID()
	if !uuidRE.MatchString(a) || a == b || uuidRE.FindStringSubmatch(a)[1] != "4" {
		t.Fatalf("NewUUID: %s %s", a, b)
	}
	s := StableUUID("p", "q")
	if !uuidRE.MatchString(s) || s != StableUUID("p", "q") || s == StableUUID("pq") || uuidRE.FindStringSubmatch(s)[1] != "5" {
		t.Fatalf("StableUUID: %s", s)
	}
	if h := NewHex(16); len(h) != 32 || h == NewHex(16) {
		t.Fatalf("NewHex: %s", h)
	}
}
