package emulator

import (
	"fmt"
	"strings"
)

// Defect names one deliberately broken behaviour. A conformance suite run against an
// emulator with a defect must fail; each defect changes exactly one behaviour.
type Defect string

// The defects the emulator can play.
const (
	DefectBindPoolsBindsQueue    Defect = "bind-pools-binds-queue"
	DefectUnbindRemovesAll       Defect = "unbind-removes-all"
	DefectUnbindRemovesWrong     Defect = "unbind-removes-wrong"
	DefectEitherWayBinds         Defect = "either-way-binds"
	DefectLateChangeAfterReject  Defect = "late-change-after-reject"
	DefectBindNeverShows         Defect = "bind-never-shows"
	DefectBindAgainDuplicates    Defect = "bind-again-duplicates"
	DefectStatusLowercase        Defect = "status-lowercase"
	DefectMessageNull            Defect = "message-null"
	DefectIsSuccessString        Defect = "is-success-string"
	DefectEmpty401Body           Defect = "empty-401-body"
	DefectThrottleAll            Defect = "throttle-all"
	DefectNilBody500             Defect = "nil-body-500"
	DefectExtraFieldBindsNothing Defect = "extra-field-binds-nothing"
	DefectUnknownQueue200        Defect = "unknown-queue-200"
	DefectDeletedConnectionBinds Defect = "deleted-connection-binds"
	DefectWrongErrorCodeForm     Defect = "wrong-error-code-form"
	DefectBindAgain500           Defect = "bind-again-500"
	DefectStaleList              Defect = "stale-list"
	DefectNoRebind               Defect = "no-rebind"
	DefectRaceLosesBinding       Defect = "race-loses-binding"
	lateChangeDelayMS                   = 150 // how long late-change-after-reject waits
	wrongErrorCode                      = "ERR-1"
	racyBindPause                       = 50 // milliseconds between read and write of race-loses-binding
)

// DefectInfo describes a defect.
type DefectInfo struct {
	Name        Defect
	Description string
}

// Defects lists every defect with what it breaks.
var Defects = []DefectInfo{
	{DefectBindPoolsBindsQueue, "a bind that names only pools also binds an unbound queue of the project"},
	{DefectUnbindRemovesAll, "disassociate-queue removes every binding, not just the named ones"},
	{DefectUnbindRemovesWrong, "disassociate-queue removes another bound name instead of the one asked"},
	{DefectEitherWayBinds, "a bind naming nothing ({}, [] or null) answers 200 is_success true and binds an unbound queue"},
	{DefectLateChangeAfterReject, "a bind refused for an unknown queue still binds the known names ~150ms later"},
	{DefectBindNeverShows, "a valid bind answers 200 is_success true but nothing is ever bound"},
	{DefectBindAgainDuplicates, "binding an already-bound queue adds a second entry for it"},
	{DefectStatusLowercase, "show and list report binding status in lower case (active)"},
	{DefectMessageNull, `the bind success body has "message": null`},
	{DefectIsSuccessString, `the bind success body has "is_success": "true", a string`},
	{DefectEmpty401Body, "a 401 has an empty body"},
	{DefectThrottleAll, "every API request is answered 429 with Retry-After: 1"},
	{DefectNilBody500, "a bind with no body at all answers 500"},
	{DefectExtraFieldBindsNothing, "unknown fields beside a valid queue answer 200 is_success true but bind nothing"},
	{DefectUnknownQueue200, "a bind naming an unknown queue answers 200 is_success true, binding nothing"},
	{DefectDeletedConnectionBinds, "a bind to a DELETED connection answers 200 and binds"},
	{DefectWrongErrorCodeForm, `error bodies carry error_code "ERR-1", not a documented form`},
	{DefectBindAgain500, "binding an already-bound queue answers 500"},
	{DefectStaleList, "list answers bindings from a snapshot taken at start (and reset); show is right"},
	{DefectNoRebind, "a queue bound and then unbound cannot be bound again (400)"},
	{DefectRaceLosesBinding, "concurrent binds to one connection lose updates (read, pause, write without holding the lock)"},
}

// DefectNames lists the names of Defects, in order.
func DefectNames() []string {
	out := make([]string, len(Defects))
	for i, d := range Defects {
		out[i] = string(d.Name)
	}
	return out
}

// ParseDefect returns the defect of that name, or an error listing the names.
func ParseDefect(name string) (Defect, error) {
	for _, d := range Defects {
		if string(d.Name) == name {
			return d.Name, nil
		}
	}
	return "", fmt.Errorf("unknown defect %q (want one of %s)", name, strings.Join(DefectNames(), ", "))
}

// defectSet holds the enabled defects; it is read-only once built.
type defectSet map[Defect]bool

func newDefectSet(ds []Defect) (defectSet, error) {
	set := defectSet{}
	for _, d := range ds {
		if _, err := ParseDefect(string(d)); err != nil {
			return nil, err
		}
		set[d] = true
	}
	return set, nil
}

func (s defectSet) has(d Defect) bool { return s[d] }
