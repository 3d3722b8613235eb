package page

import "strings"

// Line is one line of an exchange as a page shows it, classed by direction:
// "req" (sent), "resp" (received) or "err" (what came instead).
type Line struct {
	Text  string
	Class string
}

// Exchange is what the "exchange" partial renders: the lines, folded unless
// Open.
type Exchange struct {
	Lines []Line
	Open  bool
}

// ExchangeLines splits an exchange's rendered text into classed lines. The
// text marks each line's direction with its first character, as
// internal/client writes it: ">" sent, "!" what came instead of an answer, and
// "<" received; a line of the suite's own (a cut, exchanges not kept) shows
// as received.
func ExchangeLines(exchange string) []Line {
	if exchange == "" {
		return nil
	}
	var out []Line
	for _, l := range strings.Split(exchange, "\n") {
		class := "resp"
		switch {
		case strings.HasPrefix(l, ">"):
			class = "req"
		case strings.HasPrefix(l, "!"):
			class = "err"
		}
		out = append(out, Line{Text: l, Class: class})
	}
	return out
}
