package mdtext

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// Doc builds a GitHub-flavoured Markdown document block by block, as the
// reports for a CI job summary write it. Every block ends with a blank line,
// so that the next one starts afresh whatever came before (GitHub resumes
// Markdown after an HTML line such as </details> only past a blank line).
//
// The methods take Markdown: text from a target goes through Text, Code or
// Cell first. What the builder guarantees on its own is the structure: a
// table cell cannot end its row or split into two cells, a fence cannot be
// closed by its content, a <details> summary is text and every <details> is
// closed. The zero value is an empty document.
type Doc struct {
	b   strings.Builder
	err error
}

// Heading writes a heading of level 1 to 6.
func (d *Doc) Heading(level int, md string) {
	level = min(max(level, 1), 6)
	d.block(strings.Repeat("#", level) + " " + oneLine(md) + "\n")
}

// Paragraph writes md as a paragraph.
func (d *Doc) Paragraph(md string) { d.block(md + "\n") }

// Quote writes a block quote of lines; a first line "[!WARNING]" or
// "[!CAUTION]" makes it one of GitHub's alerts.
func (d *Doc) Quote(lines ...string) {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("> " + oneLine(l) + "\n")
	}
	d.block(b.String())
}

// List writes a bulleted list, one item a line; no items write nothing.
func (d *Doc) List(items ...string) {
	if len(items) == 0 {
		return
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString("- " + oneLine(it) + "\n")
	}
	d.block(b.String())
}

// Fence writes text as a fenced code block that nothing in text can close.
func (d *Doc) Fence(text, lang string) { d.block(Fence(text, lang)) }

// Column is a table column's header and alignment.
type Column struct {
	Name string
	// Right aligns the column's cells to the right, as numbers read best.
	Right bool
}

// Columns are left-aligned columns named names, as most tables have.
func Columns(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n}
	}
	return out
}

// Table writes a table of rows under header. Each cell is kept on one line
// and its pipes escaped, so that it stays one cell of its row. A row with
// another number of cells than the header is a defect of the caller: the
// table is written as far as it is sound and Err reports it.
func (d *Doc) Table(header []Column, rows [][]string) {
	var b strings.Builder
	names, rules := make([]string, len(header)), make([]string, len(header))
	for i, c := range header {
		names[i], rules[i] = cell(c.Name), "---"
		if c.Right {
			rules[i] = "--:"
		}
	}
	b.WriteString("| " + strings.Join(names, " | ") + " |\n|" + strings.Join(rules, "|") + "|\n")
	for i, r := range rows {
		if len(r) != len(header) {
			d.fail(fmt.Errorf("table row %d has %d cells, its header %d", i+1, len(r), len(header)))
			break
		}
		cells := make([]string, len(r))
		for j, c := range r {
			cells[j] = cell(c)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	d.block(b.String())
}

// Details writes a folded block: summary, as text, shows; what body writes
// to d shows when unfolded.
func (d *Doc) Details(summary string, body func()) {
	d.block("<details><summary>" + html.EscapeString(oneLine(summary)) + "</summary>\n")
	body()
	d.block("</details>\n")
}

// Len is the document's size in bytes as String returns it.
func (d *Doc) Len() int { return max(d.b.Len()-1, 0) }

// Err is the first defect met while building, or nil.
func (d *Doc) Err() error { return d.err }

// String is the document, ending in one newline.
func (d *Doc) String() string { return strings.TrimSuffix(d.b.String(), "\n") }

// WriteTo writes the document to w, or nothing if building it met a defect.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	n, err := io.WriteString(w, d.String())
	return int64(n), err
}

func (d *Doc) block(s string) {
	d.b.WriteString(s)
	d.b.WriteString("\n")
}

func (d *Doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// unescapedCellPipe is a pipe with no backslash before it, which GitHub takes
// for the end of a cell even inside a code span.
var unescapedCellPipe = regexp.MustCompile(`(^|[^\\])\|`)

// cell keeps md one cell of a table row.
func cell(md string) string {
	md = oneLine(md)
	// Twice, since a match takes the character before the pipe: "||".
	for range 2 {
		md = unescapedCellPipe.ReplaceAllString(md, `$1\|`)
	}
	return md
}

// oneLine joins md's lines with spaces, for a block that must stay one line.
func oneLine(md string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(md)
}

// StepSummaryBudget keeps a report under GitHub's limit for a job's step
// summary (1 MiB), with room to spare for what other steps write.
const StepSummaryBudget = 900 << 10

// Fit renders a document at step 0, 1, 2, … until it is within limit bytes or
// render says it cannot leave out more, and returns the last it rendered.
// Each step leaves out more than the one before, and says so in the document.
func Fit(limit int, render func(step int) (d *Doc, last bool)) *Doc {
	for step := 0; ; step++ {
		d, last := render(step)
		if d.Len() <= limit || last {
			return d
		}
	}
}

// FirstLines bounds text to n lines, ending it with a line that says how many
// more there are and where they are to be read.
func FirstLines(text string, n int, where string) string {
	lines := strings.Split(text, "\n")
	if len(lines) <= n {
		return text
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n… %d more lines in %s", len(lines)-n, where)
}
