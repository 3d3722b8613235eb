package stateful

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// Defaults of a concurrent run.
const (
	DefaultClients           = 8
	DefaultRequestsPerClient = 20
)

// ConcurrentConfig configures a run of clients binding and unbinding at once.
type ConcurrentConfig struct {
	// Clients is how many clients run at once; 0 means DefaultClients.
	Clients int
	// Requests is how many binds and unbinds each client sends; 0 means
	// DefaultRequestsPerClient.
	Requests int
	// Queues and Pools are existing names to bind; at least two in all.
	Queues, Pools []string
	// Own is how many of the names (the first ones) each belong to one client,
	// name i to client i mod Clients; the others are shared by all clients. 0 means
	// as many as there are clients, keeping at least one name shared; negative
	// means none.
	Own int
	// Seed draws the requests.
	Seed int64
	// SettleTimeout bounds the wait for the final state; 0 means
	// DefaultSettleTimeout.
	SettleTimeout time.Duration
	// ListPageSize is the limit of each list request; 0 means DefaultListPageSize.
	ListPageSize int
}

// ConcurrentResult is what a concurrent run found.
type ConcurrentResult struct {
	Clients  int `json:"clients"`
	Requests int `json:"requests"`
	// Applied, Refused and Unknown count the answers 200, 400 and the others.
	Applied, Refused, Unknown int
	Duration                  time.Duration `json:"duration"`
	// Rate is the requests per second sustained while the clients ran.
	Rate float64 `json:"rate"`
	// Own and Shared are the names of single clients and of all of them.
	Own    [][]Resource `json:"own"`
	Shared []Resource   `json:"shared"`
	// Histories holds each client's requests in the order it sent them.
	Histories [][]Call `json:"histories"`
	// Final is the names' state as the connection showed it at the end.
	Final map[Resource]bool `json:"-"`
	// Failure is nil when the final state is one some serial order of the
	// acknowledged requests produces and every answer was allowed.
	Failure *Failure `json:"failure,omitempty"`
	Cleanup error    `json:"-"`
}

// Err is the run's failure or, failing that, its cleanup error.
func (r ConcurrentResult) Err() error {
	if r.Failure != nil {
		return r.Failure
	}
	return r.Cleanup
}

func (c ConcurrentConfig) withDefaults() ConcurrentConfig {
	if c.Clients <= 0 {
		c.Clients = DefaultClients
	}
	if c.Requests <= 0 {
		c.Requests = DefaultRequestsPerClient
	}
	if c.SettleTimeout <= 0 {
		c.SettleTimeout = DefaultSettleTimeout
	}
	if c.ListPageSize <= 0 {
		c.ListPageSize = DefaultListPageSize
	}
	names := len(c.Queues) + len(c.Pools)
	switch {
	case c.Own == 0:
		c.Own = min(c.Clients, names-1)
	}
	c.Own = max(min(c.Own, names), 0)
	return c
}

// Concurrent has cfg.Clients clients bind and unbind at the same time, on names of
// their own and on shared names, then checks the connection: no name listed twice,
// each client's own names exactly as its acknowledged requests leave them, and the
// whole state one that a serial order of the acknowledged requests, consistent with
// each client's order, produces. A 400 is allowed only where the documentation
// allows it (a name bound already, or not bound). It puts the names back as it found
// them.
func Concurrent(ctx context.Context, t Target, cfg ConcurrentConfig) ConcurrentResult {
	cfg = cfg.withDefaults()
	known := Config{Queues: cfg.Queues, Pools: cfg.Pools}.known()
	res := ConcurrentResult{Clients: cfg.Clients, Own: make([][]Resource, cfg.Clients), Histories: make([][]Call, cfg.Clients)}
	for i, r := range known {
		if i < cfg.Own {
			res.Own[i%cfg.Clients] = append(res.Own[i%cfg.Clients], r)
		} else {
			res.Shared = append(res.Shared, r)
		}
	}
	if len(known) == 0 {
		res.Failure = failure(RuleConfig, Resource{}, nil, "concurrent clients need at least one queue or pool to bind")
		return res
	}
	keep := func(b dli.Bindings) dli.Bindings { return only(b, known) }
	first, fail := read(ctx, t, cfg.ListPageSize)
	if fail != nil {
		res.Failure = fail
		return res
	}
	initialBindings := first.shown.Bindings()
	initial := stateOf(initialBindings, known)

	var wg sync.WaitGroup
	fails := make([]*Failure, cfg.Clients)
	start := time.Now()
	for i := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Histories[i], fails[i] = runClient(ctx, t, cfg, i, res.Own[i], res.Shared, initial)
		}()
	}
	wg.Wait()
	res.Duration = time.Since(start)
	for _, h := range res.Histories {
		for _, r := range h {
			res.Requests++
			switch r.Outcome {
			case Applied:
				res.Applied++
			case Refused:
				res.Refused++
			default:
				res.Unknown++
			}
		}
	}
	if res.Duration > 0 {
		res.Rate = float64(res.Requests) / res.Duration.Seconds()
	}
	for _, f := range fails {
		if f != nil && res.Failure == nil {
			res.Failure = f
		}
	}
	if res.Failure == nil {
		res.Final, res.Failure = settleFinal(ctx, t, cfg, known, initial, res)
	}
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.SettleTimeout+time.Minute)
	defer cancel()
	res.Cleanup = restoreNames(cleanupCtx, t, keep(initialBindings), keep, cfg.SettleTimeout)
	return res
}

// runClient sends one client's requests, one after the other.
func runClient(ctx context.Context, t Target, cfg ConcurrentConfig, client int, own, shared []Resource, initial map[Resource]bool) ([]Call, *Failure) {
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(client)+1))
	mine := map[Resource]bool{} // the exact state of the client's own names
	for _, r := range own {
		mine[r] = initial[r]
	}
	var history []Call
	for range cfg.Requests {
		req := drawCall(rng, client, own, shared)
		send := t.API.BindRaw
		if req.Action == ActUnbind {
			send = t.API.UnbindRaw
		}
		ex := send(ctx, t.Connection, bindBody(req.Names))
		req.Status = ex.Status
		switch {
		case ex.Err == nil && ex.Status == 200:
			req.Outcome = Applied
		case ex.Err == nil && ex.Status == 400:
			req.Outcome = Refused
		case ex.Err == nil && ex.Status == 429:
			// Throttled past the client's retries: legal, and it changes nothing.
			req.Outcome = Refused
			history = append(history, req)
			continue
		default:
			req.Outcome = Unknown
		}
		history = append(history, req)
		if ex.Err != nil {
			return history, failure(RuleTransport, Resource{}, ex, "%s got no complete answer: %v", req, ex.Err)
		}
		if req.Outcome == Unknown {
			return history, failure(RuleStatus, Resource{}, ex, "%s answered %d, want 200 or 400", req, ex.Status)
		}
		if req.Outcome == Refused && ownOnly(req.Names, mine) && !latitude(req, mine) {
			return history, failure(RuleStatus, Resource{}, ex, "%s answered 400; no other client names them, and none is %s", req, map[Action]string{ActBind: "bound", ActUnbind: "unbound"}[req.Action])
		}
		if req.Outcome == Applied {
			for _, r := range req.Names {
				if _, ok := mine[r]; ok {
					mine[r] = req.Action == ActBind
				}
			}
		}
	}
	return history, nil
}

// drawCall picks a bind or unbind of own names, shared names or both.
func drawCall(rng *rand.Rand, client int, own, shared []Resource) Call {
	var from []Resource
	switch n := rng.IntN(3); {
	case len(own) == 0 || (n == 0 && len(shared) > 0):
		from = shared
	case n == 1 || len(shared) == 0:
		from = own
	default:
		from = append(slices.Clone(own), shared...)
	}
	action := ActBind
	if rng.IntN(2) == 0 {
		action = ActUnbind
	}
	return Call{Client: client, Action: action, Names: unique(draw(rng, from, false))}
}

func ownOnly(names []Resource, mine map[Resource]bool) bool {
	for _, r := range names {
		if _, ok := mine[r]; !ok {
			return false
		}
	}
	return true
}

// latitude reports whether a 400 is allowed: some name is bound already (bind) or
// not bound (unbind).
func latitude(r Call, state map[Resource]bool) bool {
	for _, n := range r.Names {
		if state[n] == (r.Action == ActBind) {
			return true
		}
	}
	return false
}

// settleFinal reads the connection until its state is one the requests can
// produce, or the settle timeout has passed, and judges the last reading. A
// target known to answer unbinds without unbinding (API.UnbindIneffective)
// is read once: its acknowledged unbinds will not show however long it waits.
func settleFinal(ctx context.Context, t Target, cfg ConcurrentConfig, known []Resource, initial map[Resource]bool, res ConcurrentResult) (map[Resource]bool, *Failure) {
	settle, shortened := shortWindow(t, cfg.SettleTimeout)
	stuck := t.API.UnbindIneffective()
	if stuck != "" {
		settle = 0
	}
	start := time.Now()
	deadline := start.Add(settle)
	for {
		interval := dli.NextPoll(time.Since(start), 500*time.Millisecond)
		r, fail := read(ctx, t, cfg.ListPageSize)
		if fail != nil {
			return nil, fail
		}
		final := stateOf(r.shown.Bindings(), known)
		f := judgeFinal(r, known, initial, final, res)
		if f == nil || !time.Now().Before(deadline) || ctx.Err() != nil || f.Rule == RuleDuplicate {
			switch {
			case f == nil:
			case stuck != "":
				f.Message += "; not waited for, since " + stuck
			case shortened != "":
				f.Message += fmt.Sprintf("; waited %v, not DLI_SETTLE_TIMEOUT, since %s", settle, shortened)
			case f.Rule != RuleDuplicate:
				t.API.NoteWaitedInVain(fmt.Sprintf("the concurrent clients waited DLI_SETTLE_TIMEOUT (%v) in vain for %s", settle, f.Message))
			}
			return final, f
		}
		time.Sleep(min(interval, time.Until(deadline)+time.Millisecond))
	}
}

func judgeFinal(r reading, known []Resource, initial, final map[Resource]bool, res ConcurrentResult) *Failure {
	for _, where := range []string{"show", "list"} {
		c := r.shown
		if where == "list" {
			c = r.listed
		}
		b := c.Bindings()
		for _, n := range known {
			if k := countIn(b, n); k > 1 {
				return failure(RuleDuplicate, n, r.exchange(where), "after %d concurrent requests %s lists %s %d times", res.Requests, where, n, k)
			}
		}
		if where == "list" && !stateOf(b, known).equal(final) {
			return failure(RuleLingering, Resource{}, r.listX, "list shows %s, show %s", describeState(stateOf(b, known)), describeState(final))
		}
	}
	for i, own := range res.Own {
		want := exactState(res.Histories[i], own, initial)
		for _, n := range own {
			if final[n] != want[n] {
				rule := RuleMissing
				if final[n] {
					rule = RuleLingering
				}
				return failure(rule, n, r.showX, "%s is %s, but client %d alone names it and its acknowledged requests leave it %s (lost or duplicated update)", n, boundWord(final[n]), i, boundWord(want[n]))
			}
		}
	}
	if err := Serialisable(initial, final, res.Histories); err != nil {
		return failure(RuleNotSerialisable, Resource{}, r.showX, "%v", err)
	}
	return nil
}

// exactState is the state of a client's own names after its acknowledged requests.
func exactState(history []Call, own []Resource, initial map[Resource]bool) map[Resource]bool {
	s := map[Resource]bool{}
	for _, n := range own {
		s[n] = initial[n]
	}
	for _, r := range history {
		if r.Outcome != Applied {
			continue
		}
		for _, n := range r.Names {
			if _, ok := s[n]; ok {
				s[n] = r.Action == ActBind
			}
		}
	}
	return s
}

type state map[Resource]bool

func (s state) equal(o state) bool {
	for k, v := range s {
		if o[k] != v {
			return false
		}
	}
	for k, v := range o {
		if s[k] != v {
			return false
		}
	}
	return true
}

func stateOf(b dli.Bindings, known []Resource) state {
	s := state{}
	for _, r := range known {
		s[r] = countIn(b, r) > 0
	}
	return s
}

// only keeps the names of b that are among rs.
func only(b dli.Bindings, rs []Resource) dli.Bindings {
	var out dli.Bindings
	for _, r := range rs {
		for range countIn(b, r) {
			if r.Pool {
				out.Pools = append(out.Pools, r.Name)
			} else {
				out.Queues = append(out.Queues, r.Name)
			}
		}
	}
	return out
}
