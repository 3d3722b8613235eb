// Package docgen keeps the generated sections of README.md and docs/ in step with
// the code they describe: the settings table, the requirement catalogue, the
// emulator's latitude choices and defects, and the counts that would drift if
// written by hand. Each section sits between a pair of HTML comment markers
// (<!-- NAME:begin --> … <!-- NAME:end -->) that Markdown does not show.
//
// `make docs` (go run ./internal/docgen/gen) rewrites the sections; the package's
// test fails, naming the file and that command, when one is stale.
package docgen
