package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The seed's ids (fixtures/emulator-seed.json).
const (
	projectID    = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	otherProject = "9a8b7c6d5e4f30211203f4e5d6c7b8a9"
	connID       = "2a620c33-5609-40c9-affd-2b6453071b0f"
	deletedID    = "5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40"
	otherConnID  = "7c2e9b14-3f5a-4d8e-a6b1-0e9f8d7c6b5a"
	unknownID    = "00000000-1111-4222-8333-444444444444"
	token        = "test-token"
)

var (
	uuidPattern      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	requestIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

func connsPath(p string) string      { return "/v2.0/" + p + "/datasource/enhanced-connections" }
func connPath(p, id string) string   { return connsPath(p) + "/" + id }
func bindPath(p, id string) string   { return connPath(p, id) + "/associate-queue" }
func unbindPath(p, id string) string { return connPath(p, id) + "/disassociate-queue" }
func queuesBody(names ...string) string {
	b, _ := json.Marshal(map[string][]string{"queues": names})
	return string(b)
}

// clock is a settable time source for ActivationDelay.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is an emulator behind a loopback httptest server. Its cleanup fails the
// test if the emulator recorded any contract violation of its own.
type harness struct {
	t     *testing.T
	emu   *Emulator
	srv   *httptest.Server
	clock *clock
}

func newHarness(t *testing.T, configure ...func(*Options)) *harness {
	t.Helper()
	clk := newClock()
	opts := Options{Tokens: []string{token}, Now: clk.Now}
	for _, f := range configure {
		f(&opts)
	}
	emu, err := New(opts)
	if err != nil {
		t.Fatalf("new emulator: %v", err)
	}
	h := &harness{t: t, emu: emu, srv: newServer(t, emu), clock: clk}
	t.Cleanup(func() {
		if v := emu.Violations(); len(v) > 0 {
			t.Errorf("the emulator's own responses violate the contract:\n%s", strings.Join(v, "\n"))
		}
	})
	return h
}

// newServer serves the emulator on loopback until the test ends.
func newServer(t *testing.T, emu *Emulator) *httptest.Server {
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return srv
}

// reply is a decoded response.
type reply struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// do sends a request with the accepted token, as JSON when body is non-empty.
func (h *harness) do(method, path, body string) reply {
	h.t.Helper()
	hdr := http.Header{"X-Auth-Token": {token}}
	if body != "" {
		hdr.Set("Content-Type", "application/json")
	}
	return h.send(method, path, body, hdr)
}

// send sends a request with exactly the given headers. Every answer, whatever its
// status, must be JSON with the charset DLI writes.
func (h *harness) send(method, path, body string, hdr http.Header) reply {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatalf("build %s %s: %v", method, path, err)
	}
	req.Header = hdr
	return h.sendRequest(req)
}

// sendRequest sends req as it is, e.g. after signing it.
func (h *harness) sendRequest(req *http.Request) reply {
	h.t.Helper()
	method, path := req.Method, req.URL.Path
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		h.t.Errorf("%s %s: Content-Type = %q", method, path, ct)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		h.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
	}
	return r
}

// expectStatus fails the test unless r has the status.
func (r reply) expectStatus(t *testing.T, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
	return r
}

// expectError checks a DLI error body with the status and code, and that its message
// contains each of the fragments.
func (r reply) expectError(t *testing.T, status int, code string, fragments ...string) {
	t.Helper()
	r.expectStatus(t, status)
	if got := r.body["error_code"]; got != code {
		t.Errorf("error_code = %v, want %s; body %s", got, code, r.raw)
	}
	msg, _ := r.body["error_msg"].(string)
	if msg == "" {
		t.Errorf("error_msg is empty; body %s", r.raw)
	}
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Errorf("error_msg %q does not mention %q", msg, f)
		}
	}
}

// peers returns the entries of a show or list connection field, by name.
func peers(t *testing.T, conn map[string]any, field string) map[string]map[string]any {
	t.Helper()
	list, ok := conn[field].([]any)
	if !ok {
		t.Fatalf("%s is not an array: %v", field, conn[field])
	}
	out := map[string]map[string]any{}
	for _, e := range list {
		m := e.(map[string]any)
		name := m["name"].(string)
		if _, dup := out[name]; dup {
			t.Errorf("%s lists %s twice", field, name)
		}
		out[name] = m
	}
	return out
}

func (h *harness) expectBindings(p, id string, queues, pools []string) {
	h.t.Helper()
	q, pl, err := h.emu.Bindings(p, id)
	if err != nil {
		h.t.Fatalf("bindings: %v", err)
	}
	if !slices.Equal(q, queues) || !slices.Equal(pl, pools) {
		h.t.Fatalf("bindings of %s = queues %v pools %v, want queues %v pools %v", id, q, pl, queues, pools)
	}
}

func withDelay(d time.Duration) func(*Options) {
	return func(o *Options) { o.ActivationDelay = d }
}
