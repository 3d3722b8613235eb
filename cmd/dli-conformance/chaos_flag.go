package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// parseChaos reads one --chaos value, OPERATION:key=value,...: latency (a Go
// duration), reset and error (chances from 0 to 1). OPERATION is an operation id
// or * for all.
func parseChaos(v string) (emulator.ChaosRule, error) {
	op, spec, ok := strings.Cut(v, ":")
	if !ok || op == "" || spec == "" {
		return emulator.ChaosRule{}, fmt.Errorf("%q: want OPERATION:latency=200ms,reset=0.1,error=0.2", v)
	}
	r := emulator.ChaosRule{Operation: op}
	for _, kv := range strings.Split(spec, ",") {
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			return r, fmt.Errorf("%q: %q is not key=value", v, kv)
		}
		var err error
		switch strings.TrimSpace(k) {
		case "latency":
			r.Latency, err = time.ParseDuration(val)
		case "reset":
			r.ResetRate, err = strconv.ParseFloat(val, 64)
		case "error":
			r.ErrorRate, err = strconv.ParseFloat(val, 64)
		default:
			return r, fmt.Errorf("%q: unknown key %q (want latency, reset or error)", v, k)
		}
		if err != nil {
			return r, fmt.Errorf("%q: %s: %v", v, k, err)
		}
	}
	return r, nil
}
