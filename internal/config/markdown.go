package config

import (
	"strings"
)

// The markers around the generated settings table in README.md.
const (
	TableBegin = "<!-- settings:begin -->"
	TableEnd   = "<!-- settings:end -->"
)

// MarkdownTable renders Settings as the README's reference table.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Variable | Flag | Default | What it does |\n|---|---|---|---|\n")
	for _, d := range Settings {
		flag := ""
		if d.Flag != "" {
			flag = "`--" + d.Flag + "`"
		}
		def := ""
		if d.Default != "" {
			def = "`" + d.Default + "`"
		}
		help := d.Help
		if d.Secret {
			help += " — secret: never shown, no flag"
		}
		b.WriteString("| `" + d.Env + "` | " + flag + " | " + def + " | " + strings.ReplaceAll(help, "|", `\|`) + " |\n")
	}
	return b.String()
}

// ReplaceTable returns readme with the text between the markers replaced by
// MarkdownTable; ok is false when the markers are missing.
func ReplaceTable(readme string) (string, bool) {
	before, rest, ok := strings.Cut(readme, TableBegin)
	if !ok {
		return readme, false
	}
	_, after, ok := strings.Cut(rest, TableEnd)
	if !ok {
		return readme, false
	}
	return before + TableBegin + "\n" + MarkdownTable() + TableEnd + after, true
}
