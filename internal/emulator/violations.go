package emulator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// recordViolation keeps a finding about one of the emulator's own answers.
func (e *Emulator) recordViolation(req contract.Request, status int, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.violations = append(e.violations, fmt.Sprintf("%s %s → %d: %s", req.Method, req.Target, status, strings.Join(violationItems(err), "; ")))
}

// Violations lists every response of the emulator's own that departed from the
// contract, one line each with method, target and status. It should always be empty.
func (e *Emulator) Violations() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.violations...)
}

func violationItems(err error) []string {
	var v *contract.Violations
	if errors.As(err, &v) && len(v.Items) > 0 {
		return v.Items
	}
	return []string{err.Error()}
}

// describeViolations words a refusal the way DLI does, one problem per message; the
// others are only counted.
func describeViolations(items []string) string {
	if len(items) > 1 {
		return fmt.Sprintf("%s (and %d more)", items[0], len(items)-1)
	}
	return items[0]
}
