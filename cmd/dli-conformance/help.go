package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/exitcode"
)

// help is what a command's --help shows: its synopsis and description, its
// flags with their types and defaults, and its exit codes from exitcode.
type help struct {
	// path is the command as typed after dli-conformance: "run", "docs check".
	path string
	// text is the synopsis and description, ending in a newline.
	text string
	// exits names the command whose exit codes apply (exitcode.Of).
	exits string
}

// helpShown, when set (by a test), sees the flags of every help printed: the
// flags a command registered, to hold its help to them.
var helpShown func(path string, fs *flag.FlagSet)

// newFlagSet is a command's flag set; errors go to stderr, help is printed by
// parse.
func (h help) newFlagSet(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(h.path, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	return fs
}

// parse parses args into fs. On -h or --help it prints the help to stdout and
// the command ends with exit code 0; on a bad flag the flag package has named
// it on stderr, the help follows there and the command ends with 2. ok says
// whether the command goes on.
func (h help) parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		h.write(stdout, fs)
		return int(exitcode.OK), false
	}
	fmt.Fprintln(stderr)
	h.write(stderr, fs)
	return int(exitcode.Usage), false
}

// write prints the whole help.
func (h help) write(w io.Writer, fs *flag.FlagSet) {
	if helpShown != nil {
		helpShown(h.path, fs)
	}
	fmt.Fprint(w, h.text)
	if fs != nil {
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(w, "\nflags:\n")
			writeFlags(w, fs)
		}
	}
	fmt.Fprint(w, "\n"+exitcode.Help(h.exits))
}

// writeFlags lists the flags as the flag package does, but with each value's
// type from flagType and every default that is not the zero value.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		typ := flagType(f)
		line := "  -" + f.Name
		if typ != "" {
			line += " " + typ
		}
		usage := f.Usage
		if def := shownDefault(f, typ); def != "" {
			usage += " (default " + def + ")"
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
}

// flagType names the kind of value a flag takes; "" for a switch, given bare.
// A value may name its own type (config's settings do); the flag package names
// those of its own flags. No usage holds back quotes, so it cannot take a word
// of the text for the type.
func flagType(f *flag.Flag) string {
	if t, ok := f.Value.(interface{ Type() string }); ok {
		return t.Type()
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return ""
	}
	name, _ := flag.UnquoteUsage(f)
	return name
}

// shownDefault is the default worth showing: none for an empty, zero or false
// one; a string's quoted, as the flag package does.
func shownDefault(f *flag.Flag, typ string) string {
	switch f.DefValue {
	case "", "0", "0s", "false", "[]":
		return ""
	}
	if typ == "string" {
		return fmt.Sprintf("%q", f.DefValue)
	}
	return f.DefValue
}
