package mdtext

import (
	"bytes"
	"strings"
	"testing"
)

// A document of every block, fed text that would break each block if the
// builder did not guard it, is well-formed and shows that text as itself.
func TestDocKeepsItsStructureWhateverItHolds(t *testing.T) {
	d := &Doc{}
	d.Heading(2, "title\nsecond line")
	d.Paragraph("**bold** " + Text("a <b> | c"))
	d.Quote("[!WARNING]", "one\ntwo")
	d.List("first", "second\nline")
	d.Table([]Column{{Name: "name"}, {Name: "n", Right: true}}, [][]string{
		{Code("a|b"), "1"},
		{"raw | pipe\nand a newline", "2"},
		{"||", "3"},
	})
	d.Details(`</summary><script>x</script>`, func() {
		d.Fence("```\n</details>\n```", "text")
	})
	md := d.String()
	if p := Problems(md); len(p) != 0 {
		t.Errorf("problems %v in:\n%s", p, md)
	}
	if m := MarkupOutsideCode(md); m != "" {
		t.Errorf("markup %q outside code in:\n%s", m, md)
	}
	for _, want := range []string{
		"## title second line\n\n",
		"> [!WARNING]\n> one two\n\n",
		"- first\n- second line\n\n",
		"| name | n |\n|---|--:|\n| `a\\|b` | 1 |\n| raw \\| pipe and a newline | 2 |\n| \\|\\| | 3 |\n\n",
		"<details><summary>&lt;/summary&gt;&lt;script&gt;x&lt;/script&gt;</summary>\n\n````text\n",
		"\n````\n\n</details>\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the document lacks %q:\n%s", want, md)
		}
	}
	if !strings.HasSuffix(md, "</details>\n") || strings.HasSuffix(md, "\n\n") || d.Len() != len(md) {
		t.Errorf("the document does not end in one newline, or Len is not its size: %d of %d", d.Len(), len(md))
	}
}

func TestDocRefusesARowThatDoesNotFitItsTable(t *testing.T) {
	d := &Doc{}
	d.Table(Columns("a", "b"), [][]string{{"1", "2"}, {"1", "2", "3"}})
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err == nil || !strings.Contains(err.Error(), "row 2 has 3 cells, its header 2") || b.Len() != 0 {
		t.Errorf("a row of 3 cells under 2 columns: error %v, %d bytes written", err, b.Len())
	}
	if p := Problems(d.String()); len(p) != 0 {
		t.Errorf("the table is not sound as far as it is written: %v", p)
	}
}

func TestFitLeavesOutStepByStep(t *testing.T) {
	render := func(sizes ...int) (steps int, got int) {
		d := Fit(10, func(step int) (*Doc, bool) {
			steps++
			d := &Doc{}
			d.Paragraph(strings.Repeat("x", sizes[step]-1)) // and its newline
			return d, step == len(sizes)-1
		})
		return steps, d.Len()
	}
	if steps, got := render(30, 20, 8, 4); steps != 3 || got != 8 {
		t.Errorf("Fit rendered %d steps to a document of %d bytes, want the third, of 8", steps, got)
	}
	if steps, got := render(30, 20); steps != 2 || got != 20 {
		t.Errorf("when nothing fits, Fit should return the last step: %d steps, %d bytes", steps, got)
	}
}

func TestFirstLines(t *testing.T) {
	if got := FirstLines("a\nb\nc\nd", 2, "x.html"); got != "a\nb\n… 2 more lines in x.html" {
		t.Errorf("FirstLines = %q", got)
	}
	if got := FirstLines("a\nb", 2, "x.html"); got != "a\nb" {
		t.Errorf("a text within the bound is cut: %q", got)
	}
}
