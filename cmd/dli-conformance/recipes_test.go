package main

import (
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The commands of README.md and docs/ run as written: each script in
// testdata/recipes is one recipe (a first run, the emulator and a run against
// it, the diff example), run with the binary TestMain built, from an empty
// directory and an environment with no DLI_* variable, with the exit codes
// and output the documentation shows.
func TestDocumentedRecipesRunAsWritten(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "recipes"),
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", filepath.Dir(binary)+string(filepath.ListSeparator)+env.Getenv("PATH"))
			// Free ports for the emulators a recipe serves, so that scripts
			// can run side by side.
			for _, name := range []string{"PORT", "PORT2"} {
				port, err := freePort()
				if err != nil {
					return err
				}
				env.Setenv(name, strconv.Itoa(port))
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":   cmdExits,
			"serving": cmdServing,
			"expand":  cmdExpand,
		},
	})
}

// cmdExits is "exits CODE program args...": it runs the program as exec does
// and requires exactly that exit code, which exec alone cannot tell apart
// (2, a configuration error, from 1, a failure).
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdServing is "serving URL": it waits until an emulator started in the
// background answers its health endpoint, so that the next command does not
// meet a port that is not listening yet.
func cmdServing(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: serving URL")
	}
	for range 200 {
		resp, err := http.Get(args[0] + "/_emulator/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("%s never answered", args[0])
}

// cmdExpand is "expand FILE...": it replaces $NAME in each file with the
// script's variable, so that a documented file can name the ports Setup chose.
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: expand FILE...")
	}
	for _, f := range args {
		path := ts.MkAbs(f)
		ts.Check(os.WriteFile(path, []byte(os.Expand(ts.ReadFile(f), ts.Getenv)), 0o644))
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
