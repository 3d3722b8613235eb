package stateful

import (
	"fmt"
	"strings"
	"time"
)

// Reproduction renders a failing walk for a person: where it failed, and the
// shortest failing sequence found as numbered steps, each with the curl line that
// repeats it. It is "" for a walk that passed.
func (r Result) Reproduction() string {
	if r.Failure == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "walk with seed %d failed at step %d: %s\n", r.Seed, r.Failure.Step, r.Failure.Message)
	steps, fail := r.Steps, r.Failure
	if r.ShrunkFailure != nil {
		fmt.Fprintf(&b, "shrunk from %d to %d steps in %d runs:\n", len(r.Steps), len(r.Shrunk), r.ShrinkRuns)
		steps, fail = r.Shrunk, r.ShrunkFailure
	} else {
		b.WriteString("steps:\n")
	}
	if r.ShrinkCut != "" {
		fmt.Fprintf(&b, "not fully shrunk: %s\n", r.ShrinkCut)
	}
	if r.ShrinkSettle > 0 {
		fmt.Fprintf(&b, "replays judged with a settle timeout of %v, %d times the slowest change the walk saw (%v)\n", r.ShrinkSettle, replaySlack, r.Slowest.Round(time.Millisecond))
	}
	b.WriteString(RenderSteps(steps))
	fmt.Fprintf(&b, "fails: %s\n", fail)
	return b.String()
}

// RenderSteps lists steps as numbered lines, each with its answer and curl line.
func RenderSteps(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		fmt.Fprintf(&b, "%3d. %s -> %d (allowed %v)\n", s.N, s.Op, s.Status, s.Expect.Allowed)
		if s.Exchange != nil {
			fmt.Fprintf(&b, "     %s\n", s.Exchange.Curl())
		}
	}
	return b.String()
}
