package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dli-conformance/dli-conformance/internal/mdtext"
)

// actionFile is the composite GitHub Action whose inputs ci.md lists.
const actionFile = "action.yml"

type actionInput struct {
	Description string `yaml:"description"`
	Default     string `yaml:"default"`
}

// actionInputs lists the action's inputs in the order action.yml declares them,
// which is the order a reader of that file meets them.
func actionInputs(root string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(root, actionFile))
	if err != nil {
		return "", err
	}
	var doc struct {
		Inputs yaml.Node `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return "", fmt.Errorf("%s: %w", actionFile, err)
	}
	if doc.Inputs.Kind != yaml.MappingNode || len(doc.Inputs.Content) == 0 {
		return "", fmt.Errorf("%s declares no inputs", actionFile)
	}
	var b strings.Builder
	b.WriteString("| Input | Default | What it does |\n|---|---|---|\n")
	for i := 0; i+1 < len(doc.Inputs.Content); i += 2 {
		name := doc.Inputs.Content[i].Value
		var in actionInput
		if err := doc.Inputs.Content[i+1].Decode(&in); err != nil {
			return "", fmt.Errorf("%s: input %s: %w", actionFile, name, err)
		}
		def := ""
		if in.Default != "" {
			def = mdtext.Cell(in.Default)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdtext.Cell(name), def, mdtext.Text(strings.TrimSpace(in.Description)))
	}
	return b.String(), nil
}
