package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/inprocess"
	"github.com/dli-conformance/dli-conformance/suites"
)

// engineRun carries a run out with the engine, in this process: each
// requirement as the catalogue lists it, the generated cases after them, the
// after-run check last, failures shown as they come. SIGINT or SIGTERM stop
// it: the running requirement puts back what it changed, the rest are not
// run, and the after-run check still says what was left behind.
func engineRun(p runPlan) suites.Outcome {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	console := &inprocess.Console{W: p.out, Verbose: p.verbose}
	order := p.seed
	if order == 0 {
		order = time.Now().UnixNano()
	}
	res, err := inprocess.Run(ctx, p.cfg, inprocess.Options{Selection: p.selection, Order: order, Verbose: p.verbose, Adjust: p.adjust, OnResult: console.Result})
	if err != nil {
		fmt.Fprintf(p.out, "dli-conformance: %v\n", err)
		return suites.Outcome{}
	}
	if res.Summary.Setup == nil {
		console.Tally(res.Summary.Duration())
	}
	return suites.Outcome{Passed: res.Passed, Summary: &res.Summary}
}
