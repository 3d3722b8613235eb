package dli

import "time"

// NextPoll is how long a wait for a change sleeps before it reads the target
// again, elapsed after it began: a fifth of the time waited so far, at least
// 10ms and at most limit. A change that shows after t is seen by about 1.2 t,
// where doubling the interval could see it only at 2 t; reading a few times a
// second while a cloud settles is a cost a real endpoint carries easily.
func NextPoll(elapsed, limit time.Duration) time.Duration {
	return min(max(elapsed/5, 10*time.Millisecond), limit)
}
