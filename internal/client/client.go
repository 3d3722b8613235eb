// Package client sends requests to the target and records each exchange, bytes and
// all, so that the suite can validate it and show it as evidence. It never fails on a
// status code; judging the answer is the caller's business.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/redact"
)

// Default bounds, used when Options leave them zero. A misbehaving target must
// not make the suite hold an endless answer in memory, nor write it to reports.
// They are the defaults of the settings that set them, declared in config.
const (
	// MaxResponseBytes bounds the response body bytes read, after decoding.
	MaxResponseBytes = config.DefaultMaxBodyBytes
	// DefaultMaxHeaderBytes bounds the response header bytes read.
	DefaultMaxHeaderBytes = config.DefaultMaxHeaderBytes
	// DefaultMaxEvidenceHeaderBytes bounds the header bytes shown per message.
	DefaultMaxEvidenceHeaderBytes = config.DefaultMaxEvidenceHeaderBytes
	// DefaultMaxEvidenceBodyBytes bounds the body bytes shown per message.
	DefaultMaxEvidenceBodyBytes = config.DefaultMaxEvidenceBodyBytes
)

// Auth adds credentials to a request. Apply sees the exact body that will be sent.
type Auth interface {
	Apply(req *http.Request, body []byte) error
	// Wrong returns credentials of the same scheme that no target accepts.
	Wrong() Auth
}

// TokenAuth sends a token as X-Auth-Token.
type TokenAuth struct{ Token string }

// Apply sets X-Auth-Token.
func (a TokenAuth) Apply(req *http.Request, _ []byte) error {
	req.Header.Set("X-Auth-Token", a.Token)
	return nil
}

// Wrong returns a token nobody issued.
func (a TokenAuth) Wrong() Auth { return TokenAuth{Token: WrongToken} }

// Options configure a Client.
type Options struct {
	// Endpoint is the target's base URL; its path, if any, prefixes every request.
	Endpoint string
	// Auth adds the configured credentials; nil sends none.
	Auth Auth
	// Timeout bounds each request, reading the body included.
	Timeout time.Duration
	// Transport is the round tripper to use; nil means a fresh http.Transport.
	Transport http.RoundTripper
	// TLS configures certificate checks for https targets; nil means the system
	// roots with verification on.
	TLS *tls.Config
	// Secrets are values that must never appear in rendered evidence, in addition
	// to the credential headers.
	Secrets []string
	// Sent, when set, learns the credentials each request carries that are not
	// configured (an AK/SK request's signature): the run's redactor, which
	// masks every file and console line of the run, must know them too.
	Sent *redact.Redactor
	// RateLimit caps the requests per second this client sends; 0 means no cap.
	RateLimit float64
	// MaxRetries bounds the retries of a request answered 429 or with a
	// Retry-After header.
	MaxRetries int
	// MaxRetryWait caps one wait between retries; 0 means 30s.
	MaxRetryWait time.Duration
	// ThrottleBudget bounds the total time all requests of this client wait on
	// throttling; once spent, a throttled request fails at once with
	// FailureThrottled. 0 means no bound.
	ThrottleBudget time.Duration
	// MaxHeaderBytes bounds the response header bytes read (the transport's
	// MaxResponseHeaderBytes when Transport is nil); 0 means 64 KiB.
	MaxHeaderBytes int64
	// MaxBodyBytes bounds the response body bytes read, after any gzip
	// decoding; 0 means MaxResponseBytes.
	MaxBodyBytes int64
	// MaxEvidenceHeaderBytes and MaxEvidenceBodyBytes bound what String shows of
	// one message's headers and body; 0 means 16 KiB and 4 KiB.
	MaxEvidenceHeaderBytes, MaxEvidenceBodyBytes int
}

// Client sends requests to one target.
type Client struct {
	base       *url.URL
	auth       Auth
	timeout    time.Duration
	hc         *http.Client
	redactor   *redact.Redactor
	sent       *redact.Redactor
	limiter    *limiter
	maxRetries int
	maxWait    time.Duration
	throttle   *budget
	// throttled counts the throttled answers the client has had.
	throttled atomic.Int64
	maxBody   int64
	evidence  evidenceLimits
}

// New returns a client for the target.
func New(o Options) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(o.Endpoint, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("client endpoint %q is not an absolute URL", o.Endpoint)
	}
	if o.Timeout <= 0 {
		return nil, fmt.Errorf("client timeout %v must be positive", o.Timeout)
	}
	maxHeader := orDefault(o.MaxHeaderBytes, DefaultMaxHeaderBytes)
	rt := o.Transport
	if rt == nil {
		rt = &http.Transport{Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 16, TLSClientConfig: o.TLS,
			MaxResponseHeaderBytes: maxHeader}
	}
	hc := &http.Client{
		Transport: rt,
		// A redirect is an answer to judge, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	maxWait := o.MaxRetryWait
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	return &Client{base: u, auth: o.Auth, timeout: o.Timeout, hc: hc, redactor: redact.New(o.Secrets...), sent: o.Sent,
		limiter: newLimiter(o.RateLimit), maxRetries: o.MaxRetries, maxWait: maxWait,
		throttle: newBudget(o.ThrottleBudget), maxBody: orDefault(o.MaxBodyBytes, MaxResponseBytes),
		evidence: evidenceLimits{
			header: int(orDefault(int64(o.MaxEvidenceHeaderBytes), DefaultMaxEvidenceHeaderBytes)),
			body:   int(orDefault(int64(o.MaxEvidenceBodyBytes), DefaultMaxEvidenceBodyBytes)),
		}}, nil
}

func orDefault(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}

// Endpoint returns the target's base URL.
func (c *Client) Endpoint() string { return c.base.String() }

// Credentials says which credentials a request carries.
type Credentials int

// The credential choices of a request.
const (
	// Configured sends the client's configured credentials.
	Configured Credentials = iota
	// None sends no credentials at all.
	None
	// Wrong sends a well-formed token that no target can have issued.
	Wrong
)

// WrongToken is the token sent for Wrong credentials.
const WrongToken = "MIIwrong-token-issued-by-nobody"

// Send says how a request goes besides what it is: with which credentials,
// and how its body is framed.
type Send struct {
	Credentials Credentials
	// Auth, when set, replaces the client's credentials for this request: a
	// requirement sends a near miss of the configured ones with it.
	Auth Auth
	// Chunked sends the body with chunked transfer encoding, without a
	// Content-Length, as a streaming client does.
	Chunked bool
}

// Do sends r with the configured credentials and records the exchange. It never returns nil: a transport failure,
// a timeout or an oversized answer is recorded in Exchange.Err, classified in
// Exchange.Failure. A throttled answer (429, or any answer with Retry-After) is
// retried up to MaxRetries times, each retry signed anew, each wait taken from
// the throttle budget and bounded by the time ctx leaves; the exchange records
// the last attempt and the retries. A wait the budget or ctx cannot afford
// fails the exchange at once with FailureThrottled.
func (c *Client) Do(ctx context.Context, r contract.Request) *Exchange {
	return c.DoAs(ctx, Configured, r)
}

// DoAs is Do with the credentials cr instead of the configured ones: the
// authentication requirements send none, or a wrong token.
func (c *Client) DoAs(ctx context.Context, cr Credentials, r contract.Request) *Exchange {
	return c.DoWith(ctx, Send{Credentials: cr}, r)
}

// Throttled counts the throttled answers (429, or Retry-After) the client has
// had so far: a caller that sends requests side by side sends them one at a
// time once the target throttles.
func (c *Client) Throttled() int64 { return c.throttled.Load() }

// DoWith is Do sent as s says.
func (c *Client) DoWith(ctx context.Context, s Send, r contract.Request) *Exchange {
	for attempt := 0; ; attempt++ {
		x := c.attempt(ctx, s, r)
		x.Retries = attempt
		wait, throttled := retryAfter(x)
		if throttled {
			c.throttled.Add(1)
		}
		if !throttled || attempt >= c.maxRetries {
			return x
		}
		wait = min(wait, c.maxWait)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
			x.Failure = FailureThrottled
			x.Err = fmt.Errorf("the target throttles: a wait of %v is more than the %v left to the run", wait, max(time.Until(deadline), 0).Round(time.Millisecond))
			return x
		}
		if !c.throttle.take(wait) {
			x.Failure = FailureThrottled
			x.Err = fmt.Errorf("the target throttles every request: throttle budget of %v spent", c.throttle.total)
			return x
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return x
		case <-t.C:
		}
	}
}

func (c *Client) attempt(ctx context.Context, s Send, r contract.Request) *Exchange {
	cr := s.Credentials
	x := &Exchange{Method: r.Method, Target: r.Target, ReqBody: r.Body, Endpoint: c.base.String(), redactor: c.redactor, evidence: c.evidence}
	if err := c.limiter.wait(ctx); err != nil {
		x.Err = fmt.Errorf("waiting for DLI_RATE_LIMIT: %w", err)
		x.Failure = FailureNotSent
		return x
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, r.Method, c.base.String()+r.Target, bytes.NewReader(r.Body))
	if err != nil {
		x.Err = fmt.Errorf("build request: %w", err)
		x.Failure = FailureNotSent
		return x
	}
	switch {
	case len(r.Body) == 0:
		req.Body = http.NoBody
	case s.Chunked:
		// An unknown length makes the transport frame the body in chunks; the
		// reader hides its length from NewRequest's guess.
		req.Body, req.ContentLength = io.NopCloser(struct{ io.Reader }{bytes.NewReader(r.Body)}), -1
		req.GetBody = nil
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	auth := c.auth
	switch {
	case cr == None:
		auth = nil
	case cr == Wrong && auth != nil:
		auth = auth.Wrong()
	case cr == Wrong:
		auth = TokenAuth{}.Wrong()
	case s.Auth != nil:
		auth = s.Auth
	}
	if auth != nil {
		if err := auth.Apply(req, r.Body); err != nil {
			x.Err = fmt.Errorf("apply credentials: %w", err)
			x.Failure = FailureNotSent
			return x
		}
	}
	x.ReqHeader = req.Header.Clone()
	x.redactor = exchangeRedactor(c.redactor, x.ReqHeader)
	c.sent.Add(requestSecrets(x.ReqHeader)...)
	var connected atomic.Bool
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	}))
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		x.Duration = time.Since(start)
		x.Err = describeTransportError(err, c.timeout)
		x.Failure = FailureAnsweredBadly
		if !connected.Load() {
			x.Failure = FailureUnreachable
		}
		return x
	}
	defer resp.Body.Close()
	x.Status = resp.StatusCode
	x.RespHeader, x.RespHeaderDropped = keepHeaders(resp.Header, c.evidence.header)
	// The transport has undone any gzip it asked for: the bound is on the
	// decoded bytes, so a small compressed bomb cannot grow past it.
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	x.Duration = time.Since(start)
	x.RespBody = body
	switch {
	case err != nil:
		x.Err = fmt.Errorf("read response body after %d bytes: %w", len(body), describeTransportError(err, c.timeout))
		x.Failure = FailureAnsweredBadly
	case int64(len(body)) > c.maxBody:
		x.RespBody = body[:c.maxBody]
		x.Err = fmt.Errorf("response body over %d bytes (DLI_MAX_BODY_BYTES)", c.maxBody)
		x.Failure = FailureAnsweredBadly
	}
	return x
}

// retryAfter tells whether the answer asks to come back later, and when.
func retryAfter(x *Exchange) (time.Duration, bool) {
	if x.Err != nil || x.Status == 0 {
		return 0, false
	}
	h := x.RespHeader.Get("Retry-After")
	if x.Status != http.StatusTooManyRequests && h == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(h); err == nil {
		return max(time.Until(at), 0), true
	}
	// A 429 without a usable Retry-After: back off by the retry number.
	return time.Duration(1+x.Retries) * time.Second, true
}

func describeTransportError(err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
		return fmt.Errorf("no complete answer within DLI_TIMEOUT (%v): %w", timeout, err)
	}
	return err
}
