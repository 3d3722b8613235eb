package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The files Write leaves in a differential run's report directory.
const (
	HTMLFile     = "diff.html"
	JSONFile     = "diff.json"
	MarkdownFile = "diff.md"
)

// Write leaves the reports of a differential run in dir, creating it: diff.json
// for machines, diff.html for people, diff.md for a CI job summary.
func Write(dir string, r Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create diff report directory %s: %w", dir, err)
	}
	// diff.json's lists are arrays even when empty, so that a consumer never
	// meets null where the layout says a list.
	if r.Compared == nil {
		r.Compared = []string{}
	}
	if r.Differences == nil {
		r.Differences = []Difference{}
	}
	if r.Requirements == nil {
		r.Requirements = []Requirement{}
	}
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", JSONFile, err)
	}
	path := filepath.Join(dir, JSONFile)
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := writeReport(filepath.Join(dir, HTMLFile), func(w io.Writer) error { return WriteHTML(w, r) }); err != nil {
		return err
	}
	return writeReport(filepath.Join(dir, MarkdownFile), func(w io.Writer) error { return WriteMarkdown(w, r) })
}

// writeReport renders a file whole before writing it, so that a failed render
// leaves no half a page.
func writeReport(path string, render func(io.Writer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return fmt.Errorf("render %s: %w", filepath.Base(path), err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
