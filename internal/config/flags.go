package config

import (
	"flag"
)

// RegisterFlags defines a flag on fs for every setting that has one (secrets
// have none) and returns the map the given flags are collected in, keyed by
// variable name, for Sources.Flags. Only flags given on the command line appear
// in it, so an unset flag leaves the environment and the file in force.
func RegisterFlags(fs *flag.FlagSet) map[string]string {
	given := map[string]string{}
	for _, d := range Settings {
		if d.Flag == "" || d.Secret {
			continue
		}
		fs.Var(flagValue{env: d.Env, given: given}, d.Flag, d.Help+" ("+d.Env+")")
	}
	return given
}

// flagValue records a flag's value under its variable's name; validation is
// Load's, so that a bad value gets the same message from a flag or a variable.
type flagValue struct {
	env   string
	given map[string]string
}

func (f flagValue) String() string {
	if f.given == nil {
		return ""
	}
	return f.given[f.env]
}

func (f flagValue) Set(v string) error {
	f.given[f.env] = v
	return nil
}
