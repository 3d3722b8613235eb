package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// linkRE finds the target of an inline Markdown link or image.
var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// Slug is the anchor GitHub gives a heading: lower case, spaces as hyphens,
// punctuation other than hyphens and underscores dropped.
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// outsideFences returns the lines of md that are not in a fenced code block,
// where a link is only text.
func outsideFences(md string) []string {
	var out []string
	fence := ""
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) && strings.Trim(t, "`~") == "" {
				fence = ""
			}
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			for strings.HasPrefix(t[len(fence):], fence[:1]) {
				fence += fence[:1]
			}
		default:
			out = append(out, l)
		}
	}
	return out
}

// anchors lists the heading anchors of a Markdown page.
func anchors(md string) map[string]bool {
	out := map[string]bool{}
	for _, l := range outsideFences(md) {
		if h, ok := strings.CutPrefix(strings.TrimLeft(l, "#"), " "); ok && strings.HasPrefix(l, "#") {
			out[Slug(h)] = true
		}
	}
	return out
}

// BrokenLinks lists the relative links of the Markdown page file (slash-separated,
// under root) whose file or heading does not exist. Links to other sites are not
// followed.
func BrokenLinks(root, file string) ([]string, error) {
	raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	var broken []string
	for _, l := range outsideFences(string(raw)) {
		for _, m := range linkRE.FindAllStringSubmatch(l, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			dest := file
			if path != "" {
				dest = filepath.ToSlash(filepath.Join(filepath.Dir(file), path))
			}
			page, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dest)))
			if err != nil {
				if info, serr := os.Stat(filepath.Join(root, filepath.FromSlash(dest))); serr == nil && info.IsDir() && anchor == "" {
					continue
				}
				broken = append(broken, fmt.Sprintf("%s: %s: no such file", file, target))
				continue
			}
			if anchor != "" && !anchors(string(page))[anchor] {
				broken = append(broken, fmt.Sprintf("%s: %s: %s has no heading #%s", file, target, dest, anchor))
			}
		}
	}
	return broken, nil
}
