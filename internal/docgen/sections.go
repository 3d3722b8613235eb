package docgen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Section is one generated part of a page: the file it lives in (slash-separated,
// from the module root), the name of its markers, and what renders it.
type Section struct {
	File   string
	Name   string
	Render func(root string) (string, error)
}

// Sections lists every generated section of README.md and docs/.
var Sections = []Section{
	{"README.md", "counts", counts},
	{"docs/configuration.md", "settings", settingsTable},
	{"docs/requirements.md", "requirement-counts", requirementCounts},
	{"docs/requirements.md", "requirements", requirementTable},
	{"docs/emulator.md", "latitude", latitudeTable},
	{"docs/emulator.md", "defects", defectTable},
	{"docs/ci.md", "action-inputs", actionInputs},
	{"docs/contributing.md", "counts", counts},
}

// Command is what brings the generated sections up to date.
const Command = "make docs"

// Generate returns every file that has generated sections, by its path, with
// those sections rendered afresh from the code under root.
func Generate(root string) (map[string]string, error) {
	out := map[string]string{}
	for _, s := range Sections {
		text, ok := out[s.File]
		if !ok {
			raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(s.File)))
			if err != nil {
				return nil, err
			}
			text = string(raw)
		}
		body, err := s.Render(root)
		if err != nil {
			return nil, fmt.Errorf("render %s of %s: %w", s.Name, s.File, err)
		}
		if text, err = Replace(text, s.Name, body); err != nil {
			return nil, fmt.Errorf("%s: %w", s.File, err)
		}
		out[s.File] = text
	}
	return out, nil
}

// Stale lists the files under root whose generated sections differ from what
// Generate makes of them, in the order of Sections.
func Stale(root string) ([]string, error) {
	files, err := Generate(root)
	if err != nil {
		return nil, err
	}
	return changed(root, files)
}

// changed lists the files whose text on disk under root differs from files.
func changed(root string, files map[string]string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, s := range Sections {
		if seen[s.File] {
			continue
		}
		seen[s.File] = true
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(s.File)))
		if err != nil {
			return nil, err
		}
		if string(raw) != files[s.File] {
			out = append(out, s.File)
		}
	}
	return out, nil
}

// Update rewrites the generated sections of every file under root and returns
// the files it changed.
func Update(root string) ([]string, error) {
	files, err := Generate(root)
	if err != nil {
		return nil, err
	}
	stale, err := changed(root, files)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, f := range stale {
		errs = append(errs, os.WriteFile(filepath.Join(root, filepath.FromSlash(f)), []byte(files[f]), 0o644))
	}
	return stale, errors.Join(errs...)
}
