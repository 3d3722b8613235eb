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
	// Stateful requirements judge sequences of requests and concurrent clients.
	Stateful Group = "stateful"
)

// Requirement is one checked behaviour: its metadata lives here, as a value the
// suite's spec for it names, and the suite registers exactly one check per value.
type Requirement struct {
	// ID is stable across releases: baselines and reports refer to it.
	ID string
	// Title is the requirement as a sentence; the spec is named after it.
	Title string
	Group Group
	// Needs lists the inputs or capabilities the requirement needs.
	Needs []Need
	// Mutates is true when the requirement changes the target's state on a
	// conformant target.
	Mutates bool
	// Codes are the documented error codes for the failure, any of which is
	// accepted by default; empty when the documentation names none (then any
	// code of the documented form is accepted). The first is the code the strict
	// mode expects unless the configuration names others.
	Codes []string
	// Labels are extra labels beside those derived from the fields (for
	// example "stateful").
	Extra []string
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
	// DLI.0013 and DLI.0014, all documented with 401. DLI.0015 (token parsing)
	// is documented with 400 and is judged with that status (see AuthStatusCodes).
	codesAuth = []string{"APIG.0301", "APIGW.0301", "DLI.0013", "DLI.0014", "DLI.0015"}

	// AuthStatusCodes says which status each authentication code is documented
	// with; a code answered with another status is a failure.
	AuthStatusCodes = map[string]int{"APIG.0301": 401, "APIGW.0301": 401, "DLI.0013": 401, "DLI.0014": 401, "DLI.0015": 400}
)

// Labels returns the Ginkgo labels of the requirement.
func (r Requirement) Labels() []string {
	l := []string{"id:" + r.ID, "kind:" + string(r.Group), "op:associateQueueToEnhancedConnection"}
	for _, n := range r.Needs {
		l = append(l, "needs:"+string(n))
	}
	if r.Mutates {
		l = append(l, "mutates")
	}
	return append(l, r.Extra...)
}

// Catalog lists every requirement of the suite, in reading order. The values
// below add themselves to it as they are declared.
var Catalog []Requirement

func add(r Requirement) Requirement {
	Catalog = append(Catalog, r)
	return r
}

// The requirements, in reading order; each spec names one of these values.
var (
	BindQueues = add(Requirement{ID: "BIND-QUEUES", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "binds a list of queues with 200, is_success true and a JSON body, and lists each queue once in available_queue_info"})
	BindPools = add(Requirement{ID: "BIND-POOLS", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedPools},
		Title: "binds elastic resource pools alone with 200 and lists each once in elastic_resource_pools"})
	BindQueuesAndPools = add(Requirement{ID: "BIND-QUEUES-AND-POOLS", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues, NeedPools},
		Title: "binds queues and elastic resource pools together with 200 and lists both"})
	BindAgain = add(Requirement{ID: "BIND-AGAIN", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "answers 200 or 400 with the error body to binding an already-bound queue and never lists it twice"})
	ConnUnknown = add(Requirement{ID: "CONN-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesNoConnection,
		Title: "rejects a well-formed UUID that is no connection with 400 and the DLI error body"})
	ConnNotUUID = add(Requirement{ID: "CONN-NOT-UUID", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesNoConnection,
		Title: "rejects a connection id that is not a UUID with 400 and the DLI error body"})
	ConnDeleted = add(Requirement{ID: "CONN-DELETED", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedDeletedConnection},
		Codes: codesDeletedConnection,
		Title: "rejects a deleted connection with 400 and the DLI error body"})
	QueueUnknown = add(Requirement{ID: "QUEUE-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection},
		Codes: codesNoQueue,
		Title: "rejects an unknown queue with 400 and the DLI error body, binding nothing"})
	PoolUnknown = add(Requirement{ID: "POOL-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection, NeedPoolsDocumented},
		Codes: codesNoQueue,
		Title: "rejects an unknown elastic resource pool with 400 and the DLI error body, binding nothing"})
	QueuePartlyUnknown = add(Requirement{ID: "QUEUE-PARTLY-UNKNOWN", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesNoQueue,
		Title: "rejects one known and one unknown queue with 400 and binds neither"})
	BodyMalformedJSON = add(Requirement{ID: "BODY-MALFORMED-JSON", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a body that is not valid JSON with 400"})
	BodyArray = add(Requirement{ID: "BODY-ARRAY", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a body that is a JSON array with 400"})
	BodyString = add(Requirement{ID: "BODY-STRING", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a body that is a JSON string with 400"})
	BodyNumber = add(Requirement{ID: "BODY-NUMBER", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a body that is a JSON number with 400"})
	QueuesNotArray = add(Requirement{ID: "QUEUES-NOT-ARRAY", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects queues given as a string instead of an array with 400"})
	QueueElementNumber = add(Requirement{ID: "QUEUE-ELEMENT-NUMBER", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a queue name that is a number with 400"})
	QueueElementObject = add(Requirement{ID: "QUEUE-ELEMENT-OBJECT", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a queue name that is an object with 400"})
	QueueElementNull = add(Requirement{ID: "QUEUE-ELEMENT-NULL", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: codesParameter,
		Title: "rejects a null queue name with 400"})
	ContentTypeNotJSON = add(Requirement{ID: "CONTENT-TYPE-NOT-JSON", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Title: "rejects a body sent as text/plain with 400 or 415"})
	MethodGet = add(Requirement{ID: "METHOD-GET", Group: Negative, Needs: []Need{NeedConnection},
		Title: "answers GET on associate-queue with 404 or 405, never 2xx"})
	MethodPut = add(Requirement{ID: "METHOD-PUT", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Title: "answers PUT on associate-queue with 404 or 405, never 2xx"})
	MethodDelete = add(Requirement{ID: "METHOD-DELETE", Group: Negative, Needs: []Need{NeedConnection},
		Title: "answers DELETE on associate-queue with 404 or 405, never 2xx"})
	AuthMissing = add(Requirement{ID: "AUTH-MISSING", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedCredentials},
		Codes: codesAuth,
		Title: "rejects a request without credentials with 401 and binds nothing"})
	AuthWrong = add(Requirement{ID: "AUTH-WRONG", Group: Negative, Needs: []Need{NeedConnection, NeedQueues, NeedCredentials},
		Codes: codesAuth,
		Title: "rejects a request with a wrong token with 401 and binds nothing"})
	ProjectOther = add(Requirement{ID: "PROJECT-OTHER", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Title: "refuses the connection under another project's id with 4xx and binds nothing"})
	EitherEmptyObject = add(Requirement{ID: "EITHER-EMPTY-OBJECT", Group: Either, Mutates: true, Needs: []Need{NeedConnection},
		Title: "answers an empty object {} with 200 or 400, conformant either way, changing nothing"})
	EitherEmptyArrays = add(Requirement{ID: "EITHER-EMPTY-ARRAYS", Group: Either, Mutates: true, Needs: []Need{NeedConnection},
		Title: "answers empty queue and pool arrays with 200 or 400, conformant either way, changing nothing"})
	EitherExtraFields = add(Requirement{ID: "EITHER-EXTRA-FIELDS", Group: Either, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "answers unknown extra fields beside a valid queue with 200 binding just that queue, or 400 binding nothing"})
	EitherNullArrays = add(Requirement{ID: "EITHER-NULL-ARRAYS", Group: Either, Mutates: true, Needs: []Need{NeedConnection},
		Title: "answers null queue and pool arrays with 200 or 400, conformant either way, changing nothing"})
	EitherNoBody = add(Requirement{ID: "EITHER-NO-BODY", Group: Either, Mutates: true, Needs: []Need{NeedConnection},
		Title: "answers a POST with no body at all with 200 or 400, conformant either way, changing nothing"})
	StatefulWalks = add(Requirement{ID: "STATEFUL-WALKS", Group: Stateful, Mutates: true, Needs: []Need{NeedConnection, NeedQueues}, Extra: []string{"stateful"},
		Title: "agrees with the binding model over seeded walks of binds, unbinds, shows and lists, show and list agreeing with each other after every step"})
	StatefulConcurrent = add(Requirement{ID: "STATEFUL-CONCURRENT", Group: Stateful, Mutates: true, Needs: []Need{NeedConnection, NeedQueues}, Extra: []string{"stateful"},
		Title: "ends, after concurrent clients bind and unbind, in a state some serial order of the acknowledged requests produces, nothing lost or listed twice"})
	Lifecycle = add(Requirement{ID: "LIFECYCLE", Group: Stateful, Mutates: true, Needs: []Need{NeedQueues, NeedCreate}, Extra: []string{"stateful"},
		Title: "creates a scratch connection, binds and unbinds on it, deletes it, then refuses a bind to it with 400, leaving nothing behind"})
	LeaveNoTrace = add(Requirement{ID: "LEAVE-NO-TRACE", Group: Hygiene, Needs: []Need{NeedConnection},
		Title: "leaves the connection's bindings as they were before the run"})
)

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
