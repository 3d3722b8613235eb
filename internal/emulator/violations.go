package emulator

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// MaxKeptViolations bounds how many of its own violations the emulator keeps in
// memory: the most recent ones. ViolationCount still counts every one.
const MaxKeptViolations = 1000

// violationLog keeps the last MaxKeptViolations findings about the emulator's own
// answers, counts all of them, and writes each to out (when set) as it happens.
type violationLog struct {
	mu    sync.Mutex
	out   io.Writer
	ring  []string
	next  int // where the next line goes once the ring is full
	total int
}

func newViolationLog(out io.Writer) *violationLog { return &violationLog{out: out} }

func (l *violationLog) add(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total++
	if len(l.ring) < MaxKeptViolations {
		l.ring = append(l.ring, line)
	} else {
		l.ring[l.next] = line
		l.next = (l.next + 1) % MaxKeptViolations
	}
	if l.out != nil {
		// A failing writer must not fail the answer; the line is kept either way.
		_, _ = fmt.Fprintf(l.out, "emulator: contract violation: %s\n", line)
	}
}

// list returns the kept lines, oldest first, and the count of all lines.
func (l *violationLog) list() ([]string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	out = append(out, l.ring[:l.next]...)
	return out, l.total
}

func (l *violationLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// recordViolation keeps a finding about one of the emulator's own answers.
func (e *Emulator) recordViolation(req contract.Request, status int, err error) {
	e.violations.add(fmt.Sprintf("%s %s → %d: %s", req.Method, req.Target, status, strings.Join(violationItems(err), "; ")))
}

// Violations lists the responses of the emulator's own that departed from the
// contract, one line each with method, target and status, oldest first: the last
// MaxKeptViolations of them. It should always be empty.
func (e *Emulator) Violations() []string {
	out, _ := e.violations.list()
	return out
}

// ViolationCount counts every response of the emulator's own that departed from the
// contract since it started, including those Violations no longer holds.
func (e *Emulator) ViolationCount() int {
	return e.violations.count()
}

// violationsView is the answer of GET /_emulator/violations.
type violationsView struct {
	Violations []string `json:"violations"` // the kept lines, oldest first
	Count      int      `json:"count"`      // every violation since start
	Capacity   int      `json:"capacity"`   // how many lines are kept at most
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
