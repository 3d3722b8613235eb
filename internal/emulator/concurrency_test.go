package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentClients drives one connection from 16 clients at once; run it under
// -race. Each answer must be a success, and no show may list a name twice.
func TestConcurrentClients(t *testing.T) {
	h := newHarness(t)
	const clients, rounds = 16, 25
	names := []string{"queue_a", "queue_b", "queue_c", "queue_fails"}
	errs := make(chan error, clients*rounds)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := names[i%len(names)]
			body := fmt.Sprintf(`{"queues":[%q],"elastic_resource_pools":["pool_%c"]}`, q, 'a'+i%2)
			for r := range rounds {
				steps := []struct{ method, path, body string }{
					{"POST", bindPath(projectID, connID), body},
					{"GET", connPath(projectID, connID), ""},
					{"POST", unbindPath(projectID, connID), body},
					{"GET", connsPath(projectID) + "?status=active", ""},
				}
				if r == 0 {
					steps = append(steps, struct{ method, path, body string }{"POST", connsPath(projectID),
						fmt.Sprintf(`{"name":"concurrent_%d","dest_vpc_id":"v","dest_network_id":"n","queues":[%q]}`, i, q)})
				}
				for _, s := range steps {
					if err := exchange(h, s.method, s.path, s.body); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	h.expectBindings(projectID, connID, nil, nil)
	if r := h.do("GET", connsPath(projectID)+"?limit=0", ""); r.body["count"] != float64(2+clients) {
		t.Errorf("count after %d concurrent creates = %v", clients, r.body["count"])
	}
}

// exchange sends one request and checks the answer without failing the test, so that
// it can run outside the test goroutine.
func exchange(h *harness, method, path, body string) error {
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode, raw)
	}
	var conn struct {
		Queues []struct{ Name string } `json:"available_queue_info"`
		Pools  []struct{ Name string } `json:"elastic_resource_pools"`
	}
	if err := json.Unmarshal(raw, &conn); err != nil {
		return fmt.Errorf("%s %s: %v", method, path, err)
	}
	seen := map[string]bool{}
	for _, p := range append(conn.Queues, conn.Pools...) {
		if seen[p.Name] {
			return fmt.Errorf("%s %s lists %s twice: %s", method, path, p.Name, raw)
		}
		seen[p.Name] = true
	}
	return nil
}
