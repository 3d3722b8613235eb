package emulator

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchClients is how many clients send at once in the concurrent benchmarks, as a
// load generator keeps ten connections busy.
const benchClients = 10

// concurrentRound has benchClients clients send perClient bind-and-unbind pairs
// each to base, at once, over their own keep-alive connections, and returns how
// long the round took. Any status but 200 fails the benchmark.
func concurrentRound(b *testing.B, clients []*http.Client, base, body string, perClient int) time.Duration {
	b.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(clients))
	start := time.Now()
	for _, c := range clients {
		wg.Go(func() {
			for range perClient {
				for _, path := range []string{bindPath(projectID, connID), unbindPath(projectID, connID)} {
					if err := postOnce(c, base+path, body); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return took
}

func postOnce(c *http.Client, url, body string) error {
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: %d", url, resp.StatusCode)
	}
	return nil
}

// BenchmarkBindLoopbackConcurrent is BenchmarkBindLoopback under load: ten clients
// at once, each iteration a round against the bare handler and a round against the
// emulator, so that both meet the same contention. ratio-vs-bare is the emulator's
// throughput over the bare handler's (the ceiling) in this same run.
func BenchmarkBindLoopbackConcurrent(b *testing.B) {
	body := queuesBody("queue_a", "queue_b")
	emu := newLoopbackClient(b, benchEmulator(b), body)
	bare := &bareHandler{
		header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "X-Request-Id": {strings.Repeat("0", 32)}},
		bodies: map[string][]byte{},
	}
	for _, p := range []string{bindPath(projectID, connID), unbindPath(projectID, connID)} {
		bare.bodies[p] = bytes.Clone(emu.post(p))
	}
	bareSrv := newLoopbackClient(b, bare, body)
	clients := make([]*http.Client, benchClients)
	for i := range clients {
		clients[i] = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	}
	const perClient = 10
	var emuTime, bareTime time.Duration
	for b.Loop() {
		bareTime += concurrentRound(b, clients, bareSrv.srv.URL, body, perClient)
		emuTime += concurrentRound(b, clients, emu.srv.URL, body, perClient)
	}
	requests := float64(b.N * benchClients * perClient * 2)
	b.ReportMetric(requests/emuTime.Seconds(), "emulator-req/s")
	b.ReportMetric(requests/bareTime.Seconds(), "bare-req/s")
	b.ReportMetric(bareTime.Seconds()/emuTime.Seconds(), "ratio-vs-bare")
}
