package main

import (
	"bytes"
	"net"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// runEmulator runs the emulator command with a listen address that cannot be bound, so
// that flags which pass validation end at --listen instead of serving.
func runEmulator(args ...string) (int, string) {
	var out, errs bytes.Buffer
	args = append([]string{"--token", "emulator-token", "--listen", "256.0.0.1:1"}, args...)
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

func TestTheEmulatorsFirstLinesPointTheSuiteAtIt(t *testing.T) {
	seed, err := emulator.DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	addr := &net.TCPAddr{IP: net.IPv4zero, Port: 8089}
	given := pointAt(addr, seed, []string{"my-own-token"}, nil, false)
	for _, want := range []string{"export DLI_ENDPOINT=http://127.0.0.1:8089\n", "export DLI_PROJECT_ID=" + seed.Projects[0].ID + "\n",
		"export DLI_CONNECTION_ID=", "export DLI_DELETED_CONNECTION_ID=", "export DLI_QUEUES=", "export DLI_AUTH_TOKEN=...   # the --token you gave"} {
		if !strings.Contains(given, want) {
			t.Errorf("lacks %q:\n%s", want, given)
		}
	}
	if strings.Contains(given, "my-own-token") {
		t.Errorf("a token the user gave is printed:\n%s", given)
	}
	if made := pointAt(addr, seed, []string{"emu-made-up-token"}, nil, true); !strings.Contains(made, "export DLI_AUTH_TOKEN=emu-made-up-token\n") {
		t.Errorf("a generated token is not printed:\n%s", made)
	}
	if keyed := pointAt(addr, seed, nil, []string{"my-ak:my-secret-key"}, false); !strings.Contains(keyed, "export DLI_AK=my-ak\n") || strings.Contains(keyed, "my-secret-key") {
		t.Errorf("--key: %s", keyed)
	}
}

func TestTheEmulatorRefusesATokenRunCouldNotHide(t *testing.T) {
	var out, errs bytes.Buffer
	if code := emulatorCommand([]string{"--token", "secret", "--listen", "256.0.0.1:1"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), "at least 8") {
		t.Errorf("--token secret: exit %d, %q", code, errs.String())
	}
}
