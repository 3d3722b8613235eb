package engine

import (
	"strings"
	"testing"
)

func TestSpecEvidenceKeepsTheFirstAndTheLastWithinItsBudget(t *testing.T) {
	e := NewSpecEvidence(100)
	for _, s := range []string{"a1", "a2", strings.Repeat("b", 40), "c1", "c2", "c3", "c4", strings.Repeat("d", 30), strings.Repeat("e", 15), "last"} {
		e.Add(s)
	}
	got := e.Texts()
	total := 0
	for _, s := range got {
		if !strings.HasPrefix(s, "… ") {
			total += len(s)
		}
	}
	if total > 100 {
		t.Fatalf("%d bytes kept of a budget of 100: %q", total, got)
	}
	if got[0] != "a1" || got[1] != "a2" || got[len(got)-1] != "last" || got[len(got)-3] != strings.Repeat("d", 30) {
		t.Fatalf("want the first and the last kept: %q", got)
	}
	var note string
	for _, s := range got {
		if strings.HasPrefix(s, "… ") {
			note = s
		}
	}
	if !strings.Contains(note, "1 exchange (2 bytes) not kept") || e.Len() != 10 {
		t.Fatalf("note %q, len %d", note, e.Len())
	}
	e.Reset()
	if len(e.Texts()) != 0 || e.Len() != 0 {
		t.Fatalf("after Reset: %q", e.Texts())
	}
}

func TestSpecEvidenceCutsATextLargerThanHalfItsBudget(t *testing.T) {
	e := NewSpecEvidence(1000)
	e.Add(strings.Repeat("x", 10000))
	got := e.Texts()
	if len(got) != 1 || len(got[0]) > 500 || !strings.Contains(got[0], "more bytes cut") {
		t.Fatalf("%d texts, first %d bytes: %.80q", len(got), len(got[0]), got[0])
	}
}
