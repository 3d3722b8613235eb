package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

// maxMarkdown keeps summary.md under GitHub's limit for a step summary (1 MiB)
// with room to spare; past it the exchanges are left out, the curls kept.
const maxMarkdown = 900 << 10

// maxExchangeLines bounds one exchange in summary.md; report.html has it whole.
const maxExchangeLines = 60

// WriteMarkdown renders summary.md, fit for $GITHUB_STEP_SUMMARY: the verdict
// and counts, the failures with the curl that repeats each, and the skipped
// requirements with their reasons.
func WriteMarkdown(w io.Writer, s Summary) error {
	var b bytes.Buffer
	writeMarkdown(&b, s, true)
	if b.Len() > maxMarkdown {
		b.Reset()
		writeMarkdown(&b, s, false)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeMarkdown(b *bytes.Buffer, s Summary, exchanges bool) {
	word, line := verdictOf(s)
	mark := "✅"
	if word != "PASSED" {
		mark = "❌"
	}
	fmt.Fprintf(b, "## %s DLI Binding a Queue conformance: %s\n\n", mark, word)
	fmt.Fprintf(b, "**%s**\n\n", mdtext.Text(line))
	fmt.Fprintf(b, "Target %s · profile %s · random seed %s · %s · started %s",
		mdtext.Cell(s.Target), mdtext.Cell(s.Profile), mdtext.Cell(fmt.Sprint(s.RandomSeed)), formatDuration(s.DurationSeconds),
		s.StartedAt.UTC().Format("2006-01-02 15:04 UTC"))
	if s.Baseline != "" {
		fmt.Fprintf(b, " · baseline %s", mdtext.Cell(s.Baseline))
	}
	b.WriteString("\n\n")
	for _, w := range s.Warnings {
		fmt.Fprintf(b, "> [!WARNING]\n> %s\n\n", mdtext.Text(w))
	}

	groups, total := groupRows(s.Requirements)
	b.WriteString("| group | passed | failed | skipped | expected failures | stale |\n|---|--:|--:|--:|--:|--:|\n")
	for _, g := range append(groups, total) {
		name := mdtext.Text(g.Name)
		if g.Name == "all" {
			name = "**all**"
		}
		fmt.Fprintf(b, "| %s | %d | %s | %d | %d | %s |\n", name, g.Passed, mdtext.Loud(g.Failed), g.Skipped, g.Expected, mdtext.Loud(g.Stale))
	}
	b.WriteString("\n")

	if s.Setup != nil {
		e := evidenceOf(s.Setup)
		fmt.Fprintf(b, "> [!CAUTION]\n> **The run could not start**, so no requirement was checked: %s\n\n", mdtext.Text(firstLine(e.Message)))
		if e.Exchange != "" && exchanges {
			writeDetails(b, "exchange", e.Exchange)
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
		fmt.Fprintf(b, "All %d requirements count as failed: none was checked.\n\n", len(failed))
	} else if len(failed) > 0 {
		fmt.Fprintf(b, "### Failures (%d)\n\n| id | kind | reason |\n|---|---|---|\n", len(failed))
		for _, r := range failed {
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdtext.Cell(r.ID), mdtext.Text(r.Kind), mdtext.Text(r.Reason))
		}
		b.WriteString("\n")
		writeReproductions(b, failed, exchanges)
	}

	if len(stale) > 0 {
		fmt.Fprintf(b, "### Stale baseline entries (%d)\n\nListed as known failures but passed: remove them from the baseline.\n\n| id | baseline reason |\n|---|---|\n", len(stale))
		for _, r := range stale {
			fmt.Fprintf(b, "| %s | %s |\n", mdtext.Cell(r.ID), mdtext.Text(r.BaselineReason))
		}
		b.WriteString("\n")
	}

	if len(expected) > 0 {
		fmt.Fprintf(b, "<details><summary>Expected failures (%d): listed in the baseline, they do not fail the run</summary>\n\n| id | kind | reason | baseline reason |\n|---|---|---|---|\n", len(expected))
		for _, r := range expected {
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdtext.Cell(r.ID), mdtext.Text(r.Kind), mdtext.Text(r.Reason), mdtext.Text(r.BaselineReason))
		}
		b.WriteString("\n</details>\n\n")
	}

	if len(skipped) > 0 {
		fmt.Fprintf(b, "<details><summary>Skipped (%d)</summary>\n\n| id | reason |\n|---|---|\n", len(skipped))
		for _, r := range skipped {
			fmt.Fprintf(b, "| %s | %s |\n", mdtext.Cell(r.ID), mdtext.Text(r.Reason))
		}
		b.WriteString("\n</details>\n\n")
	}

	b.WriteString("<details><summary>Configuration (secrets redacted)</summary>\n\n| setting | value |\n|---|---|\n")
	for _, c := range s.Configuration {
		v := mdtext.Cell(c.Value)
		if c.Value == "" {
			v = "(unset)"
		}
		fmt.Fprintf(b, "| %s | %s |\n", mdtext.Cell(c.Name), v)
	}
	b.WriteString("\n</details>\n\n")
	if !exchanges {
		b.WriteString("_The exchanges are left out to keep this summary within GitHub's size limit; report.html has them._\n\n")
	}
	b.WriteString("The full report with every exchange is `report.html` among the run's reports.\n")
}

// writeReproductions gives each failure its curl in the open and its exchange
// folded.
func writeReproductions(b *bytes.Buffer, failed []Result, exchanges bool) {
	b.WriteString("#### Reproduce\n\n")
	for _, r := range failed {
		e := r.Evidence()
		fmt.Fprintf(b, "**%s** %s\n\n", mdtext.Cell(r.ID), mdtext.Text(r.Title))
		switch {
		case e.Curl != "":
			b.WriteString(mdtext.Fence(e.Curl, "sh"))
		case strings.Contains(e.Message, "to undo: "):
			fmt.Fprintf(b, "No single request repeats it; %s\n", mdtext.Text(e.Message[strings.Index(e.Message, "to undo: "):]))
		default:
			b.WriteString("No single request repeats it; see the message in report.html.\n")
		}
		if exchanges && e.Exchange != "" {
			b.WriteString("\n")
			writeDetails(b, "exchange of "+r.ID, e.Exchange)
		} else {
			b.WriteString("\n")
		}
	}
}

func writeDetails(b *bytes.Buffer, summary, text string) {
	lines := strings.Split(text, "\n")
	if len(lines) > maxExchangeLines {
		lines = append(lines[:maxExchangeLines], fmt.Sprintf("… %d more lines in report.html", len(lines)-maxExchangeLines))
	}
	fmt.Fprintf(b, "<details><summary>%s</summary>\n\n%s\n</details>\n\n", html.EscapeString(summary), mdtext.Fence(strings.Join(lines, "\n"), "text"))
}
