// Package mdtext makes text safe in GitHub-flavoured Markdown, as the reports
// for a CI job summary write it: text from a possibly hostile target must show
// as itself, never as markup.
package mdtext

import (
	"fmt"
	"strings"
)

// escaper makes text safe in a paragraph or table cell: HTML shows as text,
// Markdown punctuation and table pipes are literal, and the text stays on one
// line.
var escaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// Text is s as literal text on one line.
func Text(s string) string { return escaper.Replace(s) }

// Code renders s as inline code on one line. Inside a code span nothing is
// Markdown; a fence longer than any run of backticks inside keeps it closed.
func Code(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	ticks := "`"
	for strings.Contains(s, ticks) {
		ticks += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		pad = " "
	}
	return ticks + pad + s + pad + ticks
}

// Cell is Code for a table cell: GitHub splits rows on a pipe even inside a
// code span, unless it is escaped, and then shows it without the backslash.
func Cell(s string) string { return strings.ReplaceAll(Code(s), "|", `\|`) }

// Fence renders text as a fenced code block whose fence is longer than any run
// of backticks inside, so that nothing in the text can close it.
func Fence(text, lang string) string {
	f := "```"
	for strings.Contains(text, f) {
		f += "`"
	}
	return f + lang + "\n" + text + "\n" + f + "\n"
}

// Loud makes a count that matters stand out.
func Loud(n int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("**%d**", n)
}
