package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/suites"
)

// failer is the testing.T stand-in that Ginkgo reports a failed run to.
type failer struct{ failed bool }

func (f *failer) Fail() { f.failed = true }

func runCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.Bool("list", false, "print every requirement with its id and labels, and send nothing")
	labels := fs.String("label-filter", "", "run only the requirements whose labels match this Ginkgo label filter, e.g. 'kind:negative && !needs:auth'")
	focus := fs.String("focus", "", "run only the requirements whose title matches this regular expression")
	verbose := fs.Bool("v", false, "print every spec as it runs")
	seed := fs.Int64("random-seed", 0, "seed of the spec order (0: from the clock)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: dli-conformance run [flags]\n\nThe target and inputs come from the DLI_* environment variables (see README).\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance run: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *list {
		for _, r := range requirement.Catalog {
			fmt.Fprintf(stdout, "%-24s %-9s %s\n%-24s %-9s labels: %s\n", r.ID, r.Group, r.Title, "", "", strings.Join(r.Labels(), ", "))
		}
		return 0
	}
	cfg, err := suites.LoadConfig()
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance: configuration error: %v\n", err)
		return 2
	}
	suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
	suiteCfg.RandomizeAllSpecs = true
	if *seed != 0 {
		suiteCfg.RandomSeed = *seed
	}
	suiteCfg.LabelFilter = *labels
	if *focus != "" {
		suiteCfg.FocusStrings = []string{*focus}
	}
	repCfg.Verbose = *verbose
	repCfg.NoColor = true
	f := &failer{}
	out := suites.Run(f, cfg, suites.RunOptions{Suite: suiteCfg, Reporter: repCfg, Out: stdout})
	if !out.Passed {
		return 1
	}
	return 0
}
