package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/diff"
)

// make clean removes every report a run and a diff write: the Makefile's list
// of them holds each file a run leaves in its report directory.
func TestMakeCleanKnowsEveryReportFile(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^REPORT_FILES = (.*)$`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("the Makefile has no REPORT_FILES line")
	}
	listed := strings.Fields(string(m[1]))
	r := runWithFlags(t, newEmulator(t), []string{"--focus", "BODY-ARRAY"})
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	written := []string{diff.HTMLFile, diff.JSONFile, diff.MarkdownFile}
	for _, e := range entries {
		written = append(written, e.Name())
	}
	for _, f := range written {
		if !slices.Contains(listed, f) {
			t.Errorf("a run writes %s, which make clean leaves behind", f)
		}
	}
}
