package client

// FailureKind tells what kind of failure an exchange without a usable answer had.
type FailureKind string

// The failure kinds of an exchange.
const (
	// FailureNone: the exchange has a complete answer (whatever its status).
	FailureNone FailureKind = ""
	// FailureUnreachable: no answer at all — the connection was refused, the
	// name did not resolve, the TLS handshake failed, or connecting timed out.
	FailureUnreachable FailureKind = "unreachable"
	// FailureAnsweredBadly: a connection was made but the answer is unusable —
	// reset mid-answer, oversized headers or body, not HTTP, or no complete
	// answer within the timeout.
	FailureAnsweredBadly FailureKind = "answered-badly"
	// FailureThrottled: the target kept throttling and the throttle budget, or
	// the time left to the run, could not afford another wait.
	FailureThrottled FailureKind = "throttled"
)

// FailureNotSent: the request never left: it could not be built or signed, or
// ctx ended while it waited for the rate limit.
const FailureNotSent FailureKind = "not-sent"
