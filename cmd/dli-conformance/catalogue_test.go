package main

import (
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// broken is one deliberately broken implementation and the exact set of
// requirements a run against it must fail, each with its kind: no more (that
// would be crying wolf), no fewer (that would be a missed deviation).
type broken struct {
	name    string
	defects []emulator.Defect
	wrap    func(http.Handler) http.Handler
	env     []string
	// flags narrow the run where a broken cleanup would leave a different trail
	// each time (concurrent clients interleave as they may).
	flags []string
	fails map[string]string
}

// body matches a bind whose body contains s.
func body(s string) func(*http.Request, []byte) bool {
	return func(r *http.Request, b []byte) bool { return isBind(r, b) && bytes.Contains(b, []byte(s)) }
}

func onMethod(method string) func(*http.Request, []byte) bool {
	return func(r *http.Request, _ []byte) bool {
		return r.Method == method && strings.HasSuffix(r.URL.Path, bindSuffix)
	}
}

func withHeader(next http.Handler, match func(*http.Request, []byte) bool, status int, contentType, respBody string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := readAll(r)
		if match(r, b) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			w.Write([]byte(respBody))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func resetOn(next http.Handler, match func(*http.Request, []byte) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := readAll(r)
		if match(r, b) {
			c, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				c.Close()
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

func servesWith(next http.Handler, fix func(*http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fix(r)
		next.ServeHTTP(w, r)
	})
}

const okBody = `{"is_success":true,"message":"associated"}`

var catalogue = []broken{
	// Effects beyond what was asked, or short of it.
	{name: "a bind of pools also binds a queue", fails: map[string]string{"BIND-POOLS": "effect", "STATEFUL-WALKS": "effect"}, defects: []emulator.Defect{emulator.DefectBindPoolsBindsQueue}},
	{name: "an unbind removes every binding", fails: map[string]string{"STATEFUL-WALKS": "effect"}, defects: []emulator.Defect{emulator.DefectUnbindRemovesAll}},
	{name: "an unbind removes the wrong binding", flags: []string{"--label-filter", "!stateful"}, fails: map[string]string{"BIND-AGAIN": "hygiene", "BIND-QUEUES": "hygiene", "BIND-QUEUES-AND-POOLS": "hygiene", "EITHER-EXTRA-FIELDS": "hygiene", "LEAVE-NO-TRACE": "hygiene"}, defects: []emulator.Defect{emulator.DefectUnbindRemovesWrong}},
	{name: "an either-way input binds something", fails: map[string]string{"EITHER-EMPTY-ARRAYS": "effect", "EITHER-EMPTY-OBJECT": "effect", "EITHER-NO-BODY": "effect", "EITHER-NULL-ARRAYS": "effect", "STATEFUL-WALKS": "effect"}, defects: []emulator.Defect{emulator.DefectEitherWayBinds}},
	{name: "a rejected request's change shows a moment later", fails: map[string]string{"QUEUE-PARTLY-UNKNOWN": "effect"}, defects: []emulator.Defect{emulator.DefectLateChangeAfterReject}, env: []string{"DLI_QUIET_PERIOD=400ms"}},
	{name: "a bind answers 200 and never shows", fails: map[string]string{"BIND-AGAIN": "effect", "BIND-POOLS": "effect", "BIND-QUEUES": "effect", "BIND-QUEUES-AND-POOLS": "effect", "EITHER-EXTRA-FIELDS": "effect", "STATEFUL-WALKS": "effect"}, defects: []emulator.Defect{emulator.DefectBindNeverShows}},
	{name: "binding again lists the queue twice", fails: map[string]string{"BIND-AGAIN": "effect", "STATEFUL-WALKS": "effect"}, defects: []emulator.Defect{emulator.DefectBindAgainDuplicates}},
	{name: "unknown extra fields answer 200 and bind nothing", fails: map[string]string{"EITHER-EXTRA-FIELDS": "effect"}, defects: []emulator.Defect{emulator.DefectExtraFieldBindsNothing}},
	{name: "an unknown queue answers 200", fails: map[string]string{"QUEUE-PARTLY-UNKNOWN": "status", "QUEUE-UNKNOWN": "status", "STATEFUL-WALKS": "status"}, defects: []emulator.Defect{emulator.DefectUnknownQueue200}},
	{name: "a deleted connection takes a bind", fails: map[string]string{"CONN-DELETED": "status"}, defects: []emulator.Defect{emulator.DefectDeletedConnectionBinds}},
	{name: "list answers from a stale copy", fails: map[string]string{"STATEFUL-WALKS": "effect"}, defects: []emulator.Defect{emulator.DefectStaleList}},
	{name: "a queue cannot be bound again after it was unbound", fails: map[string]string{"BIND-AGAIN": "status", "BIND-QUEUES": "status", "BIND-QUEUES-AND-POOLS": "status", "STATEFUL-WALKS": "status"}, defects: []emulator.Defect{emulator.DefectNoRebind}},
	{name: "a bind answered with an undeclared 201", fails: map[string]string{"BIND-QUEUES": "status", "STATEFUL-WALKS": "status"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, body(`"queues":["queue_a","queue_b"]}`), 201, okBody)
	}},
	{name: "a rejected request binds its known queue at once", fails: map[string]string{"QUEUE-PARTLY-UNKNOWN": "effect"}, wrap: func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := readAll(r)
			if isBind(r, b) && bytes.Contains(b, []byte("conformance_missing_")) && bytes.Contains(b, []byte("queue_a")) {
				emu.ServeHTTP(discard{}, cloneWithBody(r, `{"queues":["queue_a"]}`))
			}
			emu.ServeHTTP(w, cloneWithBody(r, string(b)))
		})
	}},
	{name: "a bind answers 200 with is_success false and binds nothing", fails: map[string]string{"BIND-QUEUES": "schema", "STATEFUL-WALKS": "schema"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, body(`"queues":["queue_a","queue_b"]}`), 200, `{"is_success":false,"message":"queued for later"}`)
	}},
	{name: "queues given as a string answer 200", fails: map[string]string{"QUEUES-NOT-ARRAY": "status"}, wrap: func(emu http.Handler) http.Handler { return rewrite(emu, body(`"queues": "queue_a"`), 200, okBody) }},

	// Bodies that are almost right.
	{name: "lower-case binding status", fails: map[string]string{"BIND-AGAIN": "schema", "BIND-POOLS": "schema", "BIND-QUEUES": "schema", "BIND-QUEUES-AND-POOLS": "schema", "EITHER-EXTRA-FIELDS": "schema", "STATEFUL-WALKS": "schema"}, defects: []emulator.Defect{emulator.DefectStatusLowercase}},
	{name: "a null message", fails: map[string]string{"BIND-AGAIN": "schema", "BIND-POOLS": "schema", "BIND-QUEUES": "schema", "BIND-QUEUES-AND-POOLS": "schema", "EITHER-EXTRA-FIELDS": "schema", "STATEFUL-WALKS": "schema"}, defects: []emulator.Defect{emulator.DefectMessageNull}},
	{name: "is_success as a string", fails: map[string]string{"BIND-AGAIN": "schema", "BIND-POOLS": "schema", "BIND-QUEUES": "schema", "BIND-QUEUES-AND-POOLS": "schema", "EITHER-EXTRA-FIELDS": "schema", "STATEFUL-WALKS": "schema"}, defects: []emulator.Defect{emulator.DefectIsSuccessString}},
	{name: "is_success as a string for one bind", fails: map[string]string{"BIND-QUEUES": "schema", "STATEFUL-WALKS": "schema"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, body(`"queues":["queue_a","queue_b"]}`), 200, `{"is_success":"true","message":""}`)
	}},
	{name: "a JSON answer labelled text/plain", fails: map[string]string{"BIND-QUEUES": "schema", "STATEFUL-WALKS": "schema"}, wrap: func(emu http.Handler) http.Handler {
		return withHeader(emu, body(`"queues":["queue_a","queue_b"]}`), 200, "text/plain", okBody)
	}},
	{name: "error codes of the wrong form", fails: map[string]string{"AUTH-MISSING": "error-body", "AUTH-WRONG": "error-body", "BODY-ARRAY": "error-body", "BODY-MALFORMED-JSON": "error-body", "BODY-NUMBER": "error-body", "BODY-STRING": "error-body", "CONN-DELETED": "error-body", "CONN-NOT-UUID": "error-body", "CONN-UNKNOWN": "error-body", "CONTENT-TYPE-NOT-JSON": "error-body", "EITHER-EMPTY-ARRAYS": "error-body", "EITHER-EMPTY-OBJECT": "error-body", "EITHER-NO-BODY": "error-body", "EITHER-NULL-ARRAYS": "error-body", "METHOD-DELETE": "error-body", "METHOD-GET": "error-body", "METHOD-PUT": "error-body", "POOL-UNKNOWN": "error-body", "PROJECT-OTHER": "error-body", "QUEUE-ELEMENT-NULL": "error-body", "QUEUE-ELEMENT-NUMBER": "error-body", "QUEUE-ELEMENT-OBJECT": "error-body", "QUEUE-PARTLY-UNKNOWN": "error-body", "QUEUE-UNKNOWN": "error-body", "QUEUES-NOT-ARRAY": "error-body", "STATEFUL-WALKS": "schema"}, defects: []emulator.Defect{emulator.DefectWrongErrorCodeForm}},
	{name: "a lower-case error code", fails: map[string]string{"BODY-ARRAY": "error-body"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, func(r *http.Request, b []byte) bool { return isBind(r, b) && string(b) == `["queue_a"]` }, 400, `{"error_code":"dli.0001","error_msg":"bad body"}`)
	}},
	{name: "a plain message instead of the error body", fails: map[string]string{"POOL-UNKNOWN": "error-body", "QUEUE-PARTLY-UNKNOWN": "error-body", "QUEUE-UNKNOWN": "error-body"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, body("conformance_missing_"), 400, `{"message":"queue not found"}`)
	}},
	{name: "garbage instead of JSON", fails: map[string]string{"QUEUE-ELEMENT-NULL": "error-body"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, body(`[null]`), 400, "<html>oops</html>")
	}},

	// Wrong status for a named negative.
	{name: "an unknown connection answered 404", fails: map[string]string{"CONN-UNKNOWN": "status"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, func(r *http.Request, b []byte) bool {
			return isBind(r, b) && !strings.Contains(r.URL.Path, connection) && !strings.Contains(r.URL.Path, "not-a-uuid") &&
				!strings.Contains(r.URL.Path, "5d3f6a2e") && !strings.Contains(r.URL.Path, "/v2.0/"+project+"//")
		}, 404, `{"error_code":"DLI.0002","error_msg":"no such connection"}`)
	}},
	{name: "an undeclared 422 for malformed JSON", fails: map[string]string{"BODY-MALFORMED-JSON": "status"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, func(r *http.Request, b []byte) bool { return isBind(r, b) && bytes.HasSuffix(b, []byte(`["queue_a"`)) },
			422, `{"error_code":"DLI.0001","error_msg":"bad json"}`)
	}},
	{name: "a connection id that is no UUID answered 500", fails: map[string]string{"CONN-NOT-UUID": "status"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, func(r *http.Request, b []byte) bool {
			return isBind(r, b) && strings.Contains(r.URL.Path, "conformance-not-a-uuid")
		},
			500, `{"error_code":"DLI.0999","error_msg":"internal"}`)
	}},
	{name: "GET on associate-queue served", fails: map[string]string{"METHOD-GET": "status"}, wrap: func(emu http.Handler) http.Handler { return rewrite(emu, onMethod("GET"), 200, okBody) }},
	{name: "PUT on associate-queue served", fails: map[string]string{"METHOD-PUT": "status"}, wrap: func(emu http.Handler) http.Handler { return rewrite(emu, onMethod("PUT"), 200, okBody) }},
	{name: "text/plain accepted", fails: map[string]string{"CONTENT-TYPE-NOT-JSON": "status"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, func(r *http.Request, b []byte) bool {
			return isBind(r, b) && r.Header.Get("Content-Type") == "text/plain"
		}, 200, okBody)
	}},
	{name: "binding an already-bound queue answers 500", fails: map[string]string{"BIND-AGAIN": "status", "STATEFUL-WALKS": "status"}, defects: []emulator.Defect{emulator.DefectBindAgain500}},
	{name: "a POST with no body answers 500", fails: map[string]string{"EITHER-NO-BODY": "status"}, defects: []emulator.Defect{emulator.DefectNilBody500}},

	// Gateways that misbehave.
	{name: "a 401 with an empty body", fails: map[string]string{"AUTH-MISSING": "error-body", "AUTH-WRONG": "error-body"}, defects: []emulator.Defect{emulator.DefectEmpty401Body}},
	{name: "a request without a token is served", fails: map[string]string{"AUTH-MISSING": "auth"}, wrap: func(emu http.Handler) http.Handler {
		return servesWith(emu, func(r *http.Request) {
			if r.Header.Get("X-Auth-Token") == "" {
				r.Header.Set("X-Auth-Token", secretToken)
			}
		})
	}},
	{name: "a wrong token is served", fails: map[string]string{"AUTH-WRONG": "auth"}, wrap: func(emu http.Handler) http.Handler {
		return servesWith(emu, func(r *http.Request) {
			if r.Header.Get("X-Auth-Token") != secretToken && r.Header.Get("X-Auth-Token") != "" {
				r.Header.Set("X-Auth-Token", secretToken)
			}
		})
	}},
	{name: "another project's id is served", fails: map[string]string{"PROJECT-OTHER": "status"}, wrap: func(emu http.Handler) http.Handler {
		return servesWith(emu, func(r *http.Request) {
			if parts := strings.Split(r.URL.Path, "/"); len(parts) > 2 && parts[1] == "v2.0" && parts[2] != project && len(parts[2]) == 32 {
				parts[2] = project
				r.URL.Path = strings.Join(parts, "/")
			}
		})
	}},
	{name: "a bind that never answers", fails: map[string]string{"QUEUE-ELEMENT-NUMBER": "transport"}, wrap: func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := readAll(r)
			if isBind(r, b) && bytes.Equal(b, []byte(`{"queues": [42]}`)) {
				<-r.Context().Done()
				return
			}
			emu.ServeHTTP(w, cloneWithBody(r, string(b)))
		})
	}},
	{name: "a reset connection for a string body", fails: map[string]string{"BODY-STRING": "transport"}, wrap: func(emu http.Handler) http.Handler {
		return resetOn(emu, func(r *http.Request, b []byte) bool { return isBind(r, b) && bytes.Equal(b, []byte(`"queue_a"`)) })
	}},
	{name: "throttles every request", fails: everything("throttled"), defects: []emulator.Defect{emulator.DefectThrottleAll}, env: []string{"DLI_THROTTLE_BUDGET=3s"}},
	{name: "unbind answers 200 and unbinds nothing", fails: map[string]string{"BIND-QUEUES-AND-POOLS": "hygiene", "LEAVE-NO-TRACE": "hygiene", "STATEFUL-WALKS": "effect"}, wrap: func(emu http.Handler) http.Handler {
		return rewrite(emu, func(r *http.Request, _ []byte) bool {
			return r.Method == "POST" && strings.HasSuffix(r.URL.Path, unbindSuffx)
		},
			200, `{"is_success":true,"message":"Disassociated"}`)
	}},
}

// everything is every requirement of the catalogue failing with kind: what a
// run that could not start reports.
func everything(kind string) map[string]string {
	out := map[string]string{}
	for _, r := range requirement.Catalog() {
		out[r.ID] = kind
	}
	return out
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header {
	if d.h == nil {
		return http.Header{}
	}
	return d.h
}
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// TestBrokenImplementationsFailExactlyTheirRequirements runs the suite against
// each broken implementation and compares the failed requirements, with their
// kinds, with the catalogue's. The hand-written and stateful requirements run;
// the generated cases have broken targets of their own (generated_test.go).
func TestBrokenImplementationsFailExactlyTheirRequirements(t *testing.T) {
	if len(catalogue) < 40 {
		t.Fatalf("the catalogue has %d broken implementations, want at least 40", len(catalogue))
	}
	for _, b := range catalogue {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			emu, err := emulator.New(emulator.Options{Tokens: []string{secretToken}, Defects: b.defects, ActivationDelay: 0})
			if err != nil {
				t.Fatal(err)
			}
			var h http.Handler = emu
			if b.wrap != nil {
				h = b.wrap(emu)
			}
			// A fixed seed fixes the order of the specs and the walks' steps, so
			// that a target whose cleanup is broken leaves the same trail each run.
			env := append([]string{"DLI_MAX_CASES=0", "DLI_MAX_STEPS=30", "DLI_CLIENTS=4", "DLI_SEED=1"}, b.env...)
			// The concurrent clients interleave as they may, so whether they meet
			// a defect varies from run to run: internal/stateful proves that
			// requirement against broken targets of its own, and the walks here
			// stand for the stateful group.
			flags := b.flags
			if flags == nil {
				flags = []string{"--label-filter", "!id:STATEFUL-CONCURRENT"}
			}
			r := runWithFlags(t, h, append([]string{"--random-seed", "1"}, flags...), env...)
			got := map[string]string{}
			for _, res := range r.summary.Requirements {
				if res.Status == report.Failed {
					got[res.ID] = res.Kind
				}
			}
			if os.Getenv("CATALOGUE_PRINT") != "" {
				fmt.Printf("CATALOGUE %q: %v (exit %d)\n", b.name, got, r.exit)
				return
			}
			if r.exit != 1 {
				t.Errorf("exit %d, want 1", r.exit)
			}
			if !maps.Equal(got, b.fails) {
				ids := slices.Sorted(maps.Keys(got))
				for _, id := range ids {
					if b.fails[id] != got[id] {
						t.Errorf("%s failed as %q, want %q: %s", id, got[id], b.fails[id], r.result(id).Reason)
					}
				}
				for id, kind := range b.fails {
					if _, ok := got[id]; !ok {
						t.Errorf("%s did not fail, want it to fail as %q", id, kind)
					}
				}
			}
			for id := range got {
				if res := r.result(id); res.Failure == nil || res.Failure.Message == "" {
					t.Errorf("%s failed without evidence", id)
				}
			}
			assertNoSecret(t, r)
		})
	}
}

func readAll(r *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(r.Body)
	r.Body.Close()
	r.Body = nopCloser{bytes.NewReader(buf.Bytes())}
	return buf.Bytes(), err
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func cloneWithBody(r *http.Request, b string) *http.Request {
	c := r.Clone(r.Context())
	c.Body = nopCloser{bytes.NewReader([]byte(b))}
	c.ContentLength = int64(len(b))
	return c
}
