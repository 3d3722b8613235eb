package report

import (
	"html"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
	"github.com/dli-conformance/dli-conformance/internal/verdict"

	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/browser"
	"github.com/dli-conformance/dli-conformance/internal/config"
)

// sampleSummary is a run with one of everything a report shows: failures with
// and without an exchange, an expected failure, a stale entry, skips, and
// coverage with unseen and undeclared statuses.
func sampleSummary() Summary {
	bindExchange := `> POST http://127.0.0.1:41234/v2.0/0f1e2d3c4b5a69788796a5b4c3d2e1f0/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue
> Content-Type: application/json
> X-Auth-Token: [REDACTED]
> 
> {"queues":["queue_a","queue_b"]}
< 200 OK (3ms)
< Content-Type: application/json
< 
< {"is_success":"true","message":""}`
	bindCurl := `curl -sS -i -X POST 'http://127.0.0.1:41234/v2.0/0f1e2d3c4b5a69788796a5b4c3d2e1f0/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue' -H 'Content-Type: application/json' -H "X-Auth-Token: $DLI_AUTH_TOKEN" --data-binary '{"queues":["queue_a","queue_b"]}'`
	bindDetails := &verdict.Failure{Kind: verdict.Schema, Message: "the response departs from the contract: contract violated: response body at /is_success: value must be a boolean",
		Exchange: bindExchange, Curl: bindCurl, Location: "bind_positive.go:31"}
	other := func(s string) string {
		return strings.ReplaceAll(s, "2a620c33-5609-40c9-affd-2b6453071b0f", "3f9d1c1e-0000-4000-8000-000000000000")
	}
	connDetails := &verdict.Failure{Kind: verdict.Status, Message: "status 404, want 400 <b>|</b>", Exchange: other(bindExchange), Curl: other(bindCurl), Location: "bind_connection.go:20"}
	return Summary{
		Target:          "http://127.0.0.1:41234",
		Profile:         "huaweicloud",
		StartedAt:       time.Date(2026, 11, 25, 2, 4, 5, 0, time.UTC),
		DurationSeconds: 4.2,
		RandomSeed:      1795608629,
		Baseline:        "ci/known-failures.yaml",
		Configuration: []config.Setting{
			{Name: "DLI_ENDPOINT", Value: "http://127.0.0.1:41234"},
			{Name: "DLI_AUTH_TOKEN", Value: "(set, redacted)"},
			{Name: "DLI_POOLS", Value: ""},
		},
		Requirements: []Result{
			{ID: "BIND-QUEUES", Title: "binds a list of queues with 200", Group: "positive", Status: Failed, Kind: "schema",
				Reason: "the response departs from the contract: contract violated: response body at /is_success: value must be a boolean", Failure: bindDetails},
			{ID: "BIND-POOLS", Title: "binds elastic resource pools alone with 200", Group: "positive", Status: Skipped, Reason: "DLI_POOLS is not set"},
			{ID: "CONN-UNKNOWN", Title: "rejects a well-formed UUID that is no connection with 400", Group: "negative", Status: ExpectedFailure, Kind: "status",
				Reason: "status 404, want 400 <b>|</b>", Failure: connDetails, BaselineReason: "target answers 404; tracked in TICKET-12"},
			{ID: "BODY-ARRAY", Title: "rejects a body that is a JSON array with 400", Group: "negative", Status: Stale,
				Reason: "listed as a known failure but passed: remove it from the baseline", BaselineReason: "fixed in 2.3?"},
			{ID: "CONN-DELETED", Title: "rejects a deleted connection with 400", Group: "negative", Status: Skipped, Reason: "DLI_DELETED_CONNECTION_ID is not set"},
			{ID: "EITHER-EMPTY-OBJECT", Title: "answers an empty object {} with 200 or 400", Group: "either", Status: Passed},
			{ID: "LEAVE-NO-TRACE", Title: "leaves the connection's bindings as they were before the run", Group: "hygiene", Status: Failed, Kind: "hygiene",
				Reason: "the run did not leave the target as it found it: connection 2a620c33-5609-40c9-affd-2b6453071b0f was left with queues [queue_a]; it had queues []; to undo: POST /v2.0/p/datasource/enhanced-connections/c/disassociate-queue with body {\"queues\":[\"queue_a\"]}",
				Failure: &verdict.Failure{Kind: verdict.Hygiene, Message: "the run did not leave the target as it found it: connection 2a620c33-5609-40c9-affd-2b6453071b0f was left with queues [queue_a]; it had queues []; to undo: POST /v2.0/p/datasource/enhanced-connections/c/disassociate-queue with body {\"queues\":[\"queue_a\"]}",
					Location: "env.go:97"}},
		},
		Coverage: []Coverage{
			{Operation: "-", Seen: map[int]int{404: 2}, Declared: []int{404, 405}, Unseen: []int{405}},
			{Operation: "associateQueueToEnhancedConnection", Seen: map[int]int{200: 9, 400: 21, 422: 1}, Declared: []int{200, 400, 401}, Unseen: []int{401}},
		},
	}
}

func passingSummary() Summary {
	s := sampleSummary()
	s.Baseline = ""
	s.Requirements = slices.DeleteFunc(s.Requirements, func(r Result) bool { return r.Status != Passed && r.Status != Skipped })
	s.Recount()
	return s
}

func setupFailureSummary() Summary {
	s := sampleSummary()
	s.Baseline, s.Coverage = "", nil
	s.Setup = &verdict.Failure{Kind: verdict.Unreachable, Message: "cannot read the bindings of DLI_CONNECTION_ID before the run, so no spec was run: Get \"http://127.0.0.1:1/...\": connection refused",
		Exchange: "> GET http://127.0.0.1:1/v2.0/p/datasource/enhanced-connections/c\n! dial tcp 127.0.0.1:1: connect: connection refused"}
	s.NotRun = NotRunReason(s.Setup)
	for i := range s.Requirements {
		s.Requirements[i] = Result{ID: s.Requirements[i].ID, Title: s.Requirements[i].Title, Group: s.Requirements[i].Group,
			Status: Skipped, Reason: "not run: " + s.NotRun}
	}
	s.Recount()
	return s
}

func renderHTML(t *testing.T, s Summary) string {
	t.Helper()
	s.Recount()
	var b bytes.Buffer
	if err := WriteHTML(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sectionIDs lists the ids of the <section> elements of a page, in order.
func sectionIDs(page string) []string { return browser.SectionIDs(page) }

// alwaysSections render on every page, empty or not.
var alwaysSections = []string{SectionSummary, SectionFailures, SectionSkipped, SectionCoverage, SectionConfiguration, SectionRequirements}

func TestHTMLSections(t *testing.T) {
	cases := []struct {
		name    string
		s       Summary
		present []string
		absent  []string
	}{
		{"failing with a baseline", sampleSummary(), []string{SectionStale, SectionExpected}, []string{SectionSetupFailure, SectionFields}},
		{"passing", passingSummary(), nil, []string{SectionStale, SectionExpected, SectionSetupFailure, SectionFields}},
		{"not started", setupFailureSummary(), []string{SectionSetupFailure}, []string{SectionStale, SectionExpected, SectionFields}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ids := sectionIDs(renderHTML(t, tc.s))
			for _, id := range append(slices.Clone(alwaysSections), tc.present...) {
				if !slices.Contains(ids, id) {
					t.Errorf("section %q missing; sections: %v", id, ids)
				}
			}
			for _, id := range tc.absent {
				if slices.Contains(ids, id) {
					t.Errorf("section %q renders but should not", id)
				}
			}
		})
	}
}

func TestHTMLFieldsSectionRendersOnlyWhenSet(t *testing.T) {
	v := newHTMLView(sampleSummary())
	v.Fields = &Matrix{RowHeader: "field", Columns: []string{"valid", "invalid"},
		Rows: []MatrixRow{{Label: "queues", Cells: []MatrixCell{{Text: "4", Class: "seen"}, {Text: "0", Class: "unseen"}}}}}
	var b bytes.Buffer
	if err := htmlPage.Render(&b, v); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(sectionIDs(b.String()), SectionFields) || !strings.Contains(b.String(), `href="#fields"`) {
		t.Fatal("a set Fields matrix does not render its section and link")
	}
}

func TestHTMLShowsEveryFailureWithItsEvidence(t *testing.T) {
	page := renderHTML(t, sampleSummary())
	for _, want := range []string{
		`<div class="verdict">FAILED</div>`,
		"1795608629",             // random seed
		"ci/known-failures.yaml", // baseline
		`id="fail-BIND-QUEUES"`, `id="fail-LEAVE-NO-TRACE"`, `id="fail-CONN-UNKNOWN"`,
		"value must be a boolean",
		"curl -sS -i -X POST",
		"X-Auth-Token: [REDACTED]",
		"target answers 404; tracked in TICKET-12",
		"Stale baseline entries", "fixed in 2.3?",
		"DLI_POOLS is not set",
		"to undo: POST",
		`class="undeclared"`, // 422 seen, not declared
		"(set, redacted)",
	} {
		if !strings.Contains(page, want) && !strings.Contains(page, htmlEscapeQuotes(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(page, "<b>|</b>") || !strings.Contains(page, "&lt;b&gt;|&lt;/b&gt;") {
		t.Error("a reason's markup is not escaped")
	}
	// The curl starts the line it is on, so that it can be copied whole.
	if !regexp.MustCompile(`<pre class="curl">curl -sS`).MatchString(page) {
		t.Error("the curl is not in its own block")
	}
}

// htmlEscapeQuotes is how html/template writes quotes in text.
func htmlEscapeQuotes(s string) string { return strings.ReplaceAll(s, `"`, "&#34;") }

func TestHTMLIsSelfContained(t *testing.T) {
	for _, s := range []Summary{sampleSummary(), passingSummary(), setupFailureSummary()} {
		page := renderHTML(t, s)
		if strings.Contains(strings.ToLower(page), "<script") {
			t.Error("the page has a script")
		}
		for _, m := range regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1) {
			if !strings.HasPrefix(m[1], "#") && !strings.HasPrefix(m[1], "data:") {
				t.Errorf("the page loads %q", m[1])
			}
		}
		if strings.Contains(page, "@import") || strings.Contains(page, "url(") {
			t.Error("the CSS loads something")
		}
	}
}

func TestVerdictLine(t *testing.T) {
	s := sampleSummary()
	s.Recount()
	word, line := verdictOf(s)
	if word != "FAILED" || line != "2 failed · 1 stale baseline entry · 1 passed · 1 expected failure · 2 skipped — 7 requirements" {
		t.Errorf("verdict %q %q", word, line)
	}
	if word, _ := verdictOf(passingSummary()); word != "PASSED" {
		t.Errorf("passing verdict %q", word)
	}
	if word, _ := verdictOf(setupFailureSummary()); word != "NOT RUN" {
		t.Errorf("setup failure verdict %q", word)
	}
}

func TestEvidence(t *testing.T) {
	e := sampleSummary().Requirements[0].Evidence()
	if e.Message != "the response departs from the contract: contract violated: response body at /is_success: value must be a boolean" {
		t.Errorf("message %q", e.Message)
	}
	if !strings.HasPrefix(e.Exchange, "> POST http://") || !strings.HasSuffix(e.Exchange, `< {"is_success":"true","message":""}`) {
		t.Errorf("exchange %q", e.Exchange)
	}
	if !strings.HasPrefix(e.Curl, "curl -sS -i -X POST ") || strings.Contains(e.Curl, "\n") {
		t.Errorf("curl %q", e.Curl)
	}
	if e.Location != "at bind_positive.go:31" {
		t.Errorf("location %q", e.Location)
	}
	h := sampleSummary().Requirements[6].Evidence()
	if h.Exchange != "" || h.Curl != "" || !strings.HasSuffix(h.Message, `{"queues":["queue_a"]}`) || h.Location != "at env.go:97" {
		t.Errorf("hygiene evidence %+v", h)
	}
}

// The browser test opens report.html in headless Chromium and fails on a console
// message or a missing section (package browser says how the console is
// captured, and why any message at all is a defect). Two control pages prove
// that the capture works with the Chromium at hand: one that logs with
// console.error and one that loads an external stylesheet must both be caught.
func TestHTMLInChromium(t *testing.T) {
	browser.Available(t)
	dir := t.TempDir()
	pages := map[string]Summary{"failing": sampleSummary(), "passing": passingSummary(), "not-started": setupFailureSummary()}
	for name, s := range pages {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			browser.Renders(t, dir, name+".html", renderHTML(t, s), alwaysSections)
		})
	}
	controls := map[string]func(string) string{
		"console.error": func(p string) string {
			return strings.Replace(p, "<body>", `<body><script>console.error("control: console error")</script>`, 1)
		},
		"external stylesheet": func(p string) string {
			return strings.Replace(p, "</head>", `<link rel="stylesheet" href="https://assets.invalid/x.css"></head>`, 1)
		},
	}
	for name, corrupt := range controls {
		t.Run("control: "+name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".html")
			if err := os.WriteFile(path, []byte(corrupt(renderHTML(t, passingSummary()))), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, console := browser.Open(t, path); len(console) == 0 {
				t.Fatal("a page with a console message passed: the console capture does not work with this Chromium")
			}
		})
	}
}

func TestGroupRowsKeepTheCatalogueOrderThenOthers(t *testing.T) {
	rows, total := groupRows([]Result{
		{Group: "generated-negative", Status: Failed},
		{Group: "hygiene", Status: Passed},
		{Group: "positive", Status: ExpectedFailure},
		{Group: "generated-negative", Status: Stale},
	})
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, []string{"positive", "hygiene", "generated-negative"}) {
		t.Errorf("groups %v", names)
	}
	if total != (groupRow{Name: "all", Total: 4, Passed: 1, Failed: 1, Expected: 1, Stale: 1}) {
		t.Errorf("total %+v", total)
	}
}

func TestWhereTheTimeWentShowsEachPhaseWithTheSettingThatTurnsIt(t *testing.T) {
	s := passingSummary()
	s.DurationSeconds = 100
	s.Time = timeOf(nil, map[string]time.Duration{"quiet periods": 25 * time.Second, "walks": 30 * time.Second, "shrinking": 0})
	page := renderHTML(t, s)
	if !slices.Contains(sectionIDs(page), SectionTime) || !strings.Contains(page, `href="#time"`) {
		t.Fatalf("no time section or link; sections %v", sectionIDs(page))
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, s); err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Time {
		if p.Seconds == 0 {
			if strings.Contains(page, "<td>"+p.Phase+"</td>") {
				t.Errorf("%s took no time and is listed", p.Phase)
			}
			continue
		}
		for where, text := range map[string]string{"report.html": html.UnescapeString(page), "summary.md": md.String()} {
			if !strings.Contains(text, p.Setting) && !strings.Contains(text, mdtext.Text(p.Setting)) {
				t.Errorf("%s does not say what turns %s (%q)", where, p.Phase, p.Setting)
			}
		}
	}
	if !strings.Contains(page, "25%") || !strings.Contains(page, "30%") {
		t.Error("the shares of the run's duration are missing")
	}
	if noTime := renderHTML(t, passingSummary()); slices.Contains(sectionIDs(noTime), SectionTime) {
		t.Error("a run without phases renders a time section")
	}
}
