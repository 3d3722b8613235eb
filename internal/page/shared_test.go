package page_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/diff"
	"github.com/dli-conformance/dli-conformance/internal/page"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// The two report pages must keep one look: each inlines base.css whole as
// the start of its only stylesheet, and neither page's own rules repeat a
// line of it (a copy would drift from the original unnoticed).
func TestReportPagesShareTheStylesheet(t *testing.T) {
	base := page.BaseCSS()
	if len(strings.Split(base, "\n")) < 40 {
		t.Fatalf("base.css is %d bytes: the shared rules have moved out of it", len(base))
	}
	baseLines := map[string]bool{}
	for _, l := range strings.Split(base, "\n") {
		baseLines[strings.TrimSpace(l)] = true
	}
	for name, write := range map[string]func(io.Writer) error{
		"report.html": func(w io.Writer) error { return report.WriteHTML(w, report.Summary{}) },
		"diff.html":   func(w io.Writer) error { return diff.WriteHTML(w, diff.Result{}) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		html := b.String()
		if n := strings.Count(html, "<style"); n != 1 {
			t.Fatalf("%s has %d stylesheets, want one", name, n)
		}
		style := html[strings.Index(html, "<style>\n")+len("<style>\n") : strings.Index(html, "</style>")]
		if !strings.HasPrefix(style, base) {
			t.Errorf("%s does not start its stylesheet with base.css", name)
			continue
		}
		for _, l := range strings.Split(style[len(base):], "\n") {
			if l = strings.TrimSpace(l); strings.Contains(l, "{") && baseLines[l] {
				t.Errorf("%s repeats a rule of base.css in its own: %s", name, l)
			}
		}
	}
}
