package broken

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// Target is one deliberately broken implementation and the exact set of
// requirements a run against it must fail, each with its kind: no more (that would
// be crying wolf), no fewer (that would be a missed deviation).
type Target struct {
	Name string
	// Broken are the behaviours the emulator plays; build them with Handler.
	Broken []Behaviour
	// Env holds DLI_* settings the run needs beside CatalogueEnv, which they override.
	Env []string
	// LabelFilter narrows the run where a broken cleanup would leave a different
	// trail each time; empty means DefaultLabelFilter.
	LabelFilter string
	// Fails maps each requirement id that must fail to its failure kind.
	Fails map[string]string
	// FailsAll, when set, says every requirement fails with this kind: the run could
	// not start. Fails is then empty.
	FailsAll string
}

// Handler builds an emulator from opts that plays the target's behaviours, and the
// handler to serve (see New).
func (t Target) Handler(opts emulator.Options) (http.Handler, *emulator.Emulator, error) {
	return New(opts, t.Broken...)
}

// CatalogueEnv fixes a catalogue run: a fixed seed fixes the order of the specs and
// the walks' steps, so that a target whose cleanup is broken leaves the same trail
// each run; the generated cases have broken targets of their own (GeneratedTargets).
// The suite's random seed (--random-seed 1) must be fixed too.
var CatalogueEnv = []string{"DLI_MAX_CASES=0", "DLI_MAX_STEPS=30", "DLI_CLIENTS=4", "DLI_SEED=1"}

// DefaultLabelFilter leaves out the concurrent clients: they interleave as they may,
// so whether they meet a defect varies from run to run. internal/stateful proves that
// requirement against broken targets of its own, and the walks stand for the
// stateful group here.
const DefaultLabelFilter = "!id:STATEFUL-CONCURRENT"

// LabelFilterOf is the label filter of a run against t.
func (t Target) LabelFilterOf() string {
	if t.LabelFilter == "" {
		return DefaultLabelFilter
	}
	return t.LabelFilter
}

// defects is the behaviours of the named defects.
func defects(names ...string) []Behaviour {
	out := make([]Behaviour, len(names))
	for i, n := range names {
		out[i] = byName(n)
	}
	return out
}

func one(b Behaviour) []Behaviour { return []Behaviour{b} }

// bothQueues matches the suite's bind of both its queues.
var bothQueues = bindBody(`"queues":["queue_a","queue_b"]}`)

// Catalogue is every broken target the suite is proved against.
var Catalogue = []Target{
	// Effects beyond what was asked, or short of it.
	{Name: "a bind of pools also binds a queue", Fails: map[string]string{"BIND-POOLS": "effect", "STATEFUL-WALKS": "effect"}, Broken: defects("bind-pools-binds-queue")},
	{Name: "an unbind removes every binding", Fails: map[string]string{"STATEFUL-WALKS": "effect"}, Broken: defects("unbind-removes-all")},
	// A broken undo leaves a trail that decides what the next requirement
	// finds, and so which of them fail theirs: these targets run one
	// requirement that binds, whatever the order, and the after-run check.
	{Name: "an unbind removes the wrong binding", LabelFilter: "id:BIND-QUEUES || id:LEAVE-NO-TRACE", Fails: map[string]string{"BIND-QUEUES": "hygiene", "LEAVE-NO-TRACE": "hygiene"}, Broken: defects("unbind-removes-wrong")},
	{Name: "an either-way input binds something", Fails: map[string]string{"BODY-KEYS-NEAR-MISS": "effect", "EITHER-EMPTY-ARRAYS": "effect", "EITHER-EMPTY-OBJECT": "effect", "EITHER-NO-BODY": "effect", "EITHER-NULL-ARRAYS": "effect", "STATEFUL-WALKS": "effect"}, Broken: defects("either-way-binds")},
	// Whether a walk meets the late change depends on the moment it lands, so
	// the walks stay out of this run.
	{Name: "a rejected request's change shows a moment later", LabelFilter: "!stateful", Fails: map[string]string{"QUEUE-PARTLY-UNKNOWN": "effect"}, Broken: defects("late-change-after-reject"), Env: []string{"DLI_QUIET_PERIOD=400ms"}},
	{Name: "a bind answers 200 and never shows", Fails: map[string]string{"BIND-AGAIN": "effect", "BIND-KEEPS-EARLIER": "effect", "BIND-POOLS": "effect", "BIND-QUEUES": "effect", "BIND-QUEUES-AND-POOLS": "effect", "BIND-TRANSPORT-ANY-WAY": "effect", "BIND-WRITTEN-ANY-WAY": "effect", "BODY-DUPLICATE-KEYS": "effect", "EITHER-EXTRA-FIELDS": "effect", "STATEFUL-WALKS": "effect"}, Broken: defects("bind-never-shows")},
	{Name: "binding again lists the queue twice", Fails: map[string]string{"BIND-AGAIN": "effect", "STATEFUL-WALKS": "effect"}, Broken: defects("bind-again-duplicates")},
	{Name: "unknown extra fields answer 200 and bind nothing", Fails: map[string]string{"EITHER-EXTRA-FIELDS": "effect"}, Broken: defects("extra-field-binds-nothing")},
	{Name: "an unknown queue answers 200", Fails: map[string]string{"NAMES-AT-EDGES": "status", "QUEUE-PARTLY-UNKNOWN": "status", "QUEUE-UNKNOWN": "status", "STATEFUL-WALKS": "status"}, Broken: defects("unknown-queue-200")},
	{Name: "a deleted connection takes a bind", Fails: map[string]string{"CONN-DELETED": "status"}, Broken: defects("deleted-connection-binds")},
	{Name: "list answers from a stale copy", Fails: map[string]string{"STATEFUL-WALKS": "effect"}, Broken: defects("stale-list")},
	{Name: "a queue cannot be bound again after it was unbound", Fails: map[string]string{"BIND-AGAIN": "status", "BIND-KEEPS-EARLIER": "status", "BIND-QUEUES": "status", "BIND-QUEUES-AND-POOLS": "status", "BIND-TRANSPORT-ANY-WAY": "status", "BIND-WRITTEN-ANY-WAY": "status", "STATEFUL-WALKS": "status"}, Broken: defects("no-rebind")},
	{Name: "a bind answered with an undeclared 201", Fails: map[string]string{"BIND-QUEUES": "status", "STATEFUL-WALKS": "status"},
		Broken: one(Answer("bind-answers-201", bothQueues, 201, okBody))},
	{Name: "a rejected request binds its known queue at once", Fails: map[string]string{"NAMES-AT-EDGES": "effect", "QUEUE-PARTLY-UNKNOWN": "effect"}, Broken: one(bindsKnownAtOnce)},
	{Name: "a bind answers 200 with is_success false and binds nothing", Fails: map[string]string{"BIND-QUEUES": "schema", "STATEFUL-WALKS": "schema"},
		Broken: one(Answer("bind-answers-is-success-false", bothQueues, 200, `{"is_success":false,"message":"queued for later"}`))},
	{Name: "queues given as a string answer 200", Fails: map[string]string{"QUEUES-NOT-ARRAY": "status"},
		Broken: one(Answer("queues-string-answers-200", bindBody(`"queues": "queue_a"`), 200, okBody))},

	// Bodies that are almost right.
	{Name: "lower-case binding status", Fails: map[string]string{"BIND-AGAIN": "schema", "BIND-KEEPS-EARLIER": "schema", "BIND-POOLS": "schema", "BIND-QUEUES": "schema", "BIND-QUEUES-AND-POOLS": "schema", "BIND-TRANSPORT-ANY-WAY": "schema", "BIND-WRITTEN-ANY-WAY": "schema", "BODY-DUPLICATE-KEYS": "schema", "EITHER-EXTRA-FIELDS": "schema", "STATEFUL-WALKS": "schema"}, Broken: defects("status-lowercase")},
	{Name: "a null message", Fails: map[string]string{"BIND-AGAIN": "schema", "BIND-KEEPS-EARLIER": "schema", "BIND-POOLS": "schema", "BIND-QUEUES": "schema", "BIND-QUEUES-AND-POOLS": "schema", "BIND-TRANSPORT-ANY-WAY": "schema", "BIND-WRITTEN-ANY-WAY": "schema", "BODY-DUPLICATE-KEYS": "schema", "EITHER-EXTRA-FIELDS": "schema", "STATEFUL-WALKS": "schema"}, Broken: defects("message-null")},
	{Name: "is_success as a string", Fails: map[string]string{"BIND-AGAIN": "schema", "BIND-KEEPS-EARLIER": "schema", "BIND-POOLS": "schema", "BIND-QUEUES": "schema", "BIND-QUEUES-AND-POOLS": "schema", "BIND-TRANSPORT-ANY-WAY": "schema", "BIND-WRITTEN-ANY-WAY": "schema", "BODY-DUPLICATE-KEYS": "schema", "EITHER-EXTRA-FIELDS": "schema", "STATEFUL-WALKS": "schema"}, Broken: defects("is-success-string")},
	{Name: "is_success as a string for one bind", Fails: map[string]string{"BIND-QUEUES": "schema", "STATEFUL-WALKS": "schema"},
		Broken: one(Answer("bind-answers-is-success-string", bothQueues, 200, `{"is_success":"true","message":""}`))},
	{Name: "a JSON answer labelled text/plain", Fails: map[string]string{"BIND-QUEUES": "schema", "STATEFUL-WALKS": "schema"},
		Broken: one(AnswerAs("bind-answers-text-plain", bothQueues, 200, "text/plain", okBody))},
	{Name: "error codes of the wrong form", Fails: map[string]string{"AUTH-MISSING": "error-body", "AUTH-NEAR-MISS": "error-body", "AUTH-WRONG": "error-body", "BODY-ARRAY": "error-body", "BODY-KEYS-NEAR-MISS": "error-body", "BODY-MALFORMED-JSON": "error-body", "BODY-NAMES-NOT-STRINGS": "error-body", "BODY-NOT-STRICT-JSON": "error-body", "BODY-NUMBER": "error-body", "BODY-STRING": "error-body", "CONN-DELETED": "error-body", "CONN-ID-OTHER-CASE": "error-body", "CONN-NOT-UUID": "error-body", "CONN-UNKNOWN": "error-body", "CONTENT-TYPE-NOT-JSON": "error-body", "EITHER-EMPTY-ARRAYS": "error-body", "EITHER-EMPTY-OBJECT": "error-body", "EITHER-NO-BODY": "error-body", "EITHER-NULL-ARRAYS": "error-body", "METHOD-DELETE": "error-body", "METHOD-GET": "error-body", "METHOD-PUT": "error-body", "NAMES-AT-EDGES": "error-body", "POOL-UNKNOWN": "error-body", "PROJECT-OTHER": "error-body", "QUEUE-ELEMENT-NULL": "error-body", "QUEUE-ELEMENT-NUMBER": "error-body", "QUEUE-ELEMENT-OBJECT": "error-body", "QUEUE-PARTLY-UNKNOWN": "error-body", "QUEUE-UNKNOWN": "error-body", "QUEUES-NOT-ARRAY": "error-body", "STATEFUL-WALKS": "schema"}, Broken: defects("wrong-error-code-form")},
	{Name: "a lower-case error code", Fails: map[string]string{"BODY-ARRAY": "error-body"},
		Broken: one(Answer("lower-case-error-code", func(r *http.Request, b []byte) bool { return IsBind(r) && string(b) == `["queue_a"]` }, 400, `{"error_code":"dli.0001","error_msg":"bad body"}`))},
	{Name: "a plain message instead of the error body", Fails: map[string]string{"NAMES-AT-EDGES": "error-body", "POOL-UNKNOWN": "error-body", "QUEUE-PARTLY-UNKNOWN": "error-body", "QUEUE-UNKNOWN": "error-body"},
		Broken: one(Answer("plain-message-error", bindBody("conformance_missing_"), 400, `{"message":"queue not found"}`))},
	{Name: "garbage instead of JSON", Fails: map[string]string{"QUEUE-ELEMENT-NULL": "error-body"},
		Broken: one(Answer("garbage-error", bindBody(`[null]`), 400, "<html>oops</html>"))},

	// Wrong status for a named negative.
	{Name: "an unknown connection answered 404", Fails: map[string]string{"CONN-UNKNOWN": "status"},
		Broken: one(Answer("unknown-connection-404", unknownConnection, 404, `{"error_code":"DLI.0002","error_msg":"no such connection"}`))},
	{Name: "an undeclared 422 for malformed JSON", Fails: map[string]string{"BODY-MALFORMED-JSON": "status"},
		Broken: one(Answer("malformed-json-422", func(r *http.Request, b []byte) bool { return IsBind(r) && bytes.HasSuffix(b, []byte(`["queue_a"`)) },
			422, `{"error_code":"DLI.0001","error_msg":"bad json"}`))},
	{Name: "a connection id that is no UUID answered 500", Fails: map[string]string{"CONN-NOT-UUID": "status"},
		Broken: one(Answer("not-uuid-500", func(r *http.Request, _ []byte) bool {
			return IsBind(r) && strings.Contains(r.URL.Path, "conformance-not-a-uuid")
		},
			500, `{"error_code":"DLI.0999","error_msg":"internal"}`))},
	{Name: "GET on associate-queue served", Fails: map[string]string{"METHOD-GET": "status"}, Broken: one(Answer("get-served", onMethod("GET"), 200, okBody))},
	{Name: "PUT on associate-queue served", Fails: map[string]string{"METHOD-PUT": "status"}, Broken: one(Answer("put-served", onMethod("PUT"), 200, okBody))},
	{Name: "text/plain accepted", Fails: map[string]string{"CONTENT-TYPE-NOT-JSON": "status"},
		Broken: one(Answer("text-plain-accepted", func(r *http.Request, _ []byte) bool { return IsBind(r) && r.Header.Get("Content-Type") == "text/plain" }, 200, okBody))},
	{Name: "binding an already-bound queue answers 500", Fails: map[string]string{"BIND-AGAIN": "status", "STATEFUL-WALKS": "status"}, Broken: defects("bind-again-500")},
	{Name: "a POST with no body answers 500", Fails: map[string]string{"EITHER-NO-BODY": "status"}, Broken: defects("nil-body-500")},

	// Gateways that misbehave.
	{Name: "a 401 with an empty body", Fails: map[string]string{"AUTH-MISSING": "error-body", "AUTH-NEAR-MISS": "error-body", "AUTH-WRONG": "error-body"}, Broken: defects("empty-401-body")},
	{Name: "a request without a token is served", Fails: map[string]string{"AUTH-MISSING": "auth"}, Broken: one(ServesWith("missing-token-served", tokenFor(true)))},
	{Name: "a wrong token is served", Fails: map[string]string{"AUTH-NEAR-MISS": "auth", "AUTH-WRONG": "auth"}, Broken: one(ServesWith("wrong-token-served", tokenFor(false)))},
	{Name: "another project's id is served", Fails: map[string]string{"PROJECT-OTHER": "status"}, Broken: one(ServesWith("other-project-served", otherProjectServed))},
	{Name: "a bind that never answers", Fails: map[string]string{"QUEUE-ELEMENT-NUMBER": "transport"},
		Broken: one(HangOn("number-element-hangs", func(r *http.Request, b []byte) bool { return IsBind(r) && bytes.Equal(b, []byte(`{"queues": [42]}`)) }))},
	{Name: "a reset connection for a string body", Fails: map[string]string{"BODY-STRING": "transport"},
		Broken: one(ResetOn("string-body-reset", func(r *http.Request, b []byte) bool { return IsBind(r) && bytes.Equal(b, []byte(`"queue_a"`)) }))},
	{Name: "throttles every request", FailsAll: "throttled", Broken: defects("throttle-all"), Env: []string{"DLI_THROTTLE_BUDGET=3s"}},
	{Name: "unbind answers 200 and unbinds nothing", LabelFilter: "id:BIND-QUEUES || id:LEAVE-NO-TRACE", Fails: map[string]string{"BIND-QUEUES": "hygiene", "LEAVE-NO-TRACE": "hygiene"},
		Broken: one(Answer("unbind-does-nothing", func(r *http.Request, _ []byte) bool { return isUnbind(r) }, 200, `{"is_success":true,"message":"Disassociated"}`))},
	// Traces left where no request looks.
	{Name: "a bind also binds the deleted connection", Fails: map[string]string{"LEAVE-NO-TRACE": "hygiene"}, Broken: one(SpillsToDeleted)},
	// The request families: legal ways to write a bind refused.
	{Name: "a Content-Type with parameters refused", Fails: map[string]string{"BIND-TRANSPORT-ANY-WAY": "status"}, Broken: one(mediaTypeExact)},
	{Name: "a media type in another case refused", Fails: map[string]string{"BIND-TRANSPORT-ANY-WAY": "status"}, Broken: one(mediaTypeCase)},
	{Name: "Accept: */* answered 406", Fails: map[string]string{"BIND-TRANSPORT-ANY-WAY": "status"}, Broken: one(acceptExact)},
	{Name: "a chunked body read as empty", Fails: map[string]string{"BIND-TRANSPORT-ANY-WAY": "status"}, Broken: one(chunkedReadAsEmpty)},
	{Name: "a trailing newline refused", Fails: map[string]string{"BIND-WRITTEN-ANY-WAY": "status"}, Broken: one(trailingNewlineRefused)},
	{Name: "a pretty-printed body refused", Fails: map[string]string{"BIND-WRITTEN-ANY-WAY": "status"}, Broken: one(prettyRefused)},
	{Name: "JSON escapes read as literal text", Fails: map[string]string{"BIND-WRITTEN-ANY-WAY": "status"}, Broken: one(escapesLiteral)},
	{Name: "the connection id in upper case answered 500", Fails: map[string]string{"CONN-ID-OTHER-CASE": "status"}, Broken: one(upperIDAnswers500)},
	// Illegal bodies read and bound.
	{Name: "data after the JSON value ignored", Fails: map[string]string{"BODY-NOT-STRICT-JSON": "status"}, Broken: one(trailingDataIgnored)},
	{Name: "a byte-order mark dropped", Fails: map[string]string{"BODY-NOT-STRICT-JSON": "status"}, Broken: one(bomStripped)},
	{Name: "keys matched in any case", Fails: map[string]string{"BODY-KEYS-NEAR-MISS": "effect"}, Broken: one(keysAnyCase)},
	{Name: "numbers among the names skipped", Fails: map[string]string{"BODY-NAMES-NOT-STRINGS": "status"}, Broken: one(nonStringNamesSkipped)},
	{Name: "a key given twice has its lists joined", Fails: map[string]string{"BODY-DUPLICATE-KEYS": "effect"}, Broken: one(duplicateKeysMerged)},
	// Names at their edges.
	{Name: "a name past 255 characters answered 500", Fails: map[string]string{"NAMES-AT-EDGES": "status"}, Broken: one(longName500)},
	{Name: "a non-ASCII name answered 500", Fails: map[string]string{"NAMES-AT-EDGES": "status"}, Broken: one(nonASCIIName500)},
	{Name: "a name with / cleaned as a path", Fails: map[string]string{"NAMES-AT-EDGES": "status"}, Broken: one(namesCleanedAsPaths)},
	// Near-miss credentials.
	{Name: "a token with a suffix accepted", Fails: map[string]string{"AUTH-NEAR-MISS": "auth"}, Broken: one(tokenWithSuffix)},
	{Name: "a token compared without its last character", Fails: map[string]string{"AUTH-NEAR-MISS": "auth"}, Broken: one(tokenLastCharIgnored)},
	{Name: "an AK/SK date outside the skew accepted", Env: AKSKEnv, Fails: map[string]string{"AUTH-NEAR-MISS": "auth"}, Broken: one(skewUnchecked)},
	// Effects short of what was asked.
	{Name: "a bind replaces the earlier bindings", Fails: map[string]string{"BIND-KEEPS-EARLIER": "effect", "STATEFUL-WALKS": "effect"}, Broken: one(bindReplaces)},
	{Name: "a bind binds only the first name of each list", Fails: map[string]string{"BIND-QUEUES": "effect", "BIND-QUEUES-AND-POOLS": "effect", "BIND-WRITTEN-ANY-WAY": "effect", "STATEFUL-WALKS": "effect"}, Broken: one(bindFirstOnly)},
}
