package docgen

import (
	"fmt"
	"strings"
)

// Begin and End are the markers around the generated section name.
func Begin(name string) string { return "<!-- " + name + ":begin -->" }

// End is the marker that closes the section Begin opens.
func End(name string) string { return "<!-- " + name + ":end -->" }

// Replace returns text with the section name's content replaced by body, which
// goes on lines of its own between the markers. Each marker must occur exactly
// once, the begin before the end: a second copy would leave one of them stale
// without any check noticing.
func Replace(text, name, body string) (string, error) {
	begin, end := Begin(name), End(name)
	if n := strings.Count(text, begin); n != 1 {
		return text, fmt.Errorf("%s occurs %d times, want once", begin, n)
	}
	if n := strings.Count(text, end); n != 1 {
		return text, fmt.Errorf("%s occurs %d times, want once", end, n)
	}
	before, rest, _ := strings.Cut(text, begin)
	_, after, ok := strings.Cut(rest, end)
	if !ok {
		return text, fmt.Errorf("%s comes before %s", end, begin)
	}
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return before + begin + "\n" + body + end + after, nil
}
