package redact

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
)

// Encodings returns the forms in which s may appear in text: raw; base64 in the
// standard and URL alphabets at each of the three byte alignments (the part of
// the encoding that depends on s alone, so that s is found inside a longer base64
// string); URL query and path escaping; hex in lower and upper case; JSON string
// escapes, both \uXXXX for every character (either case) and Go's own escaping.
func Encodings(s string) []string {
	if s == "" {
		return nil
	}
	out := []string{s}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for align := range 3 {
			if core := base64Core(enc, s, align); len(core) > 0 {
				out = append(out, core)
			}
		}
	}
	out = append(out, url.QueryEscape(s), url.PathEscape(s))
	h := hex.EncodeToString([]byte(s))
	out = append(out, h, strings.ToUpper(h))
	var lower, upper strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&lower, `\u%04x`, u)
		fmt.Fprintf(&upper, `\u%04X`, u)
	}
	out = append(out, lower.String(), upper.String())
	if j, err := json.Marshal(s); err == nil {
		out = append(out, string(j[1:len(j)-1]))
	}
	return out
}

// base64Core encodes s as it would appear after align bytes of other data and
// returns only the characters every bit of which comes from s.
func base64Core(enc *base64.Encoding, s string, align int) string {
	full := enc.EncodeToString(append(make([]byte, align), s...))
	startBits, endBits := 8*align, 8*(align+len(s))
	first := (startBits + 5) / 6
	last := endBits / 6
	if last <= first {
		return ""
	}
	return full[first:last]
}
