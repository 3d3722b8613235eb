package emulator

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// ChaosRule injects faults into the requests of one operation, so that a client's
// handling of a slow, flaky or failing service can be tested. Faults hit a request
// after routing and before credentials are checked, as a network or gateway fault
// would; a faulted request changes nothing.
type ChaosRule struct {
	// Operation is an operation id of the contract (e.g. associateQueueToEnhancedConnection),
	// or "*" for every operation.
	Operation string
	// Latency is added before the request is handled.
	Latency time.Duration
	// ResetRate is the chance, from 0 to 1, that the connection is closed with a TCP
	// reset and no answer.
	ResetRate float64
	// ErrorRate is the chance, from 0 to 1, that the request is answered with the
	// operation's declared 500 instead of being served.
	ErrorRate float64
}

// Fault names, as RecordedRequest.Fault reports them.
const (
	faultReset = "reset"
	faultError = "error"
)

// chaos draws faults for the configured rules from one seeded source.
type chaos struct {
	rules map[string][]ChaosRule // by operation id; "*" applies to all
	mu    sync.Mutex
	rand  *rand.Rand
}

func newChaos(rules []ChaosRule, seed uint64, ops map[string]*openapi3.Operation) (*chaos, error) {
	c := &chaos{rules: map[string][]ChaosRule{}, rand: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for i, r := range rules {
		switch {
		case r.Operation != "*" && ops[r.Operation] == nil:
			known := make([]string, 0, len(ops))
			for id := range ops {
				known = append(known, id)
			}
			sort.Strings(known)
			return nil, fmt.Errorf("emulator: chaos[%d]: unknown operation %q (want * or one of %v)", i, r.Operation, known)
		case r.Latency < 0:
			return nil, fmt.Errorf("emulator: chaos[%d]: negative latency %s", i, r.Latency)
		case r.ResetRate < 0 || r.ResetRate > 1 || r.ErrorRate < 0 || r.ErrorRate > 1:
			return nil, fmt.Errorf("emulator: chaos[%d]: rates must be between 0 and 1, got reset %v error %v", i, r.ResetRate, r.ErrorRate)
		}
		c.rules[r.Operation] = append(c.rules[r.Operation], r)
	}
	return c, nil
}

// apply sleeps for the rules' latency and draws whether the request is reset or
// answered with an error, recording both on rec. Every matching rule adds its latency
// and draws in turn; the first fault drawn wins.
func (c *chaos) apply(ctx context.Context, op string, rec *RecordedRequest) string {
	rules := slices.Concat(c.rules["*"], c.rules[op])
	if len(rules) == 0 {
		return ""
	}
	var delay time.Duration
	fault := ""
	c.mu.Lock()
	for _, r := range rules {
		delay += r.Latency
		if fault == "" && r.ResetRate > 0 && c.rand.Float64() < r.ResetRate {
			fault = faultReset
		}
		if fault == "" && r.ErrorRate > 0 && c.rand.Float64() < r.ErrorRate {
			fault = faultError
		}
	}
	c.mu.Unlock()
	if delay > 0 {
		rec.DelayMS = delay.Milliseconds()
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	rec.Fault = fault
	return fault
}

// hijack takes the connection from the server, or returns nil when it cannot be
// taken (HTTP/2, or a recorder in tests).
func hijack(w http.ResponseWriter) net.Conn {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return nil
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return nil
	}
	return conn
}

// resetConn closes conn with SO_LINGER 0, so that the client sees a reset rather than an
// orderly close.
func resetConn(conn net.Conn) {
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// injectedError is the answer to a request that chaos fails: the operation's declared
// 500, as a scenario would give it.
func (e *Emulator) injectedError(op string) response {
	resp, err := e.documented(op, http.StatusInternalServerError, "")
	if err != nil {
		return dliError(http.StatusInternalServerError, codeServer, "Server-side errors occur.")
	}
	return resp
}
