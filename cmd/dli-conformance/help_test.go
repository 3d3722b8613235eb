package main

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/exitcode"
)

// valueTypes are the value names a help may show: the flag package's own and
// the settings' kinds; "" is a switch, given bare. Anything else (the flag
// package's "value", or a word it took from a usage text) is garbled.
var valueTypes = map[string]bool{"": true, "string": true, "int": true, "uint": true, "duration": true, "float": true}

func init() {
	for t := range config.Types {
		valueTypes[t] = true
	}
}

// everyCommand walks the command table, subcommands included, as the words
// typed after dli-conformance.
func everyCommand(cs []command, prefix []string, visit func(path []string, c command)) {
	for _, c := range cs {
		path := append(append([]string(nil), prefix...), c.name)
		visit(path, c)
		everyCommand(c.subs, path, visit)
	}
}

func TestEveryHelpExitsZeroAndShowsEachFlagWithItsTypeAndDefault(t *testing.T) {
	seen := 0
	everyCommand(commands, nil, func(path []string, c command) {
		for _, h := range []string{"--help", "-h"} {
			var flags *flag.FlagSet
			helpShown = func(_ string, fs *flag.FlagSet) { flags = fs }
			var stdout, stderr bytes.Buffer
			code := dispatch(append(path, h), &stdout, &stderr)
			helpShown = nil
			name := strings.Join(append(path, h), " ")
			if code != 0 {
				t.Errorf("%s: exit %d, want 0\n%s", name, code, stderr.String())
				continue
			}
			if flags == nil {
				t.Errorf("%s: printed no help through help.write", name)
				continue
			}
			seen++
			out := stdout.String()
			flags.VisitAll(func(f *flag.Flag) {
				typ := flagType(f)
				if !valueTypes[typ] {
					t.Errorf("%s: -%s shows the value name %q", name, f.Name, typ)
				}
				line := "\n  -" + f.Name + "\n"
				if typ != "" {
					line = "\n  -" + f.Name + " " + typ + "\n"
				}
				if !strings.Contains(out, line) {
					t.Errorf("%s: no line %q", name, strings.TrimSpace(line))
				}
				if def := shownDefault(f, typ); def != "" && !strings.Contains(out, "(default "+def+")") {
					t.Errorf("%s: -%s: default %s not shown", name, f.Name, def)
				}
			})
			for _, m := range exitcode.Of(c.help.exits) {
				if !strings.Contains(out, fmt.Sprintf("  %d  %-11s  %s\n", int(m.Code), m.Code.Name(), m.Text)) {
					t.Errorf("%s: exit code %d (%s) not listed", name, m.Code, m.Text)
				}
			}
			if len(exitcode.Of(c.help.exits)) == 0 {
				t.Errorf("%s: no exit codes declared for %q", name, c.help.exits)
			}
		}
	})
	if seen < 2*len(commands) {
		t.Errorf("only %d helps seen for %d commands", seen, len(commands))
	}
}

func TestTheTopLevelHelpListsEveryCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	for _, c := range commands {
		if !strings.Contains(stdout.String(), "\n  "+c.name+" ") {
			t.Errorf("--help does not list %s", c.name)
		}
	}
}

func TestABadFlagIsAUsageErrorOnEveryCommand(t *testing.T) {
	everyCommand(commands, nil, func(path []string, c command) {
		var stdout, stderr bytes.Buffer
		if code := dispatch(append(path, "--no-such-flag"), &stdout, &stderr); code != int(exitcode.Usage) {
			t.Errorf("%s --no-such-flag: exit %d, want %d", strings.Join(path, " "), code, exitcode.Usage)
		}
		if !strings.Contains(stderr.String(), "no-such-flag") {
			t.Errorf("%s --no-such-flag: stderr does not name the flag: %s", strings.Join(path, " "), stderr.String())
		}
	})
}
