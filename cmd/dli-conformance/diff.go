package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/diff"
	"github.com/dli-conformance/dli-conformance/internal/exitcode"
	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/safewrite"
	"github.com/dli-conformance/dli-conformance/internal/version"
)

// Exit codes of `diff`, from the one declaration in exitcode.
const (
	diffSame        = int(exitcode.OK)
	diffDiffers     = int(exitcode.Failed)
	diffUsage       = int(exitcode.Usage)
	diffUnreachable = int(exitcode.Unreachable)
	diffUnusable    = int(exitcode.Unusable)
)

var diffHelp = help{path: "diff", exits: "diff", text: `usage: dli-conformance diff [flags]

Runs the suite's cases (hand-written, generated and the stateful walks) with one
seed against target A and target B, and compares them case by case: status,
error code, content type, is_success, the response's shape and the effect on the
connection. Ids, timestamps, request ids and messages are normalised away.

Target A is configured as for run (DLI_* variables, or --a-config FILE); target B
by the same variables named DLI_B_* (DLI_B_ENDPOINT, DLI_B_PROJECT_ID, …), or
--b-config FILE. A side with no endpoint runs against the embedded emulator.
--a-report DIR / --b-report DIR compare a run recorded earlier instead (its
report directory, with cases.json).

A difference is not a failure of either target: the reports say for each one
what A did, what B did, and whether each answer conforms to the contract.

Reports go to --report-dir: diff.html, diff.json, diff.md, and each run's own
reports in a/ and b/.
`}

// diffFlags are the settings of one differential run.
type diffFlags struct {
	aConfig, bConfig, aReport, bReport string
	compare, baseline, reportDir       string
	labels, focus                      string
	seed                               int64
}

func diffCommand(args []string, stdout, stderr io.Writer) int {
	fs := diffHelp.newFlagSet(stderr)
	var f diffFlags
	fs.StringVar(&f.aConfig, "a-config", "", "YAML configuration file of target A (the form of DLI_CONFIG); the DLI_* variables win over it")
	fs.StringVar(&f.bConfig, "b-config", "", "YAML configuration file of target B; the DLI_B_* variables win over it")
	fs.StringVar(&f.aReport, "a-report", "", "compare the run recorded in this report directory as A, instead of running A")
	fs.StringVar(&f.bReport, "b-report", "", "compare the run recorded in this report directory as B, instead of running B")
	fs.StringVar(&f.compare, "compare", "", "more to compare: messages (free-text messages are normalised away by default)")
	fs.StringVar(&f.baseline, "baseline", "", "YAML file of known differences (known_differences: [{id, reason}], id a requirement id or a case key); a listed difference does not fail, a listed one that did not occur does")
	fs.StringVar(&f.reportDir, "report-dir", config.DefaultReportDir, "where diff.html, diff.json and diff.md, and each run's reports in a/ and b/, are written; unset, the report directory of target A's configuration (DLI_REPORT_DIR)")
	fs.StringVar(&f.labels, "label-filter", "", "run only the requirements whose labels match this Ginkgo label filter, on both sides")
	fs.StringVar(&f.focus, "focus", "", "run only the requirements whose title matches this regular expression, on both sides")
	fs.Int64Var(&f.seed, "seed", 0, "seed of the generated cases, the walks and the spec order of both runs (0: from the clock, printed)")
	if code, ok := diffHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance diff: unexpected argument %q\n", fs.Arg(0))
		return diffUsage
	}
	if !flagGiven(fs, "report-dir") {
		dir, err := config.ReportDirOf(config.Sources{Getenv: lookupIn(sideEnv(os.Environ(), false, f.aConfig))})
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance diff: target A (DLI_* variables or --a-config): configuration error: %v\n", err)
			return diffUsage
		}
		f.reportDir = dir
	}
	opts := diff.Options{Version: version.String()}
	for _, c := range strings.Split(f.compare, ",") {
		switch strings.TrimSpace(c) {
		case "":
		case "messages":
			opts.Messages = true
		default:
			fmt.Fprintf(stderr, "dli-conformance diff: --compare: %q, want messages\n", c)
			return diffUsage
		}
	}
	if f.aConfig != "" && f.aReport != "" || f.bConfig != "" && f.bReport != "" {
		fmt.Fprintln(stderr, "dli-conformance diff: give a side either a configuration or a recorded report, not both")
		return diffUsage
	}
	if f.reportDir == "none" || f.reportDir == "" {
		fmt.Fprintln(stderr, "dli-conformance diff: --report-dir: a differential run needs a directory for the runs' reports")
		return diffUsage
	}
	var known *diff.Known
	if f.baseline != "" {
		k, err := diff.LoadKnown(f.baseline)
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance diff: configuration error: %v\n", err)
			return diffUsage
		}
		known = k
	}
	if f.seed == 0 {
		f.seed = time.Now().UnixNano() % 1_000_000_000
	}
	opts.Seed = f.seed
	sides := []*side{
		{name: "A", report: f.aReport, env: sideEnv(os.Environ(), false, f.aConfig), dir: filepath.Join(f.reportDir, "a")},
		{name: "B", report: f.bReport, env: sideEnv(os.Environ(), true, f.bConfig), dir: filepath.Join(f.reportDir, "b")},
	}
	// Both configurations are checked before anything is sent: a typo in B's
	// must not cost a run against A.
	for _, s := range sides {
		if code := s.prepare(f, stderr); code != 0 {
			return code
		}
	}
	// Each side's run masks its own files and console with its own secrets
	// and signatures; what the diff writes itself (the runs' logs, its
	// reports, its console) is masked with both sides' secrets.
	red := redact.New(append(sides[0].cfg.Secrets(), sides[1].cfg.Secrets()...)...)
	stdout, stderr = consoleOf(stdout, red), consoleOf(stderr, red)
	defer flush(stdout, stderr)
	for _, s := range sides {
		s.redactor = red
	}
	fmt.Fprintf(stdout, "dli-conformance diff: seed %d; A: %s; B: %s\n", f.seed, sides[0].describe(), sides[1].describe())
	// A side that cannot be compared (unreachable, unusable, misconfigured)
	// stops the other at once: a broken target must fail fast. The other run is
	// interrupted, not killed, so that it still puts its target back.
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first *side
	)
	// Two runs against one target at once would see, and undo, each other's
	// bindings: against the same endpoint they go one after the other.
	together := !sameTarget(sides[0], sides[1])
	if !together {
		fmt.Fprintln(stdout, "dli-conformance diff: A and B are the same endpoint: the runs go one after the other")
	}
	for _, s := range sides {
		wg.Add(1)
		run := func() {
			defer wg.Done()
			if ctx.Err() != nil {
				return
			}
			s.run(ctx, f)
			if s.err != nil || s.exit >= exitUsage {
				once.Do(func() { first = s; stop() })
			}
		}
		if together {
			go run()
		} else {
			run()
		}
	}
	wg.Wait()
	if first != nil {
		for _, o := range sides {
			if o != first && o.report == "" {
				fmt.Fprintf(stdout, "%s: stopped, with nothing to compare it with: %s\n", o.name, lastLine(o.output.String()))
			}
		}
		return first.verdict(stdout, stderr)
	}
	for _, s := range sides {
		s.verdict(stdout, stderr)
	}
	for _, s := range sides {
		if s.recorded.NothingTested {
			fmt.Fprintf(stderr, "dli-conformance diff: target %s tested nothing (every requirement was skipped; see %s); nothing compared\n", s.name, s.dir)
			return diffDiffers
		}
	}
	a, b := sides[0].recorded, sides[1].recorded
	a.Side.Exit, b.Side.Exit = sides[0].exit, sides[1].exit
	res := diff.Compare(a, b, opts)
	if known != nil {
		known.Apply(&res)
	}
	if err := diff.WriteRedacted(f.reportDir, res, red); err != nil {
		fmt.Fprintf(stderr, "dli-conformance diff: %v\n", err)
		return diffUsage
	}
	return diffOutcome(stdout, res, f.reportDir)
}

// cleanupGrace is how long an interrupted run may take to put its target back
// before it is killed.
const cleanupGrace = 2 * time.Minute

// sameTarget tells whether both sides would run against one endpoint (each
// embedded emulator is a target of its own; a recorded run is no target).
func sameTarget(a, b *side) bool {
	if a.report != "" || b.report != "" || a.cfg.Embedded() || b.cfg.Embedded() {
		return false
	}
	return strings.TrimRight(a.cfg.Endpoint, "/") == strings.TrimRight(b.cfg.Endpoint, "/")
}

// side is one target of a differential run.
type side struct {
	name   string
	report string // a recorded run to read instead of running
	env    []string
	dir    string
	cfg    config.Config

	exit     int
	output   bytes.Buffer
	redactor *redact.Redactor
	err      error
	recorded diff.Run
}

func (s *side) describe() string {
	switch {
	case s.report != "":
		return "the run recorded in " + s.report
	case s.cfg.Embedded():
		return "the embedded emulator"
	}
	return s.cfg.Endpoint
}

// prepare checks the side's configuration and readies its report directory.
func (s *side) prepare(f diffFlags, stderr io.Writer) int {
	if s.report != "" {
		return 0
	}
	s.env = setEnv(s.env, config.EnvSeed, strconv.FormatInt(f.seed, 10))
	s.env = setEnv(s.env, config.EnvReportDir, s.dir)
	cfg, err := config.LoadFrom(config.Sources{Getenv: lookupIn(s.env), Environ: s.env, KnownRequirement: requirement.Known})
	if err == nil {
		err = cfg.CheckReportDir()
	}
	if err != nil {
		how := "DLI_* variables or --a-config"
		if s.name == "B" {
			how = "DLI_B_* variables (named here without B_) or --b-config"
		}
		fmt.Fprintf(stderr, "dli-conformance diff: target %s (%s): configuration error: %v\n", s.name, how, err)
		return diffUsage
	}
	s.cfg = cfg
	return 0
}

// run runs the suite against the side's target as a run of its own, or reads
// the recorded one.
func (s *side) run(ctx context.Context, f diffFlags) {
	if s.report != "" {
		s.recorded, s.err = diff.ReadRun(s.report)
		return
	}
	self, err := os.Executable()
	if err != nil {
		s.err = err
		return
	}
	args := []string{"run", "--random-seed", strconv.FormatInt(f.seed, 10)}
	if f.labels != "" {
		args = append(args, "--label-filter", f.labels)
	}
	if f.focus != "" {
		args = append(args, "--focus", f.focus)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = cleanupGrace
	cmd.Env = s.env
	cmd.Stdout, cmd.Stderr = &s.output, &s.output
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			s.err = err
			return
		}
		s.exit = ee.ExitCode()
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		s.err = err
		return
	}
	if err := safewrite.File(s.redactor, filepath.Join(s.dir, "run.log"), s.output.Bytes()); err != nil {
		s.err = err
		return
	}
	if s.exit == 0 || s.exit == 1 {
		s.recorded, s.err = diff.ReadRun(s.dir)
	}
}

// verdict prints the side's outcome and returns the diff's exit code when the
// side gave nothing to compare, else 0.
func (s *side) verdict(stdout, stderr io.Writer) int {
	if s.err != nil {
		fmt.Fprintf(stderr, "dli-conformance diff: target %s: %v\n", s.name, s.err)
		return diffUsage
	}
	if s.report == "" {
		fmt.Fprintf(stdout, "%s: %s\n", s.name, lastLine(s.output.String()))
	}
	switch s.exit {
	case exitUsage:
		fmt.Fprintf(stderr, "dli-conformance diff: target %s: configuration error:\n%s", s.name, s.output.String())
		return diffUsage
	case exitUnreachable:
		fmt.Fprintf(stderr, "dli-conformance diff: target %s is unreachable; nothing compared\n", s.name)
		return diffUnreachable
	case exitUnusable:
		fmt.Fprintf(stderr, "dli-conformance diff: target %s answered, but nothing usable; nothing compared\n", s.name)
		return diffUnusable
	}
	return 0
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// diffOutcome prints the verdict with each unexpected difference in a line and
// returns the exit code.
func diffOutcome(w io.Writer, r diff.Result, dir string) int {
	shown := 0
	for _, d := range r.Differences {
		if d.Known != "" {
			continue
		}
		if shown++; shown > consoleDifferences {
			fmt.Fprintf(w, "  … and %d more: see %s\n", r.Unexpected()-consoleDifferences, filepath.Join(dir, diff.HTMLFile))
			break
		}
		var parts []string
		for _, fd := range d.Fields {
			parts = append(parts, fmt.Sprintf("%s A %s, B %s", fd.Name, oneLine(fd.A), oneLine(fd.B)))
		}
		fmt.Fprintf(w, "  %s: %s\n", d.Key, strings.Join(parts, "; "))
	}
	for _, e := range r.Stale {
		fmt.Fprintf(w, "  stale baseline entry %s: no such difference (remove it)\n", e.ID)
	}
	code, word := diffSame, diff.Verdict(r)
	if !r.Same() {
		code = diffDiffers
	}
	line := fmt.Sprintf("dli-conformance diff: %s — %d of %d cases differ", word, len(r.Differences), r.Cases)
	if r.Baseline != "" {
		line += fmt.Sprintf(" (%d expected by %s, %d stale)", len(r.Differences)-r.Unexpected(), r.Baseline, len(r.Stale))
	}
	fmt.Fprintf(w, "%s; reports in %s (exit %d)\n", line, dir, code)
	return code
}

// consoleDifferences is how many differences the console lists; the reports
// have them all.
const consoleDifferences = 20

// oneLine shortens a multi-line value (a shape) for the console.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", ", ")
	if len(s) > 120 {
		s = s[:117] + "…"
	}
	return s
}

// flagGiven tells whether the flag name was given on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
