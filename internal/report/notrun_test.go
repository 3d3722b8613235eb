package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// refusedSummary is a run whose setup read of the connection got 401.
func refusedSummary() Summary {
	return Build(nil, Inputs{Config: config.Config{Endpoint: "https://dli.example.test", MaxReportBytes: config.DefaultMaxReportBytes},
		Setup: &verdict.Failure{Kind: verdict.Credentials, Setting: "DLI_AUTH_TOKEN",
			Message: "the target refused the credentials in DLI_AUTH_TOKEN: reading DLI_CONNECTION_ID before the run answered 401"}})
}

func TestRefusedCredentialsAreNotRunInEveryReport(t *testing.T) {
	s := refusedSummary()
	const want = "NOT RUN: the target refused the credentials (DLI_AUTH_TOKEN)"
	if s.Counts.Failed != 0 || s.Counts.Skipped != s.Counts.Total {
		t.Errorf("counts %+v: every requirement should be not run, none failed", s.Counts)
	}
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"not_run":"the target refused the credentials (DLI_AUTH_TOKEN)"`) || strings.Contains(string(js), `"status":"failed"`) {
		t.Errorf("summary.json: %s", js)
	}
	word, line := verdictOf(s)
	if got := word + ": " + line; !strings.HasPrefix(got, want+", so none of the") {
		t.Errorf("report.html verdict %q", got)
	}
	html := renderHTML(t, s)
	if !strings.Contains(html, want) || strings.Contains(html, "shows as failed") {
		t.Errorf("report.html lacks %q", want)
	}
	md := strings.ReplaceAll(renderMarkdown(t, s), `\_`, "_")
	if !strings.Contains(md, want) || strings.Contains(md, "### Failures") {
		t.Errorf("summary.md:\n%s", md)
	}
	x, err := renderJUnit(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(x, []byte(`failures="0" errors="1"`)) || !bytes.Contains(x, []byte(want)) {
		t.Errorf("junit.xml does not carry the setup as an error:\n%.600s", x)
	}
}

func TestEveryHeaderNamesTheTargetClass(t *testing.T) {
	emb := Build(nil, Inputs{Config: config.Config{MaxReportBytes: config.DefaultMaxReportBytes}})
	if emb.TargetClass != "embedded emulator" || emb.TargetName != "embedded emulator" {
		t.Errorf("embedded: class %q, name %q", emb.TargetClass, emb.TargetName)
	}
	if md := renderMarkdown(t, emb); !strings.Contains(md, "Target: embedded emulator") {
		t.Errorf("summary.md does not name the embedded emulator")
	}
	if html := renderHTML(t, emb); !strings.Contains(html, "<dt>Target</dt><dd>embedded emulator</dd>") {
		t.Errorf("report.html does not name the embedded emulator")
	}
	remote := refusedSummary()
	if html := renderHTML(t, remote); !strings.Contains(html, `remote endpoint <span class="mono">https://dli.example.test</span>`) {
		t.Errorf("report.html does not name the remote endpoint")
	}
}
