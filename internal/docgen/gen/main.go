// Command gen rewrites the generated sections of README.md and docs/ from the
// code they describe (settings, requirements, emulator choices and defects,
// counts). Run it from the module root: go run ./internal/docgen/gen, or make docs.
package main

import (
	"fmt"
	"os"

	"github.com/dli-conformance/dli-conformance/internal/docgen"
)

func main() {
	changed, err := docgen.Update(".")
	for _, f := range changed {
		fmt.Println("updated", f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}
