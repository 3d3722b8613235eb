package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// violatingEmulator answers every show in a way its (stricter) contract refuses.
func violatingEmulator(t *testing.T, log *syncBuffer) *Emulator {
	t.Helper()
	opts := Options{Tokens: []string{token}, Contract: stricterContract(t)}
	if log != nil {
		opts.ViolationLog = log
	}
	emu, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return emu
}

func show(emu *Emulator) {
	req := httptest.NewRequest("GET", connPath(projectID, connID), nil)
	req.Header.Set("X-Auth-Token", token)
	emu.ServeHTTP(httptest.NewRecorder(), req)
}

func TestEachViolationIsLoggedAsItHappens(t *testing.T) {
	var log syncBuffer
	emu := violatingEmulator(t, &log)
	show(emu)
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "emulator: contract violation: GET "+connPath(projectID, connID)+" → 200: ") {
		t.Fatalf("log after one violating answer:\n%s", log.String())
	}
	show(emu)
	if n := strings.Count(log.String(), "\n"); n != 2 {
		t.Errorf("log has %d lines after two violating answers", n)
	}
}

func TestViolationsAreBoundedAndCounted(t *testing.T) {
	emu := violatingEmulator(t, nil)
	const total = MaxKeptViolations + 7
	for i := range total {
		// Each target differs, so that the kept lines show which ones survived.
		req := httptest.NewRequest("GET", connPath(projectID, connID)+fmt.Sprintf("?i=%d", i), nil)
		req.Header.Set("X-Auth-Token", token)
		emu.ServeHTTP(httptest.NewRecorder(), req)
	}
	v := emu.Violations()
	if len(v) != MaxKeptViolations || emu.ViolationCount() != total {
		t.Fatalf("kept %d, counted %d; want %d kept, %d counted", len(v), emu.ViolationCount(), MaxKeptViolations, total)
	}
	if !strings.Contains(v[0], "?i=7 ") || !strings.Contains(v[len(v)-1], fmt.Sprintf("?i=%d ", total-1)) {
		t.Errorf("kept lines are not the most recent, oldest first: first %q, last %q", v[0], v[len(v)-1])
	}
}

func TestViolationsAreServedToTheHarness(t *testing.T) {
	emu := violatingEmulator(t, nil)
	srv := newServer(t, emu)
	get := func() violationsView {
		resp, err := http.Get(srv.URL + "/_emulator/violations")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var view violationsView
		if err := json.NewDecoder(resp.Body).Decode(&view); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /_emulator/violations: %d %v", resp.StatusCode, err)
		}
		return view
	}
	if v := get(); v.Count != 0 || len(v.Violations) != 0 || v.Capacity != MaxKeptViolations {
		t.Errorf("before any violation: %+v", v)
	}
	show(emu)
	v := get()
	if v.Count != 1 || len(v.Violations) != 1 || !strings.Contains(v.Violations[0], "response status 200 body") {
		t.Errorf("after one violation: %+v", v)
	}
	// The harness's own answers are not checked against the API contract.
	if emu.ViolationCount() != 1 {
		t.Errorf("serving the violations added some: %v", emu.Violations())
	}
}
