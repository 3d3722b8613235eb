package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// listRequirements prints what a run with this configuration and selection
// would execute, and sends nothing: the catalogue and the cases generated from
// the contract (with DLI_SEED, which they depend on), narrowed by
// --label-filter and --focus as the run narrows them.
func listRequirements(cfg config.Config, sel engine.Selection, stdout, stderr io.Writer) int {
	match, err := sel.Matcher()
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance run: %v\n", err)
		return exitUsage
	}
	all, err := requirement.All(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance run: %v\n", err)
		return exitFailed
	}
	n, generated := 0, 0
	for _, r := range all {
		if !match(r) {
			continue
		}
		n++
		if r.Generated() {
			generated++
		}
		fmt.Fprintf(stdout, "%-24s %-9s %s\n%-24s %-9s labels: %s\n", r.ID, r.Group, r.Title, "", "", strings.Join(r.Labels(), ", "))
	}
	fmt.Fprintf(stdout, "%d of %d requirements and generated cases (%d generated with DLI_SEED=%d)\n", n, len(all), generated, cfg.Seed)
	return exitPassed
}
