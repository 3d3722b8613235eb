package inprocess

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Console shows a run as it goes: each failure at once with its evidence, and
// with Verbose every requirement as it ends. It is for people; tools read the
// reports.
type Console struct {
	W       io.Writer
	Verbose bool

	mu                    sync.Mutex
	passed, failed, skipd int
}

// Result shows one requirement's result.
func (c *Console) Result(r verdict.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch r.Status {
	case verdict.Passed:
		c.passed++
		if c.Verbose {
			fmt.Fprintf(c.W, "• passed  [%s] %s (%s)\n", r.ID, r.Title, r.Duration.Round(time.Millisecond))
		}
	case verdict.Skipped:
		c.skipd++
		if c.Verbose {
			fmt.Fprintf(c.W, "• skipped [%s] %s: %s\n", r.ID, r.Title, r.Reason)
		}
	default:
		c.failed++
		fmt.Fprintf(c.W, "\n✗ FAILED [%s] %s (%s)\n", r.ID, r.Title, r.Duration.Round(time.Millisecond))
		if r.Failure != nil {
			fmt.Fprintln(c.W, indent(r.Failure.Error()))
		}
		if c.Verbose {
			for _, e := range r.Evidence {
				fmt.Fprintln(c.W, indent(e))
			}
		}
	}
}

// Tally says how many requirements ran, and how they ended, in one line.
func (c *Console) Tally(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.W, "\nran %d requirements in %s: %d passed, %d failed, %d skipped\n",
		c.passed+c.failed+c.skipd, d.Round(time.Millisecond), c.passed, c.failed, c.skipd)
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
