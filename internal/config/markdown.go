package config

import (
	"strings"
)

// MarkdownTable renders Settings as the reference table of docs/configuration.md,
// which internal/docgen keeps in step (make docs).
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
