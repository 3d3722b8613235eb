// Package requirement is the catalogue of what the conformance suite checks: one
// entry per requirement, with a stable id, the sentence the spec is named after and
// the labels that select it. The suite's specs, `--list`, and the reports all read
// this one list.
package requirement

import (
	"fmt"
	"strings"
)

// Group says what kind of requirement an entry is.
type Group string

// The groups of requirements.
const (
	Positive Group = "positive"
	Negative Group = "negative"
	Either   Group = "either"
	Hygiene  Group = "hygiene"
)

// Requirement is one checked behaviour.
type Requirement struct {
	// ID is stable across releases: baselines and reports refer to it.
	ID string
	// Title is the requirement as a sentence; the spec is named after it.
	Title string
	Group Group
	// Needs lists the inputs or capabilities the requirement needs:
	// connection, queues, pools, deleted-connection, auth.
	Needs []string
	// Mutates is true when the requirement changes the target's state on a
	// conformant target.
	Mutates bool
	// Codes are the documented error codes for the failure, any of which is
	// accepted by default; empty when the documentation names none (then any
	// code of the documented form is accepted). The first is the code the strict
	// mode expects unless the configuration names others.
	Codes []string
}

// Documented error codes (dli_02_0056, the gateway pages and the connection
// pages' own error tables).
var (
	codesParameter = []string{"DLI.0001"}
	// A missing connection: the connection pages answer DLI.0001 "Connection …
	// does not exist"; the error-code page's "object does not exist" is DLI.0002.
	codesNoConnection = []string{"DLI.0001", "DLI.0002"}
	// A deleted connection may also be an unavailable resource (DLI.0012).
	codesDeletedConnection = []string{"DLI.0001", "DLI.0002", "DLI.0012"}
	// A missing queue: "There is no queue named …" appears with DLI.0002, and
	// with DLI.0008 on older pages; a parameter check (DLI.0001) also fits.
	codesNoQueue = []string{"DLI.0002", "DLI.0001", "DLI.0008"}
	// Authentication: the gateway's APIG.0301 / APIGW.0301, or DLI's own
	// DLI.0013, DLI.0014 (401) and DLI.0015 (token parsing).
	codesAuth = []string{"APIG.0301", "APIGW.0301", "DLI.0013", "DLI.0014", "DLI.0015"}
)

// Labels returns the Ginkgo labels of the requirement.
func (r Requirement) Labels() []string {
	l := []string{"id:" + r.ID, "kind:" + string(r.Group), "op:associateQueueToEnhancedConnection"}
	for _, n := range r.Needs {
		l = append(l, "needs:"+n)
	}
	if r.Mutates {
		l = append(l, "mutates")
	}
	return l
}

// Catalog lists every requirement of the suite, in reading order.
var Catalog = []Requirement{
	{ID: "BIND-QUEUES", Group: Positive, Mutates: true, Needs: []string{"connection", "queues"},
		Title: "binds a list of queues with 200, is_success true and a JSON body, and lists each queue once in available_queue_info"},
	{ID: "BIND-POOLS", Group: Positive, Mutates: true, Needs: []string{"connection", "pools"},
		Title: "binds elastic resource pools alone with 200 and lists each once in elastic_resource_pools"},
	{ID: "BIND-QUEUES-AND-POOLS", Group: Positive, Mutates: true, Needs: []string{"connection", "queues", "pools"},
		Title: "binds queues and elastic resource pools together with 200 and lists both"},
	{ID: "BIND-AGAIN", Group: Positive, Mutates: true, Needs: []string{"connection", "queues"},
		Title: "answers 200 or 400 with the error body to binding an already-bound queue and never lists it twice"},

	{ID: "CONN-UNKNOWN", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesNoConnection,
		Title: "rejects a well-formed UUID that is no connection with 400 and the DLI error body"},
	{ID: "CONN-NOT-UUID", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a connection id that is not a UUID with 400 and the DLI error body"},
	{ID: "CONN-DELETED", Group: Negative, Needs: []string{"connection", "queues", "deleted-connection"},
		Codes: codesDeletedConnection,
		Title: "rejects a deleted connection with 400 and the DLI error body"},
	{ID: "QUEUE-UNKNOWN", Group: Negative, Needs: []string{"connection"},
		Codes: codesNoQueue,
		Title: "rejects an unknown queue with 400 and the DLI error body, binding nothing"},
	{ID: "POOL-UNKNOWN", Group: Negative, Needs: []string{"connection", "pools-profile"},
		Codes: codesNoQueue,
		Title: "rejects an unknown elastic resource pool with 400 and the DLI error body, binding nothing"},
	{ID: "QUEUE-PARTLY-UNKNOWN", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesNoQueue,
		Title: "rejects one known and one unknown queue with 400 and binds neither"},
	{ID: "BODY-MALFORMED-JSON", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a body that is not valid JSON with 400"},
	{ID: "BODY-ARRAY", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a body that is a JSON array with 400"},
	{ID: "BODY-STRING", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a body that is a JSON string with 400"},
	{ID: "BODY-NUMBER", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a body that is a JSON number with 400"},
	{ID: "QUEUES-NOT-ARRAY", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects queues given as a string instead of an array with 400"},
	{ID: "QUEUE-ELEMENT-NUMBER", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a queue name that is a number with 400"},
	{ID: "QUEUE-ELEMENT-OBJECT", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a queue name that is an object with 400"},
	{ID: "QUEUE-ELEMENT-NULL", Group: Negative, Needs: []string{"connection", "queues"},
		Codes: codesParameter,
		Title: "rejects a null queue name with 400"},
	{ID: "CONTENT-TYPE-NOT-JSON", Group: Negative, Needs: []string{"connection", "queues"},
		Title: "rejects a body sent as text/plain with 400 or 415"},
	{ID: "METHOD-GET", Group: Negative, Needs: []string{"connection"},
		Title: "answers GET on associate-queue with 404 or 405, never 2xx"},
	{ID: "METHOD-PUT", Group: Negative, Needs: []string{"connection", "queues"},
		Title: "answers PUT on associate-queue with 404 or 405, never 2xx"},
	{ID: "METHOD-DELETE", Group: Negative, Needs: []string{"connection"},
		Title: "answers DELETE on associate-queue with 404 or 405, never 2xx"},
	{ID: "AUTH-MISSING", Group: Negative, Needs: []string{"connection", "queues", "auth"},
		Codes: codesAuth,
		Title: "rejects a request without credentials with 401 and binds nothing"},
	{ID: "AUTH-WRONG", Group: Negative, Needs: []string{"connection", "queues", "auth"},
		Codes: codesAuth,
		Title: "rejects a request with a wrong token with 401 and binds nothing"},
	{ID: "PROJECT-OTHER", Group: Negative, Needs: []string{"connection", "queues"},
		Title: "refuses the connection under another project's id with 4xx and binds nothing"},

	{ID: "EITHER-EMPTY-OBJECT", Group: Either, Mutates: true, Needs: []string{"connection"},
		Title: "answers an empty object {} with 200 or 400, conformant either way, changing nothing"},
	{ID: "EITHER-EMPTY-ARRAYS", Group: Either, Mutates: true, Needs: []string{"connection"},
		Title: "answers empty queue and pool arrays with 200 or 400, conformant either way, changing nothing"},
	{ID: "EITHER-EXTRA-FIELDS", Group: Either, Mutates: true, Needs: []string{"connection", "queues"},
		Title: "answers unknown extra fields beside a valid queue with 200 binding just that queue, or 400 binding nothing"},
	{ID: "EITHER-NULL-ARRAYS", Group: Either, Mutates: true, Needs: []string{"connection"},
		Title: "answers null queue and pool arrays with 200 or 400, conformant either way, changing nothing"},

	{ID: "LEAVE-NO-TRACE", Group: Hygiene, Needs: []string{"connection"},
		Title: "leaves the connection's bindings as they were before the run"},
}

// ByID returns the requirement with the id.
func ByID(id string) (Requirement, error) {
	for _, r := range Catalog {
		if r.ID == id {
			return r, nil
		}
	}
	return Requirement{}, fmt.Errorf("no requirement has id %q", id)
}

// Must returns the requirement with the id; for the suite's own fixed ids.
func Must(id string) Requirement {
	r, err := ByID(id)
	if err != nil {
		panic(err) // a typo in the suite's source, caught by its tests
	}
	return r
}

// IDFromLabels returns the requirement id among Ginkgo labels, or "".
func IDFromLabels(labels []string) string {
	for _, l := range labels {
		if id, ok := strings.CutPrefix(l, "id:"); ok {
			return id
		}
	}
	return ""
}
