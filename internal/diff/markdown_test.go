package diff

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

func viewRenderMarkdown(t *testing.T, r Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownOfSidesThatDiffer(t *testing.T) {
	md := viewRenderMarkdown(t, viewSample())
	for _, want := range []string{
		"## ❌ DLI Binding a Queue differential run: DIFFER",
		"**4 differences (1 expected by the baseline, 1 stale baseline entry)**",
		"96.6% agree: 116 of 120 cases · seed `1795608629` · compared in `presence`, `request`,",
		"baseline `ci/known-differences.yaml`",
		"| **A** | `http://127.0.0.1:41234` | huaweicloud | 0 | 100 | 0 | 4 | `reports/a` |",
		"| **B** | `https://dli.eu-west-101.myhuaweicloud.eu` | otc | **1** | 98 | **2** | 4 | `reports/b` |",
		"### Requirements with differences (4)",
		"| `BIND-QUEUES` | binds a list of queues with 200 | passed | failed | 3 | **1** |",
		"### Differences (3)",
		"**`BIND-QUEUES#1`** (`BIND-QUEUES`) `POST /v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue {\"queues\":[\"{queue 1}\"]}`",
		"- **status**: A `200` · B `400`",
		"- **is\\_success**: A `true` · B `(none)`",
		"- **presence**: A `sent` · B `not sent`",
		"- **shape**: only A `error_msg: string` · only B `message: string`",
		"<details><summary>evidence of BIND-QUEUES#1</summary>",
		"**A**: status `200` · conforms to the contract",
		"**B**: status `400` · violates the contract: status 400 is not declared for a valid bind &lt;/pre&gt;&lt;script&gt;",
		"< 200 OK (3ms)", "< 400 Bad Request (9ms)",
		"```sh\ncurl -sS -i -X POST 'https://dli.eu-west-101.myhuaweicloud.eu/",
		"**A**: status `no answer (reset)` · violates the contract: no answer",
		"**B**: not sent by B",
		"### Stale baseline entries (1)",
		"| `BODY-ARRAY#3` | fixed in 2.3? &lt;b&gt;maybe&lt;/b&gt; |",
		"<details><summary>Expected by the baseline (1): they do not fail the run</summary>",
		"| `EITHER-EMPTY-OBJECT#1` | status: A `200` · B `400` | the documentation allows 200 or 400 &lt;i&gt;here&lt;/i&gt;; tracked in TICKET-7 |",
		"| `STATEFUL-CONCURRENT` | concurrent clients interleave differently from run to run |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("diff.md lacks %q", want)
		}
	}
	// The expected difference is listed with the baseline's entries only, not
	// among the differences that need action.
	if strings.Contains(md, "**`EITHER-EMPTY-OBJECT#1`**") {
		t.Error("an expected difference is listed among those that need action")
	}
	assertWellFormed(t, md)
	if m := mdtext.MarkupOutsideCode(md); m != "" {
		t.Errorf("diff.md has markup %q outside code", m)
	}
}

func TestMarkdownOfSidesThatAgree(t *testing.T) {
	md := viewRenderMarkdown(t, viewAgreeing())
	if !strings.HasPrefix(md, "## ✅ DLI Binding a Queue differential run: AGREE\n\n**A and B agree on all 120 cases**\n") {
		t.Errorf("summary of agreeing sides:\n%s", md)
	}
	for _, unwanted := range []string{"### Differences", "### Requirements with differences", "Stale", "Expected by the baseline", "Not compared"} {
		if strings.Contains(md, unwanted) {
			t.Errorf("summary of agreeing sides has %q", unwanted)
		}
	}
	assertWellFormed(t, md)
}

func TestMarkdownStaysUnderTheStepSummaryLimit(t *testing.T) {
	big := viewSample()
	d := big.Differences[0]
	d.A.Exchange += strings.Repeat("\n< "+strings.Repeat("x", 200), 50)
	for range 300 {
		big.Differences = append(big.Differences, d)
	}
	md := viewRenderMarkdown(t, big)
	if len(md) > mdMax {
		t.Fatalf("diff.md is %d bytes, over %d", len(md), mdMax)
	}
	if !strings.Contains(md, "The exchanges are left out") || strings.Count(md, "- **status**: A `200` · B `400`") != 301 {
		t.Error("the shortened summary does not say so, or lost differences")
	}
	assertWellFormed(t, md)

	// So many differences that even their fields are too much: the first are
	// listed, and the summary says how many are not.
	flood := viewSample()
	d.Request = strings.Repeat("r", 4000)
	for range 1000 {
		flood.Differences = append(flood.Differences, d)
	}
	md = viewRenderMarkdown(t, flood)
	if len(md) > mdMax {
		t.Fatalf("diff.md is %d bytes, over %d", len(md), mdMax)
	}
	if !regexp.MustCompile(`_\d+ more differences are left out`).MatchString(md) {
		t.Error("the shortened summary does not say differences are left out")
	}
	assertWellFormed(t, md)
}

func TestMarkdownBoundsAnExchange(t *testing.T) {
	r := viewSample()
	r.Differences[0].A.Exchange = strings.Repeat("< line\n", 100) + "< last"
	md := viewRenderMarkdown(t, r)
	if !strings.Contains(md, "… 41 more lines in diff.html") || strings.Contains(md, "< last") {
		t.Error("a long exchange is not cut short with a note")
	}
}

// assertWellFormed fails t for each problem GitHub would have with md.
func assertWellFormed(t *testing.T, md string) {
	t.Helper()
	for _, p := range mdtext.Problems(md) {
		t.Error(p)
	}
}
