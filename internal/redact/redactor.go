package redact

import (
	"net/http"
	"slices"
	"strings"
)

// MinSecretLen is the shortest secret searched for in text: a shorter one would
// match ordinary text (a one-letter token would mask every such letter). The
// configuration refuses shorter secrets; the Redactor ignores them in text,
// though credential headers are masked by name whatever their length.
const MinSecretLen = 8

// Redactor masks credential headers and a fixed set of secret values, in every
// encoding Encodings lists. Build it once; it is safe for concurrent use. The nil
// *Redactor masks credential headers only.
type Redactor struct {
	secrets  []string
	replacer *strings.Replacer
}

// New returns a redactor for the secrets; empty and too-short values are ignored.
func New(secrets ...string) *Redactor {
	var kept []string
	for _, s := range secrets {
		if len(s) >= MinSecretLen && !slices.Contains(kept, s) {
			kept = append(kept, s)
		}
	}
	r := &Redactor{secrets: kept}
	seen := map[string]bool{}
	var needles []string
	for _, s := range kept {
		for _, n := range Encodings(s) {
			if !seen[n] {
				seen[n] = true
				needles = append(needles, n)
			}
		}
	}
	if len(needles) == 0 {
		return r
	}
	// At one position the replacer takes the first needle that matches: longest
	// first, so that an encoding containing another is masked whole.
	slices.SortFunc(needles, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(needles))
	for _, n := range needles {
		pairs = append(pairs, n, Mask)
	}
	r.replacer = strings.NewReplacer(pairs...)
	return r
}

// With returns a redactor for the receiver's secrets and more.
func (r *Redactor) With(secrets ...string) *Redactor {
	if r == nil {
		return New(secrets...)
	}
	return New(append(slices.Clone(r.secrets), secrets...)...)
}

// String masks every secret in s.
func (r *Redactor) String(s string) string {
	if r == nil || r.replacer == nil {
		return s
	}
	return r.replacer.Replace(s)
}

// Bytes masks every secret in b; b itself is not changed.
func (r *Redactor) Bytes(b []byte) []byte {
	if r == nil || r.replacer == nil {
		return b
	}
	return []byte(r.replacer.Replace(string(b)))
}

// Headers returns a copy of h in which credential headers are masked (an AK/SK
// Authorization keeps Access and SignedHeaders) and secrets in any other value
// are masked.
func (r *Redactor) Headers(h http.Header) http.Header {
	out := maskHeaders(h)
	for k, vs := range out {
		if IsCredentialHeader(k) && http.CanonicalHeaderKey(k) != "Authorization" {
			continue
		}
		for i, v := range vs {
			vs[i] = r.String(v)
		}
	}
	return out
}
