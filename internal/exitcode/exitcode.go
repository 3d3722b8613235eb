// Package exitcode declares, once, the exit codes of dli-conformance's
// commands: each code's number and name, and what it means for each command.
// The commands exit with these constants and print their --help from Of, so
// the two cannot drift apart.
package exitcode

import (
	"fmt"
	"strings"
)

// Code is a process exit code.
type Code int

// The codes. A command uses those of them its Meanings list.
const (
	// OK: the command did what was asked and found nothing wrong.
	OK Code = 0
	// Failed: the command ran and found a failure, a difference or drift.
	Failed Code = 1
	// Usage: a usage or configuration error; nothing was sent.
	Usage Code = 2
	// Unreachable: the target gave no answer at all before any spec ran.
	Unreachable Code = 3
	// Unusable: the target answered, but nothing usable, before any spec ran.
	Unusable Code = 4
)

var names = map[Code]string{OK: "ok", Failed: "failed", Usage: "usage", Unreachable: "unreachable", Unusable: "unusable"}

// Name is the code's short name.
func (c Code) Name() string {
	if n, ok := names[c]; ok {
		return n
	}
	return fmt.Sprintf("code %d", int(c))
}

// Meaning is what one code means for one command.
type Meaning struct {
	Code Code
	Text string
}

// meanings are each command's codes, in order.
var meanings = map[string][]Meaning{
	"run": {
		{OK, "every requirement passed (or failed as the --baseline file expects)"},
		{Failed, "a requirement failed, a baseline entry is stale (it passed), or nothing was tested"},
		{Usage, "usage or configuration error, including an invalid baseline"},
		{Unreachable, "the target was unreachable before any spec ran (no answer at all)"},
		{Unusable, "the target answered, but nothing usable came before any spec ran (garbage, resets, oversized answers, refused credentials, an unknown project or connection)"},
	},
	"diff": {
		{OK, "no difference (beyond the --baseline file's known differences)"},
		{Failed, "differences, a stale baseline entry, or a side that tested nothing"},
		{Usage, "usage or configuration error (of either side), including an invalid baseline"},
		{Unreachable, "a target was unreachable before any spec ran"},
		{Unusable, "a target answered, but nothing usable came before any spec ran"},
	},
	"proxy": {
		{OK, "stopped by a signal; every upstream answer came and conformed (request violations are expected of clients testing negatives)"},
		{Failed, "an upstream answer departed from the contract, the upstream could not be reached (502 to the client), or serving failed"},
		{Usage, "usage error, or the report file or listen address could not be opened"},
	},
	"emulator": {
		{OK, "stopped by a signal"},
		{Failed, "serving failed"},
		{Usage, "usage error, or the seed file or listen address could not be used"},
	},
	"docs": {
		{OK, "every page agrees with the contract (explained differences listed)"},
		{Failed, "drift: a page departs from the contract"},
		{Usage, "a page cannot be read, or a usage error"},
	},
	"version": {
		{OK, "the version was printed"},
		{Usage, "usage error"},
	},
}

// Of lists the codes command exits with and what each means; nil for a
// command that has none declared.
func Of(command string) []Meaning { return meanings[command] }

// Help renders a command's codes as the "exit codes:" block of its --help.
func Help(command string) string {
	var b strings.Builder
	b.WriteString("exit codes:\n")
	for _, m := range Of(command) {
		fmt.Fprintf(&b, "  %d  %-11s  %s\n", int(m.Code), m.Code.Name(), m.Text)
	}
	return b.String()
}
