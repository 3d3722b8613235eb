package main

import (
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/exitcode"
	"github.com/dli-conformance/dli-conformance/internal/ids"
	"github.com/dli-conformance/dli-conformance/internal/redact"
)

var emulatorHelp = help{path: "emulator", exits: "emulator", text: `usage: dli-conformance emulator [--token TOKEN | --key AK:SK] [flags]

Serves the embedded emulator of the enhanced-connection API on --listen, with its
harness endpoints under /_emulator/, until SIGINT or SIGTERM. Its first lines are
the DLI_* settings that point the suite at it. With neither --token nor --key it
accepts a token of its own, printed there; a token you give is not printed.
`}

func emulatorCommand(args []string, stdout, stderr io.Writer) int {
	fs := emulatorHelp.newFlagSet(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on (loopback by default)")
	seedFile := fs.String("seed", "", "seed file (JSON, the form of fixtures/emulator-seed.json); default: the embedded seed")
	var tokens, keys multiFlag
	fs.Var(&tokens, "token", "an accepted X-Auth-Token value (repeatable)")
	fs.Var(&keys, "key", "an accepted AK/SK pair as AK:SK for SDK-HMAC-SHA256 signing (repeatable)")
	var chaos multiFlag
	fs.Var(&chaos, "chaos", "inject faults into an operation (or * for all), e.g. associateQueueToEnhancedConnection:latency=200ms,reset=0.05,error=0.1 (repeatable)")
	chaosSeed := fs.Uint64("chaos-seed", 1, "seed of the injected faults: the same seed and request order give the same faults")
	strict := fs.Bool("strict-requests", false, "reject every request that departs from the contract with 400 naming the violation")
	profile := fs.String("profile", string(contract.HuaweiCloud), "documented variant: huaweicloud or otc")
	// The embedded run's delay: long enough that the suite meets CREATING,
	// short enough that a first run against this emulator takes seconds, as
	// against the embedded one. Seconds, as some real targets take, would make
	// every binding check wait for them (a minute and more for the suite).
	delay := fs.Duration("activation-delay", engine.EmbeddedActivationDelay, "how long a new binding stays CREATING before it turns ACTIVE")
	ackDelay := fs.Duration("ack-delay", 0, "how long the answer to a create, delete, bind or unbind is held back after the change is made, as a slow cloud acknowledges")
	var lat emulator.Latitude
	for _, c := range emulator.LatitudeChoices {
		fs.Var(&latitudeFlag{choice: c, lat: &lat}, c.Name, c.Usage+" ("+strings.Join(c.Values, ", ")+")")
	}
	var defects multiFlag
	fs.Var(&defects, "defect", "break one behaviour on purpose (repeatable): "+strings.Join(broken.DefectNames(), ", "))
	if code, ok := emulatorHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance emulator: unexpected argument %q\n", fs.Arg(0))
		return int(exitcode.Usage)
	}
	if *delay < 0 {
		fmt.Fprintf(stderr, "dli-conformance emulator: --activation-delay: %s is negative\n", *delay)
		return int(exitcode.Usage)
	}
	if *ackDelay < 0 {
		fmt.Fprintf(stderr, "dli-conformance emulator: --ack-delay: %s is negative\n", *ackDelay)
		return int(exitcode.Usage)
	}
	generated := len(tokens) == 0 && len(keys) == 0
	if generated {
		tokens = append(tokens, "emu-"+ids.NewHex(24))
	}
	for _, tok := range tokens {
		// run refuses a shorter DLI_AUTH_TOKEN, which it could not hide in its
		// reports without hiding ordinary text too: refuse it here, first.
		if len(tok) < redact.MinSecretLen {
			fmt.Fprintf(stderr, "dli-conformance emulator: --token: %d characters; run needs a DLI_AUTH_TOKEN of at least %d to hide it in its reports, so give a longer one\n", len(tok), redact.MinSecretLen)
			return int(exitcode.Usage)
		}
	}
	pairs := map[string]string{}
	for _, k := range keys {
		ak, sk, ok := strings.Cut(k, ":")
		if !ok || ak == "" || sk == "" {
			fmt.Fprintln(stderr, "dli-conformance emulator: --key: want AK:SK")
			return int(exitcode.Usage)
		}
		if len(sk) < redact.MinSecretLen {
			fmt.Fprintf(stderr, "dli-conformance emulator: --key: the secret key has %d characters; run needs a DLI_SK of at least %d to hide it in its reports, so give a longer one\n", len(sk), redact.MinSecretLen)
			return int(exitcode.Usage)
		}
		pairs[ak] = sk
	}
	// The emulator's log quotes requests: it is masked with the credentials
	// it accepts.
	// A token the emulator made up is printed on purpose, for the user to
	// copy: only given credentials are masked.
	red := redact.New()
	if !generated {
		red.Add(tokens...)
	}
	for _, sk := range pairs {
		red.Add(sk)
	}
	stdout, stderr = consoleOf(stdout, red), consoleOf(stderr, red)
	defer flush(stdout, stderr)
	p, err := contract.ParseProfile(*profile)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: --profile: %v\n", err)
		return int(exitcode.Usage)
	}
	opts := emulator.Options{ViolationLog: stderr, Tokens: tokens, KeyPairs: pairs, Profile: p, ActivationDelay: *delay, AckDelay: *ackDelay, StrictRequests: *strict, ChaosSeed: *chaosSeed, Latitude: lat}
	var breaks []broken.Behaviour
	for _, name := range defects {
		d, err := broken.Defect(name)
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance emulator: --defect: %v\n", err)
			return 2
		}
		breaks = append(breaks, d)
	}
	for _, c := range chaos {
		rule, err := parseChaos(c)
		if err != nil {
			fmt.Fprintf(stderr, "dli-conformance emulator: --chaos %v\n", err)
			return int(exitcode.Usage)
		}
		opts.Chaos = append(opts.Chaos, rule)
	}
	if *seedFile != "" {
		if opts.Seed, err = emulator.LoadSeed(*seedFile); err != nil {
			fmt.Fprintf(stderr, "dli-conformance emulator: --seed: %v\n", err)
			return int(exitcode.Usage)
		}
	}
	emu, _, err := broken.New(opts, breaks...)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: %v\n", err)
		return int(exitcode.Usage)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: --listen: %v\n", err)
		return int(exitcode.Usage)
	}
	fmt.Fprintf(stdout, "DLI emulator (profile %s) listening on http://%s; harness endpoints under /_emulator/\n", p, ln.Addr())
	seed := opts.Seed
	if seed == nil {
		if seed, err = emulator.DefaultSeed(); err != nil {
			fmt.Fprintf(stderr, "dli-conformance emulator: %v\n", err)
			return int(exitcode.Usage)
		}
	}
	fmt.Fprint(stdout, pointAt(ln.Addr(), seed, tokens, keys, generated))
	if err := serveUntilSignal(ln, emu, 5*time.Second); err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: %v\n", err)
		return int(exitcode.Failed)
	}
	return int(exitcode.OK)
}

// multiFlag collects the values of a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string { return fmt.Sprint([]string(*m)) }

// Type is the kind of each value, for help texts.
func (m *multiFlag) Type() string { return "string" }

// Set adds one value.
func (m *multiFlag) Set(v string) error {
	*m = append(*m, v)
	return nil
}

// latitudeFlag sets one option of the emulator's Latitude; a switch may be given bare
// (--gzip) or with a value (--gzip=false).
type latitudeFlag struct {
	choice emulator.LatitudeChoice
	lat    *emulator.Latitude
	value  string
}

func (f *latitudeFlag) String() string {
	if f == nil {
		return ""
	}
	return f.value
}

// Set applies the value, refusing one the option does not take.
func (f *latitudeFlag) Set(v string) error {
	if err := f.choice.Apply(f.lat, v); err != nil {
		return err
	}
	f.value = v
	return nil
}

// Type is "" for a switch, given bare, else the kind of value, for help texts.
func (f *latitudeFlag) Type() string {
	if f.choice.IsBool() {
		return ""
	}
	return "string"
}

// IsBoolFlag lets a switch be given without a value.
func (f *latitudeFlag) IsBoolFlag() bool { return f.choice.IsBool() }
