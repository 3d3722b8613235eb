package contract

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// A check of a request or an answer against the document is a pure function of
// what it reads: the operation, the target, a few headers and the body. A server
// answers the same bytes to the same request again and again (a client repeating
// a call, a load test, the emulator's constant messages), so a Contract remembers
// recent verdicts and checks each distinct exchange once.
const (
	memoEntries = 1024    // verdicts kept; the memo starts afresh when full
	memoMaxBody = 8 << 10 // larger bodies are checked every time, not kept
)

// checkMemo maps an exchange's key to its verdict: nil (conformant) or the
// violations. Only verdicts of those two kinds are kept.
type checkMemo struct {
	mu      sync.Mutex
	entries map[string]*Violations
	// headers are the headers whose values a check reads, canonical and sorted:
	// Content-Type, and every header a parameter or a response declares.
	headers []string
}

// newCheckMemo returns the memo of doc, or nil when a check reads something that
// the key would not hold (a cookie parameter).
func newCheckMemo(doc *openapi3.T) *checkMemo {
	names := map[string]bool{"Content-Type": true}
	params := func(ps openapi3.Parameters) bool {
		for _, p := range ps {
			if p.Value == nil {
				continue
			}
			switch p.Value.In {
			case openapi3.ParameterInCookie:
				return false
			case openapi3.ParameterInHeader:
				names[http.CanonicalHeaderKey(p.Value.Name)] = true
			}
		}
		return true
	}
	responses := func(rs *openapi3.Responses) {
		if rs == nil {
			return
		}
		for _, r := range rs.Map() {
			if r.Value != nil {
				for h := range r.Value.Headers {
					names[http.CanonicalHeaderKey(h)] = true
				}
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		if !params(item.Parameters) {
			return nil
		}
		for _, op := range item.Operations() {
			if !params(op.Parameters) {
				return nil
			}
			responses(op.Responses)
		}
	}
	m := &checkMemo{entries: map[string]*Violations{}}
	for n := range names {
		m.headers = append(m.headers, n)
	}
	slices.Sort(m.headers)
	return m
}

// get returns the kept verdict of key, a copy that the caller may change.
func (m *checkMemo) get(key []byte) (verdict error, found bool) {
	m.mu.Lock()
	v, found := m.entries[string(key)] // looked up without a copy of key
	m.mu.Unlock()
	switch {
	case !found:
		return nil, false
	case v == nil:
		return nil, true
	}
	return &Violations{Items: slices.Clone(v.Items)}, true
}

// put keeps the verdict of key, when it is one a later check would give again.
func (m *checkMemo) put(key []byte, verdict error) {
	var kept *Violations
	if verdict != nil {
		v, ok := verdict.(*Violations)
		if !ok {
			return
		}
		kept = &Violations{Items: slices.Clone(v.Items)}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.entries) >= memoEntries {
		clear(m.entries)
	}
	m.entries[string(key)] = kept
}

// keyBuffers hold the keys being built: a key lives only as long as one check.
var keyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// release hands a key's buffer back once its check is done.
func release(key *[]byte) {
	if key != nil && cap(*key) <= 2*memoMaxBody {
		*key = (*key)[:0]
		keyBuffers.Put(key)
	}
}

// key is everything a check reads of an exchange, each part length-prefixed so
// that no two exchanges share a key; ok is false when the body is too large to keep.
// credentials are the facts checkCredentialsPresent reads, never the secrets.
// The key is built in a pooled buffer, which the caller releases.
func (m *checkMemo) key(side, operation, target string, status int, h http.Header, body []byte) (*[]byte, bool) {
	if len(body) > memoMaxBody {
		return nil, false
	}
	buf := keyBuffers.Get().(*[]byte)
	b := (*buf)[:0]
	part := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	number := func(n int) {
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ';')
	}
	part(side)
	part(operation)
	part(target)
	number(status)
	for _, name := range m.headers {
		vs := h[name]
		number(len(vs))
		for _, v := range vs {
			part(v)
		}
	}
	if side == "request" {
		creds := [3]byte{'-', '-', '-'}
		if h.Get("X-Auth-Token") != "" {
			creds[0] = 't'
		}
		if strings.HasPrefix(h.Get("Authorization"), "SDK-HMAC-SHA256 ") {
			creds[1] = 's'
		}
		if h.Get("X-Sdk-Date") != "" {
			creds[2] = 'd'
		}
		b = append(b, creds[:]...)
	}
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, ':')
	b = append(b, body...)
	*buf = b
	return buf, true
}
