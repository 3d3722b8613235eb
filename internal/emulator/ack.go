package emulator

import (
	"context"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// acknowledged lists the operations whose answer Options.AckDelay holds back: those
// that change a connection or its bindings. A real cloud's gateway acknowledges such a
// call only once DLI has taken it, which can take hundreds of milliseconds; reads
// answer from a cache and stay fast.
var acknowledged = map[string]bool{
	contract.OpCreate: true,
	contract.OpDelete: true,
	contract.OpBind:   true,
	contract.OpUnbind: true,
}

// acknowledge holds back the answer to a call of op that DLI has handled, for the
// acknowledgement delay. The change is already made: a client that reads the
// connection while it waits sees it (as far as VisibilityDelay allows), as it would
// on a cloud that acknowledges late. A client that gives up stops the wait.
func (e *Emulator) acknowledge(ctx context.Context, op string) {
	if e.ackDelay <= 0 || !acknowledged[op] {
		return
	}
	e.sleep(ctx, e.ackDelay)
}

// sleepCtx waits for d or until ctx ends, whichever comes first. It is the
// emulator's own way to wait, so that tests can count the waits instead of
// spending them.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// The delays of SlowCloud: a conformant target as slow as a real cloud is, the
// figures of the suite's speed measurements.
const (
	SlowCloudAck        = 400 * time.Millisecond  // each create, delete, bind and unbind
	SlowCloudVisibility = 1200 * time.Millisecond // a new binding is listed after this
	SlowCloudActivation = 1500 * time.Millisecond // and ACTIVE 300 ms after it is listed
)

// SlowCloud returns opts with the delays of a target that is slow the way a real
// cloud is, and otherwise conformant: each change acknowledged after
// SlowCloudAck, a new binding listed after SlowCloudVisibility and ACTIVE at
// SlowCloudActivation. The suite must pass against it; the benchmarks time it.
func SlowCloud(opts Options) Options {
	opts.AckDelay = SlowCloudAck
	opts.Latitude.VisibilityDelay = SlowCloudVisibility
	opts.ActivationDelay = SlowCloudActivation
	return opts
}
