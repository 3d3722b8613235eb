package broken

import (
	"fmt"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// storeOnly makes a Behaviour.Store from a constructor of a decorator.
func storeOnly[S emulator.Store](wrap func(emulator.Store) S) func(emulator.Store) emulator.Store {
	return func(s emulator.Store) emulator.Store { return wrap(s) }
}

// Defects lists the broken behaviours of general use, each changing one behaviour of
// the emulator; the emulator command plays them with --defect.
var Defects = []Behaviour{
	{Name: "bind-pools-binds-queue", Description: "a bind that names only pools also binds an unbound queue of the project",
		Store: storeOnly(func(s emulator.Store) *poolsBindQueue { return &poolsBindQueue{Store: s} })},
	{Name: "unbind-removes-all", Description: "disassociate-queue removes every binding, not just the named ones",
		Store: storeOnly(func(s emulator.Store) unbindAll { return unbindAll{s} })},
	{Name: "unbind-removes-wrong", Description: "disassociate-queue removes another bound name instead of the one asked",
		Store: storeOnly(func(s emulator.Store) *unbindWrong { return &unbindWrong{Store: s} })},
	{Name: "either-way-binds", Description: "a bind naming nothing ({}, [] or null) answers 200 is_success true and binds an unbound queue",
		Store: storeOnly(func(s emulator.Store) *eitherWayBinds { return &eitherWayBinds{Store: s} })},
	{Name: "late-change-after-reject", Description: "a bind refused for an unknown queue still binds the known names ~150ms later",
		Store: storeOnly(func(s emulator.Store) *lateChange { return &lateChange{Store: s} })},
	{Name: "bind-never-shows", Description: "a valid bind answers 200 is_success true but nothing is ever bound",
		Store: storeOnly(func(s emulator.Store) bindNeverShows { return bindNeverShows{s} })},
	{Name: "bind-again-duplicates", Description: "binding an already-bound queue adds a second entry for it",
		Store: storeOnly(func(s emulator.Store) bindAgainDuplicates { return bindAgainDuplicates{s} })},
	{Name: "status-lowercase", Description: "show and list report binding status in lower case (active)", Handler: lowercaseStatus},
	{Name: "message-null", Description: `the bind success body has "message": null`,
		Handler: successBody(func(b map[string]any) { b["message"] = nil })},
	{Name: "is-success-string", Description: `the bind success body has "is_success": "true", a string`,
		Handler: successBody(func(b map[string]any) { b["is_success"] = "true" })},
	{Name: "empty-401-body", Description: "a 401 has an empty body", Handler: empty401},
	{Name: "throttle-all", Description: "every API request is answered 429 with Retry-After: 1", Handler: throttleAll},
	{Name: "nil-body-500", Description: "a bind with no body at all answers 500", Handler: nilBody500},
	{Name: "extra-field-binds-nothing", Description: "unknown fields beside a valid queue answer 200 is_success true but bind nothing",
		Handler: extraFieldBindsNothing},
	{Name: "unknown-queue-200", Description: "a bind naming an unknown queue answers 200 is_success true, binding nothing",
		Store: storeOnly(func(s emulator.Store) unknownQueueOK { return unknownQueueOK{s} })},
	{Name: "deleted-connection-binds", Description: "a bind to a DELETED connection answers 200 and binds",
		Store: storeOnly(func(s emulator.Store) *deletedBinds { return &deletedBinds{Store: s} })},
	{Name: "wrong-error-code-form", Description: `error bodies carry error_code "ERR-1", not a documented form`, Handler: wrongCodeForm},
	{Name: "bind-again-500", Description: "binding an already-bound queue answers 500",
		Store: storeOnly(func(s emulator.Store) *bindAgain500 { return &bindAgain500{Store: s} })},
	{Name: "stale-list", Description: "list answers bindings from a snapshot taken at start (and reset); show is right",
		Store: storeOnly(func(s emulator.Store) *staleList { return &staleList{Store: s} })},
	{Name: "no-rebind", Description: "a queue bound and then unbound cannot be bound again (400)",
		Store: storeOnly(func(s emulator.Store) *noRebind { return &noRebind{Store: s} })},
	{Name: "race-loses-binding", Description: "concurrent binds to one connection lose updates (read, pause, write without holding the lock)",
		Store: storeOnly(func(s emulator.Store) *racyBind { return &racyBind{Store: s} })},
}

// DefectNames lists the names of Defects, in order.
func DefectNames() []string {
	out := make([]string, len(Defects))
	for i, d := range Defects {
		out[i] = d.Name
	}
	return out
}

// Defect returns the defect of that name, or an error listing the names.
func Defect(name string) (Behaviour, error) {
	for _, d := range Defects {
		if d.Name == name {
			return d, nil
		}
	}
	return Behaviour{}, fmt.Errorf("unknown defect %q (want one of %s)", name, strings.Join(DefectNames(), ", "))
}

// byName is the defect of that name for the catalogue, or a Behaviour without a name
// (which the package's tests refuse) when there is none.
func byName(name string) Behaviour {
	d, _ := Defect(name)
	return d
}
