package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestTableIsWellFormed(t *testing.T) {
	envs, flags := map[string]bool{}, map[string]bool{}
	for _, d := range Settings {
		if !strings.HasPrefix(d.Env, "DLI_") || envs[d.Env] {
			t.Errorf("%q: not DLI_* or declared twice", d.Env)
		}
		envs[d.Env] = true
		if d.Flag != "" && flags[d.Flag] {
			t.Errorf("flag --%s declared twice", d.Flag)
		}
		flags[d.Flag] = true
		if d.Secret && d.Flag != "" {
			t.Errorf("secret %s has a flag", d.Env)
		}
		if d.Help == "" || d.show == nil {
			t.Errorf("%s lacks help or show", d.Env)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	RegisterFlags(fs)
	for _, name := range []string{"auth-token", "sk", "security-token", "token"} {
		if fs.Lookup(name) != nil {
			t.Errorf("a secret has the flag --%s", name)
		}
	}
	if fs.Lookup("timeout") == nil || fs.Lookup("throttle-budget") == nil {
		t.Error("flags missing")
	}
}

func TestDocumentedDefaultsAreTheLoadedOnes(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Settings {
		if d.Default == "" || d.Env == EnvSeed {
			continue
		}
		if got := d.show(c); got != d.Default {
			t.Errorf("%s: documented default %q, loaded %q", d.Env, d.Default, got)
		}
	}
	if c.RunTimeout.String() != "30m0s" || c.MaxEvidenceHeaderBytes != 16<<10 || c.MaxEvidenceBodyBytes != 4<<10 ||
		c.MaxBodyBytes != 1<<20 || c.MaxReportBytes != 20<<20 || c.MaxSteps != 200 || c.Clients != 8 || c.QuietPeriod != 0 {
		t.Errorf("new defaults: %+v", c.Redacted())
	}
}

func TestFlagsWinOverTheEnvironmentWhichWinsOverTheFile(t *testing.T) {
	path := writeFile(t, "timeout: 5s\nmax_cases: 7\nmax_steps: 9\n")
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	given := RegisterFlags(fs)
	if err := fs.Parse([]string{"--timeout", "3s", "--max-body-bytes", "2MiB"}); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFrom(Sources{Getenv: env(map[string]string{EnvConfig: path, EnvTimeout: "4s", EnvMaxCases: "8"}), Flags: given})
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout.String() != "3s" || c.MaxCases != 8 || c.MaxSteps != 9 || c.MaxBodyBytes != 2<<20 {
		t.Fatalf("timeout %v (want the flag's 3s), max cases %d (the env's 8), max steps %d (the file's 9), body %d", c.Timeout, c.MaxCases, c.MaxSteps, c.MaxBodyBytes)
	}
	_, err = LoadFrom(Sources{Getenv: env(nil), Flags: map[string]string{EnvTimeout: "soon"}})
	var ce *Error
	if !errors.As(err, &ce) || ce.Var != "DLI_TIMEOUT (--timeout)" {
		t.Fatalf("a bad flag must name its variable and flag: %v", err)
	}
}

func TestSecretErrorsNeverQuoteTheSecret(t *testing.T) {
	for _, v := range []string{"abc", "Secret-Value\r\nX: 1", "Secret-Value\x00"} {
		_, err := Load(env(map[string]string{EnvAuthToken: v}))
		if err == nil || strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), "Secret-Value") {
			t.Errorf("%q: %v", v, err)
		}
	}
	_, err := Load(env(map[string]string{EnvAuthToken: "abc"}))
	if err == nil || !strings.Contains(err.Error(), "too short to redact safely") {
		t.Errorf("short token: %v", err)
	}
}

func TestOTCProfileAcceptsPools(t *testing.T) {
	c, err := Load(env(map[string]string{EnvProfile: "otc", EnvPools: "p1,p2"}))
	if err != nil || len(c.Pools) != 2 {
		t.Fatalf("otc pools: %v, %v", c.Pools, err)
	}
}

func TestCheckReportDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := (Config{ReportDir: dir}).CheckReportDir(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("check left files behind: %v", entries)
	}
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var ce *Error
	if err := (Config{ReportDir: filepath.Join(file, "sub")}).CheckReportDir(); !errors.As(err, &ce) || ce.Var != EnvReportDir {
		t.Fatalf("a directory under a file: %v", err)
	}
	if err := (Config{ReportDir: "none"}).CheckReportDir(); err != nil {
		t.Fatal(err)
	}
}

// actionInputsNotSettings are the Action's inputs that configure the run, not a
// setting.
var actionInputsNotSettings = []string{"artifact-name", "baseline", "embedded", "go-version", "label-filter"}

func TestActionInputsAreSettings(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Description string `yaml:"description"`
		} `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(raw, &action); err != nil {
		t.Fatal(err)
	}
	byFlag := map[string]Def{}
	for _, d := range Settings {
		if d.Flag != "" {
			byFlag[d.Flag] = d
		}
	}
	var others []string
	for name, in := range action.Inputs {
		d, ok := byFlag[name]
		switch {
		case ok && !strings.Contains(in.Description, d.Env):
			t.Errorf("input %s does not name %s in its description", name, d.Env)
		case ok && !strings.Contains(string(raw), "add --"+name+` "$INPUT_`):
			t.Errorf("input %s is not passed as --%s", name, name)
		case !ok:
			others = append(others, name)
		}
	}
	slices.Sort(others)
	want := slices.Clone(actionInputsNotSettings)
	slices.Sort(want)
	if !slices.Equal(others, want) {
		t.Errorf("inputs that are not settings: %v, want %v", others, want)
	}
	for _, d := range Settings {
		if d.Secret && strings.Contains(string(raw), "\n  "+d.FileKey()+":") {
			t.Errorf("secret %s is an input", d.Env)
		}
	}
}

// typeProbes are, for each kind of setting, a value it accepts and one it
// refuses: a setting's Type must be the kind its parser reads.
var typeProbes = map[string]struct{ good, bad string }{
	"duration": {"3s", "3"},
	"int":      {"3", "3s"},
	"float":    {"2.5", "fast"},
	"size":     {"16KiB", "16kb"},
	"bool":     {"true", "yes please"},
}

func TestEverySettingHasATypeItsParserReads(t *testing.T) {
	for _, d := range Settings {
		if _, ok := Types[d.Type]; !ok {
			t.Errorf("%s: type %q is not one of Types", d.Env, d.Type)
			continue
		}
		probe, ok := typeProbes[d.Type]
		if !ok {
			continue
		}
		// Another setting may refuse the run (DLI_ALLOW_CREATE needs a VPC):
		// only an error naming this one counts.
		// A target-only setting is read with a target, the only way it is
		// accepted.
		set := func(v string) map[string]string {
			m := map[string]string{d.Env: v}
			if d.TargetOnly {
				m[EnvEndpoint], m[EnvProjectID] = "https://dli.example.test", "p1"
			}
			return m
		}
		var ce *Error
		if _, err := LoadFrom(Sources{Getenv: env(set(probe.good))}); errors.As(err, &ce) && ce.Var == d.Env {
			t.Errorf("%s (%s) refused %q: %v", d.Env, d.Type, probe.good, err)
		}
		if _, err := LoadFrom(Sources{Getenv: env(set(probe.bad))}); !errors.As(err, &ce) || ce.Var != d.Env {
			t.Errorf("%s (%s) accepted %q: %v", d.Env, d.Type, probe.bad, err)
		}
	}
}

func TestFlagUsagesHaveNoBackQuotesAndShowTheDefault(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	RegisterFlags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		d, _ := Lookup(strings.TrimSuffix(f.Usage[strings.LastIndex(f.Usage, "(")+1:], ")"))
		if d.Flag != f.Name {
			t.Errorf("--%s: usage %q does not end with its variable", f.Name, f.Usage)
		}
		if name, _ := flag.UnquoteUsage(f); name != "value" {
			t.Errorf("--%s: the flag package takes %q as the value's name", f.Name, name)
		}
		if f.DefValue != d.Default {
			t.Errorf("--%s: default %q, want the documented %q", f.Name, f.DefValue, d.Default)
		}
		if typ := f.Value.(interface{ Type() string }).Type(); typ != d.Type {
			t.Errorf("--%s: type %q, want %q", f.Name, typ, d.Type)
		}
	})
}
