package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// errorCodesKey is the file's one key that is no setting: the expected error
// codes per requirement.
const errorCodesKey = "error_codes"

// fileValues is what a configuration file sets: each setting as the text its
// environment variable would hold, and the expected error codes per requirement.
type fileValues struct {
	values     map[string]string
	errorCodes map[string][]string
	// profileCodes holds error_codes given per profile:
	// error_codes: {huaweicloud: {ID: [codes]}, otc: {...}}.
	profileCodes map[string]map[string][]string
}

// readFile reads a YAML configuration file. Keys are the variable names without
// DLI_ in lower case; a list value is joined with commas. An unknown key or a
// value of the wrong shape is an error naming the key (and, for an unknown
// key, the nearest known one).
func readFile(path string) (*fileValues, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Var: EnvConfig, Msg: fmt.Sprintf("cannot read %q: %v", path, err)}
	}
	var doc map[string]yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, &Error{Var: EnvConfig, Msg: fmt.Sprintf("%s is not a YAML mapping: %v", path, err)}
	}
	known := map[string]bool{}
	for _, d := range Settings {
		if d.load != nil {
			known[d.FileKey()] = true
		}
	}
	out := &fileValues{values: map[string]string{}}
	for key, node := range doc {
		where := path + ": " + key
		switch {
		case key == errorCodesKey:
			if err := node.Decode(&out.errorCodes); err != nil {
				out.errorCodes = nil
				if err := node.Decode(&out.profileCodes); err != nil {
					return nil, &Error{Var: where, Msg: "must map requirement ids to lists of error codes, e.g. CONN-UNKNOWN: [DLI.0001], or profiles to such maps"}
				}
			}
		case known[key]:
			v, err := scalarOrList(node)
			if err != nil {
				return nil, &Error{Var: where, Msg: err.Error()}
			}
			out.values[key] = v
		default:
			return nil, unknownFileKey(where, key)
		}
	}
	return out, nil
}

func scalarOrList(n yaml.Node) (string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", nil
		}
		return n.Value, nil
	case yaml.SequenceNode:
		var parts []string
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode {
				return "", errors.New("a list may hold only plain values")
			}
			parts = append(parts, item.Value)
		}
		return strings.Join(parts, ","), nil
	default:
		return "", fmt.Errorf("must be a plain value or a list, not a %s", kindName(n.Kind))
	}
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	default:
		return "node of kind " + strconv.Itoa(int(k))
	}
}
