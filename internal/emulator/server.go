// Package emulator is an in-memory stand-in for DLI's enhanced datasource connection
// API and the gateway in front of it, so that the conformance suite (and its own
// tests) can run without a cloud account. It answers the operations of the contract,
// checks every request against the contract and records it, and checks every answer
// of its own against the contract too, recording any departure in Violations.
//
// Besides the API it offers what SDK and emulator builders need to drive it: a
// Prefer header that picks a documented response (scenario.go), injected faults
// (chaos.go), a log of recent requests with their validation result (requests.go)
// and harness endpoints under /_emulator/ (admin.go).
package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// Options configures an Emulator. Tokens or KeyPairs (or both) must be given.
type Options struct {
	Seed            *Seed              // state at start and after Reset; nil → DefaultSeed()
	Tokens          []string           // accepted X-Auth-Token values
	KeyPairs        map[string]string  // accepted AK/SK pairs (AK → SK) for SDK-HMAC-SHA256 signatures
	Contract        *contract.Contract // nil → contract.Load(Profile)
	Profile         contract.Profile   // "" → the Contract's profile, or contract.HuaweiCloud
	MaxBodyBytes    int64              // 0 → 1 MiB; a larger body is refused with 413 where the operation declares it
	ActivationDelay time.Duration      // how long a new binding stays CREATING; 0 → settled at once
	// AckDelay holds back the answer to every create, delete, bind and unbind that
	// reaches DLI, accepted or refused, as a slow cloud acknowledges late; the change
	// itself is made at once. 0 → answered at once. With ActivationDelay and
	// Latitude.VisibilityDelay it plays a target that is slow the way a real cloud is.
	AckDelay time.Duration
	Now      func() time.Time // nil → time.Now; also the clock X-Sdk-Date is checked against

	// StrictRequests answers a request that departs from the contract with 400 and the
	// violation, before DLI's own rules see it. Without it the violation is recorded
	// and the request is answered by DLI's rules, as the service would answer it.
	StrictRequests bool
	// RequestLog is how many recent API requests Requests keeps; 0 → 1000, negative → none.
	RequestLog int
	// Chaos injects latency, connection resets and errors into chosen operations.
	Chaos []ChaosRule
	// ChaosSeed seeds the draws of Chaos: the same seed and the same order of requests
	// give the same faults.
	ChaosSeed uint64
	// ViolationLog, when set, gets one line for each answer of the emulator's own that
	// departs from the contract, as it happens (see Violations); nil → none.
	ViolationLog io.Writer
	// Latitude picks among the answers the documentation leaves open (latitude.go).
	Latitude Latitude
	// Store, when set, decorates the store that bind, unbind and list work on (see
	// Store): the way to play a deliberately broken implementation of their effects
	// without changing the emulator.
	Store func(Store) Store
}

// Emulator serves the API over HTTP. It is safe for concurrent use.
type Emulator struct {
	seed      atomic.Pointer[Seed]
	tokens    [][]byte
	verifier  *signer.Verifier // nil when no key pairs are configured
	contract  *contract.Contract
	withPools bool
	maxBody   int64
	strict    bool
	now       func() time.Time
	store     *store
	binds     Store // store, as Options.Store decorates it
	routes    map[string]handler
	ops       map[string]*openapi3.Operation
	log       *requestLog
	chaos     *chaos
	ackDelay  time.Duration
	sleep     func(context.Context, time.Duration) // sleepCtx; tests count the waits

	violations *violationLog
}

const defaultMaxBodyBytes = 1 << 20

// New builds an emulator from opts, loading the default seed and contract as needed.
func New(opts Options) (*Emulator, error) {
	if len(opts.Tokens) == 0 && len(opts.KeyPairs) == 0 {
		return nil, errors.New("emulator: no credentials given; want at least one accepted X-Auth-Token or AK/SK pair")
	}
	if opts.AckDelay < 0 {
		return nil, fmt.Errorf("emulator: AckDelay %s is negative", opts.AckDelay)
	}
	e := &Emulator{contract: opts.Contract, maxBody: opts.MaxBodyBytes, strict: opts.StrictRequests, now: opts.Now,
		ackDelay: opts.AckDelay, sleep: sleepCtx}
	for i, t := range opts.Tokens {
		if t == "" {
			return nil, fmt.Errorf("emulator: tokens[%d] is empty", i)
		}
		e.tokens = append(e.tokens, []byte(t))
	}
	if e.now == nil {
		e.now = time.Now
	}
	if err := e.loadKeyPairs(opts.KeyPairs); err != nil {
		return nil, err
	}
	seed, err := copySeed(opts.Seed)
	if err != nil {
		return nil, err
	}
	e.seed.Store(seed)
	if err := e.loadContract(opts.Profile); err != nil {
		return nil, err
	}
	if e.maxBody <= 0 {
		e.maxBody = defaultMaxBodyBytes
	}
	e.store = newStore(seed, e.now, opts.ActivationDelay)
	e.routes = e.routeTable()
	e.ops = map[string]*openapi3.Operation{}
	for _, item := range e.contract.Doc().Paths.Map() {
		for _, op := range item.Operations() {
			if e.routes[op.OperationID] == nil {
				return nil, fmt.Errorf("emulator: the contract's operation %q has no handler", op.OperationID)
			}
			e.ops[op.OperationID] = op
		}
	}
	if err := e.configure(opts.Latitude); err != nil {
		return nil, err
	}
	e.binds = e.store
	if opts.Store != nil {
		if e.binds = opts.Store(e.store); e.binds == nil {
			return nil, errors.New("emulator: Options.Store returned no store")
		}
		e.store.listed = e.binds.Listed
	}
	e.log = newRequestLog(opts.RequestLog)
	e.violations = newViolationLog(opts.ViolationLog)
	if e.chaos, err = newChaos(opts.Chaos, opts.ChaosSeed, e.ops); err != nil {
		return nil, err
	}
	return e, nil
}

// loadKeyPairs copies the key table, so that changing the caller's map later cannot
// change what the emulator accepts.
func (e *Emulator) loadKeyPairs(pairs map[string]string) error {
	if len(pairs) == 0 {
		return nil
	}
	keys := make(map[string]string, len(pairs))
	for ak, sk := range pairs {
		switch {
		case ak == "":
			return errors.New("emulator: key pairs: an access key is empty")
		case strings.ContainsAny(ak, ", \t\r\n="):
			return fmt.Errorf("emulator: key pairs: access key %q contains a separator of the Authorization header", ak)
		case sk == "":
			return fmt.Errorf("emulator: key pairs: the secret key of %q is empty", ak)
		}
		keys[ak] = sk
	}
	e.verifier = &signer.Verifier{Keys: keys, Now: e.now}
	return nil
}

// copySeed takes the default seed, or a validated deep copy of the caller's, so that
// changing the caller's value later cannot change what Reset returns to.
func copySeed(s *Seed) (*Seed, error) {
	if s == nil {
		s, err := DefaultSeed()
		if err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
		return s, nil
	}
	data, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("emulator: encode seed: %w", err)
	}
	if s, err = ParseSeed(data); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	return s, nil
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
	// The profile's page decides: both seed pages document elastic_resource_pools on bind.
	e.withPools = e.contract.Documents(contract.OpBind, "elastic_resource_pools")
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

// ServeHTTP answers one request and records it (API requests only).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w, done := e.transport(w, r)
	defer done()
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.write(w, e.admin(w, r), newRequestID(), nil, nil)
		return
	}
	rec := e.log.start(r, e.now())
	req := contract.Request{Method: r.Method, Target: target(r.URL), Header: r.Header}
	route := e.contract.Route(req) // once: both checks and the answer use it
	resp, reset := e.serveAPI(w, r, route, &req, rec)
	if reset {
		return
	}
	resp = e.adjust(r, rec.Operation, resp)
	// The request is filed before the answer leaves, so that a client that has its
	// answer finds the request in Requests.
	rec.RequestID = newRequestID()
	e.write(w, resp, rec.RequestID, &routedRequest{route, &req}, func(status int) {
		rec.Status = status
		e.log.add(rec)
	})
}

// serveAPI decides the answer to an API request. The checks run in the gateway's
// order and then DLI's: route, injected faults, credentials, body size, project
// header, media type, contract (strict mode), scenario, then semantics. reset says
// the connection was closed without an answer.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request, route *contract.Route, req *contract.Request, rec *RecordedRequest) (resp response, reset bool) {
	op := route.Operation()
	rec.Operation = op
	body, tooLarge, readErr := e.readBody(w, r)
	rec.setBody(body, tooLarge)
	tooLarge, ignored, limitErr := e.bodyLimit(route, tooLarge)
	if limitErr != nil {
		readErr = limitErr
	}
	if !tooLarge && !ignored {
		req.Body = body
	}
	violations := []string{}
	switch {
	case tooLarge:
		rec.Note = fmt.Sprintf("body larger than the limit of %d bytes: not checked against the contract", e.maxBody)
	case ignored:
		rec.Note = fmt.Sprintf("body larger than the limit of %d bytes: read no further and ignored, as the operation takes no body", e.maxBody)
	}
	if !tooLarge {
		if err := route.CheckRequest(r.Context(), *req); err != nil {
			violations = violationItems(err)
		}
	}
	rec.Violations = violations
	if op == "" {
		return e.unrouted(route), false
	}
	switch fault := e.chaos.apply(r.Context(), op, rec); fault {
	case faultReset:
		if conn := hijack(w); conn != nil {
			e.log.add(rec)
			resetConn(conn)
			return response{}, true
		}
		rec.Fault = faultError // not hijackable (e.g. HTTP/2): the nearest fault is a 500
		return e.injectedError(op), false
	case faultError:
		return e.injectedError(op), false
	}
	if resp, denied := e.authenticate(r, body, tooLarge); denied {
		return resp, false
	}
	switch {
	case tooLarge:
		return gatewayError(http.StatusRequestEntityTooLarge, codeRequest, msgTooLarge), false
	case readErr != nil:
		return dliError(http.StatusBadRequest, codeParam, "The request body could not be read: %v", readErr), false
	}
	c := newCall(r.URL, body)
	c.id = e.store.matchID(c.project, c.id)
	if resp, denied := checkProjectHeader(r.Header, c.project); denied {
		return resp, false
	}
	if ct := r.Header.Get("Content-Type"); route.TakesBody() && len(body) > 0 && !isJSON(ct) {
		return dliError(http.StatusUnsupportedMediaType, codeParam,
			"Content-Type %q is not supported; the request body must be application/json.", ct), false
	}
	if e.strict && len(violations) > 0 {
		return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %s", describeViolations(violations)), false
	}
	if prefer := r.Header.Values("Prefer"); len(prefer) > 0 {
		if resp, applied := e.scenario(op, prefer); applied {
			return resp, false
		}
	}
	resp = e.routes[op](c)
	e.acknowledge(r.Context(), op)
	return resp, false
}

// readBody reads at most maxBody bytes of the body; tooLarge says there was more.
func (e *Emulator) readBody(w http.ResponseWriter, r *http.Request) (body []byte, tooLarge bool, err error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false, nil
	}
	body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, e.maxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return body, true, nil
	}
	return body, false, err
}

// unrouted answers a request that matches no operation: 405 when some other method is
// defined on the path, 404 otherwise.
func (e *Emulator) unrouted(route *contract.Route) response {
	allowed := route.AllowedMethods()
	if len(allowed) == 0 {
		return gatewayError(http.StatusNotFound, codeNoAPI, msgNoAPI)
	}
	resp := gatewayError(http.StatusMethodNotAllowed, codeNoAPI, msgNoMethod)
	resp.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	return resp
}

// routedRequest is an API request with its route, for the check of its answer.
type routedRequest struct {
	route *contract.Route
	req   *contract.Request
}

// write encodes resp, checks it against the contract when it answers an API request
// (api non-nil), and sends it whatever the check says. sending, when given, learns
// the status just before the answer is written.
func (e *Emulator) write(w http.ResponseWriter, resp response, requestID string, api *routedRequest, sending func(status int)) {
	resp = resp.stampRequestID(requestID)
	buf := answerBuffers.Get().(*bytes.Buffer)
	defer releaseAnswer(buf)
	enc := json.NewEncoder(buf)
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
	if api != nil {
		got := contract.Response{Status: resp.status, Header: h, Body: buf.Bytes()}
		if err := api.route.CheckResponse(context.Background(), *api.req, got); err != nil {
			e.recordViolation(*api.req, resp.status, err)
		}
	}
	if sending != nil {
		sending(resp.status)
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(buf.Bytes())
}

// answerBuffers hold the answers being written: an answer's bytes are needed
// only until they are sent.
var answerBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func releaseAnswer(buf *bytes.Buffer) {
	if buf.Cap() <= 64<<10 {
		buf.Reset()
		answerBuffers.Put(buf)
	}
}

// Reset puts the state back to the seed. Recorded violations and requests are kept:
// they are findings about the emulator and its clients, not state of the API.
func (e *Emulator) Reset() { e.binds.Reset(e.seed.Load()) }

// Store is the store that bind, unbind and list work on, as Options.Store decorated
// it: an in-process way to read and change bindings.
func (e *Emulator) Store() Store { return e.binds }

// SetSeed validates s, makes it the seed that Reset returns to, and resets to it.
func (e *Emulator) SetSeed(s *Seed) error {
	seed, err := copySeed(s)
	if err != nil {
		return err
	}
	e.seed.Store(seed)
	e.Reset()
	return nil
}

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
