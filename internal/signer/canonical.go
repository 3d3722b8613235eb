package signer

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// CanonicalRequest returns the six-line text whose hash is signed: method,
// canonical URI, canonical query, canonical headers (one "name:value" line each,
// so the part ends with a newline), the signed-header list, and the body hash.
//
// It reads the request as it is or will be on the wire: the path from
// URL.EscapedPath, the query from URL.RawQuery, the host from req.Host (falling
// back to URL.Host), other headers from req.Header. It works the same on a client
// request before sending and on a server request after receiving.
//
// signedHeaders are used verbatim and in the given order; Sign passes them sorted.
// A named header that is absent contributes "name:". Values of a header sent
// several times are trimmed and joined with ",", in the order received.
//
// The body hash is the hex SHA-256 of body, unless X-Sdk-Content-Sha256 is
// UNSIGNED-PAYLOAD, in which case it is that literal. Any other value of that
// header is ignored for the hash, so a client cannot vouch for a body it did not sign.
func CanonicalRequest(req *http.Request, signedHeaders []string, body []byte) string {
	var b strings.Builder
	b.WriteString(req.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(req.URL))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(req.URL.RawQuery))
	b.WriteByte('\n')
	b.WriteString(canonicalHeaders(req, signedHeaders))
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(bodyHash(req.Header, body))
	return b.String()
}

func bodyHash(h http.Header, body []byte) string {
	if strings.TrimSpace(h.Get(ContentSHA256Header)) == UnsignedPayload {
		return UnsignedPayload
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// canonicalURI encodes each path segment afresh. Segments are decoded first, so
// that the signature covers what the path means rather than how the client chose
// to escape it: a literal space and "%20" both sign as "%20", and "+" signs as
// "%2B". An escaped slash inside a segment keeps it one segment ("%2F"). The
// result always ends with "/", which the gateway requires for signing only.
func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	var b strings.Builder
	b.Grow(len(p) + 1)
	for i, seg := range strings.Split(p, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		if dec, err := url.PathUnescape(seg); err == nil {
			seg = dec
		}
		b.WriteString(uriEscape(seg))
	}
	if !strings.HasSuffix(b.String(), "/") {
		b.WriteByte('/')
	}
	return b.String()
}

type queryParam struct{ name, value string }

// canonicalQuery decodes each name=value pair of the raw query, then encodes both
// like a path segment and sorts by decoded name, then decoded value (the SDK sorts
// before escaping). A name without "=" signs as "name=". "+" decodes to a space,
// because Go's url.Values.Encode writes spaces that way; the SDK itself sends
// "%20", which decodes to the same. A pair that does not decode (a stray "%") is
// kept literally and so signs with "%25"; both sides compute that the same way.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	params := make([]queryParam, 0, strings.Count(raw, "&")+1)
	for piece := range strings.SplitSeq(raw, "&") {
		if piece == "" {
			continue
		}
		name, value, _ := strings.Cut(piece, "=")
		params = append(params, queryParam{queryUnescape(name), queryUnescape(value)})
	}
	slices.SortFunc(params, func(a, b queryParam) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(uriEscape(p.name))
		b.WriteByte('=')
		b.WriteString(uriEscape(p.value))
	}
	return b.String()
}

func queryUnescape(s string) string {
	if dec, err := url.QueryUnescape(s); err == nil {
		return dec
	}
	return s
}

// canonicalHeaders writes "name:value\n" for each signed name. Values are trimmed
// of surrounding whitespace only, as the documented trim(value) says; runs of
// inner whitespace are kept, since Go's client and server both pass them through
// unchanged.
func canonicalHeaders(req *http.Request, signedHeaders []string) string {
	byName := make(map[string][]string, len(req.Header))
	keys := make([]string, 0, len(req.Header))
	for k := range req.Header {
		keys = append(keys, k)
	}
	// Sorted so that two spellings of one name (only possible when the map was
	// filled directly) merge in a fixed order.
	slices.Sort(keys)
	for _, k := range keys {
		name := strings.ToLower(k)
		byName[name] = append(byName[name], req.Header[k]...)
	}

	var b strings.Builder
	for _, name := range signedHeaders {
		lower := strings.ToLower(name)
		b.WriteString(name)
		b.WriteByte(':')
		if lower == "host" {
			b.WriteString(strings.TrimSpace(requestHost(req)))
		} else {
			for i, v := range byName[lower] {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strings.TrimSpace(v))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// requestHost is the Host the request carries on the wire: Go's server moves the
// header into req.Host, and Go's client sends req.Host, or URL.Host when it is empty.
func requestHost(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	if req.URL != nil {
		return req.URL.Host
	}
	return ""
}

// uriEscape keeps the unreserved characters A-Z a-z 0-9 - _ . ~ and writes every
// other byte as %XY with upper-case hex.
func uriEscape(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	out := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			out = append(out, c)
			continue
		}
		out = append(out, '%', hexDigits[c>>4], hexDigits[c&0x0f])
	}
	return string(out)
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
