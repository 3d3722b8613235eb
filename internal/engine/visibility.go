package engine

import "time"

// MinQuietPeriod is the shortest wait for a late change when the target shows
// its bindings at once.
const MinQuietPeriod = 25 * time.Millisecond

// Visibility records how long real bindings took to show on the target.
type Visibility struct {
	longest time.Duration
}

// Saw records that a binding showed d after it was made.
func (v *Visibility) Saw(d time.Duration) {
	v.longest = max(v.longest, d)
}

// QuietPeriod is how long a "changes nothing" check waits for a late change:
// configured when set; else twice the longest time a real binding took to show,
// at least MinQuietPeriod and at most the settle timeout. The suite calibrates
// it with one bind before the specs run, where it may bind.
func (v *Visibility) QuietPeriod(configured, settle time.Duration) time.Duration {
	if configured > 0 {
		return configured
	}
	d := 2 * v.longest
	if settle > 0 {
		d = min(d, settle)
	}
	return max(d, MinQuietPeriod)
}
