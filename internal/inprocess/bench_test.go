package inprocess_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/inprocess"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// runSuite runs the whole suite, default settings but for the target's inputs and a
// fixed seed (so that both targets get the same walks), against an emulator built
// from opts behind a loopback server. It fails the benchmark unless the run passes:
// both targets are conformant, so any failure is a false alarm.
func runSuite(b *testing.B, opts emulator.Options) time.Duration {
	b.Helper()
	opts.Tokens = []string{broken.Token}
	emu, err := emulator.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()
	env := map[string]string{
		"DLI_ENDPOINT":              srv.URL,
		"DLI_REPORT_DIR":            "none",
		"DLI_PROJECT_ID":            broken.Project,
		"DLI_CONNECTION_ID":         broken.Connection,
		"DLI_DELETED_CONNECTION_ID": broken.DeletedConnection,
		"DLI_QUEUES":                broken.Queues,
		"DLI_POOLS":                 broken.Pools,
		"DLI_AUTH_TOKEN":            broken.Token,
		"DLI_SEED":                  "1",
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	res, err := inprocess.Run(context.Background(), cfg, inprocess.Options{})
	took := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	// Logged as well as reported: a failed benchmark prints no metrics.
	b.Logf("a run against the emulator with AckDelay %s, VisibilityDelay %s, ActivationDelay %s took %s",
		opts.AckDelay, opts.Latitude.VisibilityDelay, opts.ActivationDelay, took.Round(time.Millisecond))
	if !res.Passed {
		var failed []string
		for _, r := range res.Summary.Requirements {
			if r.Status == report.Failed {
				failed = append(failed, r.ID+": "+r.Reason)
			}
		}
		b.Fatalf("the suite failed a conformant target (AckDelay %s):\n%s", opts.AckDelay, strings.Join(failed, "\n"))
	}
	if v := emu.Violations(); len(v) > 0 {
		b.Fatalf("the emulator departed from the contract: %v", v)
	}
	return took
}

// BenchmarkSuiteAgainstSlowCloud times a default run of the whole suite, in
// process, against a conformant emulator as slow as a real cloud
// (emulator.SlowCloud: 400 ms acknowledgements, bindings listed after 1.2 s and
// ACTIVE 300 ms later), and in the same iteration against the same emulator
// without delays. slow-s and fast-s are the runs' times; slow/fast says how much
// of the slow run the target's delays cost. Run it with -benchtime=1x: one slow
// run takes minutes.
func BenchmarkSuiteAgainstSlowCloud(b *testing.B) {
	var slow, fast time.Duration
	for b.Loop() {
		fast += runSuite(b, emulator.Options{})
		slow += runSuite(b, emulator.SlowCloud(emulator.Options{}))
	}
	n := float64(b.N)
	b.ReportMetric(slow.Seconds()/n, "slow-s")
	b.ReportMetric(fast.Seconds()/n, "fast-s")
	b.ReportMetric(slow.Seconds()/fast.Seconds(), "slow/fast")
	b.ReportMetric(0, "ns/op") // the two runs' times say it better
}
