package emulator

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	redaction "github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// RecordedRequest is one API request as the emulator received it, with what the
// contract says of it and what the emulator answered. Credentials never appear in
// it: the values of the credential headers are replaced by Redacted.
type RecordedRequest struct {
	Seq    uint64      `json:"seq"` // arrival order, from 1; a gap means the ring dropped entries
	Time   time.Time   `json:"time"`
	Method string      `json:"method"`
	Path   string      `json:"path"` // escaped as sent
	Query  string      `json:"query,omitempty"`
	Header http.Header `json:"header"`
	// Body is the body as sent, cut at MaxRecordedBody bytes (BodyTruncated then says so).
	Body          string `json:"body"`
	BodyTruncated bool   `json:"body_truncated,omitempty"`
	// Operation is the contract's operation id, "" when no operation matches.
	Operation string `json:"operation"`
	// Credentials is what the request presented: none, token, aksk or token+aksk.
	Credentials string `json:"credentials"`
	// SignedHeaders lists the headers an AK/SK signature covers, as its Authorization
	// header names them.
	SignedHeaders []string `json:"signed_headers,omitempty"`
	// Violations lists how the request departs from the contract; empty when it conforms.
	Violations []string `json:"violations"`
	// Note says why the request was not checked, e.g. a body over the size limit.
	Note string `json:"note,omitempty"`
	// Status is the status answered, 0 when the connection was reset instead.
	Status int `json:"status"`
	// RequestID is the answer's X-Request-Id (the SDK's ServiceResponseError.RequestId).
	RequestID string `json:"request_id,omitempty"`
	// Fault names an injected fault: reset or error (see ChaosRule).
	Fault string `json:"fault,omitempty"`
	// DelayMS is the injected latency in milliseconds.
	DelayMS int64 `json:"delay_ms,omitempty"`
}

// Redacted replaces the value of every credential header in recorded requests.
const Redacted = "[REDACTED]"

// MaxRecordedBody bounds the body kept per recorded request, so that a full ring of
// large requests stays small.
const MaxRecordedBody = 64 << 10

const defaultRequestLog = 1000

// requestLog keeps the last size requests in a ring.
type requestLog struct {
	mu    sync.Mutex
	ring  []RecordedRequest
	next  int // where the next entry goes
	count int // entries held, at most len(ring)
	seq   uint64
}

func newRequestLog(size int) *requestLog {
	switch {
	case size == 0:
		size = defaultRequestLog
	case size < 0:
		size = 0
	}
	return &requestLog{ring: make([]RecordedRequest, size)}
}

// start opens the record of a request as it arrives; add files it when answered.
func (l *requestLog) start(r *http.Request, now time.Time) *RecordedRequest {
	l.mu.Lock()
	l.seq++
	seq := l.seq
	l.mu.Unlock()
	return &RecordedRequest{
		Seq: seq, Time: now, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		// The request's own header map, which nothing changes once it has arrived:
		// it is masked when listed, which is rarer than a request by far.
		Header:        r.Header,
		Credentials:   credentialKind(r.Header.Get("X-Auth-Token") != "", isSigned(r.Header)),
		SignedHeaders: signedHeaders(r.Header),
		Violations:    []string{},
	}
}

func (l *requestLog) add(rec *RecordedRequest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ring) == 0 {
		return
	}
	l.ring[l.next] = *rec
	l.next = (l.next + 1) % len(l.ring)
	l.count = min(l.count+1, len(l.ring))
}

// list returns the held entries in arrival order, and how many were seen in all.
func (l *requestLog) list() ([]RecordedRequest, uint64) {
	l.mu.Lock()
	out := make([]RecordedRequest, 0, l.count)
	start := (l.next - l.count + len(l.ring)) % max(len(l.ring), 1)
	for i := range l.count {
		out = append(out, l.ring[(start+i)%len(l.ring)])
	}
	seen := l.seq
	l.mu.Unlock()
	// Requests are filed when answered; a slow one may be filed after a later one.
	slices.SortFunc(out, func(a, b RecordedRequest) int { return cmp.Compare(a.Seq, b.Seq) })
	for i := range out {
		out[i].Header = redact(out[i].Header)
		out[i].Violations = slices.Clone(out[i].Violations)
		out[i].SignedHeaders = slices.Clone(out[i].SignedHeaders)
	}
	return out, seen
}

func (l *requestLog) clear() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.count
	clear(l.ring)
	l.next, l.count = 0, 0
	return n
}

func (rec *RecordedRequest) setBody(body []byte, tooLarge bool) {
	if len(body) > MaxRecordedBody {
		body, tooLarge = body[:MaxRecordedBody], true
	}
	rec.Body, rec.BodyTruncated = string(body), tooLarge
}

// Requests returns the recorded API requests, oldest first: at most Options.RequestLog
// of the most recent ones. Harness requests (/_emulator/) are not recorded.
func (e *Emulator) Requests() []RecordedRequest {
	out, _ := e.log.list()
	return out
}

// ClearRequests forgets the recorded requests.
func (e *Emulator) ClearRequests() { e.log.clear() }

// redact masks the values of the credential headers internal/redact lists;
// SignedHeaders keeps what a signature covers.
func redact(h http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	return redaction.MaskCredentials(h)
}

// signedHeaders reads the SignedHeaders field of an AK/SK Authorization header; the
// list names headers, it holds no secret.
func signedHeaders(h http.Header) []string {
	if !isSigned(h) {
		return nil
	}
	for part := range strings.SplitSeq(h.Get(signer.AuthorizationHeader), ",") {
		part = strings.TrimSpace(part)
		if i := strings.LastIndex(part, " "); i >= 0 {
			part = part[i+1:] // the first field follows the algorithm name
		}
		if v, ok := strings.CutPrefix(part, "SignedHeaders="); ok {
			return strings.Split(v, ";")
		}
	}
	return nil
}
