package engine

import (
	"fmt"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// SpecEvidence keeps the rendered exchanges of one spec within a byte budget,
// so that a spec which sends hundreds of requests to a target that answers
// with huge headers holds a bounded amount: the first exchanges up to half the
// budget (they show how the spec began) and the latest in the other half (they
// show how it ended), with a count of those let go in between. A text longer
// than half the budget is cut. The zero value keeps nothing; it is not safe for
// concurrent use.
type SpecEvidence struct {
	limit                int
	head, tail           []string
	headBytes, tailBytes int
	dropped              int
	droppedBytes         int
}

// NewSpecEvidence returns an empty SpecEvidence of limit bytes.
func NewSpecEvidence(limit int) *SpecEvidence { return &SpecEvidence{limit: limit} }

// Add keeps s, letting go of older texts past the first ones if the budget
// needs it.
func (e *SpecEvidence) Add(s string) {
	half := e.limit / 2
	if half <= 0 {
		e.drop(len(s))
		return
	}
	s = verdict.CutEvidence(s, half)
	if len(e.tail) == 0 && e.headBytes+len(s) <= half {
		e.head = append(e.head, s)
		e.headBytes += len(s)
		return
	}
	e.tail = append(e.tail, s)
	e.tailBytes += len(s)
	for e.tailBytes > half {
		e.drop(len(e.tail[0]))
		e.tailBytes -= len(e.tail[0])
		e.tail[0] = ""
		e.tail = e.tail[1:]
	}
}

func (e *SpecEvidence) drop(n int) {
	e.dropped++
	e.droppedBytes += n
}

// Texts returns what was kept, in order, with one line in place of the texts
// let go.
func (e *SpecEvidence) Texts() []string {
	out := append([]string(nil), e.head...)
	if e.dropped > 0 {
		out = append(out, fmt.Sprintf("… %d %s (%d bytes) not kept here: a spec keeps at most %d bytes of exchanges as evidence, the first and the last",
			e.dropped, map[bool]string{true: "exchange", false: "exchanges"}[e.dropped == 1], e.droppedBytes, e.limit))
	}
	return append(out, e.tail...)
}

// Len is the number of texts added since the last Reset.
func (e *SpecEvidence) Len() int { return len(e.head) + len(e.tail) + e.dropped }

// Reset empties e for the next spec.
func (e *SpecEvidence) Reset() { *e = SpecEvidence{limit: e.limit} }
