package page

// Verdict is what the "verdict" partial renders at the top of a page's
// banner.
type Verdict struct {
	// What names the run, e.g. the conformance run of a target.
	What string
	// Word is the verdict in one word or two, e.g. PASSED.
	Word string
	// Headline is the one line a reader needs first.
	Headline string
	// Actions say what to do first, when there is something to do.
	Actions []string
}
