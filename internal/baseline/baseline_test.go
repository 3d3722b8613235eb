package baseline

import (
	"github.com/dli-conformance/dli-conformance/internal/verdict"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/report"
)

func TestParseAcceptsCatalogueAndGeneratedIDs(t *testing.T) {
	b, err := Parse("known.yaml", []byte(`# known deviations of the staging target
known_failures:
  - id: CONN-UNKNOWN
    reason: "target answers 404; tracked in TICKET-12"
  - reason: generated body cases time out
    id: GEN-body-0007
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{"CONN-UNKNOWN", "target answers 404; tracked in TICKET-12"}, {"GEN-body-0007", "generated body cases time out"}}
	if len(b.Entries) != 2 || b.Entries[0] != want[0] || b.Entries[1] != want[1] {
		t.Fatalf("entries %+v, want %+v", b.Entries, want)
	}
}

func TestParseAcceptsAnEmptyList(t *testing.T) {
	for _, src := range []string{"known_failures: []\n", "known_failures:\n"} {
		b, err := Parse("known.yaml", []byte(src))
		if err != nil || len(b.Entries) != 0 {
			t.Errorf("%q: %v, %+v", src, err, b)
		}
	}
}

func TestParseRejectsWithFileIndexAndKey(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"missing reason", "known_failures:\n  - id: CONN-UNKNOWN\n", []string{"known.yaml", "known_failures[0]", "key reason", "CONN-UNKNOWN"}},
		{"blank reason", "known_failures:\n  - id: CONN-UNKNOWN\n    reason: \"  \"\n", []string{"known_failures[0]", "key reason"}},
		{"null reason", "known_failures:\n  - id: CONN-UNKNOWN\n    reason:\n", []string{"known_failures[0]", "key reason"}},
		{"unknown id", "known_failures:\n  - id: CONN-UNKNWON\n    reason: typo\n", []string{"known_failures[0]", "key id", `"CONN-UNKNWON"`, "--list"}},
		{"bare generated prefix", "known_failures:\n  - id: GEN-\n    reason: x\n", []string{"known_failures[0]", "key id"}},
		{"missing id", "known_failures:\n  - reason: x\n", []string{"known_failures[0]", "key id"}},
		{"unknown entry key", "known_failures:\n  - id: CONN-UNKNOWN\n    reason: x\n    ticket: T-1\n", []string{"known_failures[0]", `"ticket"`, "line 4"}},
		{"unknown top-level key", "known_failures: []\nexpires: 2027-01-01\n", []string{"known.yaml", `"expires"`, "line 2"}},
		{"duplicate id", "known_failures:\n  - id: BODY-ARRAY\n    reason: a\n  - id: CONN-UNKNOWN\n    reason: b\n  - id: BODY-ARRAY\n    reason: c\n", []string{"known_failures[2]", "key id", "BODY-ARRAY", "known_failures[0]"}},
		{"duplicate key", "known_failures:\n  - id: BODY-ARRAY\n    id: BODY-STRING\n    reason: a\n", []string{"known_failures[0]", "key id appears twice"}},
		{"entry not a mapping", "known_failures:\n  - CONN-UNKNOWN\n", []string{"known_failures[0]", "id and reason"}},
		{"list not a list", "known_failures: CONN-UNKNOWN\n", []string{"known_failures must be a list"}},
		{"id not a string", "known_failures:\n  - id: [A, B]\n    reason: x\n", []string{"known_failures[0]", "key id must be a string"}},
		{"empty file", "", []string{"known.yaml", "empty"}},
		{"only comments", "# nothing yet\n", []string{"known.yaml", "empty"}},
		{"no key", "{}\n", []string{"no known_failures key"}},
		{"top level a list", "- id: CONN-UNKNOWN\n", []string{"top level must be a mapping"}},
		{"not YAML", "known_failures: [\n", []string{"known.yaml", "not YAML"}},
		{"two documents", "known_failures: []\n---\nknown_failures: []\n", []string{"more than one YAML document"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("known.yaml", []byte(tc.src))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadNamesAMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v does not name %s", err, path)
	}
	ok := filepath.Join(t.TempDir(), "ok.yaml")
	if err := os.WriteFile(ok, []byte("known_failures:\n  - id: BODY-ARRAY\n    reason: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(ok)
	if err != nil || b.Path != ok || len(b.Entries) != 1 {
		t.Fatalf("Load: %v, %+v", err, b)
	}
}

func summaryOf(rs ...report.Result) *report.Summary {
	s := &report.Summary{Requirements: rs}
	s.Recount()
	return s
}

func TestApply(t *testing.T) {
	b, err := Parse("known.yaml", []byte(`known_failures:
  - {id: CONN-UNKNOWN, reason: "404; TICKET-12"}
  - {id: BODY-ARRAY, reason: "fixed upstream?"}
  - {id: CONN-DELETED, reason: "no deleted connection in staging"}
`))
	if err != nil {
		t.Fatal(err)
	}
	fail := report.Result{ID: "CONN-UNKNOWN", Status: report.Failed, Kind: "status", Reason: "status 404, want 400", Failure: &verdict.Failure{Kind: verdict.Status, Message: "status 404, want 400"}}
	cases := []struct {
		name   string
		in     []report.Result
		setup  string
		passed bool
		counts report.Counts
	}{
		{
			name:   "a listed failure is expected and the run passes",
			in:     []report.Result{fail, {ID: "BIND-QUEUES", Status: report.Passed}},
			passed: true,
			counts: report.Counts{Total: 2, Passed: 1, ExpectedFailures: 1},
		},
		{
			name:   "a listed pass is stale and fails the run",
			in:     []report.Result{fail, {ID: "BODY-ARRAY", Status: report.Passed}},
			counts: report.Counts{Total: 2, ExpectedFailures: 1, Stale: 1},
		},
		{
			name:   "a listed skip stays skipped",
			in:     []report.Result{{ID: "CONN-DELETED", Status: report.Skipped, Reason: "DLI_DELETED_CONNECTION_ID is not set"}},
			passed: true,
			counts: report.Counts{Total: 1, Skipped: 1},
		},
		{
			name:   "an unlisted failure still fails",
			in:     []report.Result{fail, {ID: "BODY-STRING", Status: report.Failed}},
			counts: report.Counts{Total: 2, Failed: 1, ExpectedFailures: 1},
		},
		{
			name:   "a setup failure fails whatever the baseline lists",
			in:     []report.Result{fail},
			setup:  "[transport] cannot read the bindings",
			counts: report.Counts{Total: 1, ExpectedFailures: 1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := summaryOf(tc.in...)
			if tc.setup != "" {
				s.Setup = &verdict.Failure{Kind: verdict.Unreachable, Message: tc.setup}
			}
			if got := b.Apply(s); got != tc.passed {
				t.Errorf("Apply = %v, want %v", got, tc.passed)
			}
			if s.Counts != tc.counts {
				t.Errorf("counts %+v, want %+v", s.Counts, tc.counts)
			}
			if s.Baseline != "known.yaml" {
				t.Errorf("summary does not name the baseline: %q", s.Baseline)
			}
			for _, r := range s.Requirements {
				switch r.ID {
				case "CONN-UNKNOWN":
					if r.Status != report.ExpectedFailure || r.Reason != fail.Reason || r.Kind != "status" || r.Failure == nil || r.BaselineReason != "404; TICKET-12" {
						t.Errorf("expected failure lost its evidence or baseline reason: %+v", r)
					}
				case "BODY-ARRAY":
					if r.Status != report.Stale || r.Reason != StaleReason || r.BaselineReason != "fixed upstream?" {
						t.Errorf("stale entry: %+v", r)
					}
				case "CONN-DELETED":
					if r.Status != report.Skipped || r.Reason != "DLI_DELETED_CONNECTION_ID is not set" {
						t.Errorf("skip changed: %+v", r)
					}
				case "BODY-STRING":
					if r.Status != report.Failed || r.BaselineReason != "" {
						t.Errorf("unlisted failure changed: %+v", r)
					}
				}
			}
		})
	}
}
