package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// bulkyRun is the summary of a run with one failing requirement whose
// evidence is about 60 KiB, and one passing.
func bulkyRun() Summary {
	exchange := "> POST http://target/v2.0/p/datasource/enhanced-connections/c/associate-queue\n" + strings.Repeat("< X-Pad: "+strings.Repeat("p", 90)+"\n", 200)
	failure := verdict.Failure{Kind: verdict.Status, Message: "status 500, want 200", Exchange: exchange, Curl: "curl -sS -i -X POST 'http://target/x' --data-binary '" + strings.Repeat("q", 8000) + "'",
		Steps: make([]verdict.Step, 100)}
	for i := range failure.Steps {
		failure.Steps[i] = verdict.Step{Description: "bind queue_a", Curl: "curl " + strings.Repeat("s", 500)}
	}
	s := Summary{SchemaVersion: SchemaVersion, Target: "http://target", Requirements: []Result{
		{ID: "BIND-QUEUES", Title: "binds a queue", Group: "positive", Status: Failed, Kind: "status", Reason: "status 500, want 200", Failure: &failure},
		{ID: "BIND-POOLS", Title: "binds a pool", Group: "positive", Status: Passed},
	}}
	s.Recount()
	return s
}

// bulkyCases is an extra file that cuts its evidence as it is told.
func bulkyCases(calls *[]int) File {
	return File{Name: "cases.json", Render: func(n int) ([]byte, error) {
		*calls = append(*calls, n)
		return json.Marshal(map[string]string{"exchange": verdict.CutEvidence(strings.Repeat("c", 300<<10), n)})
	}}
}

func dirSize(t *testing.T, dir string) (int64, []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	var names []string
	for _, e := range entries {
		info, _ := e.Info()
		n += info.Size()
		names = append(names, e.Name())
	}
	return n, names
}

func readSummaryFile(t *testing.T, dir string) Summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReportsWithinTheBudgetAreWrittenWhole(t *testing.T) {
	s := bulkyRun()
	dir := t.TempDir()
	var calls []int
	if err := Write(dir, s, bulkyCases(&calls)); err != nil {
		t.Fatal(err)
	}
	n, names := dirSize(t, dir)
	if len(names) != 5 || n > 20<<20 || len(calls) != 1 || calls[0] != -1 {
		t.Fatalf("%d bytes in %v; cases rendered with %v", n, names, calls)
	}
	if got := readSummaryFile(t, dir); got.ReportCut != nil || got.Requirements[0].Failure.Exchange != s.Requirements[0].Failure.Exchange {
		t.Fatalf("nothing needed cutting: %+v", got.ReportCut)
	}
}

func TestReportsOverTheBudgetCutEvidenceAndSaySo(t *testing.T) {
	s := bulkyRun()
	s.maxReportBytes = 200 << 10
	dir := t.TempDir()
	var calls []int
	if err := Write(dir, s, bulkyCases(&calls)); err != nil {
		t.Fatal(err)
	}
	n, names := dirSize(t, dir)
	if n > 200<<10 || len(names) != 5 {
		t.Fatalf("%d bytes in %v, want within 200 KiB, every file written", n, names)
	}
	got := readSummaryFile(t, dir)
	if got.ReportCut == nil || got.ReportCut.LimitBytes != 200<<10 || got.ReportCut.EvidenceBytes >= 20<<10 || got.ReportCut.EvidenceBytes != calls[len(calls)-1] {
		t.Fatalf("cut %+v, cases rendered with %v", got.ReportCut, calls)
	}
	if got.Counts != s.Counts || got.Requirements[0].Status != Failed || got.Requirements[0].Kind != "status" || got.Requirements[0].Reason != "status 500, want 200" {
		t.Fatalf("the verdict changed: %+v %+v", got.Counts, got.Requirements[0])
	}
	if f := got.Requirements[0].Failure; !strings.Contains(f.Exchange, "more bytes cut") || len(f.Exchange) > got.ReportCut.EvidenceBytes {
		t.Fatalf("exchange of %d bytes, cut to %d", len(f.Exchange), got.ReportCut.EvidenceBytes)
	}
	for _, f := range []string{"summary.json", "report.html", "summary.md"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		// summary.md escapes the underscores.
		if text := strings.ReplaceAll(string(b), `\_`, "_"); !strings.Contains(text, "cut to fit DLI_MAX_REPORT_BYTES (200KiB)") {
			t.Errorf("%s does not say the reports were cut", f)
		}
	}
	junit, _ := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if !strings.Contains(string(junit), "more bytes cut") || !strings.Contains(string(junit), "status 500, want 200") {
		t.Errorf("junit.xml: evidence not cut, or the failure lost")
	}
	if s.Requirements[0].Failure.Exchange == got.Requirements[0].Failure.Exchange || s.ReportCut != nil {
		t.Fatalf("Write changed the summary it was given")
	}
}

func TestReportsThatCannotFitLeaveFilesOutButNeverTheSummary(t *testing.T) {
	s := bulkyRun()
	s.maxReportBytes = 12 << 10
	dir := t.TempDir()
	var calls []int
	if err := Write(dir, s, bulkyCases(&calls)); err != nil {
		t.Fatal(err)
	}
	n, names := dirSize(t, dir)
	got := readSummaryFile(t, dir)
	if n > 12<<10 || got.ReportCut == nil || !contains(got.ReportCut.Omitted, "junit.xml") || contains(names, "junit.xml") || !contains(names, "summary.json") {
		t.Fatalf("%d bytes in %v, cut %+v", n, names, got.ReportCut)
	}
	for _, name := range got.ReportCut.Omitted {
		if contains(names, name) {
			t.Errorf("%s written but listed as left out", name)
		}
	}
	if got.Counts != s.Counts {
		t.Fatalf("the verdict changed: %+v", got.Counts)
	}

	s.maxReportBytes = 100
	dir = t.TempDir()
	if err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	if _, names := dirSize(t, dir); len(names) != 1 || names[0] != "summary.json" || !readSummaryFile(t, dir).ReportCut.Over {
		t.Fatalf("a budget smaller than the summary: %v", names)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
