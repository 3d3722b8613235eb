package config

import (
	"flag"
	"strings"
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
		fs.Var(flagValue{def: d, given: given}, d.Flag, FlagUsage(d))
	}
	return given
}

// FlagUsage is the usage text of a setting's flag: its help without Markdown,
// then its variable. The flag package takes a back-quoted word of a usage as
// the value's name, so none may remain.
func FlagUsage(d Def) string {
	return strings.ReplaceAll(d.Help, "`", "") + " (" + d.Env + ")"
}

// flagValue records a flag's value under its variable's name; validation is
// Load's, so that a bad value gets the same message from a flag or a variable.
type flagValue struct {
	def   Def
	given map[string]string
}

// String is the value given, else the documented default: the flag package
// takes it as the flag's default when the flag is defined.
func (f flagValue) String() string {
	if v, ok := f.given[f.def.Env]; ok {
		return v
	}
	return f.def.Default
}

// Set records the value; it is checked when the configuration is loaded.
func (f flagValue) Set(v string) error {
	f.given[f.def.Env] = v
	return nil
}

// Type names the kind of value the flag takes, for help texts.
func (f flagValue) Type() string { return f.def.Type }
