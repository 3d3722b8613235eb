// Package requirement is the catalogue of what the conformance suite checks:
// one value per requirement, declared with its check next to it — a stable id,
// the sentence it is named after, its group, what it needs, whether it changes
// the target, its documented error codes. The Ginkgo suite, `--list`, the
// in-process runner and the reports all read this one list.
package requirement

import (
	"fmt"

	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// The catalogue's vocabulary is the engine's.
type (
	// Requirement is one checked behaviour with its check.
	Requirement = engine.Requirement
	// Group says what kind of requirement an entry is.
	Group = engine.Group
	// Need is an input or capability a requirement needs.
	Need = engine.Need
	// Inputs is what the configuration provides, as the needs see it.
	Inputs = engine.Inputs
)

// The groups and needs, as the catalogue names them.
const (
	Positive = engine.Positive
	Negative = engine.Negative
	Either   = engine.Either
	Hygiene  = engine.Hygiene
	Stateful = engine.Stateful

	NeedConnection        = engine.NeedConnection
	NeedQueues            = engine.NeedQueues
	NeedPools             = engine.NeedPools
	NeedPoolsDocumented   = engine.NeedPoolsDocumented
	NeedDeletedConnection = engine.NeedDeletedConnection
	NeedCredentials       = engine.NeedCredentials
	NeedCreate            = engine.NeedCreate
)

// MutationGateReason is why a requirement that changes state is skipped.
const MutationGateReason = engine.MutationGateReason

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

// Catalog lists every hand-written requirement, in reading order; the
// generated cases are drawn per run (Generated).
func Catalog() []Requirement {
	return []Requirement{
		BindQueues, BindPools, BindQueuesAndPools, BindAgain,
		BindWrittenAnyWay, BindTransportAnyWay, BindKeepsEarlier,
		ConnUnknown, ConnNotUUID, ConnDeleted,
		QueueUnknown, PoolUnknown, QueuePartlyUnknown, NamesAtEdges,
		BodyMalformedJSON, BodyArray, BodyString, BodyNumber, QueuesNotArray,
		QueueElementNumber, QueueElementObject, QueueElementNull, ContentTypeNotJSON,
		BodyNotStrictJSON, BodyNamesNotStrings, BodyKeysNearMiss,
		MethodGet, MethodPut, MethodDelete,
		AuthMissing, AuthWrong, AuthNearMiss, ProjectOther,
		EitherEmptyObject, EitherEmptyArrays, EitherExtraFields, EitherNullArrays, EitherNoBody,
		ConnIDOtherCase, BodyDuplicateKeys,
		StatefulWalks, StatefulConcurrent, Lifecycle,
		LeaveNoTrace,
	}
}

// ByID returns the hand-written requirement with the id.
func ByID(id string) (Requirement, error) { return engine.Find(Catalog(), id) }

// Known returns nil when id names a hand-written requirement, else why not.
func Known(id string) error {
	_, err := ByID(id)
	return err
}

// Must returns the requirement with the id; for the suite's own fixed ids.
func Must(id string) Requirement {
	r, err := ByID(id)
	if err != nil {
		panic(fmt.Sprintf("requirement.Must: %v", err)) // a typo in the suite's source, caught by its tests
	}
	return r
}

// LeaveNoTrace is checked after every other requirement.
var LeaveNoTrace = Requirement{ID: "LEAVE-NO-TRACE", Group: Hygiene, Needs: []Need{NeedConnection}, AfterAll: true,
	Title: "leaves the connection's bindings as they were before the run",
	Check: engine.LeftAsFound}
