package emulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// ackEmulator is an emulator with an acknowledgement delay whose waits are recorded
// instead of spent; each wait also notes the bindings as they stood while the answer
// was held back.
type ackEmulator struct {
	*Emulator
	waits      []time.Duration
	boundWhile [][]string
}

func newAckEmulator(t *testing.T, delay time.Duration) *ackEmulator {
	t.Helper()
	emu, err := New(Options{Tokens: []string{token}, AckDelay: delay})
	if err != nil {
		t.Fatal(err)
	}
	a := &ackEmulator{Emulator: emu}
	emu.sleep = func(_ context.Context, d time.Duration) {
		a.waits = append(a.waits, d)
		q, _, _ := emu.Bindings(projectID, connID)
		a.boundWhile = append(a.boundWhile, q)
	}
	return a
}

func (a *ackEmulator) serve(t *testing.T, method, path, body string) int {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("X-Auth-Token", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	return rec.Code
}

func TestAckDelayHoldsBackEveryChangeAfterMakingIt(t *testing.T) {
	a := newAckEmulator(t, 400*time.Millisecond)
	if code := a.serve(t, "POST", bindPath(projectID, connID), queuesBody("queue_a")); code != http.StatusOK {
		t.Fatalf("bind: %d", code)
	}
	if !slices.Equal(a.waits, []time.Duration{400 * time.Millisecond}) {
		t.Fatalf("waits after a bind = %v, want one of 400ms", a.waits)
	}
	if !slices.Contains(a.boundWhile[0], "queue_a") {
		t.Errorf("bindings while the bind's answer waited = %v, want queue_a made before the acknowledgement", a.boundWhile[0])
	}
	// A refused bind reached DLI too: it is acknowledged as late.
	if code := a.serve(t, "POST", bindPath(projectID, connID), queuesBody("no_such_queue")); code != http.StatusBadRequest {
		t.Fatalf("bind of an unknown queue: %d", code)
	}
	if code := a.serve(t, "POST", unbindPath(projectID, connID), queuesBody("queue_a")); code != http.StatusOK {
		t.Fatalf("unbind: %d", code)
	}
	if len(a.waits) != 3 {
		t.Errorf("waits after bind, refused bind and unbind = %v, want 3", a.waits)
	}
}

func TestAckDelayLeavesReadsAndGatewayRefusalsAlone(t *testing.T) {
	a := newAckEmulator(t, 400*time.Millisecond)
	if code := a.serve(t, "GET", connPath(projectID, connID), ""); code != http.StatusOK {
		t.Fatalf("show: %d", code)
	}
	if code := a.serve(t, "GET", connsPath(projectID), ""); code != http.StatusOK {
		t.Fatalf("list: %d", code)
	}
	// No token: the gateway refuses before DLI sees the call.
	req := httptest.NewRequest("POST", bindPath(projectID, connID), strings.NewReader(queuesBody("queue_a")))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("bind without a token: %d", rec.Code)
	}
	if len(a.waits) != 0 {
		t.Errorf("waits = %v, want none for reads and gateway refusals", a.waits)
	}
}

func TestNoAckDelayNoWait(t *testing.T) {
	a := newAckEmulator(t, 0)
	if code := a.serve(t, "POST", bindPath(projectID, connID), queuesBody("queue_a")); code != http.StatusOK {
		t.Fatalf("bind: %d", code)
	}
	if len(a.waits) != 0 {
		t.Errorf("waits = %v, want none without AckDelay", a.waits)
	}
}

func TestNegativeAckDelayRefused(t *testing.T) {
	if _, err := New(Options{Tokens: []string{token}, AckDelay: -time.Second}); err == nil || !strings.Contains(err.Error(), "AckDelay") {
		t.Errorf("New with a negative AckDelay: %v, want an error naming AckDelay", err)
	}
}

func TestAckWaitEndsWithTheClient(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// An hour's wait for a client that has gone returns at once; were it not to,
	// the test would time out rather than pass.
	sleepCtx(ctx, time.Hour)
}
