package docgen

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

// root is the module root, seen from this package's directory.
const root = "../.."

func TestGeneratedSectionsAreCurrent(t *testing.T) {
	stale, err := Stale(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range stale {
		t.Errorf("%s is stale: a generated section differs from the code; run %s", f, Command)
	}
}

// copyTree copies the files the sections read and write into a fresh root.
func copyTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := []string{actionFile}
	for _, s := range Sections {
		files = append(files, s.File)
	}
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A hand edit inside a generated section is stale, in that file alone, and
// Update puts it back.
func TestAHandEditedSectionIsStaleUntilUpdated(t *testing.T) {
	dir := copyTree(t)
	path := filepath.Join(dir, "docs", "emulator.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(raw), "| `--gzip` |", "| `--gunzip` |", 1)
	if edited == string(raw) {
		t.Fatal("docs/emulator.md does not list --gzip")
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	stale, err := Stale(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stale, []string{"docs/emulator.md"}) {
		t.Fatalf("stale = %v, want [docs/emulator.md]", stale)
	}
	changed, err := Update(dir)
	if err != nil || !slices.Equal(changed, stale) {
		t.Fatalf("Update = %v, %v; want %v", changed, err, stale)
	}
	if stale, err := Stale(dir); err != nil || len(stale) != 0 {
		t.Fatalf("after Update, stale = %v, %v", stale, err)
	}
	if raw, _ := os.ReadFile(path); string(raw) != string(rawOf(t, root, "docs/emulator.md")) {
		t.Error("Update did not restore docs/emulator.md as generated")
	}
}

func rawOf(t *testing.T, dir, file string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// A count written by hand in a generated section is noticed: the figures come
// from the code alone.
func TestACountWrittenByHandIsStale(t *testing.T) {
	dir := copyTree(t)
	path := filepath.Join(dir, "README.md")
	raw := string(rawOf(t, dir, "README.md"))
	n := len(broken.Catalogue)
	edited := strings.Replace(raw, "**"+strconv.Itoa(n)+"** broken implementations", "**"+strconv.Itoa(n+1)+"** broken implementations", 1)
	if edited == raw {
		t.Fatal("README.md does not give the number of broken implementations")
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if stale, err := Stale(dir); err != nil || !slices.Equal(stale, []string{"README.md"}) {
		t.Fatalf("stale = %v, %v; want [README.md]", stale, err)
	}
}

func TestReplace(t *testing.T) {
	page := "a\n" + Begin("x") + "\nold\n" + End("x") + "\nb\n"
	got, err := Replace(page, "x", "new")
	if want := "a\n" + Begin("x") + "\nnew\n" + End("x") + "\nb\n"; err != nil || got != want {
		t.Fatalf("Replace = %q, %v; want %q", got, err, want)
	}
	if again, _ := Replace(got, "x", "new"); again != got {
		t.Errorf("Replace is not idempotent: %q", again)
	}
	for name, bad := range map[string]string{
		"no markers":    "a\n",
		"no end":        Begin("x") + "\n",
		"two begins":    Begin("x") + Begin("x") + End("x"),
		"end first":     End("x") + "\n" + Begin("x"),
		"another name":  Begin("y") + End("y"),
		"two sections ": Begin("x") + End("x") + Begin("x") + End("x"),
	} {
		if _, err := Replace(bad, "x", "new"); err == nil {
			t.Errorf("%s: Replace accepted %q", name, bad)
		}
	}
}

func TestEverySectionHasItsMarkers(t *testing.T) {
	dir := copyTree(t)
	s := Sections[0]
	raw := string(rawOf(t, dir, s.File))
	cut := strings.Replace(raw, End(s.Name), "", 1)
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(s.File)), []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Stale(dir); err == nil || !strings.Contains(err.Error(), s.File) {
		t.Fatalf("a page without its end marker: err = %v, want one naming %s", err, s.File)
	}
}

func TestTheRequirementTableHasARowPerRequirement(t *testing.T) {
	table, err := requirementTable(root)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(table), "\n")[2:]
	reqs := catalogue()
	if len(rows) != len(reqs) {
		t.Fatalf("%d rows for %d requirements", len(rows), len(reqs))
	}
	for i, r := range reqs {
		if !strings.HasPrefix(rows[i], "| `"+r.ID+"` | "+r.Group+" |") {
			t.Errorf("row %d is %q, want %s first", i, rows[i], r.ID)
		}
	}
}

// pages lists every Markdown page a reader of the project meets.
func pages(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no docs/*.md: %v", err)
	}
	out := []string{"README.md", "reports/README.md", "sdkcheck/README.md"}
	for _, d := range docs {
		out = append(out, "docs/"+filepath.Base(d))
	}
	return out
}

func TestEveryRelativeLinkLeadsSomewhere(t *testing.T) {
	for _, p := range pages(t) {
		broken, err := BrokenLinks(root, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Error(b)
		}
	}
}

func TestBrokenLinksAreFound(t *testing.T) {
	dir := t.TempDir()
	page := "# Top\n\n## The `diff` command?\n\n[ok](#top) [ok](b.md#the-diff-command) [ok](b.md)\n" +
		"[gone](c.md) [gone](b.md#nowhere) [site](https://example.com/x.md)\n\n```\n[in code](d.md)\n```\n"
	for name, text := range map[string]string{"a.md": page, "b.md": page} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken, err := BrokenLinks(dir, "a.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(broken) != 2 || !strings.Contains(broken[0], "c.md") || !strings.Contains(broken[1], "#nowhere") {
		t.Fatalf("broken = %q, want c.md and b.md#nowhere", broken)
	}
}

func TestPagesAreWellFormedMarkdown(t *testing.T) {
	for _, p := range pages(t) {
		for _, problem := range mdtext.Problems(string(rawOf(t, root, p))) {
			t.Errorf("%s: %s", p, problem)
		}
	}
}

func TestTheREADMEStaysShort(t *testing.T) {
	const most = 200 // lines a newcomer reads in a few minutes
	if n := strings.Count(string(rawOf(t, root, "README.md")), "\n"); n > most {
		t.Errorf("README.md has %d lines, want at most %d: move the detail to docs/", n, most)
	}
}
