package config

import (
	"slices"
	"strings"
)

// envPrefix starts every variable of the configuration contract.
const envPrefix = "DLI_"

// SideBPrefix starts the variables that configure target B of a differential
// run: DLI_B_ENDPOINT is B's DLI_ENDPOINT. They are settings too, renamed.
const SideBPrefix = "DLI_B_"

// CheckEnviron fails on the first DLI_* variable of environ (in os.Environ's
// form, NAME=value) that is no setting, naming the nearest setting: a misspelt
// DLI_ENDPIONT would otherwise leave DLI_ENDPOINT unset and test the embedded
// emulator in silence. DLI_B_* variables are checked as the settings of side
// B they rename.
func CheckEnviron(environ []string) error {
	var names []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, envPrefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		setting, prefix := name, envPrefix
		if b, ok := strings.CutPrefix(name, SideBPrefix); ok {
			setting, prefix = envPrefix+b, SideBPrefix
		}
		if _, ok := Lookup(setting); ok {
			continue
		}
		near := nearest(setting, settingNames())
		return &Error{Var: name, Msg: "is not a setting of dli-conformance; did you mean " + prefix + strings.TrimPrefix(near, envPrefix) + "?"}
	}
	return nil
}

// unknownFileKey is the error of a configuration file key that is no setting.
func unknownFileKey(where, key string) error {
	keys := []string{errorCodesKey}
	for _, d := range Settings {
		if d.load != nil {
			keys = append(keys, d.FileKey())
		}
	}
	return &Error{Var: where, Msg: "unknown key; did you mean " + nearest(key, keys) + "? (the keys are the settings' variables without DLI_, in lower case, and error_codes)"}
}

func settingNames() []string {
	out := make([]string, len(Settings))
	for i, d := range Settings {
		out[i] = d.Env
	}
	return out
}

// nearest is the candidate fewest edits away from s; the first of equals.
func nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := editDistance(s, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps of
// neighbours that turn a into b: a swap is one typing slip, so DLI_ENDPIONT is
// one edit from DLI_ENDPOINT.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
