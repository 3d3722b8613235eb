// Package redact keeps credentials out of everything the suite writes: the values
// of credential headers, in either direction, and the configured secret values
// wherever they appear, raw or in the encodings a target may echo them back in.
package redact

import (
	"net/http"
	"strings"
)

// Mask replaces a credential.
const Mask = "[REDACTED]"

// CredentialHeaders are the headers whose values are credentials: tokens, a
// signature (replayable for minutes), a temporary credential's token, cookies.
// They are masked in requests and responses alike.
var CredentialHeaders = []string{
	"Authorization", "X-Auth-Token", "X-Security-Token", "X-Subject-Token",
	"Proxy-Authorization", "Cookie", "Set-Cookie",
}

var credentialHeader = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range CredentialHeaders {
		m[http.CanonicalHeaderKey(h)] = true
	}
	return m
}()

// IsCredentialHeader reports whether the named header carries a credential.
func IsCredentialHeader(name string) bool { return credentialHeader[http.CanonicalHeaderKey(name)] }

// signaturePrefix starts the Authorization value of an AK/SK signed request.
const signaturePrefix = "SDK-HMAC-SHA256"

// Value returns what may be shown of one header value: a credential header's
// value is masked, except that an AK/SK Authorization keeps its Access= and
// SignedHeaders= fields (the key id and the signed header list are what a reader
// needs to debug a signature) with the Signature= replaced.
func Value(name, value string) string {
	if !IsCredentialHeader(name) {
		return value
	}
	if http.CanonicalHeaderKey(name) == "Authorization" {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(value), signaturePrefix); ok && strings.HasPrefix(rest, " ") {
			return signaturePrefix + " " + maskSignature(strings.TrimSpace(rest))
		}
	}
	return Mask
}

// maskSignature keeps the Access and SignedHeaders fields of a signature's field
// list and masks every other field's value.
func maskSignature(fields string) string {
	parts := strings.Split(fields, ",")
	for i, p := range parts {
		key, _, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch key {
		case "Access", "SignedHeaders":
			parts[i] = strings.TrimSpace(p)
		default:
			parts[i] = key + "=" + Mask
		}
	}
	return strings.Join(parts, ", ")
}

// maskHeaders returns a copy of h with every credential header's values masked.
func maskHeaders(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		cp := make([]string, len(vs))
		for i, v := range vs {
			cp[i] = Value(k, v)
		}
		out[k] = cp
	}
	return out
}

// MaskCredentials returns a copy of h with every credential header's values
// replaced by Mask whole, a signature included, for records that keep what a
// signature covers elsewhere.
func MaskCredentials(h http.Header) http.Header {
	out := h.Clone()
	for k, vs := range out {
		if IsCredentialHeader(k) {
			for i := range vs {
				vs[i] = Mask
			}
		}
	}
	return out
}
