package stateful

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// The default seed's ids (fixtures/emulator-seed.json).
const (
	project = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	connID  = "2a620c33-5609-40c9-affd-2b6453071b0f"
	token   = "stateful-test-token"
)

// seedQueues are the default seed's queues and pools that a walk binds.
var (
	seedQueues = []string{"queue_a", "queue_b", "queue_fails"}
	seedPools  = []string{"pool_a", "pool_b"}
)

// env is an emulator on loopback, maybe behind a wrapper, with a Target on its
// active connection.
type env struct {
	emu    *emulator.Emulator
	api    *dli.API
	target Target
}

type envOptions struct {
	seed  func(*emulator.Seed)
	opts  func(*emulator.Options)
	wrap  func(http.Handler) http.Handler
	delay time.Duration
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	seed, err := emulator.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	if o.seed != nil {
		o.seed(seed)
	}
	opts := emulator.Options{Seed: seed, Tokens: []string{token}, ActivationDelay: o.delay}
	if o.opts != nil {
		o.opts(&opts)
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = emu
	if o.wrap != nil {
		h = o.wrap(emu)
	}
	return &env{emu: emu, api: newAPI(t, h)}
}

func newAPI(t testing.TB, h http.Handler) *dli.API {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Options{Endpoint: srv.URL, Auth: client.TokenAuth{Token: token}, Timeout: 5 * time.Second, Secrets: []string{token}})
	if err != nil {
		t.Fatal(err)
	}
	return &dli.API{Client: c, Project: project}
}

func (e *env) on(conn string) Target { return Target{API: e.api, Connection: conn} }

// expectBindings fails unless the emulator holds exactly these names bound.
func (e *env) expectBindings(t testing.TB, queues, pools []string) {
	t.Helper()
	q, p, err := e.emu.Bindings(project, connID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(q, ",") != strings.Join(queues, ",") || strings.Join(p, ",") != strings.Join(pools, ",") {
		t.Fatalf("the connection was left with queues %v pools %v, want queues %v pools %v", q, p, queues, pools)
	}
}

func loadContract(t testing.TB) *contract.Contract {
	t.Helper()
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func walkConfig(seed int64, c *contract.Contract) Config {
	return Config{Seed: seed, Queues: seedQueues, Pools: seedPools, SettleTimeout: 300 * time.Millisecond, Contract: c}
}

// readBody reads a request's body and puts it back for the next handler.
func readBody(r *http.Request) []byte {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body
}

// dliRefusal answers 400 with DLI's error body.
func dliRefusal(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = io.WriteString(w, `{"error_code":"DLI.0001","error_msg":"`+msg+`"}`)
}

var background = context.Background()
