package redact

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
)

// MinSecretLen is the shortest secret searched for in text: a shorter one would
// match ordinary text (a one-letter token would mask every such letter). The
// configuration refuses shorter secrets; the Redactor ignores them in text,
// though credential headers are masked by name whatever their length.
const MinSecretLen = 8

// keyLen is how many leading bytes of a needle index it. Every form of a
// secret of MinSecretLen bytes is at least this long (the shortest, a base64
// core, has ten characters).
const keyLen = 8

// Redactor masks credential headers and a set of secret values, in every
// encoding Encodings lists. It is safe for concurrent use, and it grows: a run
// adds the signatures it sends while its output is being written. The nil
// *Redactor masks credential headers only.
//
// Needles are indexed by their first bytes rather than compiled into one
// automaton, so that adding a secret costs its own forms only: a run adds one
// signature per request, thousands of them.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
	known   map[string]bool
	needles map[uint64][]needle
	// lead has a bit for each pair of first bytes some needle starts with, so
	// that most positions of a text are passed over without a map lookup.
	lead      [1 << 16 / 64]uint64
	multiline bool
}

// needle is one form of a secret. A base64 one is the part of the encoding that
// depends on the secret alone: the characters next to it mix the secret's bits
// with its neighbours', so they are masked with it.
type needle struct {
	text   string
	base64 bool
}

// New returns a redactor for the secrets; empty and too-short values are ignored.
func New(secrets ...string) *Redactor {
	r := &Redactor{known: map[string]bool{}, needles: map[uint64][]needle{}}
	r.Add(secrets...)
	return r
}

// Add adds secrets to the redactor; empty, too-short and known values are
// ignored. Adding to the nil *Redactor does nothing.
func (r *Redactor) Add(secrets ...string) {
	if r == nil {
		return
	}
	var fresh []string
	r.mu.RLock()
	for _, s := range secrets {
		if len(s) >= MinSecretLen && !r.known[s] {
			fresh = append(fresh, s)
		}
	}
	r.mu.RUnlock()
	if len(fresh) == 0 {
		return
	}
	forms := make([][]needle, len(fresh))
	for i, s := range fresh {
		forms[i] = needlesOf(s)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, s := range fresh {
		if r.known[s] {
			continue
		}
		r.known[s] = true
		r.secrets = append(r.secrets, s)
		for _, n := range forms[i] {
			r.index(n)
		}
	}
}

func (r *Redactor) index(n needle) {
	k := key(n.text, 0)
	for i, old := range r.needles[k] {
		if old.text == n.text {
			r.needles[k][i].base64 = old.base64 || n.base64
			return
		}
	}
	r.needles[k] = append(r.needles[k], n)
	lead := uint16(n.text[0])<<8 | uint16(n.text[1])
	r.lead[lead>>6] |= 1 << (lead & 63)
	r.multiline = r.multiline || strings.ContainsAny(n.text, "\r\n")
}

// needlesOf lists the forms of s, each marked base64 or not.
func needlesOf(s string) []needle {
	b64 := map[string]bool{}
	for _, c := range base64Cores(s) {
		b64[c] = true
	}
	var out []needle
	for _, f := range Encodings(s) {
		if len(f) >= keyLen {
			out = append(out, needle{text: f, base64: b64[f]})
		}
	}
	return out
}

// key reads the keyLen bytes of s at i as one number.
func key(s string, i int) uint64 {
	var k uint64
	for j := range keyLen {
		k = k<<8 | uint64(s[i+j])
	}
	return k
}

// With returns a redactor for the receiver's secrets and more; the receiver
// is unchanged.
func (r *Redactor) With(secrets ...string) *Redactor {
	return New(append(r.Secrets(), secrets...)...)
}

// Secrets returns the secrets the redactor masks.
func (r *Redactor) Secrets() []string {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.secrets)
}

// CrossesLines tells whether some form of a secret holds a line break, so that
// text cannot be masked line by line.
func (r *Redactor) CrossesLines() bool {
	if r == nil {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.multiline
}

// span is a part of a text to mask, from start to end.
type span struct{ start, end int }

// spans finds every form of every secret in s, base64 ones widened by the
// characters they share with their neighbours, merged where they overlap.
func (r *Redactor) spans(s string) []span {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []span
	for i := 0; i+keyLen <= len(s); i++ {
		lead := uint16(s[i])<<8 | uint16(s[i+1])
		if r.lead[lead>>6]&(1<<(lead&63)) == 0 {
			continue
		}
		for _, n := range r.needles[key(s, i)] {
			if !strings.HasPrefix(s[i:], n.text) {
				continue
			}
			sp := span{i, i + len(n.text)}
			if n.base64 {
				sp = widenBase64(s, sp)
			}
			out = append(out, wholeEscapes(s, sp))
		}
	}
	if len(out) < 2 {
		return out
	}
	sort.Slice(out, func(a, b int) bool { return out[a].start < out[b].start })
	merged := out[:1]
	for _, sp := range out[1:] {
		last := &merged[len(merged)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// widenBase64 takes in the base64 character on each side of a base64 core,
// which holds some of the secret's bits, and the padding after it: two runs
// echoing different secrets then read the same once masked.
func widenBase64(s string, sp span) span {
	if sp.start > 0 && isBase64Char(s[sp.start-1]) {
		sp.start--
	}
	if sp.end < len(s) && isBase64Char(s[sp.end]) {
		sp.end++
	}
	for sp.end < len(s) && s[sp.end] == '=' {
		sp.end++
	}
	return sp
}

// wholeEscapes widens a span that would split a backslash escape (\n, \"
// or \u0026 of a JSON string, say): masked, a file that was JSON stays JSON.
func wholeEscapes(s string, sp span) span {
	if p, _, ok := escapeAround(s, sp.start); ok {
		sp.start = p
	}
	if _, q, ok := escapeAround(s, sp.end); ok {
		sp.end = q
	}
	return sp
}

// escapeAround finds the escape sequence that i falls strictly inside: the
// one from p to q with p < i < q.
func escapeAround(s string, i int) (p, q int, ok bool) {
	for p = i - 1; p >= 0 && p >= i-5; p-- {
		if s[p] != '\\' || backslashesBefore(s, p)%2 == 1 {
			continue
		}
		q = min(p+2, len(s))
		if p+1 < len(s) && s[p+1] == 'u' {
			q = min(p+6, len(s))
		}
		return p, q, i < q
	}
	return 0, 0, false
}

// backslashesBefore counts the backslashes right before s[i].
func backslashesBefore(s string, i int) int {
	n := 0
	for i-n > 0 && s[i-n-1] == '\\' {
		n++
	}
	return n
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// String masks every secret in s.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	// A secret that begins or ends like Mask can be rebuilt from a mask and
	// the text beside it: mask again until nothing is found.
	for range 4 {
		out := r.maskOnce(s)
		if out == s {
			return s
		}
		s = out
	}
	return s
}

func (r *Redactor) maskOnce(s string) string {
	if len(s) < keyLen {
		return s
	}
	sp := r.spans(s)
	if len(sp) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, x := range sp {
		b.WriteString(s[at:x.start])
		b.WriteString(Mask)
		at = x.end
	}
	b.WriteString(s[at:])
	return b.String()
}

// Bytes masks every secret in b; b itself is not changed, and is returned as
// it is when it holds no secret.
func (r *Redactor) Bytes(b []byte) []byte {
	if r == nil || len(b) < keyLen {
		return b
	}
	s := string(b)
	if out := r.String(s); out != s {
		return []byte(out)
	}
	return b
}

// Headers returns a copy of h in which credential headers are masked (an AK/SK
// Authorization keeps Access and SignedHeaders) and secrets in any other value,
// and in any header's name, are masked.
func (r *Redactor) Headers(h http.Header) http.Header {
	out := maskHeaders(h)
	for k, vs := range out {
		if IsCredentialHeader(k) && http.CanonicalHeaderKey(k) != "Authorization" {
			continue
		}
		for i, v := range vs {
			vs[i] = r.String(v)
		}
		if name := r.String(k); name != k {
			delete(out, k)
			out[name] = append(out[name], vs...)
		}
	}
	return out
}
