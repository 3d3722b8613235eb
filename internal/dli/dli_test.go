package dli

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
)

func TestBindingsArithmetic(t *testing.T) {
	a := Bindings{Queues: []string{"q1", "q2", "q2"}, Pools: []string{"p1"}}
	b := Bindings{Queues: []string{"q2", "q1"}}
	if a.Equal(b) || !a.Equal(Bindings{Queues: []string{"q2", "q1", "q2"}, Pools: []string{"p1"}}) {
		t.Fatal("Equal must ignore order but not duplicates")
	}
	extra := a.Minus(b)
	if !slices.Equal(extra.Queues, []string{"q2"}) || !slices.Equal(extra.Pools, []string{"p1"}) {
		t.Fatalf("a minus b = %+v", extra)
	}
	if !b.Minus(a).Empty() {
		t.Fatalf("b minus a = %+v", b.Minus(a))
	}
}

func TestPathsEscapeEachSegment(t *testing.T) {
	if got := BindPath("p", "a/b c"); got != "/v2.0/p/datasource/enhanced-connections/a%2Fb%20c/associate-queue" {
		t.Fatalf("BindPath = %s", got)
	}
}

// fakeTarget keeps one connection's queue bindings and can refuse to unbind.
type fakeTarget struct {
	mu         sync.Mutex
	queues     []string
	creating   int // show calls that still report CREATING
	stubborn   bool
	unbindSeen []string
}

func (f *fakeTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var body BindBody
	_ = json.NewDecoder(r.Body).Decode(&body)
	switch {
	case r.Method == "GET":
		status := "ACTIVE"
		if f.creating > 0 {
			f.creating--
			status = "CREATING"
		}
		var peers []Peer
		for _, q := range f.queues {
			peers = append(peers, Peer{Name: q, Status: status})
		}
		json.NewEncoder(w).Encode(Connection{ID: "c", Status: "ACTIVE", Queues: peers})
	case strings.HasSuffix(r.URL.Path, "/associate-queue"):
		f.queues = append(f.queues, body.Queues...)
	case strings.HasSuffix(r.URL.Path, "/disassociate-queue"):
		f.unbindSeen = append(f.unbindSeen, body.Queues...)
		if !f.stubborn {
			f.queues = slices.DeleteFunc(f.queues, func(q string) bool { return slices.Contains(body.Queues, q) })
		}
	}
}

func newAPI(t *testing.T, h http.Handler) *API {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Options{Endpoint: srv.URL, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &API{Client: c, Project: "p"}
}

func TestRestoreUnbindsWhatWasAdded(t *testing.T) {
	f := &fakeTarget{queues: []string{"kept"}}
	api := newAPI(t, f)
	before := Bindings{Queues: []string{"kept"}}
	api.Bind(context.Background(), "c", BindBody{Queues: []string{"new"}})
	if _, err := api.Restore(context.Background(), "c", before); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.queues, []string{"kept"}) || !slices.Equal(f.unbindSeen, []string{"new"}) {
		t.Fatalf("after restore: %v, unbound %v", f.queues, f.unbindSeen)
	}
}

func TestRestoreReportsWhatItCouldNotUndo(t *testing.T) {
	f := &fakeTarget{stubborn: true}
	api := newAPI(t, f)
	api.Bind(context.Background(), "c", BindBody{Queues: []string{"q1"}})
	_, err := api.Restore(context.Background(), "c", Bindings{})
	var left *LeftoverError
	if !errors.As(err, &left) || !strings.Contains(err.Error(), `to undo: POST /v2.0/p/datasource/enhanced-connections/c/disassociate-queue with body {"queues":["q1"]}`) {
		t.Fatalf("want a LeftoverError naming the undo request, got %v", err)
	}
}

func TestAwaitSettledPollsUntilActive(t *testing.T) {
	f := &fakeTarget{queues: []string{"q1"}, creating: 2}
	api := newAPI(t, f)
	conn, xs, err := api.AwaitSettled(context.Background(), "c", BindBody{Queues: []string{"q1"}}, 5*time.Second)
	if err != nil || !conn.Settled(BindBody{Queues: []string{"q1"}}) || len(xs) != 3 {
		t.Fatalf("settled=%v after %d polls, err %v", conn != nil && conn.Settled(BindBody{Queues: []string{"q1"}}), len(xs), err)
	}
}

func TestAwaitSettledGivesUpAtTheTimeout(t *testing.T) {
	f := &fakeTarget{}
	api := newAPI(t, f)
	conn, xs, err := api.AwaitSettled(context.Background(), "c", BindBody{Queues: []string{"never"}}, 0)
	if err != nil || conn.Settled(BindBody{Queues: []string{"never"}}) || len(xs) != 1 {
		t.Fatalf("with no time to wait: %d polls, err %v", len(xs), err)
	}
}

func TestListedIgnoresStatus(t *testing.T) {
	c := &Connection{Queues: []Peer{{Name: "a", Status: "CREATING"}}, Pools: []Peer{{Name: "p", Status: "ACTIVE"}}}
	if !c.Listed(BindBody{Queues: []string{"a"}, Pools: []string{"p"}}) {
		t.Error("a CREATING entry is not listed")
	}
	if c.Listed(BindBody{Queues: []string{"b"}}) || (*Connection)(nil).Listed(BindBody{}) {
		t.Error("a missing name, or no connection, is listed")
	}
}
