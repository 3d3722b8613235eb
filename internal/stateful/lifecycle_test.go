package stateful

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func lifecycleConfig() LifecycleConfig {
	return LifecycleConfig{Queues: seedQueues, Pools: seedPools, DestVPCID: "vpc-1", DestNetworkID: "net-1", Seed: 4, SettleTimeout: time.Second}
}

// activeConnections counts the project's connections that are not deleted.
func (e *env) activeConnections(t *testing.T) int {
	t.Helper()
	p, _, err := e.api.List(background, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range p.Connections {
		if c.Status != "DELETED" {
			n++
		}
	}
	return n
}

func TestLifecycleOfAScratchConnection(t *testing.T) {
	e := newEnv(t, envOptions{delay: 10 * time.Millisecond})
	before := e.activeConnections(t)
	r := Lifecycle(background, e.api, lifecycleConfig())
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	var what []string
	for _, s := range r.Steps {
		what = append(what, s.What)
	}
	t.Logf("steps: %s", strings.Join(what, "; "))
	if len(r.Steps) != 9 || r.Connection == "" {
		t.Fatalf("%d steps on %q", len(r.Steps), r.Connection)
	}
	if got := e.activeConnections(t); got != before {
		t.Fatalf("%d connections are live, %d before", got, before)
	}
	if v := e.emu.Violations(); len(v) > 0 {
		t.Fatal(v)
	}
}

// lifecycleBreaker answers the requests it matches itself instead of the emulator.
func lifecycleBreaker(match func(*http.Request) bool, answer func(http.ResponseWriter)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if match(r) {
				answer(w)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func TestLifecycleCatchesABindAcceptedOnADeletedConnection(t *testing.T) {
	var deleted atomic.Bool
	e := newEnv(t, envOptions{wrap: lifecycleBreaker(
		func(r *http.Request) bool {
			if r.Method == http.MethodDelete {
				deleted.Store(true)
			}
			return deleted.Load() && strings.HasSuffix(r.URL.Path, "/associate-queue")
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			_, _ = w.Write([]byte(`{"is_success":true,"message":"associated"}`))
		})})
	r := Lifecycle(background, e.api, lifecycleConfig())
	if r.Failure == nil || !strings.Contains(r.Failure.Error(), "binding to the deleted connection is refused") {
		t.Fatalf("want the bind after delete caught, got %v", r.Failure)
	}
	if r.Cleanup != nil {
		t.Fatal(r.Cleanup)
	}
}

func TestLifecycleDeletesTheConnectionWhenAStepFails(t *testing.T) {
	e := newEnv(t, envOptions{wrap: lifecycleBreaker(
		func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/disassociate-queue") },
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error_code":"DLI.0999","error_msg":"Server-side errors occur."}`))
		})})
	before := e.activeConnections(t)
	r := Lifecycle(background, e.api, lifecycleConfig())
	if r.Failure == nil || !strings.Contains(r.Failure.Error(), "unbind") {
		t.Fatalf("want the failed unbind reported, got %v", r.Failure)
	}
	if r.Cleanup != nil {
		t.Fatal(r.Cleanup)
	}
	if last := r.Steps[len(r.Steps)-1]; !strings.HasPrefix(last.What, "cleanup") || last.Exchange.Status != 200 {
		t.Fatalf("last step %q answered %d", last.What, last.Exchange.Status)
	}
	if got := e.activeConnections(t); got != before {
		t.Fatalf("the scratch connection was left behind: %d live connections, %d before", got, before)
	}
}

func TestLifecycleSaysWhatIsLeftBehind(t *testing.T) {
	e := newEnv(t, envOptions{wrap: lifecycleBreaker(
		func(r *http.Request) bool {
			return r.Method == http.MethodDelete || strings.HasSuffix(r.URL.Path, "/disassociate-queue")
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error_code":"DLI.0999","error_msg":"Server-side errors occur."}`))
		})})
	r := Lifecycle(background, e.api, lifecycleConfig())
	if r.Cleanup == nil || !strings.Contains(r.Cleanup.Error(), "to remove it: DELETE /v2.0/"+project+"/datasource/enhanced-connections/"+r.Connection) {
		t.Fatalf("want the leftover named with its delete request, got %v", r.Cleanup)
	}
}
