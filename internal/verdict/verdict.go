// Package verdict is the data a spec's outcome travels in, from the checks that
// reach it to the reports and the exit code that show it. Nothing here is
// formatted for parsing: every part of a verdict is a field.
package verdict

import (
	"fmt"
	"strings"
)

// Kind says what broke.
type Kind string

// The kinds of failure a run reports.
const (
	// Unreachable: no answer came at all (refused, no route, DNS, TLS handshake).
	Unreachable Kind = "unreachable"
	// Transport: the target answered, but not completely or not usably (reset
	// mid-answer, timeout after connecting, an oversized or undecodable body).
	Transport Kind = "transport"
	// Throttled: the run's throttle budget was spent waiting on the target.
	Throttled Kind = "throttled"
	Status    Kind = "status"
	Schema    Kind = "schema"
	ErrorBody Kind = "error-body"
	Effect    Kind = "effect"
	Auth      Kind = "auth"
	Hygiene   Kind = "hygiene"
	// Input: the suite's own input did not prove itself against the contract.
	Input Kind = "input"
	// Setup: the run could not prepare its specs (for example the connection
	// could not be read).
	Setup Kind = "setup"
	// NoResult: a registered requirement produced no result at all.
	NoResult Kind = "no-result"
	// Budget: the run's overall time budget ran out before the spec ran.
	Budget Kind = "budget"
	// Emulator: the embedded emulator departed from its own contract.
	Emulator Kind = "emulator"
	// Credentials: the target refused the run's credentials (401 or 403) when
	// the setup first read the connection, so nothing could be checked.
	Credentials Kind = "credentials"
	// NotFound: the target does not know the configured project or connection,
	// so nothing could be checked.
	NotFound Kind = "not-found"
)

// Help explains each kind in one line, for reports.
var Help = map[Kind]string{
	Unreachable: "no answer came at all: the target could not be reached",
	Transport:   "the target answered, but not completely or not usably",
	Throttled:   "the target kept throttling until the run's throttle budget was spent",
	Status:      "the status code is not one the requirement allows",
	Schema:      "the response departs from the contract's schema, content type or success flag",
	ErrorBody:   "the error answer lacks DLI's error body or a documented error code",
	Effect:      "the connection's bindings are not what the request should have made them",
	Auth:        "a request without valid credentials was not refused with 401",
	Hygiene:     "the run could not leave the target as it found it",
	Input:       "the suite's own input did not prove itself against the contract (a suite defect)",
	Setup:       "the run could not prepare its specs",
	NoResult:    "the requirement produced no result: its check is missing from the suite",
	Budget:      "the run's time budget (DLI_RUN_TIMEOUT) ran out before this requirement ran",
	Emulator:    "the embedded emulator answered outside its own contract (a defect of the emulator)",
	Credentials: "the target refused the credentials before any requirement ran",
	NotFound:    "the target does not know the configured project or connection",
}

// Change is what a request changed on the connection that it should not have,
// or failed to change.
type Change struct {
	Before   Names `json:"before"`
	After    Names `json:"after"`
	Expected Names `json:"expected"`
}

// Names are bound queue and pool names.
type Names struct {
	Queues []string `json:"queues"`
	Pools  []string `json:"elastic_resource_pools"`
}

// Failure is one failed check with its evidence.
type Failure struct {
	Kind    Kind   `json:"kind"`
	Message string `json:"message"`
	// Expected says what the requirement allows, when the check knows it.
	Expected string `json:"expected,omitempty"`
	// Exchange is the request and answer as shown to people, credentials
	// replaced.
	Exchange string `json:"exchange,omitempty"`
	// Curl repeats the request with credentials taken from the environment.
	Curl string `json:"curl,omitempty"`
	// Changed is set when the failure is about the connection's bindings.
	Changed *Change `json:"changed,omitempty"`
	// Undone lists what the suite undid on the target after the failure.
	Undone []string `json:"undone,omitempty"`
	// Steps is a numbered reproduction, for failures found over several
	// requests (each step a line, with its curl).
	Steps []Step `json:"steps,omitempty"`
	// Unshrunk, when set, says why Steps are not the shortest failing
	// sequence that shrinking could have found (its budget ran out, say).
	Unshrunk string `json:"unshrunk,omitempty"`
	// Location is the spec source line that failed ("bind_positive.go:12").
	Location string `json:"location,omitempty"`
	// Setting names the configuration a setup failure points at
	// (DLI_AUTH_TOKEN, DLI_AK/DLI_SK, DLI_PROJECT_ID, DLI_CONNECTION_ID).
	Setting string `json:"setting,omitempty"`
}

// Step is one request of a reproduction.
type Step struct {
	Description string `json:"description"`
	Curl        string `json:"curl,omitempty"`
	Observed    string `json:"observed,omitempty"`
}

// Error renders the failure for the console: kind and message, then the
// evidence. Reports read the fields, never this text.
func (f Failure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s", f.Kind, f.Message)
	if f.Expected != "" {
		fmt.Fprintf(&b, "\nexpected: %s", f.Expected)
	}
	for i, s := range f.Steps {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, s.Description)
		if s.Observed != "" {
			fmt.Fprintf(&b, " → %s", s.Observed)
		}
		if s.Curl != "" {
			fmt.Fprintf(&b, "\n     %s", s.Curl)
		}
	}
	if f.Exchange != "" {
		b.WriteString("\n\nexchange:\n")
		b.WriteString(f.Exchange)
	}
	if f.Curl != "" {
		b.WriteString("\nreproduce:\n  ")
		b.WriteString(f.Curl)
		b.WriteString("\n")
	}
	for _, u := range f.Undone {
		b.WriteString("\nundone: " + u)
	}
	return b.String()
}

// Verdicter is an error that carries a verdict.
type Verdicter interface {
	error
	Verdict() Failure
}

// Observation is one response the run received.
type Observation struct {
	// Operation is the contract's operation id, or "-" for a request that routes
	// to no operation.
	Operation string `json:"operation"`
	Status    int    `json:"status"`
}

// FieldUse is one request field a spec's request exercised.
type FieldUse struct {
	Operation string `json:"operation"`
	Field     string `json:"field"`
	// Positive is true when the field held a value the contract accepts.
	Positive bool `json:"positive"`
}
