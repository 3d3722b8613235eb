package config

import (
	"errors"
	"strings"
	"testing"
)

func TestATargetOnlySettingWithNoTargetIsRefused(t *testing.T) {
	for _, d := range Settings {
		if !d.TargetOnly {
			continue
		}
		value := "true"
		if !strings.HasPrefix(d.Type, "bool") {
			value = "some-value-long-enough"
		}
		_, err := LoadFrom(Sources{Getenv: env(map[string]string{d.Env: value})})
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != d.Env || !strings.Contains(ce.Msg, "applies only to a target") {
			t.Errorf("%s set with no target: %v, want an error naming it", d.Env, err)
		}
	}
	// The emulator does use the project, connection and queues: they stay
	// allowed without a target.
	if _, err := LoadFrom(Sources{Getenv: env(map[string]string{EnvProjectID: "p1", EnvQueues: "a,b"})}); err != nil {
		t.Errorf("inputs the embedded emulator uses were refused: %v", err)
	}
	// With a target, the same settings are fine.
	if _, err := LoadFrom(Sources{Getenv: env(map[string]string{EnvEndpoint: "https://dli.example.test", EnvProjectID: "p1", EnvAllowMutations: "true"})}); err != nil {
		t.Errorf("DLI_ALLOW_MUTATIONS with a target was refused: %v", err)
	}
}

func TestTheTargetIsNamedByItsClass(t *testing.T) {
	for endpoint, want := range map[string]string{
		"":                         "embedded emulator",
		"http://127.0.0.1:8080":    "endpoint on loopback http://127.0.0.1:8080",
		"https://dli.example.test": "remote endpoint https://dli.example.test",
	} {
		if got := (Config{Endpoint: endpoint}).TargetName(); got != want {
			t.Errorf("%q: TargetName() = %q, want %q", endpoint, got, want)
		}
	}
}
