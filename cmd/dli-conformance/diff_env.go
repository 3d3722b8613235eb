package main

import (
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/config"
)

// bPrefix starts the variables that configure target B of a differential run:
// DLI_B_ENDPOINT is B's DLI_ENDPOINT.
const bPrefix = "DLI_B_"

// sideEnv is the environment of one side's run, built from environ: for A the
// DLI_* variables as they are, for B the DLI_B_* ones renamed to DLI_*; every
// other variable (PATH, HTTPS_PROXY, …) goes to both. A config file, when
// given, becomes the side's DLI_CONFIG.
func sideEnv(environ []string, b bool, configFile string) []string {
	var out []string
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, bPrefix):
			if b {
				out = append(out, "DLI_"+strings.TrimPrefix(k, bPrefix)+"="+v)
			}
		case strings.HasPrefix(k, "DLI_"):
			if !b {
				out = append(out, kv)
			}
		default:
			out = append(out, kv)
		}
	}
	if configFile != "" {
		out = setEnv(out, config.EnvConfig, configFile)
	}
	return out
}

// setEnv sets name in env, replacing any value it had.
func setEnv(env []string, name, value string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k != name {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+value)
}

// lookupIn reads a variable of env as os.Getenv reads the process's.
func lookupIn(env []string) func(string) string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return func(name string) string { return m[name] }
}
