package report

import (
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/page"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// report.html is laid out by internal/page, which says why a page is one
// self-contained file; this package adds the page's template and the style
// rules only it needs.
//
//go:embed report.html.tmpl report.css
var pageFiles embed.FS

var htmlPage = page.Must(page.New(pageFiles, "report.html.tmpl", "report.css", template.FuncMap{
	"pair": func(f failureView, open bool) failureCard { return failureCard{F: f, Open: open} },
}))

// failureCard is what the "failure" template renders: a failure and whether its
// exchange starts unfolded.
type failureCard struct {
	F    failureView
	Open bool
}

// The ids of the page's sections; the browser test checks they render.
const (
	SectionSummary       = "summary"
	SectionSetupFailure  = "setup-failure"
	SectionFailures      = "failures"
	SectionStale         = "stale"
	SectionExpected      = "expected-failures"
	SectionSkipped       = "skipped"
	SectionCoverage      = "coverage"
	SectionFields        = "fields"
	SectionTime          = "time"
	SectionConfiguration = "configuration"
	SectionRequirements  = "requirements"
)

// WriteHTML renders report.html: one self-contained page for people.
func WriteHTML(w io.Writer, s Summary) error {
	return htmlPage.Render(w, newHTMLView(s))
}

// htmlView is the summary arranged the way the page reads: verdict first, then
// what needs action, then the picture of the run.
type htmlView struct {
	S  Summary
	OK bool
	// Banner is the verdict, the line that says why and what to do first.
	Banner   page.Verdict
	Started  string
	Duration string
	// Time says where the time went, phase by phase, in one line; Phases
	// says it as a table with the setting that turns each.
	Time     string
	Phases   []phaseView
	Groups   []groupRow
	Total    groupRow
	Setup    *Evidence
	Failures []failureView
	Stale    []Result
	Expected []failureView
	Skipped  []Result
	Coverage *Matrix
	// Fields is the request field × positive/negative picture; the section
	// renders only when it is set.
	Fields    *Matrix
	OpenFirst bool
}

// phaseView is one phase of the run's time, as the page shows it.
type phaseView struct {
	Phase, Time, Share, Setting string
}

// phaseViews are the phases that took any time, each with its share of the
// run's duration.
func phaseViews(s Summary) []phaseView {
	var out []phaseView
	for _, t := range s.Time {
		if t.Seconds < 0.0005 {
			continue
		}
		share := "—"
		switch pc := 100 * t.Seconds / s.DurationSeconds; {
		case s.DurationSeconds <= 0:
		case pc < 0.5:
			share = "<1%"
		default:
			share = fmt.Sprintf("%.0f%%", pc)
		}
		out = append(out, phaseView{Phase: t.Phase, Time: formatDuration(t.Seconds), Share: share, Setting: t.Setting})
	}
	return out
}

// groupRow tallies one requirement group.
type groupRow struct {
	Name                                            string
	Total, Passed, Failed, Skipped, Expected, Stale int
}

// failureView is a failed (or expected-to-fail) requirement with its evidence
// taken apart.
type failureView struct {
	Result
	Evidence
	KindHelp string
	Lines    []page.Line
}

// Matrix is a table of counts with labelled rows and columns, used for the
// coverage pictures.
type Matrix struct {
	RowHeader string
	Columns   []string
	Rows      []MatrixRow
}

// MatrixRow is one labelled row of a Matrix.
type MatrixRow struct {
	Label string
	Note  string
	Cells []MatrixCell
}

// MatrixCell is one count with its meaning as a CSS class and a tooltip.
type MatrixCell struct {
	Text  string
	Class string
	Title string
}

func newHTMLView(s Summary) htmlView {
	v := htmlView{S: s, OK: s.Succeeded(), Started: s.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC"),
		Duration: formatDuration(s.DurationSeconds), Time: phasesText(s), Phases: phaseViews(s)}
	v.Banner.What = "DLI “Binding a Queue” conformance"
	v.Banner.Word, v.Banner.Headline = verdictOf(s)
	v.Banner.Actions = actions(s)
	v.Groups, v.Total = groupRows(s.Requirements)
	if s.Setup != nil {
		e := evidenceOf(s.Setup)
		v.Setup = &e
	}
	for _, r := range s.Requirements {
		switch r.Status {
		case Failed:
			v.Failures = append(v.Failures, newFailureView(r))
		case Stale:
			v.Stale = append(v.Stale, r)
		case ExpectedFailure:
			v.Expected = append(v.Expected, newFailureView(r))
		case Skipped:
			v.Skipped = append(v.Skipped, r)
		}
	}
	// A handful of failures reads best with the evidence open; a flood (a
	// target that is down) reads best as a list.
	v.OpenFirst = len(v.Failures) <= 5
	v.Coverage = coverageMatrix(s.Coverage)
	v.Fields = fieldMatrix(s.FieldCoverage)
	return v
}

// verdictOf returns the one word and the one line a reader needs first.
func verdictOf(s Summary) (word, line string) {
	c := s.Counts
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(c.Failed, "failed")
	add(c.Stale, "stale baseline "+plural(c.Stale, "entry", "entries"))
	add(c.Passed, "passed")
	add(c.ExpectedFailures, "expected "+plural(c.ExpectedFailures, "failure", "failures"))
	add(c.Skipped, "skipped")
	line = strings.Join(parts, " · ") + fmt.Sprintf(" — %d %s", c.Total, plural(c.Total, "requirement", "requirements"))
	switch {
	case s.Setup != nil && s.NotRun != "":
		return "NOT RUN", fmt.Sprintf("%s, so none of the %d requirements was checked", s.NotRun, c.Total)
	case s.Setup != nil:
		return "FAILED", fmt.Sprintf("%s, so every requirement failed without being checked — %s", NotRunReason(s.Setup), line)
	case len(s.EmulatorViolations) > 0:
		return "FAILED", fmt.Sprintf("the embedded emulator answered outside its own contract %d times (a defect of the emulator, not of a target) — %s", len(s.EmulatorViolations), line)
	case s.NothingTested:
		return "FAILED", "nothing was tested: every requirement was skipped or filtered out — " + line
	case s.OutOfTime != "":
		return "FAILED", s.OutOfTime + " — " + line
	case s.Succeeded():
		return "PASSED", line
	default:
		return "FAILED", line
	}
}

// actions are the first steps for a reader of a run that did not pass.
func actions(s Summary) []string {
	out := slices.Clone(s.Warnings)
	c := s.Counts
	if s.Setup != nil {
		switch s.Setup.Kind {
		case verdict.Unreachable, verdict.Transport:
			out = append(out, "The target did not answer: check DLI_ENDPOINT and the network path from this runner, then run again.")
		case verdict.Credentials:
			out = append(out, "Check "+s.Setup.Setting+": the target refused it for DLI_PROJECT_ID. Then run again.")
		case verdict.NotFound:
			out = append(out, "Check "+s.Setup.Setting+": the target does not know it. Then run again.")
		default:
			out = append(out, "The connection could not be read before the run: check DLI_CONNECTION_ID, DLI_PROJECT_ID and the credentials, then run again.")
		}
		return out
	}
	if s.NothingTested {
		out = append(out, "Nothing was tested: check --label-filter, --focus and the inputs the skipped requirements name, then run again.")
	}
	if len(s.SkippedGroups) > 0 && !s.NothingTested {
		out = append(out, "Nothing ran of the groups "+strings.Join(s.SkippedGroups, ", ")+": see the skipped requirements for why.")
	}
	if c.Failed > 0 {
		out = append(out, fmt.Sprintf("Read the %d %s below: each says what was expected, what came, and the curl that repeats the request.",
			c.Failed, plural(c.Failed, "failure", "failures")))
	}
	if c.Stale > 0 {
		out = append(out, fmt.Sprintf("Remove %d stale %s from %s: %s now %s.", c.Stale, plural(c.Stale, "entry", "entries"),
			s.Baseline, plural(c.Stale, "it", "they"), plural(c.Stale, "passes", "pass")))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func formatDuration(seconds float64) string {
	d := time.Duration(seconds * float64(time.Second))
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

func groupRows(rs []Result) ([]groupRow, groupRow) {
	byName := map[string]*groupRow{}
	var order []string
	for _, g := range []requirement.Group{requirement.Positive, requirement.Negative, requirement.Either, requirement.Stateful, requirement.Hygiene} {
		order = append(order, string(g))
	}
	total := groupRow{Name: "all"}
	for _, r := range rs {
		g := byName[r.Group]
		if g == nil {
			g = &groupRow{Name: r.Group}
			byName[r.Group] = g
			if !slices.Contains(order, r.Group) {
				order = append(order, r.Group)
			}
		}
		for _, row := range []*groupRow{g, &total} {
			row.Total++
			switch r.Status {
			case Passed:
				row.Passed++
			case Failed:
				row.Failed++
			case ExpectedFailure:
				row.Expected++
			case Stale:
				row.Stale++
			default:
				row.Skipped++
			}
		}
	}
	var out []groupRow
	for _, name := range order {
		if g := byName[name]; g != nil {
			out = append(out, *g)
		}
	}
	return out, total
}

func newFailureView(r Result) failureView {
	f := failureView{Result: r, Evidence: r.Evidence(), KindHelp: verdict.Help[verdict.Kind(r.Kind)]}
	f.Lines = page.ExchangeLines(f.Exchange)
	return f
}

// fieldMatrix lays out request field × valid/invalid value for the operations
// whose fields any request exercised.
func fieldMatrix(fs []FieldCoverage) *Matrix {
	used := map[string]bool{}
	for _, f := range fs {
		if f.Positive+f.Negative > 0 {
			used[f.Operation] = true
		}
	}
	if len(used) == 0 {
		return nil
	}
	m := &Matrix{RowHeader: "request field", Columns: []string{"valid value", "invalid value"}}
	for _, f := range fs {
		if !used[f.Operation] {
			continue
		}
		row := MatrixRow{Label: f.Operation + " " + f.Field}
		if f.Positive+f.Negative == 0 {
			row.Note = "never exercised"
		}
		for _, n := range []int{f.Positive, f.Negative} {
			cell := MatrixCell{Text: strconv.Itoa(n), Class: "seen"}
			if n == 0 {
				cell.Class = "unseen"
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// coverageMatrix lays out operation × status: every status any operation
// declares or any response had is a column.
func coverageMatrix(cs []Coverage) *Matrix {
	if len(cs) == 0 {
		return nil
	}
	var statuses []int
	for _, c := range cs {
		for st := range c.Seen {
			statuses = append(statuses, st)
		}
		statuses = append(statuses, c.Declared...)
	}
	slices.Sort(statuses)
	statuses = slices.Compact(statuses)
	m := &Matrix{RowHeader: "operation"}
	for _, st := range statuses {
		m.Columns = append(m.Columns, strconv.Itoa(st))
	}
	rows := slices.Clone(cs)
	// The unrouted pseudo-operation goes last: it is about the gateway, not an
	// operation of the contract.
	slices.SortStableFunc(rows, func(a, b Coverage) int { return cmp.Compare(boolInt(a.Operation == "-"), boolInt(b.Operation == "-")) })
	for _, c := range rows {
		row := MatrixRow{Label: c.Operation}
		var notes []string
		if c.Operation == "-" {
			row.Label = "(no operation)"
			notes = append(notes, "a method or path the API does not define")
		}
		if n := len(c.Unseen); n > 0 {
			notes = append(notes, fmt.Sprintf("%d declared %s never seen", n, plural(n, "status", "statuses")))
		}
		undeclared := 0
		for st := range c.Seen {
			if !slices.Contains(c.Declared, st) {
				undeclared++
			}
		}
		if undeclared > 0 {
			notes = append(notes, fmt.Sprintf("%d undeclared %s seen", undeclared, plural(undeclared, "status", "statuses")))
		}
		row.Note = strings.Join(notes, "; ")
		for _, st := range statuses {
			n, declared := c.Seen[st], slices.Contains(c.Declared, st)
			var cell MatrixCell
			switch {
			case n > 0 && declared:
				cell = MatrixCell{Text: strconv.Itoa(n), Class: "seen", Title: fmt.Sprintf("%d %s with %d, declared", n, plural(n, "response", "responses"), st)}
			case n > 0:
				cell = MatrixCell{Text: strconv.Itoa(n) + " !", Class: "undeclared", Title: fmt.Sprintf("%d %s with %d, which the contract does not declare", n, plural(n, "response", "responses"), st)}
			case declared:
				cell = MatrixCell{Text: "0", Class: "unseen", Title: fmt.Sprintf("%d is declared but no response had it", st)}
			default:
				cell = MatrixCell{Class: "none"}
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// phasesText is where a run's time went, in one line: each phase with its
// time (phaseViews adds the setting that turns it).
func phasesText(s Summary) string {
	var parts []string
	for _, p := range phaseViews(s) {
		parts = append(parts, p.Phase+" "+p.Time)
	}
	return strings.Join(parts, " · ")
}
