// Package report turns a Ginkgo run into the files people and tools read:
// summary.json (one entry per requirement), junit.xml, report.html (one
// self-contained page for people) and summary.md (for a CI job summary).
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// Status of a requirement in a run.
type Status string

// The statuses a requirement can end in.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
	// ExpectedFailure is a failure that a known-failures baseline lists; it does
	// not fail the run.
	ExpectedFailure Status = "expected-failure"
	// Stale is a requirement that a known-failures baseline lists but that
	// passed; it fails the run until the entry is removed.
	Stale Status = "stale"
)

// Summary is the machine-readable outcome of a run.
type Summary struct {
	Target          string           `json:"target"`
	Profile         string           `json:"profile"`
	StartedAt       time.Time        `json:"started_at"`
	DurationSeconds float64          `json:"duration_seconds"`
	Configuration   []config.Setting `json:"configuration"`
	Counts          Counts           `json:"counts"`
	// SetupFailure is set when the run could not start its specs (for example the
	// connection could not be queried); every requirement then shows as failed.
	SetupFailure string `json:"setup_failure,omitempty"`
	// Warnings are what a reader must not miss about how the run was made, such
	// as TLS verification turned off.
	Warnings []string `json:"warnings,omitempty"`
	// Retries counts the throttled attempts the run retried (429 or Retry-After).
	Retries int `json:"retries"`
	// RandomSeed is the seed of the spec order; the same seed repeats the order.
	RandomSeed int64 `json:"random_seed"`
	// Baseline is the known-failures file applied to the run, if any.
	Baseline     string     `json:"baseline,omitempty"`
	Requirements []Result   `json:"requirements"`
	Coverage     []Coverage `json:"coverage"`
	// FieldCoverage tells, per request field of each operation, how many
	// requests exercised it with a valid and with an invalid value.
	FieldCoverage []FieldCoverage `json:"field_coverage"`
}

// Coverage tells, for one operation of the contract, which declared statuses the
// run saw and how often, and which it never saw.
type Coverage struct {
	Operation string `json:"operation"`
	// Seen counts responses by status, declared or not.
	Seen map[int]int `json:"seen"`
	// Declared lists the statuses the contract declares for the operation.
	Declared []int `json:"declared"`
	// Unseen lists the declared statuses no response had.
	Unseen []int `json:"unseen"`
}

// CoverageEntry is the name of the report entries that record one response each,
// with the value "<operation id> <status>" ("-" for a request that routes to no
// operation).
const CoverageEntry = "coverage"

// Inputs is what Build needs besides the Ginkgo report.
type Inputs struct {
	Config config.Config
	// LeaveNoTrace is the name of the report entry the after-suite hygiene check
	// leaves.
	LeaveNoTrace string
	// Declared lists the declared statuses per operation id.
	Declared map[string][]int
}

// Counts tallies the requirements by status.
type Counts struct {
	Total            int `json:"total"`
	Passed           int `json:"passed"`
	Failed           int `json:"failed"`
	Skipped          int `json:"skipped"`
	ExpectedFailures int `json:"expected_failures"`
	Stale            int `json:"stale"`
}

// Result is one requirement's outcome.
type Result struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Group  string `json:"group"`
	Status Status `json:"status"`
	// Reason says why a requirement failed or was skipped, in one line.
	Reason string `json:"reason,omitempty"`
	// Kind is the kind of deviation of a failure: status, schema, error-body,
	// effect, auth, hygiene, transport or input.
	Kind string `json:"kind,omitempty"`
	// Details holds the full failure message with the exchange and the curl that
	// reproduces it.
	Details string `json:"details,omitempty"`
	// BaselineReason is the known-failures baseline's reason for listing the
	// requirement.
	BaselineReason string  `json:"baseline_reason,omitempty"`
	DurationSecond float64 `json:"duration_seconds"`
}

var kindRE = regexp.MustCompile(`^\[([a-z-]+)\] `)

// Build summarises a run: one result per catalogue requirement, in catalogue order.
// leaveNoTrace is the name of the report entry the after-suite hygiene check leaves.
func Build(r types.Report, in Inputs) Summary {
	cfg, leaveNoTrace := in.Config, in.LeaveNoTrace
	s := Summary{
		RandomSeed:    r.SuiteConfig.RandomSeed,
		Target:        cfg.Redacted()[0].Value,
		Profile:       string(cfg.Profile),
		StartedAt:     r.StartTime.UTC(),
		Configuration: cfg.Redacted(),
		Warnings:      cfg.Warnings(),
	}
	s.DurationSeconds = r.RunTime.Seconds()
	byID := map[string]Result{}
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			continue
		}
		id := requirement.IDFromLabels(sr.Labels())
		if id == "" {
			continue
		}
		byID[id] = resultOf(sr)
	}
	for _, sr := range r.SpecReports {
		switch sr.LeafNodeType {
		case types.NodeTypeSynchronizedAfterSuite, types.NodeTypeAfterSuite:
			res := resultOf(sr)
			for _, e := range sr.ReportEntries {
				if e.Name == leaveNoTrace {
					if v := e.StringRepresentation(); strings.HasPrefix(v, "skipped") {
						res.Status, res.Reason = Skipped, strings.TrimSpace(strings.TrimPrefix(v, "skipped:"))
					}
					byID[leaveNoTrace] = res
				}
			}
			if sr.State.Is(types.SpecStateFailureStates) {
				byID[leaveNoTrace] = res
			}
		case types.NodeTypeSynchronizedBeforeSuite, types.NodeTypeBeforeSuite:
			if sr.State.Is(types.SpecStateFailureStates) {
				s.SetupFailure = sr.Failure.Message
			}
		}
	}
	s.Coverage = coverage(r, in.Declared)
	s.Retries = retries(r)
	for _, req := range requirement.Catalog {
		res, ok := byID[req.ID]
		switch {
		case ok:
		case s.SetupFailure != "":
			res = Result{Status: Failed, Reason: "the run could not start: " + firstLine(s.SetupFailure)}
		default:
			res = Result{Status: Skipped, Reason: "not run: excluded by the label filter or focus"}
		}
		res.ID, res.Title, res.Group = req.ID, req.Title, string(req.Group)
		s.Requirements = append(s.Requirements, res)
	}
	s.Recount()
	return s
}

// Recount sets Counts from the requirements' statuses, after Build or after a
// change of statuses such as a baseline's.
func (s *Summary) Recount() {
	c := Counts{Total: len(s.Requirements)}
	for _, r := range s.Requirements {
		switch r.Status {
		case Passed:
			c.Passed++
		case Failed:
			c.Failed++
		case ExpectedFailure:
			c.ExpectedFailures++
		case Stale:
			c.Stale++
		default:
			c.Skipped++
		}
	}
	s.Counts = c
}

// Succeeded reports whether the run passes: it started, and no requirement
// failed or is a stale baseline entry.
func (s *Summary) Succeeded() bool {
	return s.SetupFailure == "" && s.Counts.Failed == 0 && s.Counts.Stale == 0
}

// RetriesEntry is the name of the report entries that record the throttled
// attempts of one exchange; the value is their number.
const RetriesEntry = "throttled retries"

func retries(r types.Report) int {
	n := 0
	for _, sr := range r.SpecReports {
		for _, e := range sr.ReportEntries {
			if e.Name == RetriesEntry {
				var k int
				if _, err := fmt.Sscan(e.StringRepresentation(), &k); err == nil {
					n += k
				}
			}
		}
	}
	return n
}

func coverage(r types.Report, declared map[string][]int) []Coverage {
	seen := map[string]map[int]int{}
	for op := range declared {
		seen[op] = map[int]int{}
	}
	for _, sr := range r.SpecReports {
		for _, e := range sr.ReportEntries {
			if e.Name != CoverageEntry {
				continue
			}
			var op string
			var status int
			if _, err := fmt.Sscanf(e.StringRepresentation(), "%s %d", &op, &status); err != nil {
				continue
			}
			if seen[op] == nil {
				seen[op] = map[int]int{}
			}
			seen[op][status]++
		}
	}
	var out []Coverage
	for op, counts := range seen {
		c := Coverage{Operation: op, Seen: counts, Declared: declared[op]}
		for _, st := range c.Declared {
			if counts[st] == 0 {
				c.Unseen = append(c.Unseen, st)
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Coverage) int { return strings.Compare(a.Operation, b.Operation) })
	return out
}

func resultOf(sr types.SpecReport) Result {
	res := Result{DurationSecond: sr.RunTime.Seconds()}
	switch {
	case sr.State == types.SpecStatePassed:
		res.Status = Passed
	case sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending:
		res.Status = Skipped
		res.Reason = sr.Failure.Message
		if res.Reason == "" {
			res.Reason = "not run: excluded by the label filter or focus"
		}
	default:
		res.Status = Failed
		msg := sr.Failure.Message
		if m := kindRE.FindStringSubmatch(msg); m != nil {
			res.Kind = m[1]
			msg = msg[len(m[0]):]
		}
		res.Reason = firstLine(msg)
		if sr.State != types.SpecStateFailed {
			res.Reason = fmt.Sprintf("%s: %s", sr.State, res.Reason)
		}
		res.Details = sr.Failure.Message
		if loc := sr.Failure.Location; loc.FileName != "" {
			res.Details += fmt.Sprintf("\n\nat %s:%d", filepath.Base(loc.FileName), loc.LineNumber)
		}
	}
	return res
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// Write writes summary.json, junit.xml, report.html and summary.md for the run
// into dir.
func Write(dir string, r types.Report, s Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create report directory %s: %w", dir, err)
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), append(out, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	junit := filepath.Join(dir, "junit.xml")
	if err := reporters.GenerateJUnitReportWithConfig(r, junit, reporters.JunitReportConfig{OmitLeafNodeType: true}); err != nil {
		return fmt.Errorf("write %s: %w", junit, err)
	}
	if err := writeFile(filepath.Join(dir, "report.html"), func(w io.Writer) error { return WriteHTML(w, s) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "summary.md"), func(w io.Writer) error { return WriteMarkdown(w, s) })
}

func writeFile(path string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return fmt.Errorf("render %s: %w", filepath.Base(path), err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Evidence is a failure's Details taken apart for display.
type Evidence struct {
	// Message is the failure message without its "[kind] " prefix; it may span
	// lines.
	Message string
	// Exchange is the recorded request and response, credentials redacted.
	Exchange string
	// Curl repeats the request, with $DLI_AUTH_TOKEN in place of the token.
	Curl string
	// Location is the spec source line that failed ("at file.go:12").
	Location string
}

// The markers that check.Failure and resultOf put between the parts of Details.
const (
	exchangeMarker  = "\n\nexchange:\n"
	reproduceMarker = "\nreproduce:\n"
	locationMarker  = "\n\nat "
)

// Evidence splits the result's Details into message, exchange, curl and source
// location. Parts that Details lacks stay empty.
func (r Result) Evidence() Evidence {
	rest := strings.TrimRight(r.Details, "\n")
	var e Evidence
	if i := strings.LastIndex(rest, locationMarker); i >= 0 && !strings.Contains(rest[i+len(locationMarker):], "\n") {
		e.Location = rest[i+2:]
		rest = rest[:i]
	}
	if i := strings.Index(rest, exchangeMarker); i >= 0 {
		e.Exchange = rest[i+len(exchangeMarker):]
		rest = rest[:i]
		if j := strings.Index(e.Exchange, reproduceMarker); j >= 0 {
			e.Curl = strings.TrimSpace(e.Exchange[j+len(reproduceMarker):])
			e.Exchange = e.Exchange[:j]
		}
		e.Exchange = strings.TrimRight(e.Exchange, "\n")
	}
	if m := kindRE.FindStringSubmatch(rest); m != nil {
		rest = rest[len(m[0]):]
	}
	e.Message = strings.TrimSpace(rest)
	return e
}
