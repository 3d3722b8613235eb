package browser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// page is a minimal page under the policy the project's reports carry, with
// extra markup in its head and body.
func page(head, body string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
		`<link rel="icon" href="data:,"><title>t</title>` + head + `</head><body><p id="marker">rendered</p>` + body + `</body></html>`
}

// TestOpen proves the capture from both sides with the Chromium at hand: a
// clean page renders with no console message, and a page that logs or loads an
// asset is caught. The clean page lives in a directory with a space, which the
// file URL must escape.
func TestOpen(t *testing.T) {
	Available(t)
	dir := filepath.Join(t.TempDir(), "with space")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, head, body string
		wantConsole      bool
	}{
		{"clean", `<style>p { color: teal; }</style>`, "", false},
		{"console.error", "", `<script>console.error("control: console error")</script>`, true},
		{"external stylesheet", `<link rel="stylesheet" href="https://assets.invalid/x.css">`, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".html")
			if err := os.WriteFile(path, []byte(page(tc.head, tc.body)), 0o644); err != nil {
				t.Fatal(err)
			}
			dom, console := Open(t, path)
			if !strings.Contains(dom, `<p id="marker">rendered</p>`) {
				t.Errorf("the DOM lacks the page's body:\n%s", dom)
			}
			if got := len(console) > 0; got != tc.wantConsole {
				t.Errorf("console messages %q, want some: %v", console, tc.wantConsole)
			}
		})
	}
}
