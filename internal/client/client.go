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
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxResponseBytes bounds how much of a response body is read: a misbehaving target
// must not make the suite hold an endless body in memory.
const MaxResponseBytes = 1 << 20

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
	// RateLimit caps the requests per second this client sends; 0 means no cap.
	RateLimit float64
	// MaxRetries bounds the retries of a request answered 429 or with a
	// Retry-After header.
	MaxRetries int
	// MaxRetryWait caps one wait between retries; 0 means 30s.
	MaxRetryWait time.Duration
}

// Client sends requests to one target.
type Client struct {
	base       *url.URL
	auth       Auth
	timeout    time.Duration
	hc         *http.Client
	secrets    []string
	limiter    *limiter
	maxRetries int
	maxWait    time.Duration
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
	rt := o.Transport
	if rt == nil {
		rt = &http.Transport{Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 16, TLSClientConfig: o.TLS}
	}
	hc := &http.Client{
		Transport: rt,
		// A redirect is an answer to judge, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var secrets []string
	for _, s := range o.Secrets {
		if s != "" {
			secrets = append(secrets, s)
		}
	}
	maxWait := o.MaxRetryWait
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	return &Client{base: u, auth: o.Auth, timeout: o.Timeout, hc: hc, secrets: secrets,
		limiter: newLimiter(o.RateLimit), maxRetries: o.MaxRetries, maxWait: maxWait}, nil
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

// Request is one request to send. Target is the API path with its query, escaped as
// it should go on the wire.
type Request struct {
	Method      string
	Target      string
	Header      http.Header
	Body        []byte
	Credentials Credentials
}

// JSON returns a POST request with a JSON body.
func JSON(method, target string, body []byte) Request {
	return Request{Method: method, Target: target, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
}

// Do sends r and records the exchange. It never returns nil: a transport failure,
// a timeout or an oversized body is recorded in Exchange.Err. A throttled answer
// (429, or any answer with Retry-After) is retried up to MaxRetries times, each
// retry signed anew; the exchange records the last attempt and the retries.
func (c *Client) Do(ctx context.Context, r Request) *Exchange {
	for attempt := 0; ; attempt++ {
		x := c.attempt(ctx, r)
		x.Retries = attempt
		wait, throttled := retryAfter(x)
		if !throttled || attempt >= c.maxRetries {
			return x
		}
		wait = min(wait, c.maxWait)
		select {
		case <-ctx.Done():
			return x
		case <-time.After(wait):
		}
	}
}

func (c *Client) attempt(ctx context.Context, r Request) *Exchange {
	x := &Exchange{Method: r.Method, Target: r.Target, ReqBody: r.Body, Endpoint: c.base.String(), secrets: c.secrets}
	if err := c.limiter.wait(ctx); err != nil {
		x.Err = fmt.Errorf("waiting for DLI_RATE_LIMIT: %w", err)
		return x
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, r.Method, c.base.String()+r.Target, bytes.NewReader(r.Body))
	if err != nil {
		x.Err = fmt.Errorf("build request: %w", err)
		return x
	}
	if len(r.Body) == 0 {
		req.Body = http.NoBody
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	auth := c.auth
	switch {
	case r.Credentials == None:
		auth = nil
	case r.Credentials == Wrong && auth != nil:
		auth = auth.Wrong()
	case r.Credentials == Wrong:
		auth = TokenAuth{}.Wrong()
	}
	if auth != nil {
		if err := auth.Apply(req, r.Body); err != nil {
			x.Err = fmt.Errorf("apply credentials: %w", err)
			return x
		}
	}
	x.ReqHeader = req.Header.Clone()
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		x.Duration = time.Since(start)
		x.Err = describeTransportError(err, c.timeout)
		return x
	}
	defer resp.Body.Close()
	x.Status = resp.StatusCode
	x.RespHeader = resp.Header.Clone()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	x.Duration = time.Since(start)
	x.RespBody = body
	switch {
	case err != nil:
		x.Err = fmt.Errorf("read response body after %d bytes: %w", len(body), describeTransportError(err, c.timeout))
	case len(body) > MaxResponseBytes:
		x.RespBody = body[:MaxResponseBytes]
		x.Err = fmt.Errorf("response body is larger than %d bytes", MaxResponseBytes)
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
