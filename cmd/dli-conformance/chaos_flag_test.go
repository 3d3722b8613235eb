package main

import (
	"testing"
	"time"
)

func TestParseChaos(t *testing.T) {
	r, err := parseChaos("associateQueueToEnhancedConnection:latency=200ms,reset=0.05,error=0.1")
	if err != nil || r.Operation != "associateQueueToEnhancedConnection" || r.Latency != 200*time.Millisecond || r.ResetRate != 0.05 || r.ErrorRate != 0.1 {
		t.Fatalf("got %+v, %v", r, err)
	}
	for _, bad := range []string{"", "op", "op:", "op:latency", "op:latency=soon", "op:speed=1", ":error=0.1"} {
		if _, err := parseChaos(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
