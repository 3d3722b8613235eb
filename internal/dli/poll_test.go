package dli

import (
	"testing"
	"time"
)

func TestNextPollSeesAChangeSoonAfterItShows(t *testing.T) {
	for _, shows := range []time.Duration{30 * time.Millisecond, 400 * time.Millisecond, 1500 * time.Millisecond, 20 * time.Second} {
		var waited time.Duration
		reads := 0
		for waited < shows {
			waited += NextPoll(waited, 2*time.Second)
			reads++
		}
		if late := waited - shows; late > shows/4+10*time.Millisecond {
			t.Errorf("a change that shows after %v is seen after %v (%v late)", shows, waited, late)
		}
		if reads > 60 {
			t.Errorf("a change that shows after %v took %d reads", shows, reads)
		}
	}
}

func TestNextPollStaysWithinItsBounds(t *testing.T) {
	if got := NextPoll(0, time.Second); got != 10*time.Millisecond {
		t.Errorf("first interval %v, want 10ms", got)
	}
	if got := NextPoll(time.Hour, 500*time.Millisecond); got != 500*time.Millisecond {
		t.Errorf("interval after an hour %v, want the limit 500ms", got)
	}
}
