package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/baseline"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/exitcode"
	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/safewrite"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
	"github.com/dli-conformance/dli-conformance/suites"
)

// Exit codes of `run`, from the one declaration in exitcode.
const (
	exitPassed      = int(exitcode.OK)
	exitFailed      = int(exitcode.Failed)
	exitUsage       = int(exitcode.Usage)
	exitUnreachable = int(exitcode.Unreachable)
	// exitUnusable: the target answered, but nothing usable came before any
	// spec ran (garbage, resets, oversized answers).
	exitUnusable = int(exitcode.Unusable)
)

// failer is the testing.T stand-in that Ginkgo reports a failed run to; the
// verdict is read from the run's outcome instead, after any baseline.
type failer struct{}

func (failer) Fail() {}

// loadConfig reads the configuration with the flags config.RegisterFlags
// collected winning over the environment, which wins over a DLI_CONFIG file;
// makes sure the reports can be written before anything is sent; and, with no
// target set, fills the embedded emulator's defaults. Validation and its
// messages stay in internal/config. Secrets have no flag: they stay in the
// environment.
func loadConfig(environ []string, flags map[string]string) (config.Config, error) {
	cfg, err := config.LoadFrom(config.Sources{Getenv: lookupIn(environ), Environ: environ, Flags: flags, KnownRequirement: requirement.Known})
	if err == nil {
		err = cfg.CheckReportDir()
	}
	if err != nil || !cfg.Embedded() {
		return cfg, err
	}
	return engine.EmulatorDefaults(cfg)
}

var runHelp = help{path: "run", exits: "run", text: `usage: dli-conformance run [flags]

Runs the conformance suite against DLI_ENDPOINT, or the embedded emulator when it
is unset. The target and inputs come from the DLI_* environment variables (see
README); a configuration flag below, when given, overrides its variable, which
overrides the DLI_CONFIG file. A DLI_* variable that is no setting is an error.
Secrets have no flag: set DLI_AUTH_TOKEN (or DLI_AK and DLI_SK) in the environment.

Reports go to DLI_REPORT_DIR (default reports/): summary.json, junit.xml,
report.html (one self-contained page) and summary.md (for $GITHUB_STEP_SUMMARY).
`}

// runPlan is a run as its command line and configuration ask for it.
type runPlan struct {
	cfg       config.Config
	selection engine.Selection
	seed      int64
	verbose   bool
	adjust    func(*report.Summary) bool
	out       io.Writer
}

// executor carries out a run: Ginkgo in the binary; the engine alone in the
// tests, which make many runs in one process.
type executor func(runPlan) suites.Outcome

func runCommand(args []string, stdout, stderr io.Writer) int {
	return runWith(args, os.Environ(), stdout, stderr, ginkgoRun)
}

// runWith is `run` with environ as its environment, carrying the run out with
// exec.
func runWith(args []string, environ []string, stdout, stderr io.Writer, exec executor) int {
	fs := runHelp.newFlagSet(stderr)
	list := fs.Bool("list", false, "print every requirement with its id and labels, and send nothing")
	labels := fs.String("label-filter", "", "run only the requirements whose labels match this Ginkgo label filter, e.g. 'kind:negative && !needs:auth'")
	focus := fs.String("focus", "", "run only the requirements whose title matches this regular expression")
	verbose := fs.Bool("v", false, "print every spec as it runs")
	seed := fs.Int64("random-seed", 0, "seed of the spec order (0: from the clock)")
	baselineFile := fs.String("baseline", "", "YAML file of known failures (known_failures: [{id, reason}]); a listed failure does not fail the run, a listed pass does")
	configFlags := config.RegisterFlags(fs)
	if code, ok := runHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance run: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *list {
		for _, r := range requirement.Catalog() {
			fmt.Fprintf(stdout, "%-24s %-9s %s\n%-24s %-9s labels: %s\n", r.ID, r.Group, r.Title, "", "", strings.Join(r.Labels(), ", "))
		}
		return exitPassed
	}
	if _, err := types.ParseLabelFilter(*labels); err != nil {
		msg := err.Error()
		var ge types.GinkgoError
		if errors.As(err, &ge) {
			msg = ge.Heading + ": " + strings.TrimSpace(markup.ReplaceAllString(ge.Message, ""))
		}
		fmt.Fprintf(stderr, "dli-conformance run: --label-filter %q: %s\n", *labels, msg)
		return exitUsage
	}
	if _, err := regexp.Compile(*focus); err != nil {
		fmt.Fprintf(stderr, "dli-conformance run: --focus: %v\n", err)
		return exitUsage
	}
	// The baseline is checked before anything is sent: a typo in it must not
	// cost a run against a real target.
	var adjust func(*report.Summary) bool
	if *baselineFile != "" {
		b, err := baseline.Load(*baselineFile)
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance: configuration error: %v\n", err)
			return exitUsage
		}
		adjust = b.Apply
	}
	cfg, err := loadConfig(environ, configFlags)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance: configuration error: %v\n", err)
		return exitUsage
	}
	// From here on the console passes the run's redactor, which learns the
	// signatures the run sends as it goes.
	stdout, stderr = consoleOf(stdout, cfg.Redactor()), consoleOf(stderr, cfg.Redactor())
	defer flush(stdout, stderr)
	fmt.Fprintf(stdout, "%s\nconfiguration:\n%s\n", suites.SuiteName, cfg)
	out := exec(runPlan{cfg: cfg, selection: engine.Selection{LabelFilter: *labels, Focus: *focus}, seed: *seed, verbose: *verbose, adjust: adjust, out: stdout})
	return exitFor(out, cfg.ReportDir, stdout)
}

// consoleOf is w masking with r, line by line.
func consoleOf(w io.Writer, r *redact.Redactor) io.Writer { return safewrite.NewWriter(w, r) }

// flush passes on what the consoles hold of an unfinished line.
func flush(ws ...io.Writer) {
	for _, w := range ws {
		if f, ok := w.(interface{ Flush() error }); ok {
			_ = f.Flush()
		}
	}
}

// ginkgoRun runs the suite's Ginkgo tree: the console and the order people see.
func ginkgoRun(p runPlan) suites.Outcome {
	cfg := p.cfg
	suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
	suiteCfg.RandomizeAllSpecs = true
	// The run's own budget (DLI_RUN_TIMEOUT) stops it; Ginkgo's timeout only
	// backs it up.
	suiteCfg.Timeout = 24 * time.Hour
	if cfg.RunTimeout > 0 {
		suiteCfg.Timeout = cfg.RunTimeout + 5*time.Minute
	}
	if p.seed != 0 {
		suiteCfg.RandomSeed = p.seed
	}
	suiteCfg.LabelFilter = p.selection.LabelFilter
	if p.selection.Focus != "" {
		suiteCfg.FocusStrings = []string{p.selection.Focus}
	}
	repCfg.Verbose = p.verbose
	repCfg.NoColor = true
	return suites.Run(failer{}, cfg, suites.RunOptions{Suite: suiteCfg, Reporter: repCfg, Adjust: p.adjust})
}

// markup is Ginkgo's console formatting inside its error messages.
var markup = regexp.MustCompile(`\{\{[a-z/]*\}\}`)

// exitFor maps a run's outcome to the documented exit codes and ends the
// output with the verdict, after any baseline, in one line.
func exitFor(out suites.Outcome, reportDir string, w io.Writer) int {
	s := out.Summary
	code, word := exitPassed, "PASSED"
	switch {
	case s != nil && s.Setup != nil && s.Setup.Kind == verdict.Unreachable:
		code, word = exitUnreachable, "NOT RUN: the target is unreachable"
	case s != nil && s.Setup != nil && s.Setup.Kind == verdict.Transport:
		code, word = exitUnusable, "NOT RUN: the target answered, but nothing usable"
	case s != nil && s.NothingTested:
		code, word = exitFailed, "FAILED: nothing was tested"
	case s != nil && s.OutOfTime != "":
		code, word = exitFailed, "FAILED: "+s.OutOfTime
	case s != nil && len(s.EmulatorViolations) > 0:
		code, word = exitFailed, fmt.Sprintf("FAILED: the embedded emulator answered outside its own contract %d times", len(s.EmulatorViolations))
	case !out.Passed:
		code, word = exitFailed, "FAILED"
	}
	if s == nil {
		return code
	}
	c := s.Counts
	line := fmt.Sprintf("dli-conformance: %s — %d failed, %d passed, %d skipped; %d cases run", word, c.Failed, c.Passed, c.Skipped, s.Cases)
	if len(s.SkippedGroups) > 0 {
		line += "; nothing ran of " + strings.Join(s.SkippedGroups, ", ")
	}
	if s.Baseline != "" {
		line += fmt.Sprintf("; baseline %s: %d expected failures, %d stale", s.Baseline, c.ExpectedFailures, c.Stale)
	}
	if reportDir != "none" {
		line += "; reports in " + reportDir
	}
	fmt.Fprintf(w, "%s (exit %d)\n", line, code)
	return code
}
