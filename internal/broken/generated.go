package broken

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// GeneratedTarget is a target broken in a way only the generated cases probe: a run
// against it must fail the generated case ID (or the first whose id has the prefix,
// for an ID ending in "-") with Kind and a reason containing Reason, and the curl
// line of that failure, run again, must show the same deviation.
type GeneratedTarget struct {
	Name   string
	Broken []Behaviour
	ID     string
	Kind   string
	Reason string
	// ReplayStatus is the status the replayed curl line must get.
	ReplayStatus int
	// ReplayQueues, when not 0, is how many queues the replay, run from the seed,
	// must leave bound to Connection.
	ReplayQueues int
}

// GeneratedEnv fixes the case list, so that the partial-bind target meets a positive
// case with two distinct queues, and keeps hand-written specs that wait for a binding
// the target never makes from waiting long.
var GeneratedEnv = []string{"DLI_SEED=20260108", "DLI_SETTLE_TIMEOUT=1s"}

// GeneratedTargets are the broken targets of the generated cases.
var GeneratedTargets = []GeneratedTarget{
	{Name: "accepts null elements", Broken: one(Answer("null-element-accepted", bindBody(`"queues":[null]`), 200, okBody)),
		ID: "GEN-NEG-body.queues.items-null", Kind: "status", Reason: "status 200, want 400", ReplayStatus: 200},
	{Name: "accepts numbers as queue names", Broken: one(Answer("number-element-accepted", bindBody(`"queues":[42]`), 200, okBody)),
		ID: "GEN-NEG-body.queues.items-number", Kind: "status", Reason: "status 200, want 400", ReplayStatus: 200},
	{Name: "answers 500 to deep JSON", Broken: one(Answer("deep-json-500", bindBody(strings.Repeat("[", 16)), 500, `{"error_code":"DLI.0999","error_msg":"Server-side errors occur."}`)),
		ID: "GEN-NEG-body.queues.items-deep", Kind: "status", Reason: "status 500, want 400 or 413", ReplayStatus: 500},
	{Name: "accepts an array body", Broken: one(Answer("array-body-accepted", func(r *http.Request, b []byte) bool { return IsBind(r) && isJSONArray(b) }, 200, okBody)),
		ID: "GEN-NEG-body-array", Kind: "status", Reason: "status 200, want 400", ReplayStatus: 200},
	// A redirect is a legal answer to a path with an empty segment, but only to the
	// cleaned path: one elsewhere must fail.
	{Name: "redirects a path with an empty segment elsewhere", Broken: one(redirectsElsewhere),
		ID: "GEN-NEG-path.connection_id-empty", Kind: "status", Reason: "may only be redirected to its cleaned path", ReplayStatus: http.StatusMovedPermanently},
	{Name: "binds only part of a valid list", Broken: one(bindsFirstQueueOnly),
		ID: "GEN-POS-", Kind: "effect", Reason: "does not list", ReplayStatus: 200, ReplayQueues: 1},
}

// redirectsElsewhere redirects a path with an empty segment to the list of
// connections, not to its cleaned path.
var redirectsElsewhere = Behaviour{Name: "redirects-elsewhere", Description: "redirects a path with an empty segment to another path",
	Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/enhanced-connections//") {
				w.Header().Set("Location", "/v2.0/"+Project+"/datasource/enhanced-connections")
				w.WriteHeader(http.StatusMovedPermanently)
				return
			}
			next.ServeHTTP(w, r)
		})
	}}

// bindsFirstQueueOnly binds only the first of two or more distinct queue names of a
// bind and answers as if it had bound them all.
var bindsFirstQueueOnly = Behaviour{Name: "binds-first-queue-only", Description: "a bind of several queues binds only the first",
	Handler: func(next http.Handler, _ *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b := readBody(r)
			var body map[string]any
			if IsBind(r) && json.Unmarshal(b, &body) == nil {
				list, ok := body["queues"].([]any)
				names := ok && !slices.ContainsFunc(list, func(q any) bool { _, s := q.(string); return !s })
				if names && slices.ContainsFunc(list, func(q any) bool { return q != list[0] }) {
					body["queues"] = list[:1]
					b, _ = json.Marshal(body)
				}
			}
			next.ServeHTTP(w, withBody(r, string(b)))
		})
	}}

// isJSONArray tells a request body that is a JSON array.
func isJSONArray(b []byte) bool {
	var v []any
	return json.Unmarshal(bytes.TrimSpace(b), &v) == nil
}
