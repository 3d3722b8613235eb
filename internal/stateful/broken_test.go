package stateful

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// noRebind is an emulator that refuses to bind a queue again once it was bound
// and then unbound.
type noRebind struct {
	next http.Handler
	mu   sync.Mutex
	gone map[string]bool
}

func (h *noRebind) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body := readBody(r)
	var names struct{ Queues []string }
	_ = json.Unmarshal(body, &names)
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case strings.HasSuffix(r.URL.Path, "/associate-queue"):
		for _, q := range names.Queues {
			if h.gone[q] {
				dliRefusal(w, "Queue "+q+" cannot be bound again.")
				return
			}
		}
	case strings.HasSuffix(r.URL.Path, "/disassociate-queue"):
		bound, _, _ := h.next.(*emulator.Emulator).Bindings(project, connID)
		rec := httptest.NewRecorder()
		h.next.ServeHTTP(rec, r)
		if rec.Code == 200 {
			for _, q := range names.Queues {
				h.gone[q] = h.gone[q] || slices.Contains(bound, q)
			}
		}
		copyResponse(w, rec)
		return
	}
	h.next.ServeHTTP(w, r)
}

func (h *noRebind) wrap(next http.Handler) http.Handler {
	h.next = next
	return h
}

func (h *noRebind) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gone = map[string]bool{}
}

// staleList is an emulator whose list answers from a copy taken at its first list
// request and kept for an hour.
type staleList struct {
	next  http.Handler
	mu    sync.Mutex
	cache *httptest.ResponseRecorder
	taken time.Time
}

func (h *staleList) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/enhanced-connections") {
		h.next.ServeHTTP(w, r)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cache == nil || time.Since(h.taken) > time.Hour {
		h.cache = httptest.NewRecorder()
		h.next.ServeHTTP(h.cache, r)
		h.taken = time.Now()
	}
	copyResponse(w, h.cache)
}

func (h *staleList) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cache = nil
}

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// brokenWalk walks a broken emulator until a seed fails; it resets the emulator
// and the wrapper before each re-run while shrinking.
func brokenWalk(t *testing.T, wrap func(http.Handler) http.Handler, reset func()) Result {
	t.Helper()
	e := newEnv(t, envOptions{wrap: wrap})
	cfg := walkConfig(1, loadContract(t))
	cfg.Reset = func(context.Context) error {
		e.emu.Reset()
		reset()
		return nil
	}
	r := Walk(background, e.on(connID), cfg)
	if r.Failure == nil {
		t.Fatal("the walk did not catch the broken emulator")
	}
	t.Logf("caught at step %d of the walk; shrunk in %d runs:\n%s", r.Failure.Step, r.ShrinkRuns, r.Reproduction())
	if r.ShrunkFailure == nil || !r.ShrunkFailure.Same(r.Failure) {
		t.Fatalf("the shrunk run fails differently: %v, first %v", r.ShrunkFailure, r.Failure)
	}
	if r.ShrinkCut != "" || strings.Contains(r.Reproduction(), "not fully shrunk") {
		t.Fatalf("shrinking with no budget was cut: %s", r.ShrinkCut)
	}
	return r
}

func TestWalkCatchesATargetThatRefusesToBindAgain(t *testing.T) {
	h := &noRebind{gone: map[string]bool{}}
	r := brokenWalk(t, h.wrap, h.reset)
	if r.Failure.Rule != RuleStatus || len(r.Shrunk) > 3 {
		t.Fatalf("want a status failure shrunk to at most 3 steps (bind, unbind, bind again), got %s with %d steps", r.Failure.Rule, len(r.Shrunk))
	}
	last := r.Shrunk[len(r.Shrunk)-1]
	if last.Op.Action != ActBind || last.Status != 400 {
		t.Fatalf("the shrunk walk ends with %s -> %d", last.Op, last.Status)
	}
}

func TestWalkCatchesAListAnsweringFromAStaleCopy(t *testing.T) {
	h := &staleList{}
	r := brokenWalk(t, func(next http.Handler) http.Handler { h.next = next; return h }, h.reset)
	if (r.Failure.Rule != RuleMissing && r.Failure.Rule != RuleLingering) || len(r.Shrunk) > 2 {
		t.Fatalf("want a missing or lingering name in the list, shrunk to at most 2 steps, got %s with %d steps", r.Failure.Rule, len(r.Shrunk))
	}
	if !strings.Contains(r.ShrunkFailure.Message, "list does not list") && !strings.Contains(r.ShrunkFailure.Message, "list lists") {
		t.Fatalf("the failure does not say the list is wrong: %s", r.ShrunkFailure.Message)
	}
}
