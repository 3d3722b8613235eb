package diff

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// mdMax is diff.md's budget. Past it the exchanges are left out, then
// differences, each step said in the summary; diff.html has everything.
const mdMax = mdtext.StepSummaryBudget

// mdMaxExchangeLines bounds one exchange in diff.md.
const mdMaxExchangeLines = 60

// WriteMarkdown renders diff.md, fit for $GITHUB_STEP_SUMMARY: the verdict, the
// sides, the requirements that differ, and each difference with its fields'
// values and both exchanges folded.
func WriteMarkdown(w io.Writer, r Result) error {
	r.A.Name, r.B.Name = viewSideName(r.A, "A"), viewSideName(r.B, "B")
	// Step 0 holds everything, step 1 leaves out the evidence, and each step
	// after halves the differences listed.
	d := mdtext.Fit(mdMax, func(step int) (*mdtext.Doc, bool) {
		o := mdOptions{evidence: step == 0, differences: len(r.Differences)}
		if step > 1 {
			o.differences >>= min(step-1, 62)
		}
		return markdownDoc(r, o), step > 0 && o.differences == 0
	})
	_, err := d.WriteTo(w)
	return err
}

// mdOptions say how much of a Result the summary holds.
type mdOptions struct {
	evidence bool
	// differences is how many differences are listed, in order.
	differences int
}

func markdownDoc(r Result, o mdOptions) *mdtext.Doc {
	d := &mdtext.Doc{}
	word, line, class := viewVerdict(r)
	mark := "✅"
	switch class {
	case "bad":
		mark = "❌"
	case "warn":
		mark = "⚠️"
	}
	d.Heading(2, fmt.Sprintf("%s DLI Binding a Queue differential run: %s", mark, word))
	d.Paragraph("**" + mdtext.Text(line) + "**")
	var dims []string
	for _, dim := range r.Compared {
		dims = append(dims, mdtext.Code(dim))
	}
	facts := fmt.Sprintf("%s · seed %s · compared in %s", mdtext.Text(viewAgreement(r)), mdtext.Code(fmt.Sprint(r.Seed)), mdOrNone(strings.Join(dims, ", ")))
	if r.Baseline != "" {
		facts += " · baseline " + mdtext.Code(r.Baseline)
	}
	d.Paragraph(facts)

	var sides [][]string
	for _, s := range []Side{r.A, r.B} {
		reports := "(none)"
		if s.Reports != "" {
			reports = mdtext.Cell(s.Reports)
		}
		sides = append(sides, []string{"**" + mdtext.Text(s.Name) + "**", mdtext.Cell(s.Target), mdtext.Text(s.Profile),
			mdtext.Loud(s.Exit), fmt.Sprint(s.Passed), mdtext.Loud(s.Failed), fmt.Sprint(s.Skipped), reports})
	}
	d.Table([]mdtext.Column{{Name: "side"}, {Name: "target"}, {Name: "profile"}, {Name: "exit", Right: true}, {Name: "passed", Right: true},
		{Name: "failed", Right: true}, {Name: "skipped", Right: true}, {Name: "reports"}}, sides)

	var differing [][]string
	for _, q := range r.Requirements {
		if q.Differ > 0 {
			differing = append(differing, []string{mdtext.Cell(q.ID), mdtext.Text(q.Title),
				mdtext.Text(viewResult(q.AResult)), mdtext.Text(viewResult(q.BResult)), fmt.Sprint(q.Cases), fmt.Sprintf("**%d**", q.Differ)})
		}
	}
	if len(differing) > 0 {
		d.Heading(3, fmt.Sprintf("Requirements with differences (%d)", len(differing)))
		d.Table(append(mdtext.Columns("id", "requirement", mdtext.Text(r.A.Name), mdtext.Text(r.B.Name)), mdtext.Column{Name: "cases", Right: true},
			mdtext.Column{Name: "differing", Right: true}), differing)
	}

	var unexpected, known []Difference
	for _, diff := range r.Differences[:o.differences] {
		if diff.Known == "" {
			unexpected = append(unexpected, diff)
		} else {
			known = append(known, diff)
		}
	}
	if n := r.Unexpected(); n > 0 {
		d.Heading(3, fmt.Sprintf("Differences (%d)", n))
		for _, diff := range unexpected {
			markdownDifference(d, r, diff, o.evidence)
		}
	}

	if len(r.Stale) > 0 {
		d.Heading(3, fmt.Sprintf("Stale baseline entries (%d)", len(r.Stale)))
		d.Paragraph("They match no difference: remove them from the baseline.")
		var rows [][]string
		for _, e := range r.Stale {
			rows = append(rows, []string{mdtext.Cell(e.ID), mdtext.Text(e.Reason)})
		}
		d.Table(mdtext.Columns("entry", "baseline reason"), rows)
	}

	if len(known) > 0 {
		d.Details(fmt.Sprintf("Expected by the baseline (%d): they do not fail the run", len(known)), func() {
			var rows [][]string
			for _, diff := range known {
				var fields []string
				for _, f := range diff.Fields {
					fields = append(fields, mdtext.Text(f.Name)+": "+mdField(r, f, mdtext.Cell))
				}
				rows = append(rows, []string{mdtext.Cell(diff.Key), strings.Join(fields, "; "), mdtext.Text(diff.Known)})
			}
			d.Table(mdtext.Columns("key", "differs in", "baseline reason"), rows)
		})
	}

	if len(r.NotCompared) > 0 {
		d.Details(fmt.Sprintf("Not compared (%d)", len(r.NotCompared)), func() {
			var rows [][]string
			for _, n := range r.NotCompared {
				rows = append(rows, []string{mdtext.Cell(n.ID), mdtext.Text(n.Reason)})
			}
			d.Table(mdtext.Columns("id", "why"), rows)
		})
	}

	if left := len(r.Differences) - o.differences; left > 0 {
		d.Paragraph(fmt.Sprintf("_%d more %s are left out to keep this summary within GitHub's size limit; diff.html has them._", left, viewPlural(left, "difference", "differences")))
	} else if !o.evidence && len(r.Differences) > 0 {
		d.Paragraph("_The exchanges are left out to keep this summary within GitHub's size limit; diff.html has them._")
	}
	d.Paragraph("The full comparison, with both exchanges of every difference, is `diff.html` among the diff's reports.")
	return d
}

// markdownDifference lists a difference's fields in the open and both cases'
// evidence folded.
func markdownDifference(d *mdtext.Doc, r Result, diff Difference, evidence bool) {
	d.Paragraph(fmt.Sprintf("**%s** (%s) %s", mdtext.Code(diff.Key), mdtext.Code(diff.Requirement), mdtext.Code(diff.Request)))
	var fields []string
	for _, f := range diff.Fields {
		fields = append(fields, fmt.Sprintf("**%s**: %s", mdtext.Text(f.Name), mdField(r, f, mdtext.Code)))
	}
	d.List(fields...)
	if !evidence {
		return
	}
	d.Details("evidence of "+diff.Key, func() {
		for _, side := range []struct {
			s Side
			c *verdict.Case
		}{{r.A, diff.A}, {r.B, diff.B}} {
			name := mdtext.Text(side.s.Name)
			if side.c == nil {
				d.Paragraph(fmt.Sprintf("**%s**: not sent by %s", name, name))
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
			d.Paragraph(fmt.Sprintf("**%s**: status %s · %s", name, mdtext.Code(StatusText(&c)), contract))
			if c.Exchange != "" {
				d.Fence(mdtext.FirstLines(c.Exchange, mdMaxExchangeLines, "diff.html"), "text")
			}
			if c.Curl != "" {
				d.Fence(c.Curl, "sh")
			}
		}
	})
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
