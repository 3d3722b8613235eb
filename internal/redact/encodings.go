package redact

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

// Encodings returns the forms in which s may appear in text: raw; base64 in the
// standard and URL alphabets at each of the three byte alignments (the part of
// the encoding that depends on s alone, so that s is found inside a longer base64
// string); URL query and path escaping; hex in lower and upper case; JSON string
// escapes, both \uXXXX for every character (either case) and Go's own escaping.
// Each of those forms is listed again as the suite's own files would quote
// it: escaped in a JSON string, in HTML or XML text, and in Markdown.
func Encodings(s string) []string {
	if s == "" {
		return nil
	}
	base := []string{s}
	base = append(base, base64Cores(s)...)
	base = append(base, url.QueryEscape(s), url.PathEscape(s))
	h := hex.EncodeToString([]byte(s))
	base = append(base, h, strings.ToUpper(h))
	var lower, upper strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&lower, `\u%04x`, u)
		fmt.Fprintf(&upper, `\u%04X`, u)
	}
	base = append(base, lower.String(), upper.String(), jsonEscape(s))
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, f := range base {
		add(f)
	}
	for _, f := range base {
		add(jsonEscape(f))
		add(htmlEscaper.Replace(f))
		add(xmlEscaper.Replace(f))
		add(mdtext.Text(f))
	}
	return out
}

// base64Cores lists the base64 forms of s: in either alphabet, at each of the
// three alignments.
func base64Cores(s string) []string {
	var out []string
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for align := range 3 {
			if core := base64Core(enc, s, align); len(core) > 0 {
				out = append(out, core)
			}
		}
	}
	return out
}

// jsonEscape is s as Go's encoder writes it inside a JSON string.
func jsonEscape(s string) string {
	j, err := json.Marshal(s)
	if err != nil {
		return ""
	}
	return string(j[1 : len(j)-1])
}

// htmlEscaper escapes as html/template does in text (it escapes + too), and
// xmlEscaper as encoding/xml and html.EscapeString do.
var (
	htmlEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;", `+`, "&#43;")
	xmlEscaper  = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;")
)

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
