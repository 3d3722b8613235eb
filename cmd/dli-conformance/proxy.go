package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/exitcode"
	"github.com/dli-conformance/dli-conformance/internal/proxy"
	"github.com/dli-conformance/dli-conformance/internal/safewrite"
)

var proxyHelp = help{path: "proxy", exits: "proxy", text: `usage: dli-conformance proxy --upstream URL [flags]

Forwards every request to the upstream and checks requests and answers against the
contract. Stop it with SIGINT or SIGTERM to print the summary.
`}

// proxyCommand serves the validating proxy until SIGINT or SIGTERM, then prints the
// summary; its exit codes are exitcode.Of("proxy").
func proxyCommand(args []string, stdout, stderr io.Writer) int {
	fs := proxyHelp.newFlagSet(stderr)
	upstream := fs.String("upstream", "", "base URL to forward to, e.g. https://dli.eu-west-101.myhuaweicloud.eu (required)")
	listen := fs.String("listen", "127.0.0.1:8081", "address to listen on (loopback by default)")
	profile := fs.String("profile", string(contract.HuaweiCloud), "documented variant to check against: huaweicloud or otc")
	enforce := fs.Bool("enforce", false, "refuse violations: a non-conformant request gets 400 without being forwarded, a non-conformant answer is replaced by 502")
	reportFile := fs.String("report", "", "write one JSON object per exchange to this file (JSON lines)")
	quiet := fs.Bool("quiet", false, "do not log a line per exchange")
	maxBody := fs.Int64("max-body", config.DefaultMaxBodyBytes, "largest body in bytes, either way, that is checked; larger ones pass unchecked (the default is that of DLI_MAX_BODY_BYTES)")
	if code, ok := proxyHelp.parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dli-conformance proxy: unexpected argument %q\n", fs.Arg(0))
		return int(exitcode.Usage)
	}
	if *maxBody <= 0 {
		fmt.Fprintf(stderr, "dli-conformance proxy: --max-body %d: must be a positive number of bytes\n", *maxBody)
		return int(exitcode.Usage)
	}
	if *upstream == "" {
		fmt.Fprintln(stderr, "dli-conformance proxy: --upstream is required: the base URL to forward to")
		return int(exitcode.Usage)
	}
	u, err := url.Parse(*upstream)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: --upstream: %v\n", err)
		return int(exitcode.Usage)
	}
	p, err := contract.ParseProfile(*profile)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: --profile: %v\n", err)
		return int(exitcode.Usage)
	}
	c, err := contract.Load(p)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: %v\n", err)
		return int(exitcode.Usage)
	}
	opts := proxy.Options{Upstream: u, Contract: c, Enforce: *enforce, MaxBodyBytes: *maxBody}
	if !*quiet {
		opts.Log = stderr
	}
	// The proxy masks each exchange's lines with the credentials of its
	// request; the file is written through the one writer all the same.
	var report *safewrite.Writer
	if *reportFile != "" {
		if report, err = safewrite.Create(nil, *reportFile); err != nil {
			fmt.Fprintf(stderr, "dli-conformance proxy: --report: %v\n", err)
			return int(exitcode.Usage)
		}
		defer report.Close()
		opts.Report = report
	}
	px, err := proxy.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: %v\n", err)
		return int(exitcode.Usage)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: --listen: %v\n", err)
		return int(exitcode.Usage)
	}
	mode := "reporting"
	if *enforce {
		mode = "enforcing"
	}
	fmt.Fprintf(stdout, "DLI validating proxy (profile %s, %s) listening on http://%s, forwarding to %s\n", p, mode, ln.Addr(), u.Redacted())

	// Let the exchanges in flight finish, so that each is reported.
	if err := serveUntilSignal(ln, px, 10*time.Second); err != nil {
		fmt.Fprintf(stderr, "dli-conformance proxy: %v\n", err)
		return int(exitcode.Failed)
	}
	if report != nil {
		if err := report.Sync(); err != nil {
			fmt.Fprintf(stderr, "dli-conformance proxy: --report: %v\n", err)
		}
	}
	sum := px.Summary()
	sum.WriteText(stdout)
	// An upstream that could not be reached is a failure too: a session
	// through the proxy that exits 0 said every answer conformed.
	if sum.ResponseViolations > 0 || sum.UpstreamErrors > 0 {
		return int(exitcode.Failed)
	}
	return int(exitcode.OK)
}
