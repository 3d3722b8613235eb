package stateful

import (
	"testing"
	"time"
)

// BenchmarkShowBaseline is one query of the connection: the unit the walk's cost
// is measured in.
func BenchmarkShowBaseline(b *testing.B) {
	e := newEnv(b, envOptions{})
	for b.Loop() {
		if _, _, err := e.api.Show(background, connID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWalkStep is one step of a walk against the emulator: the request, its
// checks, and the show and list that confirm it.
func BenchmarkWalkStep(b *testing.B) {
	e := newEnv(b, envOptions{})
	cfg := walkConfig(1, nil)
	cfg.MaxSteps = 200
	steps := Plan(cfg)
	done := 0
	start := time.Now()
	for b.Loop() {
		r := Run(background, e.on(connID), cfg, steps)
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		done += len(r.Steps)
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(done), "ns/step")
}

// BenchmarkWalkStepChecked is the same with every answer checked against the
// contract.
func BenchmarkWalkStepChecked(b *testing.B) {
	e := newEnv(b, envOptions{})
	cfg := walkConfig(1, loadContract(b))
	cfg.MaxSteps = 200
	steps := Plan(cfg)
	done := 0
	start := time.Now()
	for b.Loop() {
		r := Run(background, e.on(connID), cfg, steps)
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		done += len(r.Steps)
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(done), "ns/step")
}

// BenchmarkConcurrent reports the rate eight clients sustain against the emulator.
func BenchmarkConcurrent(b *testing.B) {
	e := newEnv(b, envOptions{seed: manyQueues})
	cfg := ConcurrentConfig{Queues: manyQueueNames(), Pools: seedPools, Seed: 5, Requests: 50, SettleTimeout: time.Second}
	var rate float64
	runs := 0
	for b.Loop() {
		r := Concurrent(background, e.on(connID), cfg)
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		rate += r.Rate
		runs++
	}
	b.ReportMetric(rate/float64(runs), "requests/s")
}
