package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionRunScript is the shell script of action.yml's run step.
func actionRunScript(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				ID  string `yaml:"id"`
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(raw, &action); err != nil {
		t.Fatal(err)
	}
	for _, s := range action.Runs.Steps {
		if s.ID == "run" {
			return s.Run
		}
	}
	t.Fatal("action.yml has no step with id run")
	return ""
}

// The Action refuses to run with no target unless the workflow asks for the
// embedded emulator: an empty endpoint variable must not pass the gate. A
// fake go stands in for the build, so that a run that gets that far shows the
// arguments it would pass.
func TestTheActionRefusesAnEmptyEndpointUnlessEmbeddedIsAsked(t *testing.T) {
	script := actionRunScript(t)
	cases := []struct {
		name string
		env  []string
		exit int
		say  string
	}{
		{"empty endpoint", []string{"INPUT_ENDPOINT=", "INPUT_EMBEDDED=false"}, 2, "endpoint is empty"},
		{"embedded and an endpoint", []string{"INPUT_ENDPOINT=https://dli.example.test", "INPUT_EMBEDDED=true"}, 2, "choose one"},
		{"embedded and DLI_ENDPOINT", []string{"DLI_ENDPOINT=https://dli.example.test", "INPUT_EMBEDDED=true"}, 2, "choose one"},
		{"embedded misspelt", []string{"INPUT_EMBEDDED=yes"}, 2, "want true or false"},
		{"embedded asked", []string{"INPUT_EMBEDDED=true"}, 0, "run --report-dir"},
		{"an endpoint", []string{"INPUT_ENDPOINT=https://dli.example.test", "INPUT_EMBEDDED=false"}, 0, "--endpoint https://dli.example.test"},
		{"DLI_REGION in the step's env", []string{"DLI_REGION=eu-west-101", "INPUT_EMBEDDED=false"}, 0, "run --report-dir"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			// go -C DIR build ... -o OUT PKG: OUT becomes a script echoing its arguments.
			fakeGo := "#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then out=$2; fi; shift; done\nprintf '#!/bin/sh\\necho \"$*\"\\n' > \"$out\"; chmod +x \"$out\"\n"
			if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "github_output")
			cmd := exec.Command("bash", "-e", "-c", script)
			cmd.Env = append([]string{"PATH=" + bin + ":/usr/bin:/bin", "GITHUB_OUTPUT=" + out, "RUNNER_TEMP=" + dir,
				"REPORT_DIR=" + filepath.Join(dir, "reports"), "ACTION_PATH=" + dir}, tc.env...)
			stdout, _ := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != tc.exit || !strings.Contains(string(stdout), tc.say) {
				t.Fatalf("exit %d, want %d saying %q:\n%s", code, tc.exit, tc.say, stdout)
			}
			got, _ := os.ReadFile(out)
			if want := "exit-code=" + string(rune('0'+tc.exit)); !strings.Contains(string(got), want) {
				t.Errorf("GITHUB_OUTPUT %q, want %s", got, want)
			}
			if tc.exit != 0 && !strings.Contains(string(stdout), "::error") {
				t.Errorf("no ::error annotation:\n%s", stdout)
			}
		})
	}
}
