package mdtext

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	fenceOpen     = regexp.MustCompile("^`{3,}")
	unescapedPipe = regexp.MustCompile(`(?:^|[^\\])\|`)
	ownTags       = regexp.MustCompile(`</?(?:details|summary)>`)
	anyTag        = regexp.MustCompile(`<[a-zA-Z/][^>]*>`)
)

// Problems lists what GitHub is strict about and md gets wrong: a code fence
// left open, <details> not balanced, a <details> or </details> line not
// followed by a blank line (Markdown would not resume), and a table row with
// another number of cells than its header. A report's tests want none.
func Problems(md string) []string {
	var out []string
	lines := strings.Split(md, "\n")
	// In a code block, <details> is text: only those outside count.
	fence, cells, open, closed := "", 0, 0, 0
	for i, l := range lines {
		if fence != "" {
			if l == fence {
				fence = ""
			}
			continue
		}
		if m := fenceOpen.FindString(l); m != "" {
			fence = m
			continue
		}
		open, closed = open+strings.Count(l, "<details>"), closed+strings.Count(l, "</details>")
		if (strings.HasPrefix(l, "<details>") || l == "</details>") && i+1 < len(lines) && lines[i+1] != "" {
			out = append(out, fmt.Sprintf("line %d: %q is not followed by a blank line", i+1, l))
		}
		if !strings.HasPrefix(l, "|") {
			cells = 0
			continue
		}
		n := len(unescapedPipe.FindAllString(l, -1)) - 1
		if cells == 0 {
			cells = n
		} else if n != cells {
			out = append(out, fmt.Sprintf("line %d has %d cells, its table %d: %s", i+1, n, cells, l))
		}
	}
	if fence != "" {
		out = append(out, "a code fence is not closed")
	}
	if open != closed {
		out = append(out, fmt.Sprintf("%d <details> but %d </details>", open, closed))
	}
	return out
}

// MarkupOutsideCode is the first HTML tag in md other than the <details> and
// <summary> a report writes itself, or "". In fenced blocks and code spans,
// markup shows as text.
func MarkupOutsideCode(md string) string {
	return anyTag.FindString(ownTags.ReplaceAllString(stripCode(md), ""))
}

// stripCode removes fenced blocks and code spans from md.
func stripCode(md string) string {
	var out []string
	fence := ""
	for _, l := range strings.Split(md, "\n") {
		if fence != "" {
			if l == fence {
				fence = ""
			}
			continue
		}
		if m := fenceOpen.FindString(l); m != "" {
			fence = m
			continue
		}
		out = append(out, l)
	}
	text := strings.Join(out, "\n")
	// A code span opens with a run of backticks and closes with the next run
	// of the same length.
	var b strings.Builder
	for {
		start := strings.Index(text, "`")
		if start < 0 {
			b.WriteString(text)
			return b.String()
		}
		n := len(text[start:]) - len(strings.TrimLeft(text[start:], "`"))
		b.WriteString(text[:start])
		rest := text[start+n:]
		end := closingRun(rest, n)
		if end < 0 {
			b.WriteString(text[start:])
			return b.String()
		}
		text = rest[end+n:]
	}
}

// closingRun is where in s the first run of exactly n backticks starts, or -1.
func closingRun(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}
