package emulator

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// The load test's shape: clients × requests per client, over two connections.
const (
	loadClients  = 64
	loadRequests = 50
	loadShared   = 8 // queue names every client binds
)

var loadConns = [2]string{"11111111-2222-4333-8444-555555555501", "11111111-2222-4333-8444-555555555502"}

const loadProject = "loadproject"

func ownQueue(client, k int) string { return fmt.Sprintf("own_%02d_%d", client, k) }
func sharedQueue(k int) string      { return fmt.Sprintf("shared_%d", k) }

// loadSeed has one project with every client's own queues, the shared queues, and
// two connections with nothing bound.
func loadSeed() *Seed {
	p := SeedProject{ID: loadProject}
	for c := range loadClients {
		for k := range 3 {
			p.Queues = append(p.Queues, SeedResource{Name: ownQueue(c, k)})
		}
	}
	for k := range loadShared {
		p.Queues = append(p.Queues, SeedResource{Name: sharedQueue(k)})
	}
	for i, id := range loadConns {
		p.Connections = append(p.Connections, SeedConnection{ID: id, Name: fmt.Sprintf("load_%d", i), Status: statusActive,
			DestVPCID: id, DestNetworkID: id, CreateTime: 1})
	}
	return &Seed{Projects: []SeedProject{p}}
}

// loadServer serves an emulator with the load seed on loopback, with a client that
// keeps a connection per concurrent client.
func loadServer(tb testing.TB) (*Emulator, *httptest.Server, *http.Client) {
	emu, err := New(Options{Tokens: []string{token}, Seed: loadSeed(), RequestLog: 100})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	tb.Cleanup(srv.Close)
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = loadClients
	client := &http.Client{Transport: tr}
	tb.Cleanup(tr.CloseIdleConnections)
	return emu, srv, client
}

func post(client *http.Client, url string, queues []string) (int, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader(queuesBody(queues...)))
	if err != nil {
		return 0, err
	}
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// loadClient is one client of the load test: it knows, for its own queues, what its
// acknowledged requests left bound.
type loadClient struct {
	id, conn int
	bound    map[string]bool // own queue → bound after the last acknowledged request
	rng      *rand.Rand
}

// step sends one request: a bind or unbind of some own queues, sometimes with a
// shared queue (phase 1 binds them; phase 2 unbinds the odd ones), sometimes with an
// unknown name so that it must be refused whole.
func (c *loadClient) step(client *http.Client, base string, phase int) error {
	bind := c.rng.IntN(2) == 0
	var names []string
	for k := range 3 {
		if c.rng.IntN(2) == 0 {
			names = append(names, ownQueue(c.id, k))
		}
	}
	shared := -1
	switch {
	case phase == 1 && bind:
		shared = c.rng.IntN(loadShared)
	case phase == 2 && !bind:
		shared = 2*c.rng.IntN(loadShared/2) + 1
	}
	if shared >= 0 {
		names = append(names, sharedQueue(shared))
	}
	bogus := c.rng.IntN(8) == 0
	if bogus {
		names = append(names, "no_such_queue")
	}
	if len(names) == 0 {
		names = append(names, ownQueue(c.id, 0))
	}
	path := bindPath(loadProject, loadConns[c.conn])
	if !bind {
		path = unbindPath(loadProject, loadConns[c.conn])
	}
	status, err := post(client, base+path, names)
	switch {
	case err != nil:
		return err
	case bogus && status != http.StatusBadRequest, !bogus && status != http.StatusOK:
		return fmt.Errorf("client %d: %s %v → %d", c.id, path, names, status)
	case bogus:
		return nil // refused whole: nothing changed
	}
	for _, n := range names {
		if strings.HasPrefix(n, "own_") {
			c.bound[n] = bind
		}
	}
	return nil
}

// TestLoadKeepsEveryBinding runs 64 clients of 50 requests each against one emulator
// over loopback (run it with -race). Afterwards each connection holds exactly what the
// acknowledged requests imply: each client's own queues as its last acknowledged
// request left them, the even shared queues (bound in phase 1, never unbound) and
// not the odd ones (unbound in phase 2), each name once.
func TestLoadKeepsEveryBinding(t *testing.T) {
	emu, srv, client := loadServer(t)
	clients := make([]*loadClient, loadClients)
	for i := range clients {
		clients[i] = &loadClient{id: i, conn: i % 2, bound: map[string]bool{}, rng: rand.New(rand.NewPCG(uint64(i), 7))}
	}
	errs := make(chan error, loadClients)
	for phase := 1; phase <= 2; phase++ {
		var wg sync.WaitGroup
		for _, c := range clients {
			wg.Go(func() {
				for range loadRequests / 2 {
					if err := c.step(client, srv.URL, phase); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait() // the barrier: every phase-1 bind is acknowledged before phase 2 starts
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i, conn := range loadConns {
		var want []string
		for _, c := range clients {
			if c.conn != i {
				continue
			}
			for n, b := range c.bound {
				if b {
					want = append(want, n)
				}
			}
		}
		for k := 0; k < loadShared; k += 2 {
			want = append(want, sharedQueue(k))
		}
		slices.Sort(want)
		got, _, err := emu.Bindings(loadProject, conn)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("connection %s holds %d queues, the acknowledged requests imply %d:\nmissing %v\nextra   %v",
				conn, len(got), len(want), difference(want, got), difference(got, want))
		}
	}
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("violations under load: %v", v[:min(3, len(v))])
	}
}

func difference(a, b []string) []string {
	var out []string
	for _, n := range a {
		if !slices.Contains(b, n) {
			out = append(out, n)
		}
	}
	return out
}

// BenchmarkLoad measures the emulator's rate over loopback with 64 concurrent clients
// (b.SetParallelism over GOMAXPROCS), each binding and unbinding queues of its own.
func BenchmarkLoad(b *testing.B) {
	_, srv, client := loadServer(b)
	var next atomic.Int64
	b.SetParallelism(max(1, loadClients/max(1, testingProcs())))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		id := int(next.Add(1)-1) % loadClients
		conn := loadConns[id%2]
		names := []string{ownQueue(id, 0), ownQueue(id, 1)}
		for i := 0; pb.Next(); i++ {
			path := bindPath(loadProject, conn)
			if i%2 == 1 {
				path = unbindPath(loadProject, conn)
			}
			if status, err := post(client, srv.URL+path, names); err != nil || status != http.StatusOK {
				b.Errorf("%s: %d %v", path, status, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func testingProcs() int { return runtime.GOMAXPROCS(0) }
