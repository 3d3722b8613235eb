package engine

import (
	"testing"
	"time"
)

func TestQuietPeriodFollowsTheTarget(t *testing.T) {
	var v Visibility
	if got := v.QuietPeriod(0, time.Second); got != MinQuietPeriod {
		t.Errorf("before any binding: %v", got)
	}
	if got := v.QuietPeriod(3*time.Second, time.Second); got != 3*time.Second {
		t.Errorf("configured: %v", got)
	}
	v.Saw(time.Millisecond)
	if got := v.QuietPeriod(0, time.Second); got != MinQuietPeriod {
		t.Errorf("a fast target: %v", got)
	}
	v.Saw(300 * time.Millisecond)
	v.Saw(10 * time.Millisecond)
	if got := v.QuietPeriod(0, time.Second); got != 600*time.Millisecond {
		t.Errorf("twice the longest: %v", got)
	}
	v.Saw(2 * time.Second)
	if got := v.QuietPeriod(0, time.Second); got != time.Second {
		t.Errorf("capped at the settle timeout: %v", got)
	}
}
