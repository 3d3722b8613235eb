package mdtext

import (
	"strings"
	"testing"
)

func TestTextShowsMarkupAsText(t *testing.T) {
	got := Text("<script>*a*_b_ [x](y) | `c`\nnext")
	for _, bad := range []string{"<script>", "*a*", "[x](y)", "\n"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q still holds %q", got, bad)
		}
	}
	if !strings.Contains(got, `\|`) {
		t.Errorf("a pipe must not split a table cell: %q", got)
	}
}

func TestCodeCannotBeClosedFromInside(t *testing.T) {
	for in, want := range map[string]string{
		"plain":     "`plain`",
		"a`b":       "``a`b``",
		"`edge`":    "`` `edge` ``",
		"":          "`  `",
		"two\nrows": "`two rows`",
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Cell("a|b"); got != "`a\\|b`" {
		t.Errorf("Cell = %q", got)
	}
}

func TestFenceIsLongerThanAnyRunInside(t *testing.T) {
	got := Fence("x ```` y", "text")
	if !strings.HasPrefix(got, "`````text\n") || !strings.HasSuffix(got, "\n`````\n") {
		t.Errorf("Fence = %q", got)
	}
	if Loud(0) != "0" || Loud(3) != "**3**" {
		t.Error("Loud")
	}
}

func TestExactForms(t *testing.T) {
	if got := Text("a|b <i>*x*</i> [l](u) `c`\nd"); got != `a\|b &lt;i&gt;\*x\*&lt;/i&gt; \[l\](u) \`+"`c\\`"+` d` {
		t.Errorf("Text = %s", got)
	}
	if got := Code("a`b|c\nd"); got != "``a`b|c d``" {
		t.Errorf("Code = %s", got)
	}
	if got := Cell("a`b|c"); got != "``a`b\\|c``" {
		t.Errorf("Cell = %s", got)
	}
	if got := Fence("x\n```\ny", "sh"); !strings.HasPrefix(got, "````sh\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Errorf("Fence = %q", got)
	}
}
