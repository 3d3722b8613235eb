package main

import (
	"os"
	"os/exec"
	"testing"
)

// BenchmarkSuiteAgainstEmbeddedEmulator measures one whole run of the binary as a
// user starts it: process start, configuration, the emulator, every spec, reports.
func BenchmarkSuiteAgainstEmbeddedEmulator(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		cmd := exec.Command(binary, "run")
		cmd.Env = append(os.Environ(), "DLI_ENDPOINT=", "DLI_REPORT_DIR="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("run failed: %v\n%s", err, out)
		}
	}
}
