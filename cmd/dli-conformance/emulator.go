package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

func emulatorCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on (loopback by default)")
	seedFile := fs.String("seed", "", "seed file (JSON, the form of fixtures/emulator-seed.json); default: the embedded seed")
	token := fs.String("token", "", "accepted X-Auth-Token value (required)")
	profile := fs.String("profile", string(contract.HuaweiCloud), "documented variant: huaweicloud or otc")
	delay := fs.Duration("activation-delay", 2*time.Second, "how long a new binding stays CREATING before it turns ACTIVE")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *token == "" {
		fmt.Fprintln(stderr, "dli-conformance emulator: --token is required: it is the X-Auth-Token clients must send")
		return 2
	}
	p, err := contract.ParseProfile(*profile)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: --profile: %v\n", err)
		return 2
	}
	opts := emulator.Options{Tokens: []string{*token}, Profile: p, ActivationDelay: *delay}
	if *seedFile != "" {
		if opts.Seed, err = emulator.LoadSeed(*seedFile); err != nil {
			fmt.Fprintf(stderr, "dli-conformance emulator: --seed: %v\n", err)
			return 2
		}
	}
	emu, err := emulator.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "dli-conformance emulator: --listen: %v\n", err)
		return 2
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(stdout, "DLI emulator (profile %s) listening on http://%s\n", p, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "dli-conformance emulator: %v\n", err)
		return 1
	}
	return 0
}
