package exitcode

import (
	"strings"
	"testing"
)

func TestEachCommandListsDistinctCodesInOrderEachWithAName(t *testing.T) {
	for cmd, ms := range meanings {
		for i, m := range ms {
			if i > 0 && m.Code <= ms[i-1].Code {
				t.Errorf("%s: code %d after %d", cmd, m.Code, ms[i-1].Code)
			}
			if _, ok := names[m.Code]; !ok || m.Text == "" {
				t.Errorf("%s: code %d has no name or no meaning", cmd, m.Code)
			}
		}
		if len(ms) == 0 || ms[0].Code != OK {
			t.Errorf("%s: does not declare what 0 means", cmd)
		}
	}
}

func TestHelpListsEveryCodeOfTheCommand(t *testing.T) {
	h := Help("run")
	for _, want := range []string{"exit codes:\n", "  0  ok ", "  3  unreachable ", "  4  unusable     the target answered"} {
		if !strings.Contains(h, want) {
			t.Errorf("Help(run) lacks %q:\n%s", want, h)
		}
	}
	if Of("no-such-command") != nil {
		t.Error("an undeclared command has codes")
	}
	if Code(9).Name() != "code 9" {
		t.Errorf("an undeclared code is named %q", Code(9).Name())
	}
}
