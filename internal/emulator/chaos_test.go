package emulator

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// recordRequest serves one token request in process, without a network.
func recordRequest(emu *Emulator, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("X-Auth-Token", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	emu.ServeHTTP(rec, req)
	return rec
}

func withChaos(seed uint64, rules ...ChaosRule) func(*Options) {
	return func(o *Options) { o.Chaos, o.ChaosSeed = rules, seed }
}

func TestChaosErrorAnswersTheDeclared500(t *testing.T) {
	h := newHarness(t, withChaos(1, ChaosRule{Operation: contract.OpBind, ErrorRate: 1}))
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).
		expectError(t, http.StatusInternalServerError, codeServer, "Server-side errors occur.")
	h.expectBindings(projectID, connID, nil, nil)
	// Other operations are untouched.
	h.do("POST", unbindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	recs := h.emu.Requests()
	if len(recs) != 2 || recs[0].Fault != faultError || recs[0].Status != 500 || recs[1].Fault != "" {
		t.Errorf("recorded %+v", recs)
	}
}

func TestChaosResetClosesTheConnection(t *testing.T) {
	h := newHarness(t, withChaos(1, ChaosRule{Operation: "*", ResetRate: 1}))
	req, _ := http.NewRequest("GET", h.srv.URL+connPath(projectID, connID), nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err := h.srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a reset request was answered %d", resp.StatusCode)
	}
	if errors.Is(err, io.EOF) || strings.Contains(err.Error(), "reset") || strings.Contains(err.Error(), "EOF") {
		t.Logf("client saw: %v", err)
	} else {
		t.Errorf("client error %v, want a reset or EOF", err)
	}
	recs := h.emu.Requests()
	if len(recs) != 1 || recs[0].Fault != faultReset || recs[0].Status != 0 || recs[0].Operation != contract.OpShow {
		t.Errorf("recorded %+v", recs)
	}
}

// Without a connection to take (a recorder, or HTTP/2) a reset becomes the nearest
// fault that can be written: a 500.
func TestChaosResetWithoutHijackingIsAnError(t *testing.T) {
	emu, err := New(Options{Tokens: []string{token}, Chaos: []ChaosRule{{Operation: "*", ResetRate: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	rec := recordRequest(emu, "GET", connPath(projectID, connID), "")
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d", rec.Code)
	}
	if r := emu.Requests(); len(r) != 1 || r[0].Fault != faultError {
		t.Errorf("recorded %+v", r)
	}
}

func TestChaosLatency(t *testing.T) {
	const delay = 60 * time.Millisecond
	h := newHarness(t, withChaos(1, ChaosRule{Operation: contract.OpShow, Latency: delay}))
	start := time.Now()
	h.do("GET", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	if took := time.Since(start); took < delay {
		t.Errorf("answered in %s, want at least %s", took, delay)
	}
	start = time.Now()
	h.do("GET", connsPath(projectID), "").expectStatus(t, http.StatusOK)
	if took := time.Since(start); took >= delay {
		t.Errorf("list took %s; the rule is for show only", took)
	}
	if recs := h.emu.Requests(); recs[0].DelayMS != delay.Milliseconds() || recs[1].DelayMS != 0 {
		t.Errorf("recorded delays %d and %d", recs[0].DelayMS, recs[1].DelayMS)
	}
}

// The same seed gives the same faults for the same sequence of requests, so that a
// flaky-client test can be repeated exactly.
func TestChaosIsSeedable(t *testing.T) {
	faults := func(seed uint64) []int {
		emu, err := New(Options{Tokens: []string{token}, ChaosSeed: seed,
			Chaos: []ChaosRule{{Operation: contract.OpShow, ErrorRate: 0.5}}})
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for range 64 {
			out = append(out, recordRequest(emu, "GET", connPath(projectID, connID), "").Code)
		}
		return out
	}
	a, b, c := faults(7), faults(7), faults(8)
	if !slices.Equal(a, b) {
		t.Errorf("seed 7 gave %v then %v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 7 and 8 gave the same faults %v", a)
	}
	errorsSeen := 0
	for _, code := range a {
		if code == http.StatusInternalServerError {
			errorsSeen++
		}
	}
	if errorsSeen < 16 || errorsSeen > 48 {
		t.Errorf("%d of 64 requests failed at rate 0.5", errorsSeen)
	}
}

func TestChaosRulesAreValidated(t *testing.T) {
	for name, rule := range map[string]ChaosRule{
		"unknown operation": {Operation: "bindEverything", ErrorRate: 1},
		"empty operation":   {ErrorRate: 1},
		"rate above 1":      {Operation: "*", ResetRate: 1.5},
		"negative rate":     {Operation: "*", ErrorRate: -0.1},
		"negative latency":  {Operation: "*", Latency: -time.Second},
	} {
		if _, err := New(Options{Tokens: []string{token}, Chaos: []ChaosRule{rule}}); err == nil {
			t.Errorf("%s: New accepted %+v", name, rule)
		}
	}
}
