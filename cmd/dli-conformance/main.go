// Command dli-conformance runs the DLI "Binding a Queue" conformance suite, or the
// embedded emulator on its own.
//
// Its exit codes, and what each means for each command, are declared in
// internal/exitcode; every command's --help prints them.
package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/exitcode"
	"github.com/dli-conformance/dli-conformance/internal/version"
)

// command is one entry of the command table: dispatch, the top-level help and
// the help test read it.
type command struct {
	name    string
	summary string
	help    help
	run     func(args []string, stdout, stderr io.Writer) int
	// subs are the subcommands, for a command that has them (docs check).
	subs []command
}

// commands is every command, in the order the help lists them.
var commands = []command{
	{name: "run", summary: "run the conformance suite against DLI_ENDPOINT, or the embedded emulator", help: runHelp, run: runCommand},
	{name: "emulator", summary: "serve the embedded emulator on loopback", help: emulatorHelp, run: emulatorCommand},
	{name: "proxy", summary: "forward to --upstream, checking requests and answers against the contract", help: proxyHelp, run: proxyCommand},
	{name: "diff", summary: "run the cases against two targets and show where they differ", help: diffHelp, run: diffCommand},
	{name: "docs", summary: "docs check PAGE...: compare documentation pages with the contract (drift)", help: docsHelp, run: docsCommand,
		subs: []command{{name: "check", summary: "compare documentation pages with the contract", help: docsCheckHelp, run: docsCheckCommand}}},
	{name: "version", summary: "print the version", help: versionHelp, run: versionCommand},
}

// mainHelp is the help of dli-conformance itself: the command table and the
// exit codes of run, the command most people call.
func mainHelp() string {
	var b strings.Builder
	b.WriteString("usage: dli-conformance <command> [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-9s  %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'dli-conformance <command> -h' for a command's flags and exit codes.\n\nrun's ")
	b.WriteString(exitcode.Help("run"))
	return b.String()
}

// memoryLimit is the heap the garbage collector aims to stay under unless
// GOMEMLIMIT says otherwise: a target that pads every answer with a megabyte
// of headers makes a run allocate fast, and without a limit the heap may grow
// to several times what is live before the collector catches up.
const memoryLimit = 256 << 20

func main() {
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainHelp())
		return int(exitcode.Usage)
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, mainHelp())
		return int(exitcode.OK)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "dli-conformance: unknown command %q\n\n%s", args[0], mainHelp())
	return int(exitcode.Usage)
}

var versionHelp = help{path: "version", exits: "version", text: `usage: dli-conformance version

Prints the version of dli-conformance.
`}

func versionCommand(args []string, stdout, stderr io.Writer) int {
	fs := versionHelp.newFlagSet(stderr)
	if code, ok := versionHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance version: unexpected argument %q\n", fs.Arg(0))
		return int(exitcode.Usage)
	}
	fmt.Fprintln(stdout, "dli-conformance", version.String())
	return int(exitcode.OK)
}
