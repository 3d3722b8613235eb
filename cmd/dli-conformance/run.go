package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

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
	// spec ran (garbage, resets, oversized answers, refused credentials, an
	// unknown project or connection).
	exitUnusable = int(exitcode.Unusable)
)

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

func runCommand(args []string, stdout, stderr io.Writer) int {
	return runWith(args, os.Environ(), stdout, stderr)
}

// runWith is `run` with environ as its environment: the tests run it in
// process, many at once.
func runWith(args []string, environ []string, stdout, stderr io.Writer) int {
	fs := runHelp.newFlagSet(stderr)
	list := fs.Bool("list", false, "print every requirement with its id and labels, and send nothing")
	labels := fs.String("label-filter", "", "run only the requirements whose labels match this Ginkgo label filter, e.g. 'kind:negative && !needs:auth'")
	focus := fs.String("focus", "", "run only the requirements whose title matches this regular expression")
	verbose := fs.Bool("v", false, "print every spec as it runs")
	seed := fs.Int64("random-seed", 0, "seed of the requirements' order (0: from the clock); the reports give the seed a run used")
	baselineFile := fs.String("baseline", "", "YAML file of known failures (known_failures: [{id, reason}]); a listed failure does not fail the run, a listed pass does")
	configFlags := config.RegisterFlags(fs)
	if code, ok := runHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance run: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
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
	sel := engine.Selection{LabelFilter: *labels, Focus: *focus}
	if *list {
		return listRequirements(cfg, sel, stdout, stderr)
	}
	// From here on the console passes the run's redactor, which learns the
	// signatures the run sends as it goes.
	stdout, stderr = consoleOf(stdout, cfg.Redactor()), consoleOf(stderr, cfg.Redactor())
	defer flush(stdout, stderr)
	fmt.Fprintf(stdout, "%s\nconfiguration:\n%s\n", suites.SuiteName, cfg)
	out := engineRun(runPlan{cfg: cfg, selection: sel, seed: *seed, verbose: *verbose, adjust: adjust, out: stdout})
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

// markup is Ginkgo's console formatting inside its error messages.
var markup = regexp.MustCompile(`\{\{[a-z/]*\}\}`)

// exitFor maps a run's outcome to the documented exit codes and ends the
// output with the verdict, after any baseline, in one line that names the
// target's class: no run against the embedded emulator reads as one against a
// service.
func exitFor(out suites.Outcome, reportDir string, w io.Writer) int {
	s := out.Summary
	code, word := exitPassed, "PASSED"
	switch {
	case s != nil && s.Setup != nil && s.NotRun != "":
		code, word = setupExit(s.Setup.Kind), "NOT RUN: "+s.NotRun
	case s != nil && s.Setup != nil:
		code, word = setupExit(s.Setup.Kind), "FAILED: "+report.NotRunReason(s.Setup)
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
	fmt.Fprintf(w, "%s (exit %d)\n", verdictLine(s, word, reportDir), code)
	return code
}

// setupExit is the exit code of a run that could not start: 3 for no answer
// at all, 4 for an answer that made nothing usable (garbage, refused
// credentials, an unknown project or connection), 1 otherwise.
func setupExit(k verdict.Kind) int {
	switch k {
	case verdict.Unreachable:
		return exitUnreachable
	case verdict.Transport, verdict.Credentials, verdict.NotFound:
		return exitUnusable
	}
	return exitFailed
}

// verdictLine is the console's last line: the verdict word, the counts, the
// target by its class, the baseline and where the reports are.
func verdictLine(s *report.Summary, word, reportDir string) string {
	c := s.Counts
	var line string
	if s.NotRun != "" {
		line = fmt.Sprintf("dli-conformance: %s — none of the %d requirements was checked", word, c.Total)
	} else {
		line = fmt.Sprintf("dli-conformance: %s — %d failed, %d passed, %d skipped; %d cases run", word, c.Failed, c.Passed, c.Skipped, s.Cases)
	}
	line += "; target: " + s.TargetName
	if len(s.SkippedGroups) > 0 && s.NotRun == "" {
		line += "; nothing ran of " + strings.Join(s.SkippedGroups, ", ")
	}
	if s.Baseline != "" {
		line += fmt.Sprintf("; baseline %s: %d expected failures, %d stale", s.Baseline, c.ExpectedFailures, c.Stale)
		if stale := staleIDs(s); len(stale) > 0 {
			line += " (" + strings.Join(stale, ", ") + " passed: remove " + plural(len(stale), "its entry", "their entries") + ")"
		}
	}
	if reportDir != "none" {
		line += "; reports in " + reportDir
	}
	return line
}

// staleIDs are the requirements a baseline lists as failing that passed.
func staleIDs(s *report.Summary) []string {
	var ids []string
	for _, r := range s.Requirements {
		if r.Status == report.Stale {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
