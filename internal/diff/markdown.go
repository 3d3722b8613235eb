package diff

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// mdMax keeps diff.md under GitHub's limit for a step summary (1 MiB) with room
// to spare. Past it the exchanges are left out, then differences, each step
// said in the summary; diff.html has everything.
const mdMax = 900 << 10

// mdMaxExchangeLines bounds one exchange in diff.md.
const mdMaxExchangeLines = 60

// WriteMarkdown renders diff.md, fit for $GITHUB_STEP_SUMMARY: the verdict, the
// sides, the requirements that differ, and each difference with its fields'
// values and both exchanges folded.
func WriteMarkdown(w io.Writer, r Result) error {
	r.A.Name, r.B.Name = viewSideName(r.A, "A"), viewSideName(r.B, "B")
	var b bytes.Buffer
	o := mdOptions{evidence: true, differences: len(r.Differences)}
	render := func() {
		b.Reset()
		writeMarkdown(&b, r, o)
	}
	render()
	if b.Len() > mdMax {
		o.evidence = false
		render()
	}
	for b.Len() > mdMax && o.differences > 0 {
		o.differences /= 2
		render()
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdOptions say how much of a Result the summary holds.
type mdOptions struct {
	evidence bool
	// differences is how many differences are listed, in order.
	differences int
}

func writeMarkdown(b *bytes.Buffer, r Result, o mdOptions) {
	word, line, class := viewVerdict(r)
	mark := "✅"
	switch class {
	case "bad":
		mark = "❌"
	case "warn":
		mark = "⚠️"
	}
	fmt.Fprintf(b, "## %s DLI Binding a Queue differential run: %s\n\n", mark, word)
	fmt.Fprintf(b, "**%s**\n\n", mdtext.Text(line))
	var dims []string
	for _, d := range r.Compared {
		dims = append(dims, mdtext.Code(d))
	}
	fmt.Fprintf(b, "%s · seed %s · compared in %s", mdtext.Text(viewAgreement(r)), mdtext.Code(fmt.Sprint(r.Seed)), mdOrNone(strings.Join(dims, ", ")))
	if r.Baseline != "" {
		fmt.Fprintf(b, " · baseline %s", mdtext.Code(r.Baseline))
	}
	b.WriteString("\n\n")

	b.WriteString("| side | target | profile | exit | passed | failed | skipped | reports |\n|---|---|---|--:|--:|--:|--:|---|\n")
	for _, s := range []Side{r.A, r.B} {
		reports := "(none)"
		if s.Reports != "" {
			reports = mdtext.Cell(s.Reports)
		}
		fmt.Fprintf(b, "| **%s** | %s | %s | %s | %d | %s | %d | %s |\n", mdtext.Text(s.Name), mdtext.Cell(s.Target), mdtext.Text(s.Profile),
			mdtext.Loud(s.Exit), s.Passed, mdtext.Loud(s.Failed), s.Skipped, reports)
	}
	b.WriteString("\n")

	var differing []Requirement
	for _, q := range r.Requirements {
		if q.Differ > 0 {
			differing = append(differing, q)
		}
	}
	if len(differing) > 0 {
		fmt.Fprintf(b, "### Requirements with differences (%d)\n\n| id | requirement | %s | %s | cases | differing |\n|---|---|---|---|--:|--:|\n",
			len(differing), mdtext.Text(r.A.Name), mdtext.Text(r.B.Name))
		for _, q := range differing {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %d | **%d** |\n", mdtext.Cell(q.ID), mdtext.Text(q.Title),
				mdtext.Text(viewResult(q.AResult)), mdtext.Text(viewResult(q.BResult)), q.Cases, q.Differ)
		}
		b.WriteString("\n")
	}

	var unexpected, known []Difference
	for _, d := range r.Differences[:o.differences] {
		if d.Known == "" {
			unexpected = append(unexpected, d)
		} else {
			known = append(known, d)
		}
	}
	if n := r.Unexpected(); n > 0 {
		fmt.Fprintf(b, "### Differences (%d)\n\n", n)
		for _, d := range unexpected {
			writeMarkdownDifference(b, r, d, o.evidence)
		}
	}

	if len(r.Stale) > 0 {
		fmt.Fprintf(b, "### Stale baseline entries (%d)\n\nThey match no difference: remove them from the baseline.\n\n| entry | baseline reason |\n|---|---|\n", len(r.Stale))
		for _, e := range r.Stale {
			fmt.Fprintf(b, "| %s | %s |\n", mdtext.Cell(e.ID), mdtext.Text(e.Reason))
		}
		b.WriteString("\n")
	}

	if len(known) > 0 {
		fmt.Fprintf(b, "<details><summary>Expected by the baseline (%d): they do not fail the run</summary>\n\n| key | differs in | baseline reason |\n|---|---|---|\n", len(known))
		for _, d := range known {
			var fields []string
			for _, f := range d.Fields {
				fields = append(fields, mdtext.Text(f.Name)+": "+mdField(r, f, mdtext.Cell))
			}
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdtext.Cell(d.Key), strings.Join(fields, "; "), mdtext.Text(d.Known))
		}
		b.WriteString("\n</details>\n\n")
	}

	if len(r.NotCompared) > 0 {
		fmt.Fprintf(b, "<details><summary>Not compared (%d)</summary>\n\n| id | why |\n|---|---|\n", len(r.NotCompared))
		for _, n := range r.NotCompared {
			fmt.Fprintf(b, "| %s | %s |\n", mdtext.Cell(n.ID), mdtext.Text(n.Reason))
		}
		b.WriteString("\n</details>\n\n")
	}

	if left := len(r.Differences) - o.differences; left > 0 {
		fmt.Fprintf(b, "_%d more %s are left out to keep this summary within GitHub's size limit; diff.html has them._\n\n", left, viewPlural(left, "difference", "differences"))
	} else if !o.evidence && len(r.Differences) > 0 {
		b.WriteString("_The exchanges are left out to keep this summary within GitHub's size limit; diff.html has them._\n\n")
	}
	b.WriteString("The full comparison, with both exchanges of every difference, is `diff.html` among the diff's reports.\n")
}

// writeMarkdownDifference lists a difference's fields in the open and both
// cases' evidence folded.
func writeMarkdownDifference(b *bytes.Buffer, r Result, d Difference, evidence bool) {
	fmt.Fprintf(b, "**%s** (%s) %s\n\n", mdtext.Code(d.Key), mdtext.Code(d.Requirement), mdtext.Code(d.Request))
	for _, f := range d.Fields {
		fmt.Fprintf(b, "- **%s**: %s\n", mdtext.Text(f.Name), mdField(r, f, mdtext.Code))
	}
	b.WriteString("\n")
	if !evidence {
		return
	}
	fmt.Fprintf(b, "<details><summary>%s</summary>\n\n", html.EscapeString("evidence of "+d.Key))
	for _, side := range []struct {
		s Side
		c *verdict.Case
	}{{r.A, d.A}, {r.B, d.B}} {
		if side.c == nil {
			fmt.Fprintf(b, "**%s**: not sent by %s\n\n", mdtext.Text(side.s.Name), mdtext.Text(side.s.Name))
			continue
		}
		c := *side.c
		contract := "conforms to the contract"
		if !c.Conforms {
			contract = "violates the contract"
			if c.Violation != "" {
				contract += ": " + mdtext.Text(c.Violation)
			}
		}
		fmt.Fprintf(b, "**%s**: status %s · %s\n\n", mdtext.Text(side.s.Name), mdtext.Code(StatusText(&c)), contract)
		if c.Exchange != "" {
			b.WriteString(mdtext.Fence(mdLines(c.Exchange), "text"))
			b.WriteString("\n")
		}
		if c.Curl != "" {
			b.WriteString(mdtext.Fence(c.Curl, "sh"))
			b.WriteString("\n")
		}
	}
	b.WriteString("</details>\n\n")
}

// mdLines bounds an exchange to mdMaxExchangeLines, saying how many are left out.
func mdLines(text string) string {
	lines := strings.Split(text, "\n")
	if len(lines) > mdMaxExchangeLines {
		lines = append(lines[:mdMaxExchangeLines], fmt.Sprintf("… %d more lines in diff.html", len(lines)-mdMaxExchangeLines))
	}
	return strings.Join(lines, "\n")
}

// mdField is a field's two values, each rendered by code. A value of many
// lines (a shape) is shown as the lines only one side has, which is what
// differs.
func mdField(r Result, f Field, code func(string) string) string {
	a, b := strings.Split(f.A, "\n"), strings.Split(f.B, "\n")
	if len(a)+len(b) == 2 {
		return fmt.Sprintf("%s %s · %s %s", mdtext.Text(r.A.Name), code(mdOrNone(f.A)), mdtext.Text(r.B.Name), code(mdOrNone(f.B)))
	}
	var parts []string
	for _, side := range []struct {
		name         string
		lines, other []string
	}{{r.A.Name, a, b}, {r.B.Name, b, a}} {
		var only []string
		for _, l := range side.lines {
			if !slices.Contains(side.other, l) {
				only = append(only, code(mdOrNone(l)))
			}
		}
		if len(only) > 0 {
			parts = append(parts, "only "+mdtext.Text(side.name)+" "+strings.Join(only, ", "))
		}
	}
	if len(parts) == 0 {
		// The same lines in another order or number: show both whole.
		return fmt.Sprintf("%s %s · %s %s", mdtext.Text(r.A.Name), code(mdOrNone(f.A)), mdtext.Text(r.B.Name), code(mdOrNone(f.B)))
	}
	return strings.Join(parts, " · ")
}

// mdOrNone is a value, or (none) for an empty one, as compare.go words it.
func mdOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
