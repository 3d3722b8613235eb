// Package proxy is a validating reverse proxy: it forwards every request to an
// upstream (a DLI endpoint, an emulator, anything that claims to speak the API) and
// checks both the request and the answer against the contract, reporting each
// exchange's violations. With Enforce it also refuses them: a non-conformant request
// is answered 400 without being forwarded, a non-conformant answer is replaced by 502.
//
// It sits between an SDK and a real endpoint to show what either side does that the
// contract does not expect, and in front of an emulator to show that the emulator
// conforms. It never reports credentials: no header is reported, and the values of
// the credential headers are scrubbed from everything it writes.
package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/safewrite"
)

// Options configures a Proxy. Upstream and Contract are required.
type Options struct {
	// Upstream is where requests go: scheme, host and an optional base path that is
	// put before every request's path.
	Upstream *url.URL
	// Contract is what requests and answers are checked against.
	Contract *contract.Contract
	// Enforce refuses violations instead of only reporting them. Without it the
	// request is checked while the upstream works on it, and the answer reaches
	// the client before it is checked: checking adds little to what a client
	// waits, and the exchange is reported (and counted) once both checks ended.
	Enforce bool
	// Log receives one line per exchange; nil writes none.
	Log io.Writer
	// Report receives one JSON object per exchange, one per line; nil writes none.
	Report io.Writer
	// MaxBodyBytes is the largest body, either way, that is checked; a larger one is
	// passed on unchecked, with a note. 0 → config.DefaultMaxBodyBytes, the
	// bound the suite reads of an answer.
	MaxBodyBytes int64
	// Transport sends the forwarded requests; nil → a clone of http.DefaultTransport.
	Transport http.RoundTripper
}

// Exchange is the report of one request and its answer.
type Exchange struct {
	Seq       uint64    `json:"seq"`
	Time      time.Time `json:"time"`
	Method    string    `json:"method"`
	Target    string    `json:"target"`    // path and query as the client sent them
	Operation string    `json:"operation"` // the contract's operation id; "" when none matches
	// Status is what the client got; UpstreamStatus what the upstream answered (0 when
	// the request was not forwarded or no answer came).
	Status         int     `json:"status"`
	UpstreamStatus int     `json:"upstream_status,omitempty"`
	RequestID      string  `json:"request_id,omitempty"` // the answer's X-Request-Id
	DurationMS     float64 `json:"duration_ms"`
	// Action is what the proxy did: forwarded, rejected-request, rejected-response or
	// upstream-error.
	Action             string   `json:"action"`
	RequestViolations  []string `json:"request_violations"`
	ResponseViolations []string `json:"response_violations"`
	// Notes say what was not checked and why (e.g. a body over MaxBodyBytes).
	Notes []string `json:"notes,omitempty"`
	Error string   `json:"error,omitempty"`
}

// Actions of an Exchange.
const (
	ActionForwarded        = "forwarded"
	ActionRejectedRequest  = "rejected-request"
	ActionRejectedResponse = "rejected-response"
	ActionUpstreamError    = "upstream-error"
)

// RejectionHeader tells a client that the proxy, not the upstream, answered; its value
// is the Action.
const RejectionHeader = "X-Conformance-Proxy"

// upstreamIdleConns is how many idle connections to the upstream the default
// transport keeps for reuse: one per client of a busy test run or load test.
const upstreamIdleConns = 64

// harnessPrefix is the emulator's harness path: not part of the API, so passed on
// without checks or reports.
const harnessPrefix = "/_emulator/"

// Proxy is an http.Handler. It is safe for concurrent use.
type Proxy struct {
	contract *contract.Contract
	enforce  bool
	maxBody  int64
	rp       *httputil.ReverseProxy
	seq      atomic.Uint64

	outMu  sync.Mutex // serialises Log and Report
	log    io.Writer
	report io.Writer

	tally     tally
	redactors redactors
}

// New returns a proxy to opts.Upstream.
func New(opts Options) (*Proxy, error) {
	u := opts.Upstream
	switch {
	case u == nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("proxy: the upstream must be an absolute http or https URL")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("proxy: upstream %s: a query or fragment cannot prefix requests", u.Redacted())
	case opts.Contract == nil:
		return nil, errors.New("proxy: no contract given")
	}
	p := &Proxy{contract: opts.Contract, enforce: opts.Enforce, maxBody: opts.MaxBodyBytes, log: opts.Log, report: opts.Report}
	// A line nobody reads is not built: io.Discard is no writer.
	if p.log == io.Discard {
		p.log = nil
	}
	if p.report == io.Discard {
		p.report = nil
	}
	if p.maxBody <= 0 {
		p.maxBody = config.DefaultMaxBodyBytes
	}
	p.tally.init()
	transport := opts.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// The default keeps two idle connections per host: under a load of more
		// clients than that, each extra request would open a connection to the
		// upstream and drop it after the answer.
		t.MaxIdleConnsPerHost = upstreamIdleConns
		transport = t
	}
	upstream := *u
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(&upstream)
			// Let the transport negotiate compression and undo it, so that the answer
			// is checked as JSON; the client then gets it uncompressed.
			pr.Out.Header.Del("Accept-Encoding")
		},
		Transport:      transport,
		ModifyResponse: p.checkResponse,
		ErrorHandler:   p.upstreamError,
	}
	return p, nil
}

// flight is what ServeHTTP hands to the response hooks of one exchange.
type flight struct {
	x     *Exchange
	req   contract.Request
	route *contract.Route
	// joinRequestCheck waits for a request check running beside the forwarding.
	joinRequestCheck func()
	// answer is the upstream's answer to check after it is sent, when the proxy
	// only reports.
	answer *contract.Response
}

type flightKey struct{}

// ServeHTTP checks the request, forwards it unless Enforce refuses it, and reports
// the exchange once the answer is written.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, harnessPrefix) {
		p.rp.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	f := &flight{x: &Exchange{Seq: p.seq.Add(1), Time: start, Method: r.Method, Target: target(r.URL),
		RequestViolations: []string{}, ResponseViolations: []string{}, Action: ActionForwarded}}
	defer func() {
		f.x.DurationMS = float64(time.Since(start).Microseconds()) / 1000
		if f.joinRequestCheck != nil {
			f.joinRequestCheck()
		}
		p.finish(f.x, r.Header)
	}()

	body, complete, err := readUpTo(r.Body, p.maxBody)
	if err != nil {
		f.x.Action, f.x.Error = ActionRejectedRequest, "read the request body: "+err.Error()
		f.x.Status = writeError(w, http.StatusBadRequest, "DLI.0001", ActionRejectedRequest,
			"dli-conformance proxy: the request body could not be read")
		return
	}
	// The check reads the headers without changing them: no copy needed.
	f.req = contract.Request{Method: r.Method, Target: f.x.Target, Header: r.Header, Body: body}
	f.route = p.contract.Route(f.req)
	f.x.Operation = f.route.Operation()
	checked := func() {
		if err := f.route.CheckRequest(r.Context(), f.req); err != nil {
			f.x.RequestViolations = items(err)
		}
	}
	switch {
	case !complete:
		f.x.Notes = append(f.x.Notes, fmt.Sprintf("request body larger than %d bytes: not checked", p.maxBody))
	case p.enforce:
		checked()
	default:
		// Reporting only, the verdict on the request does not change what is
		// forwarded: check it while the upstream works on the answer. Nothing
		// else touches RequestViolations before the join in the deferred finish.
		done := make(chan struct{})
		go func() { defer close(done); checked() }()
		f.joinRequestCheck = func() { <-done }
	}
	if p.enforce && len(f.x.RequestViolations) > 0 {
		f.x.Action = ActionRejectedRequest
		f.x.Status = writeError(w, http.StatusBadRequest, "DLI.0001", ActionRejectedRequest,
			"Parameter check errors occur: dli-conformance proxy: the request departs from the contract: "+describe(f.x.RequestViolations))
		return
	}
	r.Body = rejoin(body, complete, r.Body)
	if complete {
		r.ContentLength = int64(len(body))
	}
	sw := &statusWriter{ResponseWriter: w}
	p.rp.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), flightKey{}, f)))
	f.x.Status = sw.status
	if f.answer != nil {
		_ = http.NewResponseController(sw).Flush()
		if err := f.route.CheckResponse(r.Context(), f.req, *f.answer); err != nil {
			f.x.ResponseViolations = items(err)
		}
	}
}

// checkResponse reads the upstream's answer and checks it. With Enforce, a
// non-conformant answer is replaced by a 502 that names the violation.
func (p *Proxy) checkResponse(resp *http.Response) error {
	f, _ := resp.Request.Context().Value(flightKey{}).(*flight)
	if f == nil { // a harness request
		return nil
	}
	f.x.UpstreamStatus = resp.StatusCode
	f.x.RequestID = resp.Header.Get("X-Request-Id")
	body, complete, err := readUpTo(resp.Body, p.maxBody)
	if err != nil {
		return fmt.Errorf("read the upstream's answer: %w", err)
	}
	if !complete {
		f.x.Notes = append(f.x.Notes, fmt.Sprintf("response body larger than %d bytes: not checked", p.maxBody))
		resp.Body = rejoin(body, false, resp.Body)
		return nil
	}
	_ = resp.Body.Close()
	got := contract.Response{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: body}
	if !p.enforce {
		// Reporting only: the client gets the answer first, ServeHTTP checks it
		// once it is sent.
		f.answer = &got
	} else if err := f.route.CheckResponse(resp.Request.Context(), f.req, got); err != nil {
		f.x.ResponseViolations = items(err)
	}
	if p.enforce && len(f.x.ResponseViolations) > 0 {
		f.x.Action = ActionRejectedResponse
		body = proxyBody(fmt.Sprintf("dli-conformance proxy: the upstream's %d answer departs from the contract: %s",
			resp.StatusCode, describe(f.x.ResponseViolations)))
		resp.StatusCode, resp.Status = http.StatusBadGateway, ""
		resp.Header = http.Header{"Content-Type": {"application/json;charset=UTF-8"}, RejectionHeader: {ActionRejectedResponse}}
		if f.x.RequestID != "" {
			resp.Header.Set("X-Request-Id", f.x.RequestID)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", fmt.Sprint(len(body)))
	resp.Header.Del("Content-Encoding")
	return nil
}

// upstreamError answers when no answer came: the upstream is down, reset the
// connection, or sent something that is not HTTP.
func (p *Proxy) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	if f, _ := r.Context().Value(flightKey{}).(*flight); f != nil {
		f.x.Action, f.x.Error = ActionUpstreamError, err.Error()
	}
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set(RejectionHeader, ActionUpstreamError)
	w.WriteHeader(http.StatusBadGateway)
	_, _ = w.Write(proxyBody("dli-conformance proxy could not reach the upstream: " + err.Error()))
}

// finish counts the exchange and writes its log line and report line, with every
// credential value of the request scrubbed.
//
// The exchange is counted last: once Summary counts it, its lines are written,
// even though the client may have had its answer before the check ended.
func (p *Proxy) finish(x *Exchange, reqHeader http.Header) {
	defer p.tally.add(x)
	if p.log == nil && p.report == nil {
		return
	}
	var line string
	if p.log != nil {
		line = logLine(x)
	}
	var rep []byte
	if p.report != nil {
		data, err := json.Marshal(x)
		if err != nil {
			data = fmt.Appendf(nil, `{"seq":%d,"error":%q}`, x.Seq, err.Error())
		}
		rep = append(data, '\n')
	}
	// Whatever field of the exchange quotes a credential of the request, the
	// bytes written are masked: the log line and the report line whole.
	if red := p.redactors.of(secretsOf(reqHeader)); red != nil {
		line, rep = red.String(line), safewrite.Bytes(red, rep)
	}
	p.outMu.Lock()
	defer p.outMu.Unlock()
	if p.log != nil {
		_, _ = io.WriteString(p.log, line+"\n")
	}
	if p.report != nil {
		_, _ = p.report.Write(rep)
	}
}

// logLine is one human line per exchange.
func logLine(x *Exchange) string {
	op := x.Operation
	if op == "" {
		op = "no operation"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "proxy: #%d %s %s → %d (%s, %.1fms) %s", x.Seq, x.Method, x.Target, x.Status, op, x.DurationMS, x.Action)
	for _, part := range []struct {
		name  string
		items []string
	}{{"request", x.RequestViolations}, {"response", x.ResponseViolations}} {
		if len(part.items) > 0 {
			fmt.Fprintf(&b, "; %s violates the contract: %s", part.name, strings.Join(part.items, "; "))
		}
	}
	for _, n := range x.Notes {
		b.WriteString("; note: " + n)
	}
	if x.Error != "" {
		b.WriteString("; error: " + x.Error)
	}
	return b.String()
}

// statusWriter remembers the status written to the client.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 && code >= 200 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushing, deadlines).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// writeError writes DLI's error body, marked as the proxy's own answer.
func writeError(w http.ResponseWriter, status int, code, action, msg string) int {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set(RejectionHeader, action)
	w.WriteHeader(status)
	_, _ = w.Write(errorBody(code, msg))
	return status
}

// proxyBody is the body of an answer the proxy makes up itself instead of the
// upstream's (502: no answer came, or it was refused). It is no DLI error
// body: a DLI error code there would claim the service said something it did
// not.
func proxyBody(msg string) []byte {
	data, _ := json.Marshal(struct {
		ProxyError string `json:"proxy_error"`
	}{msg})
	return data
}

func errorBody(code, msg string) []byte {
	data, _ := json.Marshal(struct {
		ErrorCode string `json:"error_code"`
		ErrorMsg  string `json:"error_msg"`
	}{code, msg})
	return data
}

// readUpTo reads at most limit bytes; complete says the body ended within them.
func readUpTo(body io.ReadCloser, limit int64) (data []byte, complete bool, err error) {
	if body == nil || body == http.NoBody {
		return nil, true, nil
	}
	data, err = io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(data)) > limit {
		return data, false, nil
	}
	return data, true, nil
}

// rejoin puts the bytes already read back in front of what is left of the body.
func rejoin(read []byte, complete bool, rest io.ReadCloser) io.ReadCloser {
	if complete {
		if len(read) == 0 {
			return http.NoBody
		}
		return io.NopCloser(bytes.NewReader(read))
	}
	return struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(read), rest), rest}
}

// target is the path and query as sent, the form the contract routes on.
func target(u *url.URL) string {
	t := u.EscapedPath()
	if u.RawQuery != "" {
		t += "?" + u.RawQuery
	}
	return t
}

func items(err error) []string {
	var v *contract.Violations
	if errors.As(err, &v) && len(v.Items) > 0 {
		return v.Items
	}
	return []string{err.Error()}
}

// describe names the first violation and counts the others, as DLI words a refusal.
func describe(items []string) string {
	if len(items) > 1 {
		return fmt.Sprintf("%s (and %d more)", items[0], len(items)-1)
	}
	return items[0]
}
