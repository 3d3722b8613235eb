package proxy

import (
	"net/http"
	"sort"
	"strings"
)

// Redacted replaces a credential wherever the proxy would otherwise write it.
const Redacted = "[REDACTED]"

// credentialHeaders carry secrets: a token, a signature (replayable for 15 minutes),
// a temporary credential's token, cookies.
var credentialHeaders = []string{"X-Auth-Token", "Authorization", "X-Security-Token", "Proxy-Authorization", "Cookie"}

// secretsOf lists the credential values of a request, longest first, so that a
// value that contains another is scrubbed whole. The signature inside an
// Authorization header is listed on its own too, in case a message quotes only it.
func secretsOf(h http.Header) []string {
	var out []string
	for _, name := range credentialHeaders {
		for _, v := range h.Values(name) {
			if v = strings.TrimSpace(v); len(v) >= 4 {
				out = append(out, v)
			}
			if _, sig, found := strings.Cut(v, "Signature="); found && len(sig) >= 4 {
				out = append(out, sig)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, Redacted)
	}
	return s
}
