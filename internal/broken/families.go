package broken

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// The behaviours of the request families: parsers too strict for a legal way
// of writing a bind, too lenient for an illegal one, names that break a
// server, credentials compared loosely, and effects short of what was asked.
// Each is a kind of bug real implementations ship.

const (
	paramRefusal = `{"error_code":"DLI.0001","error_msg":"Parameter check errors occur: the request is not understood"}`
	internal500  = `{"error_code":"DLI.0999","error_msg":"Internal error"}`
)

// rewriteBind changes the body of each bind before the emulator reads it.
func rewriteBind(name, desc string, fix func(r *http.Request, body []byte) []byte) Behaviour {
	return Behaviour{Name: name, Description: desc,
		Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if IsBind(r) {
					if b := readBody(r); len(b) > 0 {
						r = withBody(r, string(fix(r, b)))
					}
				}
				next.ServeHTTP(w, r)
			})
		}}
}

// Too strict: legal requests refused.
var (
	mediaTypeExact = Answer("media-type-exact", func(r *http.Request, _ []byte) bool {
		return IsBind(r) && r.Header.Get("Content-Type") != "application/json" && strings.Contains(strings.ToLower(r.Header.Get("Content-Type")), "json")
	}, 415, `{"error_code":"DLI.0001","error_msg":"Content-Type must be application/json"}`)
	mediaTypeCase = Answer("media-type-case", func(r *http.Request, _ []byte) bool {
		return IsBind(r) && strings.HasPrefix(r.Header.Get("Content-Type"), "Application/")
	}, 415, `{"error_code":"DLI.0001","error_msg":"unsupported media type"}`)
	acceptExact = Answer("accept-exact", func(r *http.Request, _ []byte) bool {
		a := r.Header.Get("Accept")
		return IsBind(r) && a != "" && a != "application/json"
	}, 406, `{"error_code":"DLI.0001","error_msg":"not acceptable"}`)
	trailingNewlineRefused = Answer("trailing-newline-refused", func(r *http.Request, b []byte) bool {
		return IsBind(r) && bytes.HasSuffix(b, []byte("}\n"))
	}, 400, paramRefusal)
	prettyRefused = Answer("pretty-printed-refused", func(r *http.Request, b []byte) bool {
		return IsBind(r) && bytes.HasPrefix(b, []byte("{\n "))
	}, 400, paramRefusal)
	upperIDAnswers500 = Answer("upper-case-id-500", func(r *http.Request, _ []byte) bool {
		_, conn := pathIDs(r)
		return IsBind(r) && strings.ToLower(conn) != conn
	}, 500, internal500)

	chunkedReadAsEmpty = rewriteBind("chunked-read-as-empty", "a bind sent in chunks is read as an empty body",
		func(r *http.Request, b []byte) []byte {
			if r.ContentLength < 0 || len(r.TransferEncoding) > 0 {
				return nil
			}
			return b
		})
	escapesLiteral = rewriteBind("json-escapes-literal", `\u escapes in a bind are read as literal text`,
		func(_ *http.Request, b []byte) []byte { return bytes.ReplaceAll(b, []byte(`\u`), []byte(`\\u`)) })
)

// Too lenient: illegal bodies read and bound.
var (
	trailingDataIgnored = rewriteBind("trailing-data-ignored", "a bind body is read up to the end of its first JSON value; the rest is ignored",
		func(_ *http.Request, b []byte) []byte {
			var v json.RawMessage
			if json.NewDecoder(bytes.NewReader(b)).Decode(&v) != nil {
				return b
			}
			return v
		})
	bomStripped = rewriteBind("bom-stripped", "a byte-order mark before a bind body is dropped",
		func(_ *http.Request, b []byte) []byte { return bytes.TrimPrefix(b, []byte("\ufeff")) })
	keysAnyCase = rewriteBind("keys-any-case", "a bind's keys are matched in any case and with spaces trimmed",
		func(_ *http.Request, b []byte) []byte {
			var m map[string]json.RawMessage
			if json.Unmarshal(b, &m) != nil {
				return b
			}
			out := map[string]json.RawMessage{}
			for k, v := range m {
				out[strings.ToLower(strings.ReplaceAll(k, " ", ""))] = v
			}
			nb, _ := json.Marshal(out)
			return nb
		})
	nonStringNamesSkipped = rewriteBind("non-string-names-skipped", "numbers and booleans among a bind's names are skipped",
		func(_ *http.Request, b []byte) []byte {
			var m map[string]json.RawMessage
			if json.Unmarshal(b, &m) != nil {
				return b
			}
			for k, v := range m {
				var elems []json.RawMessage
				if json.Unmarshal(v, &elems) != nil {
					continue
				}
				var keep []json.RawMessage
				for _, e := range elems {
					if len(e) > 0 && (e[0] == '"' || e[0] == 'n' || e[0] == '[' || e[0] == '{') {
						keep = append(keep, e)
					}
				}
				if len(keep) > 0 && len(keep) < len(elems) {
					m[k], _ = json.Marshal(keep)
				}
			}
			nb, _ := json.Marshal(m)
			return nb
		})
	duplicateKeysMerged = rewriteBind("duplicate-keys-merged", "a key given twice in a bind has its lists joined",
		func(_ *http.Request, b []byte) []byte {
			merged, ok := mergeDuplicateKeys(b)
			if !ok {
				return b
			}
			return merged
		})
)

// mergeDuplicateKeys joins the arrays of top-level keys given more than once.
func mergeDuplicateKeys(b []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	lists := map[string][]json.RawMessage{}
	dup := false
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return nil, false
		}
		var elems []json.RawMessage
		if dec.Decode(&elems) != nil {
			return nil, false
		}
		_, seen := lists[key]
		dup = dup || seen
		lists[key] = append(lists[key], elems...)
	}
	if !dup {
		return nil, false
	}
	out, err := json.Marshal(lists)
	return out, err == nil
}

// Names that break the server, or are resolved into others.
var (
	longName500 = Answer("long-name-500", func(r *http.Request, b []byte) bool {
		return IsBind(r) && anyName(b, func(n string) bool { return utf8.RuneCountInString(n) > 255 })
	}, 500, internal500)
	nonASCIIName500 = Answer("non-ascii-name-500", func(r *http.Request, b []byte) bool {
		return IsBind(r) && anyName(b, func(n string) bool {
			return strings.ContainsFunc(n, func(c rune) bool { return c > 0x7f })
		})
	}, 500, internal500)
	namesCleanedAsPaths = rewriteBind("names-cleaned-as-paths", "a queue name with / is cleaned as a path and its last element bound",
		func(_ *http.Request, b []byte) []byte {
			var m map[string][]string
			if json.Unmarshal(b, &m) != nil || !anyName(b, func(n string) bool { return strings.Contains(n, "/") }) {
				return b
			}
			for k, names := range m {
				for i, n := range names {
					if strings.Contains(n, "/") {
						names[i] = path.Base(path.Clean(n))
					}
				}
				m[k] = names
			}
			nb, _ := json.Marshal(m)
			return nb
		})
)

// anyName tells whether a name of a bind body holds for f.
func anyName(b []byte, f func(string) bool) bool {
	var m map[string][]string
	if json.Unmarshal(b, &m) != nil {
		return false
	}
	for _, names := range m {
		for _, n := range names {
			if f(n) {
				return true
			}
		}
	}
	return false
}

// Credentials compared loosely.
var (
	tokenWithSuffix = ServesWith("token-prefix-accepted", func(r *http.Request) {
		if got := r.Header.Get("X-Auth-Token"); got != Token && strings.HasPrefix(got, Token) {
			r.Header.Set("X-Auth-Token", Token)
		}
	})
	tokenLastCharIgnored = ServesWith("token-last-char-ignored", func(r *http.Request) {
		if got := r.Header.Get("X-Auth-Token"); len(got) == len(Token) && got[:len(got)-1] == Token[:len(Token)-1] {
			r.Header.Set("X-Auth-Token", Token)
		}
	})
)

// skewUnchecked is a gateway that verifies AK/SK signatures but not the age of
// X-Sdk-Date: it lets a request signed at any time through (as the token the
// emulator underneath accepts).
var skewUnchecked = Behaviour{Name: "date-skew-unchecked", Description: "an AK/SK signature is accepted whatever its X-Sdk-Date",
	Options: func(o *emulator.Options) {
		o.Tokens = append(o.Tokens, skewPassToken)
		o.KeyPairs = map[string]string{AK: SK}
	},
	Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
		lenient := signer.Verifier{Keys: map[string]string{AK: SK}, MaxSkew: 1 << 62}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get(signer.AuthorizationHeader) != "" {
				if _, err := lenient.Verify(r, readBody(r)); err == nil {
					r.Header.Del(signer.AuthorizationHeader)
					r.Header.Set("X-Auth-Token", skewPassToken)
				}
			}
			next.ServeHTTP(w, r)
		})
	}}

// skewPassToken is what skewUnchecked turns a verified request into.
const skewPassToken = "tok-skew-unchecked-pass"

// Effects short of what was asked.
var (
	bindReplaces = Behaviour{Name: "bind-replaces", Description: "a bind replaces the connection's bindings instead of adding to them",
		Store: storeOnly(func(s emulator.Store) *replacingBind { return &replacingBind{Store: s} })}
	bindFirstOnly = Behaviour{Name: "bind-first-name-only", Description: "a bind binds only the first name of each list",
		Store: storeOnly(func(s emulator.Store) firstOnly { return firstOnly{s} })}
)

// replacingBind unbinds what the connection had before binding the names.
type replacingBind struct {
	emulator.Store
	mu sync.Mutex
}

func (s *replacingBind) Bind(project, conn string, n emulator.Names) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Store.CheckBind(project, conn, n); err != nil {
		return err
	}
	if snap, err := s.Store.Snapshot(project, conn); err == nil && !empty(n) {
		if had := snap.Names(); !empty(had) {
			_ = s.Store.Unbind(project, conn, had)
		}
	}
	return s.Store.Bind(project, conn, n)
}

// firstOnly binds the first name of each list and drops the rest.
type firstOnly struct{ emulator.Store }

func (s firstOnly) Bind(project, conn string, n emulator.Names) error {
	if err := s.Store.CheckBind(project, conn, n); err != nil {
		return err
	}
	return s.Store.Bind(project, conn, emulator.Names{Queues: n.Queues[:min(len(n.Queues), 1)], Pools: n.Pools[:min(len(n.Pools), 1)]})
}
