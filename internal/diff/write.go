package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/safewrite"
)

// The files Write leaves in a differential run's report directory.
const (
	HTMLFile     = "diff.html"
	JSONFile     = "diff.json"
	MarkdownFile = "diff.md"
)

// Write leaves the reports of a differential run in dir, creating it: diff.json
// for machines, diff.html for people, diff.md for a CI job summary. The runs'
// reports it was built from were masked when written; WriteRedacted masks
// with the diff's own secrets as well.
func Write(dir string, r Result) error { return WriteRedacted(dir, r, nil) }

// WriteRedacted is Write with every file masked by red, as bytes and, before
// rendering, value by value (so that no escape of a renderer hides a secret).
func WriteRedacted(dir string, r Result, red *redact.Redactor) error {
	r = redact.Deep(red, r)
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
	if err := safewrite.File(red, filepath.Join(dir, JSONFile), append(out, '\n')); err != nil {
		return err
	}
	if err := writeReport(red, filepath.Join(dir, HTMLFile), func(w io.Writer) error { return WriteHTML(w, r) }); err != nil {
		return err
	}
	return writeReport(red, filepath.Join(dir, MarkdownFile), func(w io.Writer) error { return WriteMarkdown(w, r) })
}

// writeReport renders a file whole before writing it, so that a failed render
// leaves no half a page.
func writeReport(red *redact.Redactor, path string, render func(io.Writer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return fmt.Errorf("render %s: %w", filepath.Base(path), err)
	}
	return safewrite.File(red, path, b.Bytes())
}
