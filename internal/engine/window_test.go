package engine

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// inFlight counts the checks running at once and remembers the most. With
// meet set, each check waits until that many have run at once (after which
// none waits again) or until patience has passed: checks that may run side by
// side then do, however the goroutines are scheduled, and checks that must not
// each wait out patience and are counted one at a time.
type inFlight struct {
	mu        sync.Mutex
	now, most int
	meet      int
	patience  time.Duration
	met       chan struct{}
	once      sync.Once
}

// meeting is an inFlight whose checks wait for meet of them to run at once,
// for patience at most.
func meeting(meet int, patience time.Duration) *inFlight {
	return &inFlight{meet: meet, patience: patience, met: make(chan struct{})}
}

func (f *inFlight) enter() {
	f.mu.Lock()
	f.now++
	f.most = max(f.most, f.now)
	if f.meet > 0 && f.now >= f.meet {
		f.once.Do(func() { close(f.met) })
	}
	f.mu.Unlock()
	if f.meet > 0 {
		select {
		case <-f.met:
		case <-time.After(f.patience):
		}
	}
}

func (f *inFlight) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now--
}

// refusal is a read-only requirement that sends a bind of a queue no account
// has, which must be refused and change nothing; during may act while it runs.
func refusal(id string, flight *inFlight, during func(context.Context, *Spec)) Requirement {
	return Requirement{ID: id, Title: id, Group: Negative, Needs: []Need{NeedConnection},
		Check: func(ctx context.Context, s *Spec) {
			flight.enter()
			defer flight.leave()
			before := s.Guard(ctx)
			x := s.Send(ctx, s.BindRequest(refused))
			if during != nil {
				during(ctx, s)
			}
			s.RejectedUnchanged(ctx, x, before, 400)
		}}
}

const refused = `{"queues": ["no_such_queue_anywhere"]}`

func embeddedConfig(t *testing.T, clients string) config.Config {
	t.Helper()
	cfg, err := EmulatorDefaults(load(t, map[string]string{"DLI_CLIENTS": clients}))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func statuses(out Outcome) map[string]verdict.State {
	m := map[string]verdict.State{}
	for _, r := range out.Results {
		m[r.ID] = r.Status
	}
	return m
}

func TestReadOnlyRequirementsRunSideBySideUpToDLIClients(t *testing.T) {
	flight := meeting(2, 2*time.Second)
	ids := []string{"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"}
	var reqs []Requirement
	for _, id := range ids {
		reqs = append(reqs, refusal(id, flight, nil))
	}
	out, err := RunAll(context.Background(), embeddedConfig(t, "3"), reqs, Selection{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id, st := range statuses(out) {
		if st != verdict.Passed {
			t.Errorf("%s: %s", id, st)
		}
	}
	if len(out.Results) != len(reqs) {
		t.Fatalf("%d results for %d requirements", len(out.Results), len(reqs))
	}
	if flight.most < 2 || flight.most > 3 {
		t.Errorf("at most %d ran at once, want 2 or 3 with DLI_CLIENTS=3", flight.most)
	}
	flight = meeting(2, 100*time.Millisecond)
	reqs = reqs[:0]
	for _, id := range ids[:5] {
		reqs = append(reqs, refusal(id, flight, nil))
	}
	if _, err := RunAll(context.Background(), embeddedConfig(t, "3"), reqs, Selection{}, Options{Serial: true}); err != nil {
		t.Fatal(err)
	}
	if flight.most != 1 {
		t.Errorf("serial: %d ran at once", flight.most)
	}
}

func TestAChangeInAWindowFailsOnlyTheRequirementWhoseRequestMadeIt(t *testing.T) {
	flight := meeting(2, 2*time.Second)
	cfg := embeddedConfig(t, "4")
	culprit := func(ctx context.Context, s *Spec) {
		// What a broken target does with this one request: bind a queue.
		s.Run.API.Bind(ctx, s.Run.Cfg.ConnectionID, dli.BindBody{Queues: s.Run.Cfg.Queues[:1]})
	}
	var alone sync.Map // id → runs outside a window
	countAlone := func(ctx context.Context, s *Spec) {
		if s.win == nil {
			n, _ := alone.LoadOrStore(s.Req.ID, new(atomic.Int32))
			n.(*atomic.Int32).Add(1)
		}
	}
	reqs := []Requirement{refusal("CULPRIT", flight, func(ctx context.Context, s *Spec) { countAlone(ctx, s); culprit(ctx, s) })}
	for _, id := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O"} {
		reqs = append(reqs, refusal(id, flight, countAlone))
	}
	// The culprit somewhere in the middle.
	reqs[0], reqs[9] = reqs[9], reqs[0]
	ctx := context.Background()
	run, _, setup, err := Start(ctx, cfg, Options{})
	if err != nil || setup != nil {
		t.Fatal(err, setup)
	}
	defer run.Close()
	w := run.openWindow(ctx, cfg.Clients)
	for _, r := range reqs {
		run.start(ctx, w, r)
	}
	results := run.closeWindow(ctx, w)
	for _, r := range results {
		want := verdict.Passed
		if r.ID == "CULPRIT" {
			want = verdict.Failed
		}
		if r.Status != want {
			t.Errorf("%s: %s, want %s (%v)", r.ID, r.Status, want, r.Failure)
		}
	}
	if flight.most < 2 {
		t.Errorf("the members ran one at a time")
	}
	// Halving finds the culprit with two at most run alone, not sixteen.
	runs := 0
	alone.Range(func(_, n any) bool { runs += int(n.(*atomic.Int32).Load()); return true })
	if runs > 2 {
		t.Errorf("%d runs alone to find one change among %d requirements", runs, len(reqs))
	}
	if n, ok := alone.Load("CULPRIT"); !ok || n.(*atomic.Int32).Load() != 1 {
		t.Error("the culprit was not run alone")
	}
	conn, _, err := run.API.Show(ctx, cfg.ConnectionID)
	if err != nil {
		t.Fatal(err)
	}
	if !conn.Bindings().Equal(*run.Baseline) {
		t.Errorf("the connection was left with %s; it had %s", conn.Bindings(), *run.Baseline)
	}
}

func TestOnceTheTargetThrottlesTheWindowSendsOneRequestAtATime(t *testing.T) {
	cfg := embeddedConfig(t, "4")
	emu, err := emulator.New(emulator.Options{Tokens: []string{cfg.AuthToken}})
	if err != nil {
		t.Fatal(err)
	}
	var binds atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The third of the requirements' binds is throttled, once.
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/associate-queue") && r.ContentLength == int64(len(refused)) && binds.Add(1) == 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		emu.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg.Endpoint = srv.URL
	// Before the throttled answer members may run side by side; after it,
	// any two that did would meet.
	before, after := &inFlight{}, meeting(2, 100*time.Millisecond)
	var throttled atomic.Bool
	var reqs []Requirement
	for _, id := range []string{"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"} {
		reqs = append(reqs, Requirement{ID: id, Title: id, Group: Negative, Needs: []Need{NeedConnection},
			Check: func(ctx context.Context, s *Spec) {
				f := before
				if throttled.Load() {
					f = after
				}
				f.enter()
				defer f.leave()
				b := s.Guard(ctx)
				x := s.Send(ctx, s.BindRequest(refused))
				if x.Retries > 0 {
					throttled.Store(true)
				}
				s.RejectedUnchanged(ctx, x, b, 400)
			}})
	}
	out, err := RunAll(context.Background(), cfg, reqs, Selection{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id, st := range statuses(out) {
		if st != verdict.Passed {
			t.Errorf("%s: %s", id, st)
		}
	}
	if !throttled.Load() {
		t.Fatal("no request was throttled")
	}
	if after.most != 1 {
		t.Errorf("after the target throttled, %d ran at once", after.most)
	}
}

func TestAnInterruptedWindowFailsNothingAndLeavesTheConnectionAsFound(t *testing.T) {
	cfg := embeddedConfig(t, "2")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var started atomic.Int32
	slow := func(ctx context.Context, s *Spec) {
		if started.Add(1) == 3 {
			// What a broken target does with this request, just as the run is
			// interrupted.
			s.Run.API.Bind(context.WithoutCancel(ctx), s.Run.Cfg.ConnectionID, dli.BindBody{Queues: s.Run.Cfg.Queues[:1]})
			cancel()
		}
	}
	var flight inFlight
	var reqs []Requirement
	for _, id := range []string{"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"} {
		reqs = append(reqs, refusal(id, &flight, slow))
	}
	run, _, setup, err := Start(context.Background(), cfg, Options{})
	if err != nil || setup != nil {
		t.Fatal(err, setup)
	}
	defer run.Close()
	w := run.openWindow(ctx, cfg.Clients)
	for _, r := range reqs {
		if ctx.Err() == nil {
			run.start(ctx, w, r)
		}
	}
	for _, r := range run.closeWindow(ctx, w) {
		if r.Status == verdict.Failed {
			t.Errorf("%s failed when the run was interrupted: %v", r.ID, r.Failure)
		}
		if r.Status == verdict.Skipped && r.Reason != Interrupted {
			t.Errorf("%s skipped: %s", r.ID, r.Reason)
		}
	}
	conn, _, err := run.API.Show(context.Background(), cfg.ConnectionID)
	if err != nil {
		t.Fatal(err)
	}
	if !conn.Bindings().Equal(*run.Baseline) {
		t.Errorf("the connection was left with %s; it had %s", conn.Bindings(), *run.Baseline)
	}
}
