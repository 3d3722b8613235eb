package broken

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

const unknownID = "00000000-1111-4222-8333-444444444444"

func connsPath() string           { return "/v2.0/" + Project + "/datasource/enhanced-connections" }
func connPath(id string) string   { return connsPath() + "/" + id }
func bindPath(id string) string   { return connPath(id) + bindSuffix }
func unbindPath(id string) string { return connPath(id) + unbindSuffix }

func queuesBody(names ...string) string {
	b, _ := json.Marshal(map[string][]string{"queues": names})
	return string(b)
}

// harness serves the emulator with some behaviours over HTTP.
type harness struct {
	t   *testing.T
	emu *emulator.Emulator
	srv *httptest.Server
}

func newHarness(t *testing.T, bs ...Behaviour) *harness {
	t.Helper()
	h, emu, err := New(emulator.Options{Tokens: []string{Token}}, bs...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &harness{t: t, emu: emu, srv: srv}
}

// reply is an answer as the client got it.
type reply struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// send sends a request with the token and a JSON body (none when body is empty),
// header overriding the defaults.
func (h *harness) send(method, path, body string, header http.Header) reply {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", Token)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

// must sends and fails the test unless the answer has the status.
func (h *harness) must(status int, method, path, body string) reply {
	h.t.Helper()
	r := h.send(method, path, body, nil)
	if r.status != status {
		h.t.Fatalf("%s %s: %d %s, want %d", method, path, r.status, r.raw, status)
	}
	return r
}

func (h *harness) bind(names ...string) {
	h.must(200, "POST", bindPath(Connection), queuesBody(names...))
}

// bound is what the store holds for the seed's connection.
func (h *harness) bound() (queues, pools []string) {
	h.t.Helper()
	q, p, err := h.emu.Bindings(Project, Connection)
	if err != nil {
		h.t.Fatal(err)
	}
	return q, p
}

// listedQueues names the queues that show (or list, when fromList) gives the seed's
// connection, in order, repeats kept.
func (h *harness) listedQueues(fromList bool) []string {
	h.t.Helper()
	conn := h.must(200, "GET", connPath(Connection), "").body
	if fromList {
		for _, c := range h.must(200, "GET", connsPath(), "").body["connections"].([]any) {
			if c.(map[string]any)["id"] == Connection {
				conn = c.(map[string]any)
			}
		}
	}
	var out []string
	list, _ := conn["available_queue_info"].([]any)
	for _, p := range list {
		out = append(out, p.(map[string]any)["name"].(string))
	}
	slices.Sort(out)
	return out
}

func emulatorOptions() emulator.Options { return emulator.Options{Tokens: []string{Token}} }
