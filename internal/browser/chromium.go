// Package browser opens a page in headless Chromium for tests, to prove that a
// report renders in a real browser with no console message.
//
// One Chromium run per page: --dump-dom prints the DOM after parsing and
// layout, and --enable-logging=stderr --v=0 copies every console message to
// stderr as a line with ":CONSOLE". Chromium logs every console level there as
// INFO, so levels cannot be told apart; the project's pages have no script, so
// any console message at all is a defect. A page whose Content-Security-Policy
// forbids every load turns a reference to an asset (a stylesheet, an image, a
// font) into such a message, so the browser also proves the page is
// self-contained.
package browser

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Chromium is where the tests expect Debian's chromium package.
const Chromium = "/usr/bin/chromium"

// timeout bounds one page's run; a cold start on a loaded CI runner takes a
// few seconds.
const timeout = 90 * time.Second

// Available skips the test when Chromium is missing, or fails it when CI=true:
// in CI a missing browser is a broken runner, not a reason to pass.
func Available(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing and CI=true: install Debian's chromium package (.ci/run does)", Chromium)
		}
		t.Skipf("%s is missing (install Debian's chromium package to run this test; with CI=true it fails instead)", Chromium)
	}
}

// Open loads the file at path in headless Chromium and returns the rendered DOM
// and the console messages. It skips or fails the test as Available does when
// Chromium is missing, and fails it when Chromium does not run or dumps no DOM.
func Open(t testing.TB, path string) (dom string, console []string) {
	t.Helper()
	Available(t)
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatalf("open %s in chromium: %v", path, err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, Chromium, flags(t.TempDir(), "--enable-logging=stderr", "--v=0", "--dump-dom", page)...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium on %s: %v\n%s", path, err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	if !strings.Contains(stdout.String(), "</html>") {
		t.Fatalf("chromium dumped no DOM of %s:\n%s", path, stderr.String())
	}
	return stdout.String(), console
}

// flags are those of a headless run as root in a container, with a fresh
// profile and nothing that talks to the network on its own.
func flags(profileDir string, extra ...string) []string {
	return append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profileDir}, extra...)
}

// sectionID finds the id of each <section> of a page.
var sectionID = regexp.MustCompile(`<section id="([a-z-]+)"`)

// SectionIDs lists the ids of a page's sections, in order.
func SectionIDs(page string) []string {
	var ids []string
	for _, m := range sectionID.FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// Renders writes page to name in dir, opens it in Chromium and fails the test
// on any console message, on a section of the file missing from the rendered
// DOM, and on a section of always missing from it. It returns the DOM.
func Renders(t testing.TB, dir, name, page string, always []string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, console := Open(t, path)
	if len(console) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
	}
	ids := SectionIDs(dom)
	for _, want := range append(SectionIDs(page), always...) {
		if !slices.Contains(ids, want) {
			t.Errorf("section %q missing from the rendered DOM: %v", want, ids)
		}
	}
	return dom
}
