package verdict

import (
	"fmt"
	"unicode/utf8"
)

// CutEvidence returns s cut to at most n bytes, on a character boundary and
// ending in a line that says how much was cut (an n too small for that line
// leaves only the line); a negative n, or an s within n, returns s. Every file
// of a report that cuts its evidence to fit DLI_MAX_REPORT_BYTES cuts it so.
func CutEvidence(s string, n int) string {
	if n < 0 || len(s) <= n {
		return s
	}
	cut := max(n-len(cutNote(len(s))), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + cutNote(len(s)-cut)
}

func cutNote(n int) string { return fmt.Sprintf("\n… %d more bytes cut", n) }
