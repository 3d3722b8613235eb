package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/proxy"
)

// proxyCommand serves the validating proxy until SIGINT or SIGTERM, then prints the
// summary. It exits 1 when an upstream answer departed from the contract (request
// violations are expected from clients that test negatives), 0 otherwise, 2 on a
// usage error.
func proxyCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	upstream := fs.String("upstream", "", "base URL to forward to, e.g. https://dli.eu-west-101.myhuaweicloud.eu (required)")
	listen := fs.String("listen", "127.0.0.1:8081", "address to listen on (loopback by default)")
	profile := fs.String("profile", string(contract.HuaweiCloud), "documented variant to check against: huaweicloud or otc")
	enforce := fs.Bool("enforce", false, "refuse violations: a non-conformant request gets 400 without being forwarded, a non-conformant answer is replaced by 502")
	reportFile := fs.String("report", "", "write one JSON object per exchange to this file (JSON lines)")
	quiet := fs.Bool("quiet", false, "do not log a line per exchange")
	maxBody := fs.Int64("max-body", 1<<20, "largest body, either way, that is checked; larger ones pass unchecked")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: dli-conformance proxy --upstream URL [flags]\n\n"+
			"Forwards every request to the upstream and checks requests and answers against the contract.\n"+
			"Stop it with SIGINT or SIGTERM to print the summary.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance proxy: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *maxBody <= 0 {
		fmt.Fprintf(stderr, "dli-conformance proxy: --max-body %d: must be a positive number of bytes\n", *maxBody)
		return 2
	}
	if *upstream == "" {
		fmt.Fprintln(stderr, "dli-conformance proxy: --upstream is required: the base URL to forward to")
		return 2
	}
	u, err := url.Parse(*upstream)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: --upstream: %v\n", err)
		return 2
	}
	p, err := contract.ParseProfile(*profile)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: --profile: %v\n", err)
		return 2
	}
	c, err := contract.Load(p)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: %v\n", err)
		return 2
	}
	opts := proxy.Options{Upstream: u, Contract: c, Enforce: *enforce, MaxBodyBytes: *maxBody}
	if !*quiet {
		opts.Log = stderr
	}
	var report *os.File
	if *reportFile != "" {
		if report, err = os.Create(*reportFile); err != nil {
			fmt.Fprintf(stderr, "dli-conformance proxy: --report: %v\n", err)
			return 2
		}
		defer report.Close()
		opts.Report = report
	}
	px, err := proxy.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: --listen: %v\n", err)
		return 2
	}
	mode := "reporting"
	if *enforce {
		mode = "enforcing"
	}
	fmt.Fprintf(stdout, "DLI validating proxy (profile %s, %s) listening on http://%s, forwarding to %s\n", p, mode, ln.Addr(), u.Redacted())

	// Let the exchanges in flight finish, so that each is reported.
	if err := serveUntilSignal(ln, px, 10*time.Second); err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: %v\n", err)
		return 1
	}
	if report != nil {
		if err := report.Sync(); err != nil {
			fmt.Fprintf(stderr, "dli-conformance proxy: --report: %v\n", err)
		}
	}
	sum := px.Summary()
	sum.WriteText(stdout)
	if sum.ResponseViolations > 0 {
		return 1
	}
	return 0
}
