package verdict

import (
	"strings"
	"testing"
)

func TestCutEvidenceCutsOnACharacterBoundary(t *testing.T) {
	if got := CutEvidence("héllo"+strings.Repeat("o", 40), 23); got != "h\n… 45 more bytes cut" {
		t.Fatalf("%q", got)
	}
	if got := CutEvidence("short", 10); got != "short" {
		t.Fatalf("%q", got)
	}
	if got := CutEvidence("whole", -1); got != "whole" {
		t.Fatalf("%q", got)
	}
}
