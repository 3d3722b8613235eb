// Command dli-conformance runs the DLI "Binding a Queue" conformance suite, or the
// embedded emulator on its own.
//
// Exit codes: 0 every requirement passed, 1 a requirement failed (or a baseline
// entry is stale), 2 a usage or configuration error, 3 the target was unreachable
// before any spec ran, 4 the target answered but nothing usable came before any
// spec ran.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dli-conformance/dli-conformance/internal/version"
)

const usage = `usage: dli-conformance <command> [flags]

commands:
  run        run the conformance suite against DLI_ENDPOINT, or the embedded emulator
  emulator   serve the embedded emulator on loopback
  proxy      forward to --upstream, checking requests and answers against the contract
  diff       run the cases against two targets and show where they differ
  docs       docs check PAGE...: compare documentation pages with the contract (drift)
  version    print the version

Run 'dli-conformance <command> -h' for a command's flags.

exit codes of run:
  0  every requirement passed (or failed as the --baseline file expects)
  1  a requirement failed, or a baseline entry is stale (it passed)
  2  usage or configuration error, including an invalid baseline
  3  the target was unreachable before any spec ran
  4  the target answered, but nothing usable came before any spec ran
`

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "run":
		return runCommand(args[1:], stdout, stderr)
	case "emulator":
		return emulatorCommand(args[1:], stdout, stderr)
	case "proxy":
		return proxyCommand(args[1:], stdout, stderr)
	case "diff":
		return diffCommand(args[1:], stdout, stderr)
	case "docs":
		return docsCommand(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "dli-conformance", version.String())
		return 0
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "dli-conformance: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
