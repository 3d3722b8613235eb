package client

import (
	"net/http"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// checkedHeaders are the response headers some check reads: the contract's
// media type and declared headers (Location of a redirect, Retry-After of a
// 429), the client's own throttling, and the framing a reader needs to make
// sense of a body. An exchange keeps them whatever their size; a target that
// makes them huge fails the checks that read them anyway.
var checkedHeaders = []string{"Content-Type", "Content-Length", "Content-Encoding", "Location", "Retry-After"}

// headerBytes is what one header line takes on the wire: "k: v\r\n".
func headerBytes(k, v string) int { return len(k) + len(v) + 4 }

// keepHeaders returns what an exchange keeps of a response's headers, and how
// many header bytes it did not keep. A block within limit is kept whole. A
// larger one keeps the headers checks read and then, in name order, others
// while they fit in limit: the exchange shows no more than that, so holding
// the rest would only let a target that sends a megabyte of headers on every
// answer fill memory with what nobody reads.
func keepHeaders(h http.Header, limit int) (http.Header, int) {
	total := 0
	for k, vs := range h {
		for _, v := range vs {
			total += headerBytes(k, v)
		}
	}
	if total <= limit {
		return h, 0
	}
	kept, used := http.Header{}, 0
	for _, k := range checkedHeaders {
		if vs, ok := h[k]; ok {
			kept[k] = vs
			for _, v := range vs {
				used += headerBytes(k, v)
			}
		}
	}
	for _, k := range sortedKeys(h) {
		if _, ok := kept[k]; ok {
			continue
		}
		for _, v := range h[k] {
			n := headerBytes(k, v)
			if used+n > limit {
				continue
			}
			used += n
			kept[k] = append(kept[k], v)
		}
	}
	return kept, total - used
}

// requestSecrets are the values of the credentials a request carried that the
// configuration does not hold: the signature of an AK/SK request, replayable
// for minutes, and a token near the configured one (a requirement's near miss
// is most of the secret). A target that echoes it back anywhere in its answer
// gets it masked like a configured secret.
func requestSecrets(h http.Header) []string {
	var out []string
	for _, v := range h.Values("X-Auth-Token") {
		if v != WrongToken && v != "" {
			out = append(out, v)
		}
	}
	for _, v := range h.Values("Authorization") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(v), signer.Algorithm)
		if !ok {
			out = append(out, v)
			continue
		}
		for _, f := range strings.Split(rest, ",") {
			if sig, ok := strings.CutPrefix(strings.TrimSpace(f), "Signature="); ok {
				out = append(out, sig)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// exchangeRedactor is the client's redactor, widened by the request's own
// credentials when it carried any the client does not know.
func exchangeRedactor(r *redact.Redactor, reqHeader http.Header) *redact.Redactor {
	if s := requestSecrets(reqHeader); len(s) > 0 {
		return r.With(s...)
	}
	return r
}
