package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

func renderMarkdown(t *testing.T, s Summary) string {
	t.Helper()
	s.Recount()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownOfAFailingRun(t *testing.T) {
	md := renderMarkdown(t, sampleSummary())
	for _, want := range []string{
		"## ❌ DLI Binding a Queue conformance: FAILED",
		"**2 failed · 1 stale baseline entry · 1 passed · 1 expected failure · 2 skipped — 7 requirements**",
		"random seed `1795608629`",
		"| **all** | 1 | **2** | 2 | 1 | **1** |",
		"### Failures (2)",
		"| `BIND-QUEUES` | schema | the response departs from the contract: contract violated: response body at /is\\_success: value must be a boolean |",
		"```sh\ncurl -sS -i -X POST 'http://127.0.0.1:41234/",
		"<details><summary>exchange of BIND-QUEUES</summary>",
		"X-Auth-Token: [REDACTED]",
		"No single request repeats it; to undo: POST",
		"| `BODY-ARRAY` | fixed in 2.3? |",
		"| `CONN-UNKNOWN` | status | status 404, want 400 &lt;b&gt;\\|&lt;/b&gt; | target answers 404; tracked in TICKET-12 |",
		"| `BIND-POOLS` | DLI\\_POOLS is not set |",
		"| `DLI_AUTH_TOKEN` | `(set, redacted)` |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	assertWellFormed(t, md)
}

func TestMarkdownOfAPassingRun(t *testing.T) {
	md := renderMarkdown(t, passingSummary())
	if !strings.HasPrefix(md, "## ✅ DLI Binding a Queue conformance: PASSED") || strings.Contains(md, "### Failures") {
		t.Errorf("passing summary:\n%s", md)
	}
	assertWellFormed(t, md)
}

func TestMarkdownOfARunThatDidNotStart(t *testing.T) {
	md := renderMarkdown(t, setupFailureSummary())
	for _, want := range []string{"NOT RUN", "> **NOT RUN: the target is unreachable**", "connection refused", "none of the 7 requirements was checked"} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	if strings.Contains(md, "### Failures") {
		t.Error("a run that did not start lists each requirement as a failure")
	}
	assertWellFormed(t, md)
}

func TestMarkdownStaysUnderTheStepSummaryLimit(t *testing.T) {
	s := sampleSummary()
	big := s.Requirements[0]
	big.Failure.Exchange = strings.Replace(big.Failure.Exchange, "< {\"is_success\":\"true\",\"message\":\"\"}", strings.Repeat("< "+strings.Repeat("x", 200)+"\n", 50), 1)
	for range 200 {
		s.Requirements = append(s.Requirements, big)
	}
	md := renderMarkdown(t, s)
	if len(md) > maxMarkdown {
		t.Fatalf("summary.md is %d bytes, over %d", len(md), maxMarkdown)
	}
	if !strings.Contains(md, "The exchanges are left out") || !strings.Contains(md, "curl -sS") {
		t.Error("the shortened summary does not say so or lost the curls")
	}
}

// assertWellFormed fails t for each problem GitHub would have with md.
func assertWellFormed(t *testing.T, md string) {
	t.Helper()
	for _, p := range mdtext.Problems(md) {
		t.Error(p)
	}
}
