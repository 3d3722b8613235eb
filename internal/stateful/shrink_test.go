package stateful

import (
	"slices"
	"testing"
)

// containsInOrder reports whether xs holds want as a subsequence.
func containsInOrder(xs, want []int) bool {
	i := 0
	for _, x := range xs {
		if i < len(want) && x == want[i] {
			i++
		}
	}
	return i == len(want)
}

// calls allows n calls of fails.
func calls(n int) func() bool {
	return func() bool { n--; return n >= 0 }
}

func TestDDMinFindsTheFailingSubsequence(t *testing.T) {
	items := make([]int, 60)
	for i := range items {
		items[i] = i
	}
	for _, want := range [][]int{{17}, {3, 41}, {5, 6, 50}, {0, 59}} {
		n := 0
		got := ddmin(items, func(c []int) bool { n++; return containsInOrder(c, want) }, calls(1000))
		if !slices.Equal(got, want) {
			t.Errorf("ddmin for %v gave %v", want, got)
		}
		t.Logf("ddmin to %v in %d calls", want, n)
	}
}

func TestDDMinKeepsOrderDependentFailures(t *testing.T) {
	// Fails when some 1 comes before some 2 (bind, then unbind, say).
	items := []int{2, 0, 1, 0, 0, 2, 1, 0, 2}
	fails := func(c []int) bool {
		i := slices.Index(c, 1)
		return i >= 0 && slices.Contains(c[i:], 2)
	}
	if got := ddmin(items, fails, calls(1000)); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("got %v", got)
	}
}

func TestDDMinStopsAtItsBudget(t *testing.T) {
	items := make([]int, 64)
	n := 0
	got := ddmin(items, func([]int) bool { n++; return false }, calls(5))
	if n != 5 || len(got) != 64 {
		t.Fatalf("%d calls, kept %d items", n, len(got))
	}
}

func TestSplitCoversEveryItemOnce(t *testing.T) {
	items := []int{1, 2, 3, 4, 5, 6, 7}
	chunks := split(items, 3)
	if len(chunks) != 3 || !slices.Equal(slices.Concat(chunks...), items) {
		t.Fatalf("split = %v", chunks)
	}
	if got := complement(chunks, 1); !slices.Equal(got, slices.Concat(chunks[0], chunks[2])) {
		t.Fatalf("complement = %v", got)
	}
}
