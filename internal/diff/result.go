// Package diff compares the cases of two runs of the suite, one against target
// A and one against target B, after normalisation, and says where they differ
// and whether each answer conforms. A difference is not a failure of either
// target: both may be conformant implementations of a choice the documentation
// leaves open.
package diff

import "github.com/dli-conformance/dli-conformance/internal/verdict"

// SchemaVersion is the version of diff.json's layout.
const SchemaVersion = 1

// The dimensions two answers are compared in.
const (
	DimPresence    = "presence"     // the request was sent in one run only
	DimRequest     = "request"      // the runs sent different requests under one key
	DimStatus      = "status"       // status code, or what came instead of an answer
	DimErrorCode   = "error_code"   // DLI error_code
	DimContentType = "content_type" // media type and parameters
	DimSuccess     = "is_success"   // the success flag's value
	DimShape       = "shape"        // which fields are present, and their types
	DimEffect      = "effect"       // what the request changed on the connection
	DimMessage     = "message"      // free text; only with --compare messages
)

// Result is a differential run: what was compared, and every difference.
type Result struct {
	SchemaVersion int    `json:"schema_version"`
	SuiteVersion  string `json:"suite_version"`
	// Seed is the seed of the generated cases and walks both runs used.
	Seed int64 `json:"seed"`
	// Compared lists the dimensions compared, in order.
	Compared []string `json:"compared"`
	A        Side     `json:"a"`
	B        Side     `json:"b"`
	// Cases counts the cases compared (keys in either run); Agreed those that
	// agree in every dimension.
	Cases  int `json:"cases"`
	Agreed int `json:"agreed"`
	// Differences lists every differing case, in requirement order then key
	// order; one the baseline expects carries its reason in Known.
	Differences []Difference `json:"differences"`
	// Requirements has a row per requirement with cases in either run.
	Requirements []Requirement `json:"requirements"`
	// NotCompared names requirements whose cases are not compared, with why.
	NotCompared []NotCompared `json:"not_compared,omitempty"`
	// Baseline is the known-differences file applied, if any; Stale lists its
	// entries that matched no difference (they fail the run).
	Baseline string       `json:"baseline,omitempty"`
	Stale    []KnownEntry `json:"stale,omitempty"`
}

// Side is one target's run.
type Side struct {
	Name string `json:"name"` // "A" or "B"
	// Target says what was run against: an endpoint, or "embedded emulator".
	Target  string `json:"target"`
	Profile string `json:"profile"`
	// Exit is the run's own exit code (its requirements' verdict, not the diff's).
	Exit   int `json:"exit"`
	Passed int `json:"passed"`
	Failed int `json:"failed"`
	// Skipped counts the run's skipped requirements.
	Skipped int `json:"skipped"`
	// Reports is the directory of the run's own reports.
	Reports string `json:"reports,omitempty"`
}

// Difference is one case on which the runs differ.
type Difference struct {
	Key         string `json:"key"`
	Requirement string `json:"requirement"`
	// Request is the normalised request (A's, or B's when A did not send it).
	Request string `json:"request"`
	// Fields lists each dimension that differs, with both values.
	Fields []Field `json:"fields"`
	// A and B are the cases as each run recorded them; nil for the run that did
	// not send the request.
	A *verdict.Case `json:"a,omitempty"`
	B *verdict.Case `json:"b,omitempty"`
	// Known is the baseline's reason when the difference is expected.
	Known string `json:"known,omitempty"`
}

// Field is one differing dimension of a case.
type Field struct {
	Name string `json:"name"`
	A    string `json:"a"`
	B    string `json:"b"`
}

// Requirement is one requirement's row: each run's result, and how many of
// its cases agree.
type Requirement struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// AResult and BResult are "passed", "failed", "skipped" or "" (not run).
	AResult string `json:"a_result"`
	BResult string `json:"b_result"`
	Cases   int    `json:"cases"`
	Differ  int    `json:"differ"`
}

// NotCompared is a requirement left out of the comparison.
type NotCompared struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// KnownEntry is one entry of a known-differences baseline.
type KnownEntry struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Unexpected counts the differences no baseline entry expects.
func (r Result) Unexpected() int {
	n := 0
	for _, d := range r.Differences {
		if d.Known == "" {
			n++
		}
	}
	return n
}

// Same tells whether the runs agree beyond the baseline, with no stale entry.
func (r Result) Same() bool { return r.Unexpected() == 0 && len(r.Stale) == 0 }
