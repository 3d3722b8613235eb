package requirement

import "testing"

func TestCountIsSingularForOne(t *testing.T) {
	for n, want := range map[int]string{0: "0 steps", 1: "1 step", 3: "3 steps"} {
		if got := count(n, "step"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
