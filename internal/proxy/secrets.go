package proxy

import (
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/dli-conformance/dli-conformance/internal/redact"
)

// Redacted replaces a credential wherever the proxy would otherwise write it.
const Redacted = redact.Mask

// secretsOf lists the credential values of a request: each credential header's
// value whole, and the signature inside an Authorization header on its own, in
// case a message quotes only it.
func secretsOf(h http.Header) []string {
	var out []string
	for _, name := range redact.CredentialHeaders {
		for _, v := range h.Values(name) {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
			if _, sig, found := strings.Cut(v, "Signature="); found {
				out = append(out, sig)
			}
			// The token of a scheme ("Bearer x", "Basic x") on its own too.
			if _, cred, found := strings.Cut(v, " "); found && !strings.Contains(cred, "=") {
				out = append(out, strings.TrimSpace(cred))
			}
		}
	}
	return out
}

// redactors keeps the redactor of the last credentials seen: a client sends the
// same token request after request, and building one costs more than checking.
type redactors struct {
	last atomic.Pointer[keyedRedactor]
}

type keyedRedactor struct {
	key string
	r   *redact.Redactor
}

// of returns a redactor for the secrets.
func (rs *redactors) of(secrets []string) *redact.Redactor {
	if len(secrets) == 0 {
		return nil
	}
	key := strings.Join(secrets, "\x00")
	if k := rs.last.Load(); k != nil && k.key == key {
		return k.r
	}
	r := redact.New(secrets...)
	rs.last.Store(&keyedRedactor{key: key, r: r})
	return r
}
