package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

// maxMarkdown is summary.md's budget; past it the exchanges are left out, the
// curls kept.
const maxMarkdown = mdtext.StepSummaryBudget

// maxExchangeLines bounds one exchange in summary.md; report.html has it whole.
const maxExchangeLines = 60

// WriteMarkdown renders summary.md, fit for $GITHUB_STEP_SUMMARY: the verdict
// and counts, the failures with the curl that repeats each, and the skipped
// requirements with their reasons.
func WriteMarkdown(w io.Writer, s Summary) error {
	d := mdtext.Fit(maxMarkdown, func(step int) (*mdtext.Doc, bool) {
		return markdownDoc(s, step == 0), step == 1
	})
	_, err := d.WriteTo(w)
	return err
}

func markdownDoc(s Summary, exchanges bool) *mdtext.Doc {
	d := &mdtext.Doc{}
	word, line := verdictOf(s)
	mark := "✅"
	if word != "PASSED" {
		mark = "❌"
	}
	d.Heading(2, fmt.Sprintf("%s DLI Binding a Queue conformance: %s", mark, word))
	d.Paragraph("**" + mdtext.Text(line) + "**")
	facts := fmt.Sprintf("Target: %s · profile %s · random seed %s · %s · started %s",
		targetMarkdown(s), mdtext.Cell(s.Profile), mdtext.Cell(fmt.Sprint(s.RandomSeed)), formatDuration(s.DurationSeconds),
		s.StartedAt.UTC().Format("2006-01-02 15:04 UTC"))
	if s.Baseline != "" {
		facts += " · baseline " + mdtext.Cell(s.Baseline)
	}
	if t := phasesText(s); t != "" {
		facts += " · time in " + mdtext.Text(t)
	}
	d.Paragraph(facts)
	for _, w := range s.Warnings {
		d.Quote("[!WARNING]", mdtext.Text(w))
	}

	groups, total := groupRows(s.Requirements)
	var rows [][]string
	for _, g := range append(groups, total) {
		name := mdtext.Text(g.Name)
		if g.Name == "all" {
			name = "**all**"
		}
		rows = append(rows, []string{name, fmt.Sprint(g.Passed), mdtext.Loud(g.Failed), fmt.Sprint(g.Skipped), fmt.Sprint(g.Expected), mdtext.Loud(g.Stale)})
	}
	d.Table([]mdtext.Column{{Name: "group"}, {Name: "passed", Right: true}, {Name: "failed", Right: true}, {Name: "skipped", Right: true},
		{Name: "expected failures", Right: true}, {Name: "stale", Right: true}}, rows)

	if s.Setup != nil {
		e := evidenceOf(s.Setup)
		head := "The run could not start"
		if s.NotRun != "" {
			head = "NOT RUN: " + s.NotRun
		}
		d.Quote("[!CAUTION]", "**"+mdtext.Text(head)+"**, so no requirement was checked: "+mdtext.Text(firstLine(e.Message)))
		if e.Exchange != "" && exchanges {
			exchangeDetails(d, "exchange", e.Exchange)
		}
	}

	var failed, stale, expected, skipped []Result
	for _, r := range s.Requirements {
		switch r.Status {
		case Failed:
			failed = append(failed, r)
		case Stale:
			stale = append(stale, r)
		case ExpectedFailure:
			expected = append(expected, r)
		case Skipped:
			skipped = append(skipped, r)
		}
	}

	if len(failed) > 0 && s.Setup != nil {
		d.Paragraph(fmt.Sprintf("All %d requirements count as failed: none was checked.", len(failed)))
	} else if len(failed) > 0 {
		d.Heading(3, fmt.Sprintf("Failures (%d)", len(failed)))
		d.Table(mdtext.Columns("id", "kind", "reason"), resultRows(failed, func(r Result) []string {
			return []string{mdtext.Cell(r.ID), mdtext.Text(r.Kind), mdtext.Text(r.Reason)}
		}))
		reproductions(d, failed, exchanges)
	}

	if len(stale) > 0 {
		d.Heading(3, fmt.Sprintf("Stale baseline entries (%d)", len(stale)))
		d.Paragraph("Listed as known failures but passed: remove them from the baseline.")
		d.Table(mdtext.Columns("id", "baseline reason"), resultRows(stale, func(r Result) []string {
			return []string{mdtext.Cell(r.ID), mdtext.Text(r.BaselineReason)}
		}))
	}

	if len(expected) > 0 {
		d.Details(fmt.Sprintf("Expected failures (%d): listed in the baseline, they do not fail the run", len(expected)), func() {
			d.Table(mdtext.Columns("id", "kind", "reason", "baseline reason"), resultRows(expected, func(r Result) []string {
				return []string{mdtext.Cell(r.ID), mdtext.Text(r.Kind), mdtext.Text(r.Reason), mdtext.Text(r.BaselineReason)}
			}))
		})
	}

	if len(skipped) > 0 {
		d.Details(fmt.Sprintf("Skipped (%d)", len(skipped)), func() {
			d.Table(mdtext.Columns("id", "reason"), resultRows(skipped, func(r Result) []string {
				return []string{mdtext.Cell(r.ID), mdtext.Text(r.Reason)}
			}))
		})
	}

	if phases := phaseViews(s); len(phases) > 0 {
		d.Details("Where the time went", func() {
			var rows [][]string
			for _, p := range phases {
				rows = append(rows, []string{mdtext.Text(p.Phase), p.Time, p.Share, mdtext.Text(p.Setting)})
			}
			d.Table([]mdtext.Column{{Name: "phase"}, {Name: "time", Right: true}, {Name: "share", Right: true}, {Name: "what turns it"}}, rows)
		})
	}
	d.Details("Configuration (secrets redacted)", func() {
		var rows [][]string
		for _, c := range s.Configuration {
			v := mdtext.Cell(c.Value)
			if c.Value == "" {
				v = "(unset)"
			}
			rows = append(rows, []string{mdtext.Cell(c.Name), v})
		}
		d.Table(mdtext.Columns("setting", "value"), rows)
	})
	if !exchanges {
		d.Paragraph("_The exchanges are left out to keep this summary within GitHub's size limit; report.html has them._")
	}
	d.Paragraph("The full report with every exchange is `report.html` among the run's reports.")
	return d
}

// reproductions gives each failure its curl in the open and its exchange
// folded.
func reproductions(d *mdtext.Doc, failed []Result, exchanges bool) {
	d.Heading(4, "Reproduce")
	for _, r := range failed {
		e := r.Evidence()
		d.Paragraph("**" + mdtext.Cell(r.ID) + "** " + mdtext.Text(r.Title))
		switch {
		case e.Curl != "":
			d.Fence(e.Curl, "sh")
		case strings.Contains(e.Message, "to undo: "):
			d.Paragraph("No single request repeats it; " + mdtext.Text(e.Message[strings.Index(e.Message, "to undo: "):]))
		default:
			d.Paragraph("No single request repeats it; see the message in report.html.")
		}
		if exchanges && e.Exchange != "" {
			exchangeDetails(d, "exchange of "+r.ID, e.Exchange)
		}
	}
}

// exchangeDetails folds an exchange, cut to maxExchangeLines.
func exchangeDetails(d *mdtext.Doc, summary, exchange string) {
	d.Details(summary, func() { d.Fence(mdtext.FirstLines(exchange, maxExchangeLines, "report.html"), "text") })
}

func resultRows(rs []Result, row func(Result) []string) [][]string {
	out := make([][]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, row(r))
	}
	return out
}

// targetMarkdown names the target's class in words, then its endpoint as code.
func targetMarkdown(s Summary) string {
	if s.TargetClass == config.TargetEmbedded || s.TargetClass == "" {
		return mdtext.Text(s.TargetName)
	}
	return mdtext.Text(s.TargetClass) + " " + mdtext.Cell(strings.TrimPrefix(s.TargetName, s.TargetClass+" "))
}
