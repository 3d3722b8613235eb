package mdtext

import (
	"strings"
	"testing"
)

// Each problem the check names is caught, and a well-formed page has none.
func TestProblems(t *testing.T) {
	good := "| a | b |\n|---|---|\n| 1 | x\\|y |\n\n<details><summary>s</summary>\n\n```text\n| not | a | table\n</details>\n```\n</details>\n\nend\n"
	if p := Problems(good); len(p) != 0 {
		t.Fatalf("a well-formed page: %v", p)
	}
	for md, want := range map[string]string{
		"```text\nopen":                                  "not closed",
		"<details><summary>s</summary>\n\nx":             "<details> but",
		"<details><summary>s</summary>\nx\n</details>\n": "not followed by a blank line",
		"| a | b |\n|---|---|\n| 1 | 2 | 3 |":            "has 3 cells, its table 2",
	} {
		p := Problems(md)
		if len(p) == 0 || !strings.Contains(strings.Join(p, "\n"), want) {
			t.Errorf("%q: problems %v, want one saying %q", md, p, want)
		}
	}
}

func TestMarkupOutsideCode(t *testing.T) {
	for md, want := range map[string]string{
		"a <script>x</script>":             "<script>",
		"`<b>` and `` a ` <i> `` and <em>": "<em>",
		"```text\n<b>\n```\nfine":          "",
		"<details><summary>s</summary>":    "",
		"an unclosed ` <b>":                "<b>",
	} {
		if got := MarkupOutsideCode(md); got != want {
			t.Errorf("markup outside code of %q: %q, want %q", md, got, want)
		}
	}
}
