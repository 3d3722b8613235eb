package broken

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// The behaviours below are tailored to the suite's own requests (its queue names, its
// missing-name prefix, its malformed bodies): each breaks the answer to one request
// the suite sends, so that exactly the requirements behind that request fail.

// match tells a request, with its body, that a behaviour breaks.
type match func(r *http.Request, body []byte) bool

// bindBody matches a bind whose body contains s.
func bindBody(s string) match {
	return func(r *http.Request, b []byte) bool { return IsBind(r) && bytes.Contains(b, []byte(s)) }
}

// onMethod matches a request with that method on associate-queue.
func onMethod(method string) match {
	return func(r *http.Request, _ []byte) bool {
		return r.Method == method && strings.HasSuffix(r.URL.Path, bindSuffix)
	}
}

// Answer is a Behaviour that answers a matching request with status, a JSON body and
// no request to the emulator; other requests pass through.
func Answer(name string, m match, status int, body string) Behaviour {
	return AnswerAs(name, m, status, "application/json", body)
}

// AnswerAs is Answer with another media type.
func AnswerAs(name string, m match, status int, contentType, body string) Behaviour {
	return Behaviour{Name: name, Description: "answers a matching request " + http.StatusText(status) + " itself",
		Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if m(r, readBody(r)) {
					w.Header().Set("Content-Type", contentType)
					w.WriteHeader(status)
					_, _ = io.WriteString(w, body)
					return
				}
				next.ServeHTTP(w, r)
			})
		}}
}

// ResetOn closes the connection of a matching request without an answer.
func ResetOn(name string, m match) Behaviour {
	return Behaviour{Name: name, Description: "closes the connection of a matching request without an answer",
		Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if m(r, readBody(r)) {
					if hj, ok := w.(http.Hijacker); ok {
						if c, _, err := hj.Hijack(); err == nil {
							c.Close()
						}
					}
					return
				}
				next.ServeHTTP(w, r)
			})
		}}
}

// HangOn never answers a matching request: it waits until the client gives up.
func HangOn(name string, m match) Behaviour {
	return Behaviour{Name: name, Description: "never answers a matching request",
		Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if m(r, readBody(r)) {
					<-r.Context().Done()
					return
				}
				next.ServeHTTP(w, r)
			})
		}}
}

// ServesWith changes each request before the emulator serves it.
func ServesWith(name string, fix func(*http.Request)) Behaviour {
	return Behaviour{Name: name, Description: "changes requests before the emulator serves them",
		Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fix(r)
				next.ServeHTTP(w, r)
			})
		}}
}

// okBody is a successful bind's answer.
const okBody = `{"is_success":true,"message":"associated"}`

// bindsKnownAtOnce binds queue_a at once for a bind refused for naming a missing
// queue beside it, and answers as the emulator does.
var bindsKnownAtOnce = Behaviour{Name: "binds-known-at-once", Description: "a bind refused for a missing queue beside queue_a binds queue_a at once",
	Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b := readBody(r)
			if IsBind(r) && bytes.Contains(b, []byte("conformance_missing_")) && bytes.Contains(b, []byte("queue_a")) {
				next.ServeHTTP(&discard{}, withBody(r, `{"queues":["queue_a"]}`))
			}
			next.ServeHTTP(w, withBody(r, string(b)))
		})
	}}

// tokenFor serves a request without a token (missing) or with a wrong one as if it
// had the right one.
func tokenFor(missing bool) func(*http.Request) {
	return func(r *http.Request) {
		got := r.Header.Get("X-Auth-Token")
		if (missing && got == "") || (!missing && got != "" && got != Token) {
			r.Header.Set("X-Auth-Token", Token)
		}
	}
}

// otherProjectServed serves a request for another project's id as one for Project.
func otherProjectServed(r *http.Request) {
	if parts := strings.Split(r.URL.Path, "/"); len(parts) > 2 && parts[1] == "v2.0" && parts[2] != Project && len(parts[2]) == 32 {
		parts[2] = Project
		r.URL.Path = strings.Join(parts, "/")
	}
}

// unknownConnection matches a bind to a well-formed connection id that is neither the
// suite's connection nor its deleted one.
func unknownConnection(r *http.Request, _ []byte) bool {
	return IsBind(r) && !strings.Contains(r.URL.Path, Connection) && !strings.Contains(r.URL.Path, "not-a-uuid") &&
		!strings.Contains(r.URL.Path, "5d3f6a2e") && !strings.Contains(r.URL.Path, "/v2.0/"+Project+"//")
}
