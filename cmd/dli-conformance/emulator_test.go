package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// runEmulator runs the emulator command with a listen address that cannot be bound, so
// that flags which pass validation end at --listen instead of serving.
func runEmulator(args ...string) (int, string) {
	var out, errs bytes.Buffer
	args = append([]string{"--token", "t", "--listen", "256.0.0.1:1"}, args...)
	code := emulatorCommand(args, &out, &errs)
	return code, errs.String()
}

func TestEmulatorLatitudeAndDefectFlags(t *testing.T) {
	for _, c := range emulator.LatitudeChoices {
		for _, v := range c.Values {
			code, stderr := runEmulator("--"+c.Name+"="+v, "--defect", "stale-list", "--defect", "no-rebind")
			if code != 2 || !strings.Contains(stderr, "--listen") {
				t.Errorf("--%s=%s: exit %d, stderr %q; want it accepted (and the listen address refused)", c.Name, v, code, stderr)
			}
		}
		if code, stderr := runEmulator("--" + c.Name + "=bogus"); code != 2 || !strings.Contains(stderr, c.Name) {
			t.Errorf("--%s=bogus: exit %d, stderr %q; want 2 naming the flag", c.Name, code, stderr)
		}
	}
	if code, stderr := runEmulator("--gzip", "--chunked", "--non-canonical-path", "308", "--visibility-delay", "200ms", "--throttle-every", "5"); code != 2 || !strings.Contains(stderr, "--listen") {
		t.Errorf("bare switches and spaced values: exit %d, stderr %q", code, stderr)
	}
	code, stderr := runEmulator("--defect", "no-such-defect")
	if code != 2 || !strings.Contains(stderr, "--defect") || !strings.Contains(stderr, "race-loses-binding") {
		t.Errorf("unknown defect: exit %d, stderr %q; want 2 listing the names", code, stderr)
	}
	if code, stderr := runEmulator("--activation-delay", "-1s"); code != 2 || !strings.Contains(stderr, "--activation-delay") {
		t.Errorf("negative activation delay: exit %d, stderr %q", code, stderr)
	}
	if code, stderr := runEmulator("--ack-delay", "-1s"); code != 2 || !strings.Contains(stderr, "--ack-delay") {
		t.Errorf("negative acknowledgement delay: exit %d, stderr %q", code, stderr)
	}
	if code, stderr := runEmulator("--ack-delay", "400ms"); code != 2 || !strings.Contains(stderr, "--listen") {
		t.Errorf("--ack-delay 400ms: exit %d, stderr %q; want it accepted (and the listen address refused)", code, stderr)
	}
}
