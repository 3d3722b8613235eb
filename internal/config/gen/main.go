// Command gen rewrites the settings table of README.md from config.Settings:
// go run ./internal/config/gen (from the module root).
package main

import (
	"fmt"
	"os"

	"github.com/dli-conformance/dli-conformance/internal/config"
)

func main() {
	path := "README.md"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, ok := config.ReplaceTable(string(raw))
	if !ok {
		fmt.Fprintf(os.Stderr, "%s has no %s … %s markers\n", path, config.TableBegin, config.TableEnd)
		os.Exit(1)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
