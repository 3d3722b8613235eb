// Package emulator is an in-memory stand-in for DLI's enhanced datasource connection
// API and the gateway in front of it, so that the conformance suite (and its own
// tests) can run without a cloud account. It answers the operations of the contract,
// checks every request against the contract before acting on it, and checks every
// answer of its own against the contract too, recording any departure in Violations.
package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Options configures an Emulator. Only Tokens is required.
type Options struct {
	Seed            *Seed              // state at start and after Reset; nil → DefaultSeed()
	Tokens          []string           // accepted X-Auth-Token values; at least one
	Contract        *contract.Contract // nil → contract.Load(Profile)
	Profile         contract.Profile   // "" → the Contract's profile, or contract.HuaweiCloud
	MaxBodyBytes    int64              // 0 → 1 MiB; a larger body is refused with 413
	ActivationDelay time.Duration      // how long a new binding stays CREATING; 0 → settled at once
	Now             func() time.Time   // nil → time.Now
}

// Emulator serves the API over HTTP. It is safe for concurrent use.
type Emulator struct {
	seed      *Seed
	tokens    [][]byte
	contract  *contract.Contract
	withPools bool
	maxBody   int64
	store     *store
	routes    map[string]handler
	hasBody   map[string]bool // operations that define a request body

	mu         sync.Mutex
	violations []string
}

const defaultMaxBodyBytes = 1 << 20

// New builds an emulator from opts, loading the default seed and contract as needed.
func New(opts Options) (*Emulator, error) {
	if len(opts.Tokens) == 0 {
		return nil, errors.New("emulator: no tokens given; want at least one accepted X-Auth-Token")
	}
	e := &Emulator{seed: opts.Seed, contract: opts.Contract, maxBody: opts.MaxBodyBytes}
	for i, t := range opts.Tokens {
		if t == "" {
			return nil, fmt.Errorf("emulator: tokens[%d] is empty", i)
		}
		e.tokens = append(e.tokens, []byte(t))
	}
	if err := e.loadSeed(); err != nil {
		return nil, err
	}
	if err := e.loadContract(opts.Profile); err != nil {
		return nil, err
	}
	if e.maxBody <= 0 {
		e.maxBody = defaultMaxBodyBytes
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	e.store = newStore(e.seed, now, opts.ActivationDelay)
	e.routes = e.routeTable()
	e.hasBody = map[string]bool{}
	for _, item := range e.contract.Doc().Paths.Map() {
		for _, op := range item.Operations() {
			if e.routes[op.OperationID] == nil {
				return nil, fmt.Errorf("emulator: the contract's operation %q has no handler", op.OperationID)
			}
			e.hasBody[op.OperationID] = op.RequestBody != nil
		}
	}
	return e, nil
}

// loadSeed takes the default seed, or a validated deep copy of the caller's, so that
// changing the caller's value later cannot change what Reset returns to.
func (e *Emulator) loadSeed() error {
	if e.seed == nil {
		s, err := DefaultSeed()
		if err != nil {
			return fmt.Errorf("emulator: %w", err)
		}
		e.seed = s
		return nil
	}
	data, err := json.Marshal(e.seed)
	if err != nil {
		return fmt.Errorf("emulator: encode seed: %w", err)
	}
	if e.seed, err = ParseSeed(data); err != nil {
		return fmt.Errorf("emulator: %w", err)
	}
	return nil
}

func (e *Emulator) loadContract(profile contract.Profile) error {
	switch {
	case e.contract == nil:
		if profile == "" {
			profile = contract.HuaweiCloud
		}
		c, err := contract.Load(profile)
		if err != nil {
			return fmt.Errorf("emulator: %w", err)
		}
		e.contract = c
	case profile != "" && profile != e.contract.Profile():
		return fmt.Errorf("emulator: profile %q given with a contract loaded for %q", profile, e.contract.Profile())
	}
	e.withPools = e.contract.Profile() == contract.HuaweiCloud
	return nil
}

// routeTable lists every operation the emulator answers, by the contract's ids.
func (e *Emulator) routeTable() map[string]handler {
	return map[string]handler{
		contract.OpCreate: e.createConnection,
		contract.OpList:   e.listConnections,
		contract.OpShow:   e.showConnection,
		contract.OpDelete: e.deleteConnection,
		contract.OpBind:   e.bindQueues,
		contract.OpUnbind: e.unbindQueues,
	}
}

// ServeHTTP answers one request. The checks run in the gateway's order and then
// DLI's: route, credentials, body size, media type, contract, then semantics.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.write(w, e.admin(r), newRequestID(), nil)
		return
	}
	req := contract.Request{Method: r.Method, Target: target(r.URL), Header: r.Header}
	resp := e.serveAPI(w, r, &req)
	e.write(w, resp, newRequestID(), &req)
}

func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request, req *contract.Request) response {
	op := e.contract.Operation(*req)
	if op == "" {
		return e.unrouted(*req)
	}
	if resp, denied := e.authenticate(r.Header.Get("X-Auth-Token")); denied {
		return resp
	}
	if e.hasBody[op] && r.Body != nil {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, e.maxBody))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return gatewayError(http.StatusRequestEntityTooLarge, codeRequest, msgTooLarge)
		case err != nil:
			return dliError(http.StatusBadRequest, codeParam, "The request body could not be read: %v", err)
		}
		req.Body = body
		if ct := r.Header.Get("Content-Type"); len(body) > 0 && !isJSON(ct) {
			return dliError(http.StatusUnsupportedMediaType, codeParam,
				"Content-Type %q is not supported; the request body must be application/json.", ct)
		}
	}
	if err := e.contract.CheckRequest(r.Context(), *req); err != nil {
		return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %s", firstViolation(err))
	}
	return e.routes[op](newCall(r.URL, req.Body))
}

// unrouted answers a request that matches no operation: 405 when some other method is
// defined on the path, 404 otherwise.
func (e *Emulator) unrouted(req contract.Request) response {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if e.contract.Operation(contract.Request{Method: m, Target: req.Target}) != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) == 0 {
		return gatewayError(http.StatusNotFound, codeNoAPI, msgNoAPI)
	}
	resp := gatewayError(http.StatusMethodNotAllowed, codeNoAPI, msgNoMethod)
	resp.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	return resp
}

// authenticate stands in for IAM: the token must be one of the configured ones.
func (e *Emulator) authenticate(token string) (response, bool) {
	if token == "" {
		return gatewayError(http.StatusUnauthorized, codeIAMToken, msgNoToken), true
	}
	for _, t := range e.tokens {
		if subtle.ConstantTimeCompare([]byte(token), t) == 1 {
			return response{}, false
		}
	}
	return gatewayError(http.StatusUnauthorized, codeIAMToken, msgWrongToken), true
}

// write encodes resp, checks it against the contract when it answers an API request
// (req non-nil), and sends it whatever the check says.
func (e *Emulator) write(w http.ResponseWriter, resp response, requestID string, req *contract.Request) {
	resp = resp.stampRequestID(requestID)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp.body); err != nil {
		resp = dliError(http.StatusInternalServerError, codeServer, "Server-side errors occur: %v", err)
		buf.Reset()
		_ = enc.Encode(resp.body)
	}
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("X-Request-Id", requestID)
	if req != nil {
		got := contract.Response{Status: resp.status, Header: h.Clone(), Body: buf.Bytes()}
		if err := e.contract.CheckResponse(context.Background(), *req, got); err != nil {
			e.recordViolation(*req, resp.status, err)
		}
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(buf.Bytes())
}

// Reset puts the state back to the seed. Recorded violations are kept: they are
// findings about the emulator, not state of the API.
func (e *Emulator) Reset() { e.store.reset(e.seed) }

// Bindings returns the names of the queues and pools bound to a connection, sorted.
func (e *Emulator) Bindings(project, connectionID string) (queues, pools []string, err error) {
	q, p, err := e.store.bindings(project, connectionID)
	if err != nil {
		return nil, nil, fmt.Errorf("emulator: project %s: %w", project, err)
	}
	return q, p, nil
}

// target is the path and query as sent, the form the contract routes on.
func target(u *url.URL) string {
	t := u.EscapedPath()
	if u.RawQuery != "" {
		t += "?" + u.RawQuery
	}
	return t
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}
