package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestAnUnknownDLIVariableFailsTheLoadNamingTheNearestSetting(t *testing.T) {
	cases := []struct{ name, want string }{
		{"DLI_ENDPIONT", "DLI_ENDPOINT"},
		{"DLI_PROJECTID", "DLI_PROJECT_ID"},
		{"DLI_TIMEOUTS", "DLI_TIMEOUT"},
		{"DLI_B_ENDPIONT", "DLI_B_ENDPOINT"},
		{"DLI_MAX_STEP", "DLI_MAX_STEPS"},
	}
	for _, c := range cases {
		environ := []string{"PATH=/bin", "DLI_PROJECT_ID=p1", c.name + "=https://dli.example.test"}
		_, err := LoadFrom(Sources{Getenv: env(nil), Environ: environ})
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != c.name || !strings.Contains(ce.Msg, "did you mean "+c.want+"?") {
			t.Errorf("%s: want an error naming it and suggesting %s, got %v", c.name, c.want, err)
		}
	}
}

func TestEverySettingAndSideBSettingIsAKnownVariable(t *testing.T) {
	var environ []string
	for _, d := range Settings {
		environ = append(environ, d.Env+"=", SideBPrefix+strings.TrimPrefix(d.Env, "DLI_")+"=")
	}
	environ = append(environ, "HOME=/root", "DLIX=1", "NOT_DLI_ENDPIONT=1")
	if err := CheckEnviron(environ); err != nil {
		t.Fatalf("a setting, a side-B setting or a variable outside DLI_* was refused: %v", err)
	}
	if _, err := LoadFrom(Sources{Getenv: env(nil), Environ: environ}); err != nil {
		t.Fatalf("LoadFrom: %v", err)
	}
}

func TestAnUnknownFileKeyNamesTheNearestKey(t *testing.T) {
	for key, want := range map[string]string{"endpont": "endpoint", "error_code": "error_codes", "max_step": "max_steps"} {
		path := writeFile(t, key+": x\n")
		_, err := Load(env(map[string]string{EnvConfig: path}))
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasSuffix(ce.Var, ": "+key) || !strings.Contains(ce.Msg, "did you mean "+want+"?") {
			t.Errorf("%s: want an error naming the key and suggesting %s, got %v", key, want, err)
		}
	}
}

func TestAnUnknownRequirementIDIsAnErrorWhenTheCallerKnowsTheIDs(t *testing.T) {
	path := writeFile(t, "error_codes:\n  CONN-UNKNOWN: [DLI.0001]\n  NO-SUCH-REQ: [DLI.0001]\n")
	known := func(id string) error {
		if id == "CONN-UNKNOWN" {
			return nil
		}
		return fmt.Errorf("no requirement has id %q", id)
	}
	_, err := LoadFrom(Sources{Getenv: env(map[string]string{EnvConfig: path}), KnownRequirement: known})
	var ce *Error
	if !errors.As(err, &ce) || !strings.HasSuffix(ce.Var, "error_codes") || !strings.Contains(ce.Msg, "NO-SUCH-REQ") {
		t.Fatalf("want an error naming error_codes and the unknown id, got %v", err)
	}
	good := writeFile(t, "error_codes:\n  CONN-UNKNOWN: [DLI.0001]\n")
	if _, err := LoadFrom(Sources{Getenv: env(map[string]string{EnvConfig: good}), KnownRequirement: known}); err != nil {
		t.Fatalf("a known id was refused: %v", err)
	}
}

func TestEditDistanceCountsASwapAsOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"ENDPIONT", "ENDPOINT", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"same", "same", 0}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestReportDirOfFollowsFlagEnvironmentFileAndDefault(t *testing.T) {
	path := writeFile(t, "report_dir: from-file\n")
	for _, c := range []struct {
		src  Sources
		want string
	}{
		{Sources{Getenv: env(nil)}, DefaultReportDir},
		{Sources{Getenv: env(map[string]string{EnvConfig: path})}, "from-file"},
		{Sources{Getenv: env(map[string]string{EnvConfig: path, EnvReportDir: "from-env"})}, "from-env"},
		{Sources{Getenv: env(map[string]string{EnvReportDir: "from-env"}), Flags: map[string]string{EnvReportDir: "from-flag"}}, "from-flag"},
	} {
		if got, err := ReportDirOf(c.src); err != nil || got != c.want {
			t.Errorf("ReportDirOf = %q, %v; want %q", got, err, c.want)
		}
	}
}
